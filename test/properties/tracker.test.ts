/**
 * The invariant checker itself: each check fires on the corruption it exists to catch (the
 * simulator is corrupted from outside, through its state or its log, never through its code).
 */
import { describe, expect, it } from 'vitest';
import { createSimulator, type LogEntry, type Simulator } from '../../src/index.ts';
import { InvariantTracker, seedWorld } from '../../src/testing/index.ts';

const home = { account: '123456789012', region: 'us-east-1' };

/** A seeded world with a tracker (by default following every prefix), and its home partition. */
function tracked(quota = 2, everyPrefix = true) {
  const sim = createSimulator({ seed: 11, quotas: { authorizationsPerSnapshot: quota } });
  seedWorld(sim);
  const tracker = new InvariantTracker(sim, { everyPrefix });
  tracker.check({ replayCheck: true });
  const p = sim.state.partitions.get(`${home.account}/${home.region}`)!;
  return { sim, tracker, p };
}

const snapshot = (sim: Simulator, id: string) => sim.state.partitions.get(`${home.account}/${home.region}`)!.manual.get(id)!;

describe('the invariant tracker catches', () => {
  it('a cluster status change that is no path of the cluster machine', () => {
    const { tracker, p } = tracked();
    p.clusters.get('alpha')!.status = 'creating'; // available -> creating: no edge leads back
    expect(() => tracker.check()).toThrow(/cluster status changes only along machine edges: .*alpha#\d+: available -> creating/);
  });

  it('a status change along an edge that the log does not name', () => {
    const { tracker, p } = tracked(2, false);
    p.clusters.get('alpha')!.status = 'paused'; // available -> paused is an edge, but no PAUSE was logged
    expect(() => tracker.check()).toThrow(/cluster status changes only along machine edges: .*alpha#\d+: available -> paused \(1 edge, but the log names 0 transitions\)/);
  });

  it('a snapshot status change that is legal from somewhere but not from the previous status', () => {
    const { sim, tracker } = tracked();
    snapshot(sim, 'before-deploy').status = 'creating'; // available -> creating ('creating' is where snapshots start)
    expect(() => tracker.check()).toThrow(/snapshot status changes only along machine edges: .*before-deploy#\d+: available -> creating/);
  });

  it('a deleted snapshot that comes back', () => {
    const { sim, tracker, p } = tracked();
    const record = snapshot(sim, 'before-deploy');
    sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: 'before-deploy' }, home);
    tracker.check();
    p.manual.set(record.id, record);
    expect(() => tracker.check()).toThrow(/deleted never comes back/);
  });

  it('more authorized accounts than the configured quota, not a hard-coded 20', () => {
    // (grants set without events: only the grant checks look, not the replay ones)
    const { sim, tracker } = tracked(2, false);
    snapshot(sim, 'before-deploy').grants = ['333333333333', '444444444444', '555555555555'];
    expect(() => tracker.check()).toThrow(/authorized accounts: at most 2/);
    const roomy = tracked(3, false);
    snapshot(roomy.sim, 'before-deploy').grants = ['333333333333', '444444444444', '555555555555'];
    expect(() => roomy.tracker.check()).not.toThrow();
  });

  it('live state that drifts from the log, at the first entry appended inside a long advance', () => {
    const { sim } = tracked();
    const entries = sim.entries().length;
    snapshot(sim, 'before-deploy').retention = 7; // changed without an event
    expect(() => sim.advance(2 * 86_400)).toThrow(new RegExp(`replay equals live at every prefix: after ${entries} entries`));
  });

  it('an available cluster under the default policy that goes more than eight hours without an automated snapshot', () => {
    const { sim, tracker, p } = tracked(2, false);
    sim.advance(8 * 3600);
    tracker.check(); // on time: the automated timer fires
    p.clusters.get('alpha')!.nextAutoAt = Number.MAX_SAFE_INTEGER; // the timer goes stale: no automated snapshot is due
    sim.advance(7 * 3600);
    tracker.check(); // within eight hours of the last
    sim.advance(2 * 3600);
    expect(() => tracker.check()).toThrow(/at least every automatedEveryHours: 123456789012\/us-east-1\/alpha: none due by/);
  });

  it('a stale automated timer after a backup that ended well within eight hours: the bound counts from its start', () => {
    // dc2.large at 0.4 MB/s: a backup of hours, done well before the next falls due
    const sim = createSimulator({ seed: 1, rates: { 'dc2.large': 0.4 } });
    const tracker = new InvariantTracker(sim);
    sim.execute('CreateCluster', { ClusterIdentifier: 'slow', NodeType: 'dc2.large', MasterUsername: 'admin' }, home);
    sim.runUntilIdle(3600);
    sim.advance(9 * 3600);
    const c = sim.state.partitions.get(`${home.account}/${home.region}`)!.clusters.get('slow')!;
    const last = c.automated.at(-1)!;
    sim.advance(Math.ceil((last.endTime - sim.nowMs()) / 1000) + 1);
    expect(last.status).toBe('available');
    expect(last.endTime - last.createTime).toBeGreaterThan(3600_000);
    tracker.check();
    c.nextAutoAt = Number.MAX_SAFE_INTEGER; // the timer goes stale
    sim.advance(Math.ceil((last.createTime + 8 * 3600_000 + 60_000 - sim.nowMs()) / 1000));
    expect(() => tracker.check()).toThrow(/at least every automatedEveryHours: .*slow: none due by/);
  });

  it('no false cadence alarm where automatedMinMinutes is longer than automatedEveryHours: the bound is the larger', () => {
    const sim = createSimulator({ seed: 1, timings: { automatedMinMinutes: 600 } });
    const tracker = new InvariantTracker(sim);
    sim.execute('CreateCluster', { ClusterIdentifier: 'patient', NodeType: 'dc2.large', MasterUsername: 'admin' }, home);
    for (let h = 0; h < 30; h++) {
      sim.advance(3600);
      tracker.check();
    }
    expect(sim.describeClusterSnapshots({ ClusterIdentifier: 'patient', SnapshotType: 'automated' }, home).Snapshots!.length).toBeGreaterThan(1);
  });

  it('a log entry earlier than the one before it (time running back)', () => {
    const { sim, tracker } = tracked(2, false);
    sim.advance(60);
    sim.execute('CreateTags', { ResourceName: `arn:aws:redshift:${home.region}:${home.account}:cluster:alpha`, Tags: [{ Key: 'k', Value: 'v' }] }, home);
    const entries = sim.entries() as LogEntry[];
    entries[entries.length - 1] = { ...entries.at(-1)!, at: entries.at(-2)!.at - 1 }; // logged before the entry before it
    expect(() => tracker.check()).toThrow(/time never runs back: each entry of the log at or after the one before: entry \d+ at /);
  });

  it('a log entry that cannot be replayed', () => {
    const { sim } = tracked();
    const at = sim.nowMs();
    const ref = { ...home, id: 'no-such-snapshot' };
    expect(() => sim.log.append({ seq: sim.log.nextSeq, at, requestId: null, command: null, events: [{ type: 'SnapshotTransitioned', ref, event: 'DELETE' }] })).toThrow(
      /every prefix of the log replays/,
    );
  });

  it('an automated snapshot logged while its cluster is paused, and one a caller started other than by pausing', () => {
    const { sim, tracker } = tracked(2, false);
    sim.runUntilIdle();
    sim.execute('PauseCluster', { ClusterIdentifier: 'alpha' }, home);
    sim.runUntilIdle();
    expect(sim.execute('DescribeClusters', { ClusterIdentifier: 'alpha' }, home).Clusters[0].ClusterStatus).toBe('paused');
    tracker.check();
    const pauseSnapshot = sim.entries().flatMap((e) => e.events).filter((e) => e.type === 'SnapshotCreated' && e.kind === 'automated').at(-1)!;
    const late = { ...pauseSnapshot, ref: { ...home, id: 'rs:alpha-2031-01-01-00-00-00' } };
    sim.log.append({ seq: sim.log.nextSeq, at: sim.nowMs(), requestId: null, command: null, events: [late] });
    expect(() => tracker.check()).toThrow(/automated snapshots only of an available cluster \(none while pausing, paused or resuming\): rs:alpha-2031-01-01-00-00-00 of a paused cluster/);
    const other = tracked(2, false);
    other.sim.log.append({ seq: other.sim.log.nextSeq, at: other.sim.nowMs(), requestId: 'r', command: { name: 'CreateClusterSnapshot', ...home, input: {} }, events: [late] });
    expect(() => other.tracker.check()).toThrow(/automated snapshots only by the service/);
  });

  it('state that does not survive the log through NDJSON', () => {
    const { sim, tracker } = tracked();
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 'tagged', Tags: [{ Key: 'team', Value: 'data' }] }, home);
    tracker.check({ replayCheck: true });
    // the event and the live record share the tag: a value JSON drops is lost to NDJSON replay only
    (snapshot(sim, 'tagged').tags[0] as { Value: unknown }).Value = undefined;
    expect(() => tracker.check({ replayCheck: true })).toThrow(/NDJSON replay equals live/);
  });

  it('a restore whose progress goes back or passes its size; an RA3 target that completed is fine', () => {
    const { sim, tracker, p } = tracked(2, false);
    sim.runUntilIdle();
    sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: 'upgraded', SnapshotIdentifier: 'before-deploy', NodeType: 'ra3.xlplus' }, home);
    sim.runUntilIdle();
    const restore = p.clusters.get('upgraded')!.restore!;
    expect(restore.outcome).toBe('completed');
    expect(() => tracker.check()).not.toThrow(); // its view shows zeros (RA3): the checks read the transfer
    restore.finalProgressMb = restore.sizeMb / 2;
    expect(() => tracker.check()).toThrow(/restore progress and elapsed never decrease/);
    restore.finalProgressMb = restore.sizeMb + 1;
    expect(() => tracker.check()).toThrow(/0 <= restore progress <= size/);
  });

  it('a restored cluster logged in another account than the caller of the restore', () => {
    const { sim, tracker } = tracked(2, false);
    sim.runUntilIdle();
    sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: 'restored', SnapshotIdentifier: 'before-deploy' }, home);
    tracker.check();
    const entry = sim.entries().at(-1)!;
    const started = entry.events.find((e) => e.type === 'ClusterRestoreStarted')!;
    const elsewhere = { ...started, ref: { ...started.ref, account: '333333333333', id: 'stolen' } };
    sim.log.append({ ...entry, seq: sim.log.nextSeq, requestId: 'x', events: [elsewhere] });
    expect(() => tracker.check()).toThrow(/a restored cluster belongs to the caller, in its region: 333333333333\/us-east-1\/stolen restored by 123456789012\/us-east-1/);
  });
});
