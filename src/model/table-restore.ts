/**
 * RestoreTableFromClusterSnapshot and DescribeTableRestoreStatus: one table of a cluster's own
 * snapshot restored into that cluster as a new table. snapsim knows no tables: every source
 * table exists in every snapshot, with a seeded size (a share of the snapshot per table); the
 * tables a cluster has are the ones its table restores created. One table restore runs per cluster
 * at a time: `PENDING` while it sizes the table, `IN_PROGRESS` while data moves (the transfer
 * model's table-restore rates and failure fault), then `SUCCEEDED` or `FAILED`; `CANCELED` when
 * its cluster is deleted first.
 */
import type { TableRestoreStatus } from '../shapes/redshift.ts';
import { fault } from './errors.ts';
import { requireCluster, requireOwnSnapshot, snapshotNotFound } from './lookups.ts';
import { command, query } from './operation.ts';
import { decodeMarker, encodeMarker, pageSize } from './paging.ts';
import { meets, NEEDS } from './preconditions.ts';
import { transferFigures } from './progress.ts';
import { sameIncarnation } from './records.ts';
import { findCluster, findPartition, refOf } from './state.ts';
import type { Caller, ClusterRecord, State, TableRestoreRecord } from './types.ts';

/** `SourceSchemaName` when the request leaves it out (AWS: "the default is public"). */
export const DEFAULT_SCHEMA = 'public';

/** A key of a table: its database, schema and name, lowercased unless `caseSensitive` (AWS's `EnableCaseSensitiveIdentifier`). */
export const tableKey = (database: string, schema: string, table: string, caseSensitive: boolean): string =>
  JSON.stringify(caseSensitive ? [database, schema, table] : [database.toLowerCase(), schema.toLowerCase(), table.toLowerCase()]);

/** The table restore of `c` that has not ended (the last one), if any. */
export function runningTableRestore(c: ClusterRecord): TableRestoreRecord | undefined {
  const r = c.tableRestores[c.tableRestores.length - 1];
  return r !== undefined && r.plan !== null ? r : undefined;
}

/** What AWS says in `Message` when a table restore did not succeed. */
const MESSAGES: Partial<Record<TableRestoreRecord['status'], string>> = {
  FAILED: 'The table restore failed while its data was being restored.',
  CANCELED: 'The table restore was canceled: its cluster is being deleted.',
};

/**
 * The AWS `TableRestoreStatus` of table restore `r` into cluster `clusterId` at `now`: progress in
 * whole MB read off its plan (0 while `PENDING`, the whole table once `SUCCEEDED`, where it stopped
 * once `FAILED` or `CANCELED`); the total once the table is sized (from `IN_PROGRESS` on).
 */
export function tableRestoreView(clusterId: string, r: TableRestoreRecord, now: number): TableRestoreStatus {
  const f = transferFigures(r, r.sizeMb, r.status === 'SUCCEEDED', now);
  const pending = r.status === 'PENDING';
  return {
    TableRestoreRequestId: r.requestId,
    Status: r.status,
    Message: MESSAGES[r.status],
    RequestTime: new Date(r.createTime),
    ProgressInMegaBytes: pending ? 0 : Math.floor(f.progressMb),
    TotalDataInMegaBytes: pending ? undefined : r.sizeMb,
    ClusterIdentifier: clusterId,
    SnapshotIdentifier: r.snapshotId,
    SourceDatabaseName: r.sourceDatabaseName,
    SourceSchemaName: r.sourceSchemaName,
    SourceTableName: r.sourceTableName,
    TargetDatabaseName: r.targetDatabaseName ?? undefined,
    TargetSchemaName: r.targetSchemaName ?? undefined,
    NewTableName: r.newTableName,
  };
}

/** RestoreTableFromClusterSnapshot. */
export const restoreTableFromClusterSnapshot = command<'RestoreTableFromClusterSnapshot'>({
  required: ['ClusterIdentifier', 'SnapshotIdentifier', 'SourceDatabaseName', 'SourceTableName', 'NewTableName'],
  rules: {
    ClusterIdentifier: 'string',
    SnapshotIdentifier: 'string',
    SourceDatabaseName: 'tableRestoreName',
    SourceSchemaName: 'tableRestoreName',
    SourceTableName: 'tableRestoreName',
    TargetDatabaseName: 'tableRestoreName',
    TargetSchemaName: 'tableRestoreName',
    NewTableName: 'tableRestoreName',
    EnableCaseSensitiveIdentifier: 'boolean',
  },
  decide(s, input, caller, env) {
    const c = requireCluster(s, caller, input.ClusterIdentifier);
    if (!meets(c, NEEDS.tableRestoreCluster)) throw fault('InvalidClusterState', `The cluster ${c.id} is not in the available state (status ${c.status}).`);
    const snap = requireOwnSnapshot(s, caller, input.SnapshotIdentifier, c.id);
    // a snapshot of this very cluster: not of one of its name deleted before it was created, nor a
    // copy (direct or copied again) of a cluster of its name in another region
    if (snap.sourceRegion !== null || !sameIncarnation(c, snap)) throw snapshotNotFound(input.SnapshotIdentifier);
    if (snap.status !== 'available') throw fault('InvalidClusterSnapshotState', `Snapshot ${snap.id} must be available to restore a table from it (status ${snap.status}).`);
    const running = runningTableRestore(c);
    if (running) throw fault('InProgressTableRestoreQuotaExceededFault', `Cluster ${c.id} already has a table restore in progress (${running.requestId}); wait for it to end.`);
    const caseSensitive = input.EnableCaseSensitiveIdentifier === true;
    const schema = input.SourceSchemaName ?? DEFAULT_SCHEMA;
    const target = tableKey(input.TargetDatabaseName ?? input.SourceDatabaseName, input.TargetSchemaName ?? schema, input.NewTableName, caseSensitive);
    if (c.tables.has(target)) throw fault('InvalidTableRestoreArgument', `Table ${input.NewTableName} already exists in cluster ${c.id}: restore it under another NewTableName.`);

    const ref = refOf(caller, c.id);
    const now = env.now;
    const created = c.profile.clusterCreateTime;
    const sizeMb = env.tableSizeMb(ref, created, tableKey(input.SourceDatabaseName, schema, input.SourceTableName, caseSensitive), snap.totalMb);
    const requestId = env.tableRestoreRequestId(ref, created, now);
    const { plan } = env.planTransfer({ kind: 'table-restore', ref, createTime: now, sizeMb, nodeType: c.profile.nodeType, numberOfNodes: c.profile.numberOfNodes });
    return {
      events: [
        {
          type: 'TableRestoreStarted',
          ref,
          requestId,
          requestTime: now,
          snapshotId: snap.id,
          sourceDatabaseName: input.SourceDatabaseName,
          sourceSchemaName: schema,
          sourceTableName: input.SourceTableName,
          ...(input.TargetDatabaseName !== undefined ? { targetDatabaseName: input.TargetDatabaseName } : {}),
          ...(input.TargetSchemaName !== undefined ? { targetSchemaName: input.TargetSchemaName } : {}),
          newTableName: input.NewTableName,
          tableKey: target,
          sizeMb,
          plan,
        },
      ],
      reply: (after) => {
        const cluster = findCluster(after, caller.account, caller.region, c.id)!;
        return { TableRestoreStatus: tableRestoreView(cluster.id, cluster.tableRestores[cluster.tableRestores.length - 1]!, now) };
      },
    };
  },
});

/** The caller's table restores (of one cluster, or of all its clusters), oldest request first. */
function tableRestoresOf(s: State, caller: Caller, clusterId: string | undefined): { clusterId: string; r: TableRestoreRecord }[] {
  const clusters = clusterId !== undefined ? [requireCluster(s, caller, clusterId)] : [...(findPartition(s, caller.account, caller.region)?.clusters.values() ?? [])];
  const all = clusters.flatMap((c) => c.tableRestores.map((r) => ({ clusterId: c.id, r })));
  return clusterId !== undefined ? all : all.sort((a, b) => a.r.seq - b.r.seq);
}

/**
 * DescribeTableRestoreStatus: one table restore by `TableRestoreRequestId` (TableRestoreNotFoundFault
 * when the caller has none of that id, or not into the cluster named), else a page of them, oldest
 * request first, of one cluster or all of the caller's.
 */
export const describeTableRestoreStatus = query<'DescribeTableRestoreStatus'>({
  required: [],
  rules: { ClusterIdentifier: 'string', TableRestoreRequestId: 'string', MaxRecords: 'maxRecords', Marker: 'string' },
  run(s, input, caller, now) {
    const all = tableRestoresOf(s, caller, input.ClusterIdentifier);
    const id = input.TableRestoreRequestId;
    if (id !== undefined) {
      const found = all.find((x) => x.r.requestId === id);
      if (!found) throw fault('TableRestoreNotFoundFault', `Table restore request ${id} not found.`);
      return { TableRestoreStatusDetails: [tableRestoreView(found.clusterId, found.r, now)] };
    }
    const after = input.Marker === undefined ? 0 : decodeMarker(input.Marker).after;
    const limit = pageSize(input.MaxRecords);
    const rest = all.filter((x) => x.r.seq > after);
    const page = rest.slice(0, limit);
    const last = page[page.length - 1];
    return {
      TableRestoreStatusDetails: page.map((x) => tableRestoreView(x.clusterId, x.r, now)),
      Marker: rest.length > limit && last ? encodeMarker({ after: last.r.seq }) : undefined,
    };
  },
});

/** The table restore operations, by AWS name. */
export const TABLE_RESTORE_OPERATIONS = {
  RestoreTableFromClusterSnapshot: restoreTableFromClusterSnapshot,
  DescribeTableRestoreStatus: describeTableRestoreStatus,
};
