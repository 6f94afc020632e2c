import { describe, expect, it } from 'vitest';
import { DAYS, OTHER, automatedSnapshot, manualSnapshot, manualSnapshots, refuses, snapshot, world, type Simulator } from './fixtures.ts';

const del = (sim: Simulator, id: string, input: Record<string, unknown> = {}) => sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: id, ...input });
const modify = (sim: Simulator, id: string, input: Record<string, unknown>) => sim.execute('ModifyClusterSnapshot', { SnapshotIdentifier: id, ...input });

describe('DeleteClusterSnapshot', () => {
  describe('result', () => {
    it('returns the snapshot with Status deleted', () => {
      const sim = world();
      manualSnapshot(sim, 's1');
      expect(del(sim, 's1').Snapshot).toMatchObject({ SnapshotIdentifier: 's1', Status: 'deleted', SnapshotType: 'manual' });
    });
    it('afterwards lookups fail: ClusterSnapshotNotFound (404)', () => {
      const sim = world();
      manualSnapshot(sim, 's1');
      del(sim, 's1');
      refuses(sim, () => snapshot(sim, 's1'), 'ClusterSnapshotNotFound', 404);
      refuses(sim, () => del(sim, 's1'), 'ClusterSnapshotNotFound', 404);
      refuses(sim, () => modify(sim, 's1', { ManualSnapshotRetentionPeriod: 3 }), 'ClusterSnapshotNotFound', 404);
    });
    it('afterwards the identifier is free again', () => {
      const sim = world();
      manualSnapshot(sim, 's1');
      del(sim, 's1');
      expect(manualSnapshot(sim, 's1').Status).toBe('available');
    });
    it('accepts SnapshotClusterIdentifier naming the snapshot’s cluster', () => {
      const sim = world();
      manualSnapshot(sim, 's1');
      expect(del(sim, 's1', { SnapshotClusterIdentifier: 'c1' }).Snapshot.Status).toBe('deleted');
    });
    it('deletes a failed snapshot', () => {
      const sim = world({ faults: { backupFailure: 1 } });
      expect(manualSnapshot(sim, 's1').Status).toBe('failed');
      expect(del(sim, 's1').Snapshot.Status).toBe('deleted');
    });
    it('deletes a manual snapshot cancelled because its cluster was deleted mid-backup', () => {
      const sim = world();
      manualSnapshot(sim, 's1', { settle: false });
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
      sim.runUntilIdle();
      expect(snapshot(sim, 's1').Status).toBe('cancelled');
      expect(del(sim, 's1').Snapshot.Status).toBe('deleted');
    });
    it('deletes a final snapshot that outlived its cluster', () => {
      const sim = world();
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' });
      sim.runUntilIdle();
      expect(del(sim, 'final').Snapshot.Status).toBe('deleted');
    });
  });

  it('refuses a call without SnapshotIdentifier: MissingParameter', () => {
    const sim = world();
    refuses(sim, () => sim.execute('DeleteClusterSnapshot', {}), 'MissingParameter');
  });
  it('refuses an unknown snapshot: ClusterSnapshotNotFound (404)', () => {
    const sim = world();
    refuses(sim, () => del(sim, 'nope'), 'ClusterSnapshotNotFound', 404);
  });
  it('refuses a SnapshotClusterIdentifier other than the snapshot’s cluster: ClusterSnapshotNotFound (404)', () => {
    const sim = world({ clusters: ['c1', 'c2'] });
    manualSnapshot(sim, 's1');
    refuses(sim, () => del(sim, 's1', { SnapshotClusterIdentifier: 'c2' }), 'ClusterSnapshotNotFound', 404);
  });
  it('refuses an automated snapshot (only Redshift deletes those): InvalidClusterSnapshotState', () => {
    const sim = world();
    const auto = automatedSnapshot(sim).SnapshotIdentifier;
    refuses(sim, () => del(sim, auto), 'InvalidClusterSnapshotState');
  });
  it('refuses a snapshot still creating: InvalidClusterSnapshotState', () => {
    const sim = world();
    manualSnapshot(sim, 's1', { settle: false });
    refuses(sim, () => del(sim, 's1'), 'InvalidClusterSnapshotState');
  });
  it('refuses a final snapshot still being taken: InvalidClusterSnapshotState', () => {
    const sim = world();
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' });
    expect(snapshot(sim, 'final').Status).toBe('final snapshot');
    refuses(sim, () => del(sim, 'final'), 'InvalidClusterSnapshotState');
  });
  it('refuses a snapshot shared with another account: InvalidClusterSnapshotState', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER.account });
    refuses(sim, () => del(sim, 's1'), 'InvalidClusterSnapshotState');
  });
  it('deletes it once every authorization is revoked', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER.account });
    sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: 'amazon-redshift-support' });
    sim.execute('RevokeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER.account });
    refuses(sim, () => del(sim, 's1'), 'InvalidClusterSnapshotState');
    sim.execute('RevokeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: 'amazon-redshift-support' });
    expect(del(sim, 's1').Snapshot.Status).toBe('deleted');
  });
});

describe('BatchDeleteClusterSnapshots', () => {
  const items = (...idList: string[]) => idList.map((SnapshotIdentifier) => ({ SnapshotIdentifier }));

  it('deletes each snapshot it can; successes go to Resources, per-item failures to Errors', () => {
    const sim = world();
    manualSnapshots(sim, 2);
    manualSnapshot(sim, 'busy', { settle: false });
    const out = sim.execute('BatchDeleteClusterSnapshots', { Identifiers: items('m1', 'nope', 'm2', 'busy') });
    expect(out.Resources).toEqual(['m1', 'm2']);
    expect(out.Errors).toMatchObject([
      { SnapshotIdentifier: 'nope', FailureCode: 'ClusterSnapshotNotFound' },
      { SnapshotIdentifier: 'busy', FailureCode: 'InvalidClusterSnapshotState' },
    ]);
    for (const id of ['m1', 'm2']) refuses(sim, () => snapshot(sim, id), 'ClusterSnapshotNotFound', 404);
    expect(snapshot(sim, 'busy').Status).toBe('creating');
  });
  it('reports an automated or shared snapshot as an item failure: InvalidClusterSnapshotState', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER.account });
    const auto = automatedSnapshot(sim).SnapshotIdentifier;
    const out = sim.execute('BatchDeleteClusterSnapshots', { Identifiers: items('s1', auto) });
    expect(out.Resources).toEqual([]);
    expect(out.Errors.map((e: { FailureCode: string }) => e.FailureCode)).toEqual(['InvalidClusterSnapshotState', 'InvalidClusterSnapshotState']);
  });
  it('deletes a snapshot named twice once, and reports the repeat as not found', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    const out = sim.execute('BatchDeleteClusterSnapshots', { Identifiers: items('s1', 's1') });
    expect(out.Resources).toEqual(['s1']);
    expect(out.Errors).toMatchObject([{ SnapshotIdentifier: 's1', FailureCode: 'ClusterSnapshotNotFound' }]);
  });
  it("names an item's cluster in its error when the item names one (the model's SnapshotErrorMessage)", () => {
    const sim = world();
    const out = sim.execute('BatchDeleteClusterSnapshots', { Identifiers: [{ SnapshotIdentifier: 'nope', SnapshotClusterIdentifier: 'c1' }, { SnapshotIdentifier: 'gone' }] });
    expect(out.Errors).toEqual([
      { SnapshotIdentifier: 'nope', SnapshotClusterIdentifier: 'c1', FailureCode: 'ClusterSnapshotNotFound', FailureReason: expect.any(String) },
      { SnapshotIdentifier: 'gone', FailureCode: 'ClusterSnapshotNotFound', FailureReason: expect.any(String) },
    ]);
  });
  it('refuses an item member the model does not have (ClusterIdentifier for SnapshotClusterIdentifier), deleting nothing: InvalidParameterValue', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    const e = refuses(sim, () => sim.execute('BatchDeleteClusterSnapshots', { Identifiers: [{ SnapshotIdentifier: 's1', ClusterIdentifier: 'zzz' }] }), 'InvalidParameterValue');
    expect(e.message).toMatch(/Identifiers\.1: has no member ClusterIdentifier/);
    expect(snapshot(sim, 's1').Status).toBe('available');
  });
  it('accepts 100 identifiers', () => {
    const sim = world();
    manualSnapshots(sim, 3);
    const out = sim.execute('BatchDeleteClusterSnapshots', { Identifiers: items(...Array.from({ length: 100 }, (_, i) => `m${i + 1}`)) });
    expect(out.Resources).toEqual(['m1', 'm2', 'm3']);
    expect(out.Errors).toHaveLength(97);
  });
  it('refuses more than 100 identifiers: BatchDeleteRequestSizeExceeded', () => {
    const sim = world();
    manualSnapshots(sim, 1);
    refuses(sim, () => sim.execute('BatchDeleteClusterSnapshots', { Identifiers: items(...Array.from({ length: 101 }, (_, i) => `m${i + 1}`)) }), 'BatchDeleteRequestSizeExceeded');
    expect(snapshot(sim, 'm1').Status).toBe('available');
  });
  it('refuses a call without Identifiers: MissingParameter', () => {
    const sim = world();
    refuses(sim, () => sim.execute('BatchDeleteClusterSnapshots', {}), 'MissingParameter');
  });
});

describe('ModifyClusterSnapshot', () => {
  it('changes the retention period and reports the remaining days', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    expect(modify(sim, 's1', { ManualSnapshotRetentionPeriod: 10 }).Snapshot).toMatchObject({ ManualSnapshotRetentionPeriod: 10, ManualSnapshotRemainingDays: 10 });
    sim.advance(DAYS(3));
    expect(snapshot(sim, 's1').ManualSnapshotRemainingDays).toBe(7);
  });
  it('sets -1 to keep the snapshot indefinitely', () => {
    const sim = world();
    manualSnapshot(sim, 's1', { input: { ManualSnapshotRetentionPeriod: 2 } });
    expect(modify(sim, 's1', { ManualSnapshotRetentionPeriod: -1 }).Snapshot.ManualSnapshotRetentionPeriod).toBe(-1);
    sim.advance(DAYS(30));
    expect(snapshot(sim, 's1').Status).toBe('available');
  });
  it('lets the service delete the snapshot when its new retention period ends', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    modify(sim, 's1', { ManualSnapshotRetentionPeriod: 2 });
    sim.advance(DAYS(2) + 60);
    refuses(sim, () => snapshot(sim, 's1'), 'ClusterSnapshotNotFound', 404);
  });
  it.each([0, -2, 3654])('refuses ManualSnapshotRetentionPeriod %i: InvalidRetentionPeriodFault', (days) => {
    const sim = world();
    manualSnapshot(sim, 's1');
    refuses(sim, () => modify(sim, 's1', { ManualSnapshotRetentionPeriod: days }), 'InvalidRetentionPeriodFault');
  });
  it('refuses a period that has already passed, without Force: InvalidRetentionPeriodFault', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    sim.advance(DAYS(5));
    refuses(sim, () => modify(sim, 's1', { ManualSnapshotRetentionPeriod: 3 }), 'InvalidRetentionPeriodFault');
    refuses(sim, () => modify(sim, 's1', { ManualSnapshotRetentionPeriod: 3, Force: false }), 'InvalidRetentionPeriodFault');
  });
  it('with Force, deletes a snapshot already past its new period at once', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    sim.advance(DAYS(5));
    expect(modify(sim, 's1', { ManualSnapshotRetentionPeriod: 3, Force: true }).Snapshot.Status).toBe('deleted');
    refuses(sim, () => snapshot(sim, 's1'), 'ClusterSnapshotNotFound', 404);
  });
  it('with Force, refuses to delete a snapshot still shared with another account: InvalidClusterSnapshotState', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER.account });
    sim.advance(DAYS(5));
    refuses(sim, () => modify(sim, 's1', { ManualSnapshotRetentionPeriod: 3, Force: true }), 'InvalidClusterSnapshotState');
  });
  it('with Force, only changes a period that has not passed', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    sim.advance(DAYS(5));
    expect(modify(sim, 's1', { ManualSnapshotRetentionPeriod: 6, Force: true }).Snapshot).toMatchObject({ Status: 'available', ManualSnapshotRetentionPeriod: 6 });
  });
  it('refuses a snapshot still creating: InvalidClusterSnapshotState', () => {
    const sim = world();
    manualSnapshot(sim, 's1', { settle: false });
    refuses(sim, () => modify(sim, 's1', { ManualSnapshotRetentionPeriod: 3 }), 'InvalidClusterSnapshotState');
  });
  it('refuses an automated snapshot: InvalidClusterSnapshotState', () => {
    const sim = world();
    const auto = automatedSnapshot(sim).SnapshotIdentifier;
    refuses(sim, () => modify(sim, auto, { ManualSnapshotRetentionPeriod: 3 }), 'InvalidClusterSnapshotState');
  });
  it('refuses an unknown snapshot: ClusterSnapshotNotFound (404)', () => {
    const sim = world();
    refuses(sim, () => modify(sim, 'nope', { ManualSnapshotRetentionPeriod: 3 }), 'ClusterSnapshotNotFound', 404);
  });
  it('refuses a call without SnapshotIdentifier: MissingParameter', () => {
    const sim = world();
    refuses(sim, () => sim.execute('ModifyClusterSnapshot', { ManualSnapshotRetentionPeriod: 3 }), 'MissingParameter');
  });
});

describe('BatchModifyClusterSnapshots', () => {
  const batch = (sim: Simulator, list: string[], input: Record<string, unknown> = {}) =>
    sim.execute('BatchModifyClusterSnapshots', { SnapshotIdentifierList: list, ManualSnapshotRetentionPeriod: 30, ...input });

  it('modifies each snapshot it can; successes go to Resources, per-item failures to Errors', () => {
    const sim = world();
    manualSnapshots(sim, 2);
    const auto = automatedSnapshot(sim).SnapshotIdentifier;
    const out = batch(sim, ['m1', 'nope', auto, 'm2']);
    expect(out.Resources).toEqual(['m1', 'm2']);
    expect(out.Errors).toMatchObject([
      { SnapshotIdentifier: 'nope', FailureCode: 'ClusterSnapshotNotFound' },
      { SnapshotIdentifier: auto, FailureCode: 'InvalidClusterSnapshotState' },
    ]);
    expect(snapshot(sim, 'm1').ManualSnapshotRetentionPeriod).toBe(30);
    expect(snapshot(sim, 'm2').ManualSnapshotRetentionPeriod).toBe(30);
  });
  it('reports a snapshot already past the new period as an item failure without Force: InvalidRetentionPeriodFault', () => {
    const sim = world();
    manualSnapshots(sim, 1);
    sim.advance(DAYS(5));
    manualSnapshot(sim, 'fresh');
    const out = batch(sim, ['m1', 'fresh'], { ManualSnapshotRetentionPeriod: 3 });
    expect(out.Resources).toEqual(['fresh']);
    expect(out.Errors).toMatchObject([{ SnapshotIdentifier: 'm1', FailureCode: 'InvalidRetentionPeriodFault' }]);
    expect(snapshot(sim, 'm1').Status).toBe('available');
  });
  it('with Force, deletes the snapshots already past the new period', () => {
    const sim = world();
    manualSnapshots(sim, 1);
    sim.advance(DAYS(5));
    manualSnapshot(sim, 'fresh');
    const out = batch(sim, ['m1', 'fresh'], { ManualSnapshotRetentionPeriod: 3, Force: true });
    expect(out.Resources).toEqual(['m1', 'fresh']);
    expect(out.Errors).toEqual([]);
    refuses(sim, () => snapshot(sim, 'm1'), 'ClusterSnapshotNotFound', 404);
    expect(snapshot(sim, 'fresh').ManualSnapshotRetentionPeriod).toBe(3);
  });
  it('modifies a snapshot named twice once, listing it once, without an error', () => {
    const sim = world();
    manualSnapshot(sim, 's1');
    const out = batch(sim, ['s1', 's1'], { ManualSnapshotRetentionPeriod: 4 });
    expect(out).toMatchObject({ Resources: ['s1'], Errors: [] });
    expect(snapshot(sim, 's1').ManualSnapshotRetentionPeriod).toBe(4);
  });
  it('accepts 100 identifiers', () => {
    const sim = world();
    manualSnapshots(sim, 2);
    const out = batch(sim, Array.from({ length: 100 }, (_, i) => `m${i + 1}`));
    expect(out.Resources).toEqual(['m1', 'm2']);
    expect(out.Errors).toHaveLength(98);
  });
  it('refuses more than 100 identifiers: BatchModifyClusterSnapshotsLimitExceededFault', () => {
    const sim = world();
    manualSnapshots(sim, 1);
    refuses(sim, () => batch(sim, Array.from({ length: 101 }, (_, i) => `m${i + 1}`)), 'BatchModifyClusterSnapshotsLimitExceededFault');
    expect(snapshot(sim, 'm1').ManualSnapshotRetentionPeriod).toBe(-1);
  });
  it.each([0, 3654])('refuses ManualSnapshotRetentionPeriod %i for the whole call: InvalidRetentionPeriodFault', (days) => {
    const sim = world();
    manualSnapshots(sim, 1);
    refuses(sim, () => batch(sim, ['m1'], { ManualSnapshotRetentionPeriod: days }), 'InvalidRetentionPeriodFault');
  });
  it('refuses a call without SnapshotIdentifierList: MissingParameter', () => {
    const sim = world();
    refuses(sim, () => sim.execute('BatchModifyClusterSnapshots', { ManualSnapshotRetentionPeriod: 3 }), 'MissingParameter');
  });
});

describe('batch inputs that are not lists of structures', () => {
  it.each([[[null]], [['s1']], [[[]]], ['s1']])('BatchDeleteClusterSnapshots refuses Identifiers %j: InvalidParameterValue', (identifiers) => {
    const sim = world();
    refuses(sim, () => sim.execute('BatchDeleteClusterSnapshots', { Identifiers: identifiers }), 'InvalidParameterValue');
  });
  it('DescribeClusterSnapshots refuses SortingEntities [null]: InvalidParameterValue', () => {
    const sim = world();
    refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SortingEntities: [null] }), 'InvalidParameterValue');
  });
});
