/**
 * ModifyCluster's snapshot retention settings: lowering the automated period deletes the
 * automated snapshots outside it at once (the latest available one is kept), 0 turns automated
 * snapshots off and deletes them (refused for RA3/RG), the manual period is the default of new
 * manual snapshots only; members snapsim does not model are refused by name.
 */
import { describe, expect, it } from 'vitest';
import { pause, resume, availableCluster, cluster, DAYS, HOURS, manualSnapshot, refuses, snapshot, world, type Simulator } from './fixtures.ts';

const modify = (sim: Simulator, input: Record<string, unknown>) => sim.execute('ModifyCluster', { ClusterIdentifier: 'c1', ...input }).Cluster;
const automated = (sim: Simulator): { SnapshotIdentifier: string; Status: string; SnapshotRetentionStartTime?: Date }[] =>
  sim.execute('DescribeClusterSnapshots', { ClusterIdentifier: 'c1', SnapshotType: 'automated' }).Snapshots;

/** c1 (retention 10 days) with about 4 days of automated snapshots. */
function history(): Simulator {
  const sim = world({ clusters: [] });
  availableCluster(sim, 'c1', { AutomatedSnapshotRetentionPeriod: 10 });
  sim.advance(DAYS(4));
  sim.runUntilIdle();
  return sim;
}

describe('ModifyCluster retention settings', () => {
  it('lowering the automated period deletes the automated snapshots outside it at once, keeping the rest', () => {
    const sim = history();
    const before = automated(sim).filter((s) => s.Status === 'available');
    expect(before.length).toBeGreaterThan(6);
    expect(modify(sim, { AutomatedSnapshotRetentionPeriod: 2 }).AutomatedSnapshotRetentionPeriod).toBe(2);
    const now = sim.nowMs();
    const after = automated(sim);
    expect(after.length).toBeLessThan(before.length);
    for (const s of after) expect(now - s.SnapshotRetentionStartTime!.getTime()).toBeLessThan(DAYS(2) * 1000);
  });

  it('keeps the latest available automated snapshot even when it is outside the new period', () => {
    const sim = world({ clusters: [] });
    availableCluster(sim, 'c1', { AutomatedSnapshotRetentionPeriod: 10 });
    sim.advance(HOURS(9));
    sim.runUntilIdle();
    modify(sim, { AutomatedSnapshotRetentionPeriod: 35 });
    pause(sim); // the pause snapshot, then no newer automated snapshot while paused
    sim.advance(DAYS(3));
    resume(sim);
    const latest = automated(sim).filter((s) => s.Status === 'available').at(-1)!;
    modify(sim, { AutomatedSnapshotRetentionPeriod: 1 });
    expect(automated(sim).map((s) => s.SnapshotIdentifier)).toContain(latest.SnapshotIdentifier);
  });

  it('0 turns automated snapshots off and deletes them all; a later period turns them on again', () => {
    const sim = history();
    modify(sim, { AutomatedSnapshotRetentionPeriod: 0 });
    expect(automated(sim)).toEqual([]);
    expect(cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime).toBeUndefined();
    sim.advance(DAYS(1));
    expect(automated(sim)).toEqual([]);
    modify(sim, { AutomatedSnapshotRetentionPeriod: 1 });
    sim.advance(DAYS(1));
    expect(automated(sim).length).toBeGreaterThan(0);
  });

  it('0 deletes an automated snapshot still being taken too: none is left when it would have ended', () => {
    const sim = history();
    // move to the start of the next automated backup, while it is still transferring
    const next = cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime!.getTime();
    sim.advanceTo(next);
    const running = automated(sim).filter((s) => s.Status === 'creating');
    expect(running).toHaveLength(1);
    modify(sim, { AutomatedSnapshotRetentionPeriod: 0 });
    expect(automated(sim)).toEqual([]);
    sim.advance(DAYS(5));
    expect(automated(sim)).toEqual([]);
  });

  it('0 while a backup that drew a cluster outage is being taken: the outage goes with the backup', () => {
    const sim = world({ clusters: [], faults: { clusterOutage: 1 } });
    availableCluster(sim, 'c1');
    sim.advanceTo(cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime!.getTime());
    expect(automated(sim).filter((s) => s.Status === 'creating')).toHaveLength(1);
    modify(sim, { AutomatedSnapshotRetentionPeriod: 0 });
    for (let i = 0; i < 24 * 6; i++) {
      sim.advance(600);
      expect(cluster(sim, 'c1').ClusterStatus).toBe('available');
    }
  });

  it('refuses 0 for RA3 and RG: InvalidParameterValue; outside 0..35: InvalidParameterValue', () => {
    const sim = world({ clusters: [] });
    availableCluster(sim, 'c1', { NodeType: 'ra3.xlplus' });
    refuses(sim, () => modify(sim, { AutomatedSnapshotRetentionPeriod: 0 }), 'InvalidParameterValue');
    refuses(sim, () => modify(sim, { AutomatedSnapshotRetentionPeriod: 36 }), 'InvalidParameterValue');
  });

  it('takes ManualSnapshotRetentionPeriod as the default of new manual snapshots only', () => {
    const sim = world();
    manualSnapshot(sim, 'old');
    modify(sim, { ManualSnapshotRetentionPeriod: 30 });
    manualSnapshot(sim, 'new');
    expect(snapshot(sim, 'old').ManualSnapshotRetentionPeriod).toBe(-1);
    expect(snapshot(sim, 'new').ManualSnapshotRetentionPeriod).toBe(30);
    refuses(sim, () => modify(sim, { ManualSnapshotRetentionPeriod: 0 }), 'InvalidRetentionPeriodFault');
  });

  it('refuses a cluster that is not available (InvalidClusterState), an unknown one (ClusterNotFound), and members it does not model by name', () => {
    const sim = world();
    pause(sim);
    refuses(sim, () => modify(sim, { ManualSnapshotRetentionPeriod: 5 }), 'InvalidClusterState');
    refuses(sim, () => sim.execute('ModifyCluster', { ClusterIdentifier: 'nope', ManualSnapshotRetentionPeriod: 5 }), 'ClusterNotFound', 404);
    const e = refuses(sim, () => sim.execute('ModifyCluster', { ClusterIdentifier: 'c1', NodeType: 'ra3.xlplus' }), 'InvalidParameterValue');
    expect(e.message).toContain('NodeType');
  });
});
