/**
 * Decider specifications of RestoreTableFromClusterSnapshot and of a table restore's due times:
 * the exact events (request id, table size and transfer plan drawn for seed 7, pinned), the codes
 * a request is refused with, and how a table restore moves PENDING → IN_PROGRESS → SUCCEEDED |
 * FAILED in time, or is CANCELED when its cluster is deleted.
 */
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/events/types.ts';
import { given } from './spec.ts';
import {
  at, availableCluster, availableSnapshot, clusterTransitioned, ref, REQUESTED, snapshotCreated, succeededTableRestore,
  TABLE_PLAN, tableRestoreStarted, tableRestoreTransitioned, TAKEN,
} from './events.ts';

const s1 = [...availableCluster('alpha'), ...availableSnapshot('s1', 'alpha')];
const RESTORE = { ClusterIdentifier: 'alpha', SnapshotIdentifier: 's1', SourceDatabaseName: 'dev', SourceTableName: 'sales', NewTableName: 'sales_restored' };

describe('RestoreTableFromClusterSnapshot', () => {
  it('starts a table restore PENDING: a seeded request id, the source table\'s seeded size, a table-restore plan from now', () => {
    const out = given(...s1).at(REQUESTED).when('RestoreTableFromClusterSnapshot', { ...RESTORE, TargetSchemaName: 'recovered' }).then(PINNED);
    expect(out).toMatchObject({ TableRestoreStatus: { TableRestoreRequestId: 'cd5a7859-7f39-4567-8495-a3f425a94ead', Status: 'PENDING', ProgressInMegaBytes: 0, SourceSchemaName: 'public', TargetSchemaName: 'recovered' } });
  });

  it('refuses a cluster that is not available: InvalidClusterState', () => {
    given(...s1, at(REQUESTED, clusterTransitioned('alpha', 'REBOOT', { dueAt: REQUESTED + 180_000 }))).when('RestoreTableFromClusterSnapshot', RESTORE).thenError('InvalidClusterState');
  });

  it('refuses a snapshot that is still being taken: InvalidClusterSnapshotState', () => {
    given(...availableCluster('alpha'), snapshotCreated('s1', 'alpha')).at(TAKEN + 20_000).when('RestoreTableFromClusterSnapshot', RESTORE).thenError('InvalidClusterSnapshotState');
  });

  it('refuses a snapshot of another cluster: ClusterSnapshotNotFound', () => {
    given(...s1, ...availableCluster('beta')).at(REQUESTED).when('RestoreTableFromClusterSnapshot', { ...RESTORE, ClusterIdentifier: 'beta' }).thenError('ClusterSnapshotNotFound');
  });

  it('refuses a second table restore while one runs: InProgressTableRestoreQuotaExceededFault', () => {
    given(...s1, tableRestoreStarted('alpha')).at(REQUESTED + 1_000).when('RestoreTableFromClusterSnapshot', { ...RESTORE, NewTableName: 'other' }).thenError('InProgressTableRestoreQuotaExceededFault');
  });

  it('refuses a table a restore created already, whatever its case: InvalidTableRestoreArgument; another name is fine', () => {
    const done = [...s1, ...succeededTableRestore('alpha')];
    given(...done).when('RestoreTableFromClusterSnapshot', { ...RESTORE, NewTableName: 'SALES_Restored' }).thenError('InvalidTableRestoreArgument');
    const started = expect.objectContaining({ type: 'TableRestoreStarted', newTableName: 'SALES_Restored', tableKey: '["dev","public","SALES_Restored"]' }) as DomainEvent;
    given(...done).when('RestoreTableFromClusterSnapshot', { ...RESTORE, NewTableName: 'SALES_Restored', EnableCaseSensitiveIdentifier: true }).then([started]);
  });
});

describe('a table restore in time', () => {
  it('is IN_PROGRESS once its plan has sized the table', () => {
    given(...s1, tableRestoreStarted('alpha')).whenTimer('TableRestoreDue', 'alpha').then([tableRestoreTransitioned('alpha', 'START')]);
  });

  it('SUCCEEDED when its plan ends', () => {
    given(...s1, tableRestoreStarted('alpha'), at(REQUESTED + 5_000, tableRestoreTransitioned('alpha', 'START'))).whenTimer('TableRestoreDue', 'alpha').then([tableRestoreTransitioned('alpha', 'SUCCEED')]);
  });

  it('FAILED when its plan ends failed', () => {
    const failing = { ...TABLE_PLAN, outcome: 'failed' as const };
    given(...s1, tableRestoreStarted('alpha', { plan: failing }), at(REQUESTED + 5_000, tableRestoreTransitioned('alpha', 'START'))).whenTimer('TableRestoreDue', 'alpha').then([tableRestoreTransitioned('alpha', 'FAIL')]);
  });

  it('is CANCELED when its cluster is deleted', () => {
    given(...s1, tableRestoreStarted('alpha'))
      .at(REQUESTED + 2_000)
      .when('DeleteCluster', { ClusterIdentifier: 'alpha', SkipFinalClusterSnapshot: true })
      .then([{ type: 'ClusterTransitioned', ref: ref('alpha'), event: 'DELETE', dueAt: 1735693986000 }, tableRestoreTransitioned('alpha', 'CANCEL')]);
  });

  it('stops PauseCluster while it runs: InvalidClusterState', () => {
    given(...s1, tableRestoreStarted('alpha')).at(REQUESTED + 2_000).when('PauseCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
  });
});

/** The event of the first spec, every drawn figure pinned (1735693870000 is REQUESTED). */
const PINNED: DomainEvent[] = [
  {
    type: 'TableRestoreStarted',
    ref: ref('alpha'),
    requestId: 'cd5a7859-7f39-4567-8495-a3f425a94ead',
    requestTime: REQUESTED,
    snapshotId: 's1',
    sourceDatabaseName: 'dev',
    sourceSchemaName: 'public',
    sourceTableName: 'sales',
    targetSchemaName: 'recovered',
    newTableName: 'sales_restored',
    tableKey: '["dev","recovered","sales_restored"]',
    sizeMb: 13,
    plan: { points: [0, 0, 12, 0, 13, 2.167, 14, 4.334, 15, 6.501, 16, 8.668, 17, 10.835, 18, 13], knownAt: 12, outcome: 'available' },
  },
];
