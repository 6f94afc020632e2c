import { describe, expect, it } from 'vitest';
import { createSimulator, replay, type LogEntry } from '../src/index.ts';
import { emptyState } from '../src/model/state.ts';
import { apply, ApplyError } from '../src/model/evolve.ts';
import { evolve } from '../src/model/reference-evolve.ts';
import { deepEqual } from '../src/testing/invariants.ts';

describe('evolve: the pure form of apply', () => {
  const sim = createSimulator({ seed: 3 });
  sim.createCluster({ ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
  sim.createClusterSnapshot({ ClusterIdentifier: 'alpha', SnapshotIdentifier: 's1' });
  sim.runUntilIdle();
  sim.authorizeSnapshotAccess({ SnapshotIdentifier: 's1', AccountWithRestoreAccess: '210987654321' });
  // tag sets changed on a cluster and a snapshot (a new array each time, under immer too)
  sim.createTags({ ResourceName: 'arn:aws:redshift:us-east-1:123456789012:cluster:alpha', Tags: [{ Key: 'env', Value: 'prod' }] });
  sim.createTags({ ResourceName: 'arn:aws:redshift:us-east-1:123456789012:snapshot:alpha/s1', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
  sim.deleteTags({ ResourceName: 'arn:aws:redshift:us-east-1:123456789012:snapshot:alpha/s1', TagKeys: ['a'] });
  // a manual snapshot deleted (it leaves the partition's indexes, by cluster too)
  sim.createClusterSnapshot({ ClusterIdentifier: 'alpha', SnapshotIdentifier: 's2' });
  sim.runUntilIdle();
  sim.deleteClusterSnapshot({ SnapshotIdentifier: 's2' });
  // automated snapshots taken, expired and purged, then taken away with their cluster
  sim.advance(3 * 86_400);
  sim.deleteCluster({ ClusterIdentifier: 'alpha', FinalClusterSnapshotIdentifier: 'alpha-final' });
  sim.runUntilIdle();
  const entries = sim.entries();
  const started = entries[0]!.events[0]!;
  if (started.type !== 'SimulationStarted') throw new Error('log must start with SimulationStarted');

  it('folds the log into a state deep-equal to apply, leaving every earlier state untouched', () => {
    let pure = emptyState(started.seed, started.start, started.config);
    const mutable = emptyState(started.seed, started.start, started.config);
    const snapshots: string[] = [];
    for (const entry of entries) {
      for (const e of entry.events) {
        const before = JSON.stringify([...pure.partitions.keys()]);
        const next = evolve(pure, e, entry.at);
        expect(JSON.stringify([...pure.partitions.keys()])).toBe(before);
        pure = next;
        apply(mutable, e, entry.at);
      }
      snapshots.push(String(pure.nextSeq));
    }
    expect(deepEqual(pure.partitions, mutable.partitions)).toBe(true);
    expect(deepEqual(pure.partitions, sim.state.partitions)).toBe(true);
    const [p] = pure.partitions.values();
    expect([...p!.manualByCluster.get('alpha')!.after(0)]).toEqual(['s1', 'alpha-final']); // s2 left the index
    const kinds = entries.flatMap((e) => e.events).map((e) => (e.type === 'SnapshotCreated' ? e.kind : e.type === 'SnapshotTransitioned' ? e.event : e.type));
    for (const kind of ['automated', 'PURGE', 'DELETE', 'final', 'ClusterRemoved']) expect(kinds).toContain(kind);
  });
});

describe('apply refuses a log that would lose or misfile automated snapshots', () => {
  const sim = createSimulator({ seed: 3 });
  sim.createCluster({ ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.createCluster({ ClusterIdentifier: 'beta', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.advance(86_400);
  sim.deleteCluster({ ClusterIdentifier: 'alpha', SkipFinalClusterSnapshot: true });
  sim.runUntilIdle();
  const entries = () => structuredClone(sim.entries()) as LogEntry[];

  it('a cluster removed while it still has automated snapshots', () => {
    const log = entries().map((e) => ({ ...e, events: e.events.filter((ev) => !(ev.type === 'SnapshotTransitioned' && ev.event === 'PURGE' && ev.ref.id.startsWith('rs:alpha-') && e.events.some((x) => x.type === 'ClusterRemoved'))) }));
    expect(() => replay(log)).toThrow(expect.objectContaining({ name: 'ReplayError', cause: expect.any(ApplyError) }));
    expect(() => replay(log)).toThrow(/removed with \d+ automated snapshots/);
  });
  it('an automated snapshot whose identifier names another cluster', () => {
    const log = entries();
    const created = log.flatMap((e) => e.events).find((ev) => ev.type === 'SnapshotCreated' && ev.kind === 'automated' && ev.clusterId === 'beta');
    if (created?.type !== 'SnapshotCreated') throw new Error('no automated snapshot of beta');
    (created.ref as { id: string }).id = created.ref.id.replace('rs:beta-', 'rs:alpha-');
    expect(() => replay(log)).toThrow(/not an id of cluster beta/);
  });
  it('the unaltered log replays', () => {
    expect(deepEqual(replay(entries()).state, sim.state)).toBe(true);
  });
});

describe('times in events', () => {
  it('refuses an event at a time that is no instant, and one whose own times are none', () => {
    const sim = createSimulator();
    const state = replay(sim.entries()).state;
    const ref = { account: '123456789012', region: 'us-east-1', id: 'c1' };
    const created = sim.entries()[0]!;
    expect(() => apply(state, { type: 'ClusterRemoved', ref }, Number.NaN)).toThrow(ApplyError);
    expect(() => apply(state, { type: 'ClusterRemoved', ref }, 1e20)).toThrow(ApplyError);
    expect(created.events[0]!.type).toBe('SimulationStarted');
  });

  it('the simulator refuses to advance past a representable instant, logging nothing', () => {
    const sim = createSimulator();
    const before = sim.entries().length;
    expect(() => sim.advance(1e20)).toThrow(RangeError);
    expect(() => sim.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => sim.advanceTo(Number.NaN)).toThrow(RangeError);
    sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
    expect(sim.entries().length).toBe(before + 1);
    expect(Number.isFinite(sim.entries().at(-1)!.at)).toBe(true);
  });
});
