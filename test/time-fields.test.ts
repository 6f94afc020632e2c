/**
 * Record times are always numbers: a due time that is not set is NEVER, an instant that has not
 * come yet is NOT_YET. Views turn both into absent AWS members.
 */
import { describe, expect, it } from 'vitest';
import { NEVER, NOT_YET, findSnapshot, type Simulator } from '../src/index.ts';
import { DAYS, OWNER, backupEnd, cluster, manualSnapshot, snapshot, world } from './rules/fixtures.ts';

const record = (sim: Simulator, id: string) => findSnapshot(sim.state, OWNER.account, OWNER.region, id)!;

describe('time fields without a value', () => {
  it('a running backup has not started its retention: NOT_YET, and no SnapshotRetentionStartTime', () => {
    const sim = world();
    manualSnapshot(sim, 's1', { settle: false });
    const end = backupEnd(sim, 's1');
    expect(record(sim, 's1').retentionStart).toBe(NOT_YET);
    expect(snapshot(sim, 's1').SnapshotRetentionStartTime).toBeUndefined();
    sim.runUntilIdle();
    expect(record(sim, 's1').retentionStart).toBe(end);
    expect(snapshot(sim, 's1').SnapshotRetentionStartTime).toEqual(new Date(end));
  });

  it('a manual snapshot kept indefinitely is NEVER due, and has no ManualSnapshotRemainingDays', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    expect(record(sim, 's1').dueAt).toBe(NEVER);
    expect(snapshot(sim, 's1')).toMatchObject({ ManualSnapshotRetentionPeriod: -1, ManualSnapshotRemainingDays: undefined });
    manualSnapshot(sim, 's2', { input: { ManualSnapshotRetentionPeriod: 3 } });
    expect(record(sim, 's2').dueAt).toBe(record(sim, 's2').retentionStart + DAYS(3) * 1000); // DAYS counts seconds
    expect(snapshot(sim, 's2').ManualSnapshotRemainingDays).toBe(3);
  });

  it('a cluster with automated snapshots off is NEVER due for one, and has no ExpectedNextSnapshotScheduleTime', () => {
    const sim = world();
    sim.createCluster({ ClusterIdentifier: 'off', NodeType: 'dc2.large', MasterUsername: 'admin', AutomatedSnapshotRetentionPeriod: 0 });
    sim.runUntilIdle();
    const c = sim.state.partitions.values().next().value!.clusters.get('off')!;
    expect(c.nextAutoAt).toBe(NEVER);
    expect(c.lastAutoStart).toBe(NOT_YET);
    expect(c.lastBackupStart).toBe(NOT_YET);
    expect(cluster(sim, 'off').ExpectedNextSnapshotScheduleTime).toBeUndefined();
  });
});
