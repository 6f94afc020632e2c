/**
 * RestoreTableFromClusterSnapshot and DescribeTableRestoreStatus: every rule with AWS's exact
 * code, the table restore's course in virtual time, paging, and what a cluster's deletion does.
 */
import { describe, expect, it } from 'vitest';
import { advanceUntilStatus, availableCluster, cluster, manualSnapshot, OTHER, OWNER, pause, refuses, world, type Rec, type Simulator } from './fixtures.ts';

const TABLE = { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1', SourceDatabaseName: 'dev', SourceTableName: 'sales', NewTableName: 'sales_restored' };
const restoreTable = (sim: Simulator, input: Rec = {}, caller = OWNER): Rec => sim.execute('RestoreTableFromClusterSnapshot', { ...TABLE, ...input }, caller).TableRestoreStatus;
const describeTR = (sim: Simulator, input: Rec = {}, caller = OWNER): Rec => sim.execute('DescribeTableRestoreStatus', input, caller);
const statusOf = (sim: Simulator, id: string): Rec => describeTR(sim, { TableRestoreRequestId: id }).TableRestoreStatusDetails[0];

/** Cluster c1 available with its available manual snapshot s1. */
function withSnapshot(): Simulator {
  const sim = world();
  manualSnapshot(sim, 's1');
  return sim;
}

describe('RestoreTableFromClusterSnapshot', () => {
  it('starts PENDING with the request as given, sourceSchema defaulting to public, no total before the table is sized', () => {
    const sim = withSnapshot();
    const s = restoreTable(sim, { TargetDatabaseName: 'restored' });
    expect(s).toMatchObject({ Status: 'PENDING', ClusterIdentifier: 'c1', SnapshotIdentifier: 's1', SourceDatabaseName: 'dev', SourceSchemaName: 'public', SourceTableName: 'sales', TargetDatabaseName: 'restored', NewTableName: 'sales_restored', ProgressInMegaBytes: 0 });
    expect(s.TotalDataInMegaBytes).toBeUndefined();
    expect(s.TargetSchemaName).toBeUndefined();
    expect(s.RequestTime).toEqual(new Date(sim.nowMs()));
  });

  it('goes IN_PROGRESS then SUCCEEDED, progress never decreasing and never past the total', () => {
    const sim = withSnapshot();
    const id = restoreTable(sim).TableRestoreRequestId;
    const statuses: string[] = [];
    let last = 0;
    for (let i = 0; i < 1000 && statuses[statuses.length - 1] !== 'SUCCEEDED'; i++) {
      const s = statusOf(sim, id);
      if (statuses[statuses.length - 1] !== s.Status) statuses.push(s.Status);
      expect(s.ProgressInMegaBytes).toBeGreaterThanOrEqual(last);
      if (s.TotalDataInMegaBytes !== undefined) expect(s.ProgressInMegaBytes).toBeLessThanOrEqual(s.TotalDataInMegaBytes);
      last = s.ProgressInMegaBytes;
      sim.advance(1);
    }
    expect(statuses).toEqual(['PENDING', 'IN_PROGRESS', 'SUCCEEDED']);
    const done = statusOf(sim, id);
    expect(done.ProgressInMegaBytes).toBe(done.TotalDataInMegaBytes);
    expect(done.TotalDataInMegaBytes).toBeGreaterThan(0);
  });

  it('gives the same source table the same share of every snapshot of its cluster, and another table another size', () => {
    const sim = withSnapshot();
    const size = (input: Rec) => {
      const id = restoreTable(sim, input).TableRestoreRequestId;
      sim.runUntilIdle();
      return statusOf(sim, id).TotalDataInMegaBytes as number;
    };
    const a = size({ NewTableName: 'a1' });
    expect(size({ NewTableName: 'a2', SourceTableName: 'SALES' })).toBe(a); // not case sensitive: the same table
    expect(size({ NewTableName: 'b1', SourceTableName: 'orders' })).not.toBe(a);
  });

  it('fails part-way with the tableRestoreFailure fault: FAILED, progress where it stopped, a message', () => {
    const sim = world({ faults: { tableRestoreFailure: 1 } });
    manualSnapshot(sim, 's1');
    const id = restoreTable(sim).TableRestoreRequestId;
    sim.runUntilIdle();
    const s = statusOf(sim, id);
    expect(s.Status).toBe('FAILED');
    expect(s.ProgressInMegaBytes).toBeLessThan(s.TotalDataInMegaBytes);
    expect(s.Message).toMatch(/failed/);
    // a failed restore created no table: the same name may be restored again
    expect(restoreTable(sim).Status).toBe('PENDING');
  });

  it('refuses each required member left out: MissingParameter', () => {
    const sim = withSnapshot();
    for (const member of ['ClusterIdentifier', 'SnapshotIdentifier', 'SourceDatabaseName', 'SourceTableName', 'NewTableName']) {
      refuses(sim, () => sim.execute('RestoreTableFromClusterSnapshot', { ...TABLE, [member]: undefined }), 'MissingParameter');
    }
  });

  it('refuses an unknown cluster: ClusterNotFound (404)', () => {
    const sim = withSnapshot();
    refuses(sim, () => restoreTable(sim, { ClusterIdentifier: 'nope' }), 'ClusterNotFound', 404);
    refuses(sim, () => restoreTable(sim, {}, OTHER), 'ClusterNotFound', 404);
  });

  it('refuses a cluster that is not available (rebooting, paused): InvalidClusterState', () => {
    const sim = withSnapshot();
    sim.execute('RebootCluster', { ClusterIdentifier: 'c1' });
    refuses(sim, () => restoreTable(sim), 'InvalidClusterState');
    advanceUntilStatus(sim, 'c1', 'available');
    pause(sim);
    refuses(sim, () => restoreTable(sim), 'InvalidClusterState');
  });

  it('refuses an unknown snapshot, and one of another cluster: ClusterSnapshotNotFound (404)', () => {
    const sim = withSnapshot();
    availableCluster(sim, 'c2');
    refuses(sim, () => restoreTable(sim, { SnapshotIdentifier: 'nope' }), 'ClusterSnapshotNotFound', 404);
    refuses(sim, () => restoreTable(sim, { ClusterIdentifier: 'c2' }), 'ClusterSnapshotNotFound', 404);
  });

  it('refuses a snapshot of an earlier cluster of the same name, and a copy of a copy from another region: ClusterSnapshotNotFound (404)', () => {
    const sim = withSnapshot();
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
    sim.runUntilIdle();
    availableCluster(sim, 'c1', { NodeType: 'ra3.xlplus' });
    refuses(sim, () => restoreTable(sim), 'ClusterSnapshotNotFound', 404);
    // a copy from another region, and a same-region copy of that copy, hold the data of the cluster there
    const west = { account: OWNER.account, region: 'us-west-2' };
    availableCluster(sim, 'c1', {}, west);
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: 'us-west-2' });
    manualSnapshot(sim, 's2');
    sim.advance(86_400);
    const copied = (sim.execute('DescribeClusterSnapshots', { ClusterIdentifier: 'c1', SnapshotType: 'automated' }, west).Snapshots as Rec[]).find((s) => s.SourceRegion === 'us-east-1' && s.Status === 'available')!;
    sim.execute('CopyClusterSnapshot', { SourceSnapshotIdentifier: copied.SnapshotIdentifier, TargetSnapshotIdentifier: 'auto-again' }, west);
    sim.runUntilIdle();
    for (const id of ['s2', copied.SnapshotIdentifier, 'auto-again']) refuses(sim, () => restoreTable(sim, { SnapshotIdentifier: id }, west), 'ClusterSnapshotNotFound', 404);
  });

  it('refuses a snapshot that is not available: InvalidClusterSnapshotState', () => {
    const sim = world();
    manualSnapshot(sim, 's1', { settle: false });
    refuses(sim, () => restoreTable(sim), 'InvalidClusterSnapshotState');
  });

  it('restores from an automated snapshot of the cluster too', () => {
    const sim = world();
    sim.advance(9 * 3600);
    sim.runUntilIdle();
    const auto = (sim.execute('DescribeClusterSnapshots', { SnapshotType: 'automated' }).Snapshots as Rec[]).find((s) => s.Status === 'available')!;
    expect(restoreTable(sim, { SnapshotIdentifier: auto.SnapshotIdentifier }).Status).toBe('PENDING');
  });

  it('refuses a second table restore into the cluster while one runs: InProgressTableRestoreQuotaExceededFault; another cluster is free', () => {
    const sim = withSnapshot();
    availableCluster(sim, 'c2');
    manualSnapshot(sim, 's2', { cluster: 'c2' });
    restoreTable(sim);
    refuses(sim, () => restoreTable(sim, { NewTableName: 'other' }), 'InProgressTableRestoreQuotaExceededFault');
    expect(restoreTable(sim, { ClusterIdentifier: 'c2', SnapshotIdentifier: 's2' }).Status).toBe('PENDING');
    sim.runUntilIdle();
    expect(restoreTable(sim, { NewTableName: 'other' }).Status).toBe('PENDING');
  });

  it('refuses a NewTableName a restore has created (in the target database and schema, any case): InvalidTableRestoreArgument', () => {
    const sim = withSnapshot();
    restoreTable(sim);
    sim.runUntilIdle();
    refuses(sim, () => restoreTable(sim), 'InvalidTableRestoreArgument');
    refuses(sim, () => restoreTable(sim, { NewTableName: 'Sales_Restored', SourceTableName: 'orders' }), 'InvalidTableRestoreArgument');
    refuses(sim, () => restoreTable(sim, { TargetSchemaName: 'PUBLIC' }), 'InvalidTableRestoreArgument');
    // elsewhere, or case sensitive, it is another table
    expect(restoreTable(sim, { TargetSchemaName: 'recovered' }).Status).toBe('PENDING');
    sim.runUntilIdle();
    expect(restoreTable(sim, { NewTableName: 'Sales_Restored', EnableCaseSensitiveIdentifier: true }).Status).toBe('PENDING');
  });

  it('refuses an empty or over-long name: InvalidTableRestoreArgument; a non-boolean EnableCaseSensitiveIdentifier: InvalidParameterValue', () => {
    const sim = withSnapshot();
    for (const member of ['SourceDatabaseName', 'SourceSchemaName', 'SourceTableName', 'TargetDatabaseName', 'TargetSchemaName', 'NewTableName']) {
      refuses(sim, () => restoreTable(sim, { [member]: '' }), 'InvalidTableRestoreArgument');
      refuses(sim, () => restoreTable(sim, { [member]: 'x'.repeat(128) }), 'InvalidTableRestoreArgument');
    }
    expect(restoreTable(sim, { NewTableName: 'x'.repeat(127) }).Status).toBe('PENDING');
    refuses(sim, () => restoreTable(sim, { EnableCaseSensitiveIdentifier: 'yes' }), 'InvalidParameterValue');
  });

  it('stops PauseCluster while a table restore runs: InvalidClusterState', () => {
    const sim = withSnapshot();
    restoreTable(sim);
    refuses(sim, () => sim.execute('PauseCluster', { ClusterIdentifier: 'c1' }), 'InvalidClusterState');
  });
});

describe('DescribeTableRestoreStatus', () => {
  it('lists the caller\'s table restores of all its clusters, oldest request first, or of one cluster', () => {
    const sim = withSnapshot();
    availableCluster(sim, 'c2');
    manualSnapshot(sim, 's2', { cluster: 'c2' });
    restoreTable(sim, { NewTableName: 'a' });
    restoreTable(sim, { ClusterIdentifier: 'c2', SnapshotIdentifier: 's2', NewTableName: 'b' });
    sim.runUntilIdle();
    restoreTable(sim, { NewTableName: 'c' });
    expect((describeTR(sim).TableRestoreStatusDetails as Rec[]).map((s) => s.NewTableName)).toEqual(['a', 'b', 'c']);
    expect((describeTR(sim, { ClusterIdentifier: 'c1' }).TableRestoreStatusDetails as Rec[]).map((s) => s.NewTableName)).toEqual(['a', 'c']);
    expect(describeTR(sim, {}, OTHER).TableRestoreStatusDetails).toEqual([]);
  });

  it('pages with MaxRecords and Marker', () => {
    const sim = withSnapshot();
    for (let i = 0; i < 25; i++) {
      restoreTable(sim, { NewTableName: `t${i}` });
      sim.runUntilIdle();
    }
    const first = describeTR(sim, { MaxRecords: 20 });
    expect(first.TableRestoreStatusDetails).toHaveLength(20);
    const second = describeTR(sim, { MaxRecords: 20, Marker: first.Marker });
    expect((second.TableRestoreStatusDetails as Rec[]).map((s) => s.NewTableName)).toEqual(['t20', 't21', 't22', 't23', 't24']);
    expect(second.Marker).toBeUndefined();
  });

  it('refuses an unknown request id, one of another cluster or another account: TableRestoreNotFoundFault (400)', () => {
    const sim = withSnapshot();
    availableCluster(sim, 'c2');
    const id = restoreTable(sim).TableRestoreRequestId;
    refuses(sim, () => describeTR(sim, { TableRestoreRequestId: 'nope' }), 'TableRestoreNotFoundFault');
    refuses(sim, () => describeTR(sim, { TableRestoreRequestId: id, ClusterIdentifier: 'c2' }), 'TableRestoreNotFoundFault');
    refuses(sim, () => describeTR(sim, { TableRestoreRequestId: id }, OTHER), 'TableRestoreNotFoundFault');
    expect(statusOf(sim, id).TableRestoreRequestId).toBe(id);
  });

  it('refuses an unknown cluster: ClusterNotFound (404); MaxRecords outside 20..100 or a foreign Marker: InvalidParameterValue', () => {
    const sim = withSnapshot();
    refuses(sim, () => describeTR(sim, { ClusterIdentifier: 'nope' }), 'ClusterNotFound', 404);
    refuses(sim, () => describeTR(sim, { MaxRecords: 19 }), 'InvalidParameterValue');
    refuses(sim, () => describeTR(sim, { MaxRecords: 101 }), 'InvalidParameterValue');
    refuses(sim, () => describeTR(sim, { Marker: 'not-ours' }), 'InvalidParameterValue');
  });

  it('shows a table restore CANCELED once its cluster is being deleted, and none once the cluster is gone', () => {
    const sim = withSnapshot();
    const id = restoreTable(sim).TableRestoreRequestId;
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
    expect(statusOf(sim, id)).toMatchObject({ Status: 'CANCELED', Message: expect.stringMatching(/deleted/) });
    sim.runUntilIdle();
    refuses(sim, () => cluster(sim, 'c1'), 'ClusterNotFound', 404);
    refuses(sim, () => describeTR(sim, { TableRestoreRequestId: id }), 'TableRestoreNotFoundFault');
    expect(describeTR(sim).TableRestoreStatusDetails).toEqual([]);
  });

  it('keeps the newest 100 ended table restores of a cluster', () => {
    const sim = withSnapshot();
    const ids: string[] = [];
    for (let i = 0; i < 102; i++) {
      ids.push(restoreTable(sim, { NewTableName: `t${i}` }).TableRestoreRequestId);
      sim.runUntilIdle();
    }
    refuses(sim, () => describeTR(sim, { TableRestoreRequestId: ids[1] }), 'TableRestoreNotFoundFault');
    expect(statusOf(sim, ids[2]!).NewTableName).toBe('t2');
    const all = describeTR(sim);
    expect(all.TableRestoreStatusDetails).toHaveLength(100);
    expect(all.Marker).toBeUndefined();
  });
});
