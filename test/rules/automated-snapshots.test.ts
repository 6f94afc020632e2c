import { describe, expect, it } from 'vitest';
import { DAYS, HOURS, OWNER, automatedSnapshots, pause, resume, availableCluster, cluster, manualSnapshot, newSim, refuses, snapshot, world, type Rec, type Simulator } from './fixtures.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const createTimes = (snaps: Rec[]): number[] => snaps.map((s) => (s.SnapshotCreateTime as Date).getTime());
const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);
const two = (n: number) => String(n).padStart(2, '0');
/** AWS's automated snapshot id for a cluster and a create time. */
const expectedId = (cluster: string, d: Date) =>
  `rs:${cluster}-${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}-${two(d.getUTCHours())}-${two(d.getUTCMinutes())}-${two(d.getUTCSeconds())}`;

/** Cluster c1 (created with `input`) after running for `days` days. */
function running(days: number, input: Rec = {}): Simulator {
  const sim = newSim();
  availableCluster(sim, 'c1', input);
  sim.advance(DAYS(days));
  return sim;
}

describe('automated snapshots', () => {
  describe('cadence', () => {
    it('are taken about every 8 hours by default', () => {
      const sim = running(3, { AutomatedSnapshotRetentionPeriod: 35 });
      const times = createTimes(automatedSnapshots(sim, 'c1'));
      expect(times.length).toBeGreaterThanOrEqual(8);
      for (const gap of gaps(times)) expect(gap).toBe(8 * HOUR);
    });
    it('the first is taken about 8 hours after the cluster becomes available', () => {
      const sim = newSim();
      availableCluster(sim, 'c1');
      const ready = sim.nowMs();
      expect((cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime as Date).getTime()).toBe(ready + 8 * HOUR);
      sim.advance(HOURS(8));
      expect(createTimes(automatedSnapshots(sim, 'c1'))).toEqual([ready + 8 * HOUR]);
    });
    it('are taken sooner after enough data change (5 GB per node by default), but at least 15 minutes apart', () => {
      const sim = newSim({ timings: { automatedAfterMbPerNode: 1 } });
      availableCluster(sim, 'c1');
      sim.advance(HOURS(2));
      const times = createTimes(automatedSnapshots(sim, 'c1'));
      expect(times.length).toBeGreaterThanOrEqual(4);
      for (const gap of gaps(times)) {
        expect(gap).toBeGreaterThanOrEqual(15 * MINUTE);
        expect(gap).toBeLessThan(8 * HOUR);
      }
    });
    it('are taken one at a time: one falling due while the last still runs starts when that one ends (Pending until then)', () => {
      // a large cluster whose data changes fast: its first (full) backup runs for hours, and 5 GB per node change within 15 minutes
      const sim = newSim();
      availableCluster(sim, 'c1', { NodeType: 'ra3.16xlarge', NumberOfNodes: 2, AutomatedSnapshotRetentionPeriod: 35 });
      let sawPending = false;
      for (let t = 0; t < 24 * 6; t++) {
        sim.advance(600);
        const creating = automatedSnapshots(sim, 'c1').filter((s) => s.Status === 'creating');
        expect(creating.length).toBeLessThanOrEqual(1);
        const c = cluster(sim, 'c1');
        if (c.ExpectedNextSnapshotScheduleTimeStatus === 'Pending') {
          sawPending = true;
          expect(creating).toHaveLength(1);
          expect((c.ExpectedNextSnapshotScheduleTime as Date).getTime()).toBe(sim.nowMs());
        }
      }
      expect(sawPending).toBe(true);
      const [first, second] = automatedSnapshots(sim, 'c1');
      expect(first!.Status).toBe('available');
      const firstEnd = (first!.SnapshotCreateTime as Date).getTime() + (first!.ElapsedTimeInSeconds as number) * 1000;
      expect(firstEnd - (first!.SnapshotCreateTime as Date).getTime()).toBeGreaterThan(HOUR);
      expect((second!.SnapshotCreateTime as Date).getTime()).toBe(firstEnd);
    });
    it('are not taken while the cluster is paused, and resume after it is resumed', () => {
      const sim = newSim();
      availableCluster(sim, 'c1', { AutomatedSnapshotRetentionPeriod: 35 });
      pause(sim);
      const taken = automatedSnapshots(sim, 'c1').map((s) => s.SnapshotIdentifier);
      expect(taken).toHaveLength(1); // the pause snapshot
      expect(cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime).toBeUndefined();
      sim.advance(DAYS(2));
      expect(automatedSnapshots(sim, 'c1').map((s) => s.SnapshotIdentifier)).toEqual(taken);
      const resumed = resume(sim);
      // the schedule goes on from the pause snapshot, no sooner than 15 minutes after resuming
      expect((resumed.ExpectedNextSnapshotScheduleTime as Date).getTime()).toBe(sim.nowMs() + 15 * MINUTE);
      sim.advance(HOURS(1));
      expect(automatedSnapshots(sim, 'c1')).toHaveLength(2);
    });
    it('are not taken when AutomatedSnapshotRetentionPeriod is 0, while manual snapshots still are', () => {
      const sim = running(3, { AutomatedSnapshotRetentionPeriod: 0 });
      expect(automatedSnapshots(sim, 'c1')).toEqual([]);
      expect(cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime).toBeUndefined();
      expect(manualSnapshot(sim, 's1').Status).toBe('available');
    });
  });

  describe('the snapshot', () => {
    it('is named rs:<cluster>-YYYY-MM-DD-HH-MM-SS after its UTC create time', () => {
      const sim = running(2);
      const snaps = automatedSnapshots(sim, 'c1');
      expect(snaps.length).toBeGreaterThan(0);
      for (const s of snaps) {
        expect(s.SnapshotIdentifier).toMatch(/^rs:c1-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$/);
        expect(s.SnapshotIdentifier).toBe(expectedId('c1', s.SnapshotCreateTime));
      }
    });
    it('is automated, owned by the cluster owner, has no manual retention, and becomes available', () => {
      const sim = running(1);
      const [s] = automatedSnapshots(sim, 'c1');
      expect(s).toMatchObject({ SnapshotType: 'automated', OwnerAccount: OWNER.account, ClusterIdentifier: 'c1', Status: 'available' });
      expect(s!.ManualSnapshotRetentionPeriod).toBeUndefined();
    });
    it('is found by its identifier, also when the cluster id has hyphens or reads like a date', () => {
      const sim = newSim();
      for (const id of ['prod-eu-1', 'c-2025-01-01-00-00-00']) availableCluster(sim, id);
      sim.advance(HOURS(9));
      for (const id of ['prod-eu-1', 'c-2025-01-01-00-00-00']) {
        const [s] = automatedSnapshots(sim, id);
        expect(s!.SnapshotIdentifier).toBe(expectedId(id, s!.SnapshotCreateTime));
        expect(snapshot(sim, s!.SnapshotIdentifier)).toMatchObject({ ClusterIdentifier: id, SnapshotType: 'automated' });
        expect(sim.describeClusterSnapshots({ SnapshotIdentifier: s!.SnapshotIdentifier, ClusterIdentifier: id }).Snapshots).toHaveLength(1);
      }
      // an identifier shaped like an automated one, of a cluster that has no such snapshot
      for (const id of ['rs:prod-eu-1-2000-01-01-00-00-00', 'rs:nosuch-2025-01-01-08-00-00', 'rs:', 'rs:-2025-01-01-08-00-00']) {
        refuses(sim, () => sim.describeClusterSnapshots({ SnapshotIdentifier: id }), 'ClusterSnapshotNotFound', 404);
      }
    });
    it('is taken while creating, then transfers', () => {
      const sim = newSim();
      availableCluster(sim, 'c1');
      sim.advanceTo(cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime);
      const [s] = automatedSnapshots(sim, 'c1');
      expect(s!.Status).toBe('creating');
      sim.runUntilIdle();
      expect(snapshot(sim, s!.SnapshotIdentifier).Status).toBe('available');
    });
  });

  describe('retention', () => {
    it('expires after the default AutomatedSnapshotRetentionPeriod of 1 day', () => {
      const sim = running(4);
      const times = createTimes(automatedSnapshots(sim, 'c1'));
      expect(times.length).toBeGreaterThan(0);
      // every snapshot still kept was taken (and completed) within the last day
      for (const t of times) expect(sim.nowMs() - t).toBeLessThanOrEqual(DAYS(1) * 1000 + HOUR);
      expect(times.length).toBeLessThanOrEqual(4);
      expect(sim.nowMs() - Math.min(...times)).toBeGreaterThan(16 * HOUR);
    });
    it('keeps snapshots for the cluster’s AutomatedSnapshotRetentionPeriod', () => {
      const sim = running(5, { AutomatedSnapshotRetentionPeriod: 3 });
      const times = createTimes(automatedSnapshots(sim, 'c1'));
      const oldest = Math.min(...times);
      expect(sim.nowMs() - oldest).toBeGreaterThan(DAYS(2.5) * 1000);
      expect(sim.nowMs() - oldest).toBeLessThanOrEqual(DAYS(3) * 1000 + HOUR);
    });
    it('an outage drawn by an automated backup takes the cluster through rebooting and back', () => {
      const sim = newSim({ faults: { clusterOutage: 1, outageFailureShare: 0 } });
      availableCluster(sim, 'c1');
      sim.advance(DAYS(1));
      const edges = sim.entries().flatMap((e) => e.events).filter((e) => e.type === 'ClusterTransitioned').map((e) => (e as { event: string }).event);
      expect(edges).toContain('OUTAGE');
      expect(edges).toContain('RECOVERED');
    });
    it('expires failed automated snapshots after the retention period too', () => {
      const sim = newSim({ faults: { backupFailure: 1 } });
      availableCluster(sim, 'c1');
      sim.advance(DAYS(5));
      const kept = automatedSnapshots(sim, 'c1');
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.every((s) => s.Status === 'failed' || s.Status === 'creating')).toBe(true);
      expect(kept.length).toBeLessThanOrEqual(4);
    });
    it('keeps the latest automated snapshot even past its retention period', () => {
      const sim = newSim();
      availableCluster(sim, 'c1');
      sim.advance(HOURS(9));
      const before = automatedSnapshots(sim, 'c1').map((s) => s.SnapshotIdentifier);
      pause(sim);
      const latest = automatedSnapshots(sim, 'c1').at(-1)!; // the pause snapshot
      expect(before).not.toContain(latest.SnapshotIdentifier);
      sim.advance(DAYS(5));
      expect(automatedSnapshots(sim, 'c1').map((s) => s.SnapshotIdentifier)).toEqual([latest.SnapshotIdentifier]);
    });
    it('expires that kept snapshot once a newer automated snapshot is available', () => {
      const sim = newSim();
      availableCluster(sim, 'c1');
      sim.advance(HOURS(9));
      pause(sim);
      const old = automatedSnapshots(sim, 'c1').at(-1); // the pause snapshot, kept while the cluster is paused
      sim.advance(DAYS(5));
      expect(automatedSnapshots(sim, 'c1').map((s) => s.SnapshotIdentifier)).toEqual([old!.SnapshotIdentifier]);
      resume(sim);
      sim.advance(HOURS(1));
      const now = automatedSnapshots(sim, 'c1');
      expect(now).toHaveLength(1);
      expect(now[0]!.SnapshotIdentifier).not.toBe(old!.SnapshotIdentifier);
    });
    it('does not expire manual snapshots of the cluster', () => {
      const sim = newSim();
      availableCluster(sim, 'c1');
      manualSnapshot(sim, 's1');
      sim.advance(DAYS(5));
      expect(snapshot(sim, 's1').Status).toBe('available');
    });
  });

  describe('the cluster going away', () => {
    it('removes every automated snapshot of the cluster with it', () => {
      const sim = running(2, { AutomatedSnapshotRetentionPeriod: 35 });
      expect(automatedSnapshots(sim, 'c1').length).toBeGreaterThan(3);
      sim.deleteCluster({ ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
      sim.runUntilIdle();
      expect(automatedSnapshots(sim)).toEqual([]);
    });
    it('removes an automated snapshot still being taken', () => {
      const sim = newSim();
      availableCluster(sim, 'c1');
      sim.advanceTo(cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime);
      const [s] = automatedSnapshots(sim, 'c1');
      expect(s!.Status).toBe('creating');
      // the cluster cannot be deleted mid-backup through a pause, but it can be deleted outright
      sim.deleteCluster({ ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
      sim.runUntilIdle();
      refuses(sim, () => snapshot(sim, s!.SnapshotIdentifier), 'ClusterSnapshotNotFound', 404);
    });
    it('leaves the automated snapshots of other clusters alone', () => {
      const sim = world({ clusters: ['c1', 'c2'] });
      sim.advance(DAYS(1));
      const before = automatedSnapshots(sim, 'c2').length;
      expect(before).toBeGreaterThan(0);
      sim.deleteCluster({ ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
      sim.runUntilIdle();
      expect(automatedSnapshots(sim, 'c2').length).toBeGreaterThanOrEqual(before);
    });
  });
});
