/**
 * Region outages: the plan arithmetic (a transfer stalls through an outage or fails when it
 * begins), a down region's requests refused with 503 ServiceUnavailable until it is back, backups
 * and cross-region copies caught by it (running or started during it), and its scheduling through
 * the library, a simulator option and the control API.
 */
import { describe, expect, it } from 'vitest';
import { meetOutage } from '../../src/model/region-outage.ts';
import { relayPlan } from '../../src/model/stall.ts';
import { pointOnPlan } from '../../src/model/progress.ts';
import { createSimulator, replay } from '../../src/index.ts';
import { deepEqual } from '../../src/testing/invariants.ts';
import { availableCluster, cluster, manualSnapshot, newSim, OWNER, refuses, snapshot, type Rec, type Simulator } from '../rules/fixtures.ts';

const PLAN = { points: [0, 0, 10, 0, 70, 6000, 100, 8000], knownAt: 10, outcome: 'available' as const };
const T = Date.UTC(2025, 0, 1);
const WEST = { account: OWNER.account, region: 'us-west-2' };
const HOUR = 3_600_000;

describe('meetOutage', () => {
  it('stalls a transfer through an outage that begins while it runs: later breakpoints move on by its length', () => {
    expect(meetOutage(PLAN, T, T + 40_000, T + 100_000, () => false)).toEqual({ points: [0, 0, 10, 0, 40, 3000, 100, 3000, 130, 6000, 160, 8000], knownAt: 10, outcome: 'available' });
  });
  it('fails it when the outage begins, with the progress made by then', () => {
    expect(meetOutage(PLAN, T, T + 40_000, T + 100_000, () => true)).toEqual({ points: [0, 0, 10, 0, 40, 3000], knownAt: 10, outcome: 'failed' });
  });
  it('delays the sizes too when the outage begins before they are known', () => {
    expect(meetOutage(PLAN, T, T + 5_000, T + 15_000, () => false)).toEqual({ points: [0, 0, 5, 0, 15, 0, 20, 0, 80, 6000, 110, 8000], knownAt: 20, outcome: 'available' });
  });
  it('stalls a transfer from its start when it starts during the outage', () => {
    expect(meetOutage(PLAN, T, T - 60_000, T + 30_000, () => false)).toEqual({ points: [0, 0, 30, 0, 40, 0, 100, 6000, 130, 8000], knownAt: 40, outcome: 'available' });
  });
  it('leaves a transfer alone that ends before the outage or starts after it, and asks no draw', () => {
    const never = () => {
      throw new Error('no draw expected');
    };
    expect(meetOutage(PLAN, T, T + 100_000, T + 200_000, never)).toBe(PLAN);
    expect(meetOutage(PLAN, T, T - 200_000, T, never)).toBe(PLAN);
  });
  it('keeps a breakpoint that falls at the outage\'s start once', () => {
    expect(meetOutage(PLAN, T, T + 70_000, T + 80_000, () => false).points).toEqual([0, 0, 10, 0, 70, 6000, 80, 6000, 110, 8000]);
  });
});

/** A world with cluster c1 in us-east-1, a running manual backup `m1`, and the time it would end. */
function backupRunning(): { sim: Simulator; end: number } {
  const sim = newSim();
  availableCluster(sim, 'c1');
  manualSnapshot(sim, 'm1', { settle: false });
  const probe = replay(sim.entries());
  probe.runUntilIdle();
  const s = snapshot(probe, 'm1');
  return { sim, end: (s.SnapshotCreateTime as Date).getTime() + (s.ElapsedTimeInSeconds as number) * 1000 };
}

describe('a region outage', () => {
  it('refuses every request in its region with 503 ServiceUnavailable, changing nothing, until it ends; other regions answer', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    availableCluster(sim, 'w1', {}, WEST);
    const now = sim.nowMs();
    sim.scheduleRegionOutage({ region: 'us-east-1', from: now + 60_000, to: now + HOUR });
    expect(cluster(sim, 'c1').ClusterStatus).toBe('available'); // not down yet
    sim.advance(60);
    refuses(sim, () => sim.execute('DescribeClusters', {}), 'ServiceUnavailable', 503);
    refuses(sim, () => sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'x' }), 'ServiceUnavailable', 503);
    refuses(sim, () => sim.execute('NoSuchCall' as never, {}), 'InvalidAction');
    // an operation of AWS's API snapsim does not serve is NotImplemented (501), as over HTTP
    refuses(sim, () => sim.execute('ResizeCluster' as never, { ClusterIdentifier: 'c1' }), 'NotImplemented', 501);
    expect(cluster(sim, 'w1', WEST).ClusterStatus).toBe('available');
    sim.advanceTo(now + HOUR);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('available');
  });

  it('stalls a running backup through it (failure 0): it ends later by the outage\'s length', () => {
    const { sim, end } = backupRunning();
    const now = sim.nowMs();
    sim.scheduleRegionOutage({ region: 'us-east-1', from: now + 1_000, to: now + 1_000 + HOUR, failure: 0 });
    sim.advanceTo(end + HOUR - 1);
    expect(snapshot(sim, 'm1').Status).toBe('creating');
    sim.advanceTo(end + HOUR);
    expect(snapshot(sim, 'm1').Status).toBe('available');
  });

  it('fails a running backup when it begins (failure 1)', () => {
    const { sim } = backupRunning();
    const now = sim.nowMs();
    sim.scheduleRegionOutage({ region: 'us-east-1', from: now + 1_000, to: now + HOUR, failure: 1 });
    sim.advance(1);
    sim.advance(HOUR / 1000);
    const s = snapshot(sim, 'm1');
    expect(s.Status).toBe('failed');
    expect((s.SnapshotCreateTime as Date).getTime() + (s.ElapsedTimeInSeconds as number) * 1000).toBeLessThanOrEqual(now + 1_000);
  });

  it('leaves alone a backup in another region', () => {
    const { sim, end } = backupRunning();
    sim.scheduleRegionOutage({ region: 'eu-west-1', to: sim.nowMs() + HOUR, failure: 1 });
    sim.advanceTo(end);
    expect(snapshot(sim, 'm1').Status).toBe('available');
  });

  it('stalls an automated snapshot that starts during it until it ends', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    const next = (cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime as Date).getTime();
    sim.scheduleRegionOutage({ region: 'us-east-1', from: next - 60_000, to: next + 6 * HOUR, failure: 0 });
    sim.advanceTo(next + 6 * HOUR - 1);
    const during = sim.state.partitions.get(`${OWNER.account}/us-east-1`)!.clusters.get('c1')!.automated;
    expect(during.map((s) => s.status)).toEqual(['creating']);
    sim.advance(3600); // the outage over, its transfer runs
    expect(during[0]!.status).toBe('available');
  });

  it('stalls a cross-region copy into a down region, and the copy is there once the region is back', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: 'us-west-2' });
    sim.scheduleRegionOutage({ region: 'us-west-2', to: sim.nowMs() + 12 * HOUR, failure: 0 });
    manualSnapshot(sim, 'm1', { settle: false });
    sim.advance(6 * 3600);
    expect(snapshot(sim, 'm1').Status).toBe('available');
    refuses(sim, () => sim.execute('DescribeClusterSnapshots', {}, WEST), 'ServiceUnavailable', 503);
    const copy = sim.state.partitions.get(`${OWNER.account}/us-west-2`)!.manual.get('m1')!;
    expect(copy.status).toBe('creating');
    sim.advance(7 * 3600);
    expect(sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 'm1' }, WEST).Snapshots[0].Status).toBe('available');
  });

  it('is logged with the new plans of what it caught: a replay rebuilds the same state and figures', () => {
    const sim = newSim({ seed: 3 });
    availableCluster(sim, 'c1');
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: 'us-west-2' });
    manualSnapshot(sim, 'm1', { settle: false });
    sim.scheduleRegionOutage({ region: 'us-east-1', from: sim.nowMs() + 5_000, to: sim.nowMs() + 2 * HOUR });
    sim.advance(10 * 3600);
    const events = sim.entries().flatMap((e) => e.events.map((ev) => ev.type));
    expect(events).toContain('RegionOutageScheduled');
    expect(events).toContain('SnapshotTransferReplanned');
    const again = replay(sim.entries());
    expect(deepEqual(again.state, sim.state)).toBe(true);
  });

  it('comes from the regionOutages option too, and refuses what it cannot take with RangeError', () => {
    const start = Date.UTC(2025, 0, 1);
    const sim = createSimulator({ regionOutages: [{ region: 'us-east-1', from: new Date(start + HOUR).toISOString(), to: start + 2 * HOUR }] });
    expect(sim.state.regionOutages).toEqual([{ region: 'us-east-1', from: start + HOUR, to: start + 2 * HOUR, failure: 0.5 }]);
    expect(() => sim.scheduleRegionOutage({ region: 'Mars', to: start + HOUR })).toThrow(RangeError);
    expect(() => sim.scheduleRegionOutage({ region: 'us-east-1', from: start + HOUR, to: start + HOUR })).toThrow(RangeError);
    expect(() => sim.scheduleRegionOutage({ region: 'us-east-1', to: start + HOUR, failure: 2 })).toThrow(RangeError);
    expect(sim.entries().length).toBe(2);
  });
});

describe('the control API', () => {
  it('POST /_snapsim/faults/region-outage takes a region down; the SDK then gets 503 ServiceUnavailable', async () => {
    const { startServer } = await import('../../src/api/server.ts');
    const { RedshiftClient, DescribeClustersCommand } = await import('@aws-sdk/client-redshift');
    const server = await startServer({ port: 0, seed: 4, clock: 'manual' });
    const client = new RedshiftClient({ region: 'us-east-1', credentials: { accessKeyId: OWNER.account, secretAccessKey: 'x' }, endpoint: server.url, maxAttempts: 1 });
    try {
      const bad = await fetch(`${server.url}/_snapsim/faults/region-outage?region=us-east-1`, { method: 'POST' });
      expect(bad.status).toBe(400);
      const res = await fetch(`${server.url}/_snapsim/faults/region-outage?region=us-east-1&seconds=600&failure=0`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Rec).scheduled).toMatchObject({ region: 'us-east-1', failure: 0 });
      const refused = await client.send(new DescribeClustersCommand({})).catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
      expect(refused).toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
      await fetch(`${server.url}/_snapsim/clock/advance?seconds=600`, { method: 'POST' });
      expect((await client.send(new DescribeClustersCommand({}))).Clusters).toEqual([]);
    } finally {
      client.destroy();
      await server.close();
    }
  });
});

describe('several outages of a transfer\'s region', () => {
  /** A slow backup of c1 (about 12.7 h) and the time it ends when `schedule` schedules outages at its start or before it. */
  const slowBackup = (schedule: (sim: Simulator, t0: number) => void, before: boolean) => {
    const sim = createSimulator({ seed: 5, rates: { 'dc2.large': 0.1 } });
    availableCluster(sim, 'c1');
    const t0 = sim.nowMs() + 60_000;
    if (before) schedule(sim, t0);
    sim.advanceTo(t0);
    manualSnapshot(sim, 's', { settle: false });
    if (!before) schedule(sim, t0);
    const end = [...sim.state.partitions.values()][0]!.manual.get('s')!.endTime;
    return { sim, t0, hours: (end - t0) / HOUR };
  };
  const base = slowBackup(() => {}, true).hours;
  const outage = (sim: Simulator, t0: number, from: number, to: number) => sim.scheduleRegionOutage({ region: 'us-east-1', from: t0 + from * HOUR, to: t0 + to * HOUR, failure: 0 });
  /** The backup's progress `h` hours after it started (read when the region answers). */
  const progressAt = (sim: Simulator, t0: number, h: number) => {
    sim.advanceTo(t0 + h * HOUR);
    return snapshot(sim, 's').BackupProgressInMegaBytes as number;
  };

  it('stall it through their union when they overlap, scheduled before it starts or while it runs', () => {
    for (const before of [true, false]) {
      const { sim, t0, hours } = slowBackup((s, t) => (outage(s, t, 2, 4), outage(s, t, 3, 5)), before);
      expect(hours, `scheduled ${before ? 'before' : 'while running'}`).toBeCloseTo(base + 3, 3);
      // moving until 2 h, not from 2 h to 5 h, moving again after
      const justBefore = progressAt(sim, t0, 1.999);
      expect(progressAt(sim, t0, 5) - justBefore).toBeLessThan(5);
      expect(progressAt(sim, t0, 5.5)).toBeGreaterThan(justBefore + 50);
    }
  });

  it('stall it through each at its own time when scheduled out of order, before it starts or while it runs', () => {
    for (const before of [true, false]) {
      const { sim, t0, hours } = slowBackup((s, t) => (outage(s, t, 10, 12), outage(s, t, 2, 4)), before);
      expect(hours, `scheduled ${before ? 'before' : 'while running'}`).toBeCloseTo(base + 4, 3);
      const justBefore = progressAt(sim, t0, 9.999);
      expect(progressAt(sim, t0, 12) - justBefore).toBeLessThan(5); // no data moved while the region was down
      expect(progressAt(sim, t0, 12.5)).toBeGreaterThan(justBefore + 50);
    }
  });

  it('end a transfer that a later outage fails at that outage\'s beginning, also when an earlier one is scheduled after it', () => {
    const fail = (s: Simulator, t: number) => s.scheduleRegionOutage({ region: 'us-east-1', from: t + 10 * HOUR, to: t + 12 * HOUR, failure: 1 });
    const { sim, t0 } = slowBackup((s, t) => (fail(s, t), outage(s, t, 2, 4)), false);
    const s = [...sim.state.partitions.values()][0]!.manual.get('s')!;
    expect(s.plan!.outcome).toBe('failed');
    expect(s.endTime).toBe(t0 + 10 * HOUR);
    sim.advanceTo(t0 + 13 * HOUR);
    expect(snapshot(sim, 's').Status).toBe('failed');
  });

  it('relayPlan keeps a plan laid on the stalls it has, and moves only what lies between a new stall and a later one', () => {
    const stalled = meetOutage(PLAN, T, T + 40_000, T + 100_000, () => false);
    expect(relayPlan(stalled, [[40, 100]], [[40, 100]])).toEqual(stalled);
    // a new stall from 20 s to 30 s: 10 s less of work before the one at 40..100 s, which stays where it is
    expect(relayPlan(stalled, [[40, 100]], [[20, 30], [40, 100]])).toEqual({
      points: [0, 0, 10, 0, 20, 1000, 30, 1000, 40, 2000, 100, 2000, 110, 3000, 140, 6000, 170, 8000], knownAt: 10, outcome: 'available',
    });
  });
});

describe("a region outage and the cluster's own stalls (its reboot, its drawn outage)", () => {
  /** A slow manual backup `s` of c1 (hours long) started at `t0`, in a simulator made with `opts`. */
  const slow = (opts: Parameters<typeof createSimulator>[0] = {}) => {
    const sim = createSimulator({ seed: 5, rates: { 'dc2.large': 0.1 }, ...opts });
    availableCluster(sim, 'c1');
    const t0 = sim.nowMs();
    manualSnapshot(sim, 's', { settle: false });
    return { sim, t0 };
  };
  const partition = (sim: Simulator) => [...sim.state.partitions.values()][0]!;
  const record = (sim: Simulator) => partition(sim).manual.get('s')!;
  /** The backup's progress at `t` as its plan now says (read off the plan: the region may be down). */
  const doneAt = (sim: Simulator, t: number) => {
    const s = record(sim);
    return pointOnPlan(s.plan!, (t - s.createTime) / 1000).progress;
  };
  const regionDown = (sim: Simulator, from: number, to: number, failure = 0) => sim.scheduleRegionOutage({ region: 'us-east-1', from, to, failure });

  it('a reboot before a scheduled region outage moves the backup on, not the outage: no data moves while the region is down', () => {
    const { sim, t0 } = slow();
    regionDown(sim, t0 + 10 * HOUR, t0 + 12 * HOUR);
    const planned = record(sim).endTime;
    sim.advanceTo(t0 + 2 * HOUR);
    sim.execute('RebootCluster', { ClusterIdentifier: 'c1' });
    const rebootEnds = partition(sim).clusters.get('c1')!.dueAt;
    expect(doneAt(sim, t0 + 12 * HOUR)).toBe(doneAt(sim, t0 + 10 * HOUR));
    expect(doneAt(sim, t0 + 12 * HOUR + 60_000)).toBeGreaterThan(doneAt(sim, t0 + 12 * HOUR));
    expect(doneAt(sim, rebootEnds)).toBe(doneAt(sim, t0 + 2 * HOUR));
    expect(record(sim).endTime).toBe(planned + (rebootEnds - (t0 + 2 * HOUR)));
  });

  it('a region outage scheduled during a reboot stalls the backup through their union, not the sum', () => {
    const { sim, t0 } = slow();
    sim.advanceTo(t0 + 2 * HOUR);
    sim.execute('RebootCluster', { ClusterIdentifier: 'c1' });
    const rebootEnds = partition(sim).clusters.get('c1')!.dueAt;
    const planned = record(sim).endTime;
    sim.advanceTo(t0 + 2 * HOUR + 30_000);
    regionDown(sim, t0 + 2 * HOUR + 30_000, rebootEnds + 600_000);
    expect(record(sim).endTime).toBe(planned + 600_000);
  });

  it('a reboot moves its cluster outage ahead by its length, and the backup\'s stall with it, while a region outage stays', () => {
    const sim = createSimulator({ seed: 5, rates: { 'dc2.large': 0.1 }, faults: { clusterOutage: 1, outageFailureShare: 0 } });
    availableCluster(sim, 'c1');
    const t0 = sim.nowMs();
    manualSnapshot(sim, 's', { settle: false });
    const [o0, o1] = partition(sim).clusters.get('c1')!.outage!;
    regionDown(sim, o1 + HOUR, o1 + 2 * HOUR);
    sim.advanceTo(t0 + 600_000);
    sim.execute('RebootCluster', { ClusterIdentifier: 'c1' });
    const length = partition(sim).clusters.get('c1')!.dueAt - (t0 + 600_000);
    expect(partition(sim).clusters.get('c1')!.outage).toEqual([o0 + length, o1 + length]);
    expect(doneAt(sim, t0 + 600_000 + length)).toBe(doneAt(sim, t0 + 600_000));
    expect(doneAt(sim, o1 + length)).toBe(doneAt(sim, o0 + length));
    expect(doneAt(sim, o1 + 2 * HOUR)).toBe(doneAt(sim, o1 + HOUR));
    expect(doneAt(sim, o0 + length)).toBeGreaterThan(doneAt(sim, o0));
  });

  for (const before of [true, false]) {
    for (const fails of [false, true]) {
      it(`a drawn cluster outage stays where its cluster goes down under a region outage before it (scheduled ${before ? 'before the backup' : 'while it runs'}${fails ? '; the outage fails it when it ends' : ''})`, () => {
        const sim = createSimulator({ seed: 5, rates: { 'dc2.large': 0.1 }, faults: { clusterOutage: 1, outageFailureShare: fails ? 1 : 0 } });
        availableCluster(sim, 'c1');
        const t0 = sim.nowMs();
        if (before) regionDown(sim, t0 + HOUR / 2, t0 + HOUR);
        manualSnapshot(sim, 's', { settle: false });
        if (!before) regionDown(sim, t0 + HOUR / 2, t0 + HOUR);
        const [o0, o1] = partition(sim).clusters.get('c1')!.outage!;
        expect(o0).toBeGreaterThan(t0 + HOUR);
        expect(doneAt(sim, t0 + HOUR)).toBe(doneAt(sim, t0 + HOUR / 2));
        expect(doneAt(sim, o1)).toBe(doneAt(sim, o0));
        expect(doneAt(sim, o0)).toBeGreaterThan(doneAt(sim, t0 + HOUR));
        if (fails) {
          expect(record(sim).plan!.outcome).toBe('failed');
          expect(record(sim).endTime).toBe(o1);
        } else expect(doneAt(sim, o1 + 60_000)).toBeGreaterThan(doneAt(sim, o1));
        sim.advanceTo((o0 + o1) / 2);
        expect(cluster(sim, 'c1').ClusterStatus).toBe('rebooting');
        sim.advanceTo(o1 + 1000);
        if (fails) expect(snapshot(sim, 's').Status).toBe('failed');
        else expect(snapshot(sim, 's').Status).toBe('creating');
      });
    }
  }
});
