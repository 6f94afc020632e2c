/**
 * What a record's status must be for a command. Preconditions that are edges of the machines come
 * from their transition tables (`can`); the ones that are not edges (a snapshot is taken only of
 * an available cluster) are the {@link NEEDS} table beside them. decide asks these, never its own
 * list of statuses.
 */
import { CLUSTER_TABLE, SNAPSHOT_TABLE, type ClusterEvent, type ClusterStatus, type SnapshotEvent, type SnapshotStatus } from '../machines/index.ts';
import type { ClusterRecord, SnapshotRecord } from './types.ts';

/** Whether the machine of `record`'s kind has an edge `event` from its status. */
export function can(record: ClusterRecord, event: ClusterEvent): boolean;
export function can(record: SnapshotRecord, event: SnapshotEvent): boolean;
export function can(record: ClusterRecord | SnapshotRecord, event: ClusterEvent | SnapshotEvent): boolean {
  return record.kind === 'cluster'
    ? CLUSTER_TABLE[record.status][event as ClusterEvent] !== undefined
    : SNAPSHOT_TABLE[record.status][event as SnapshotEvent] !== undefined;
}

/** A precondition that is no edge of a machine: the statuses (and for snapshots, the type) a command needs. */
interface Need<S extends string> {
  readonly statuses: readonly S[];
  readonly type?: 'manual' | 'automated';
}

/** The preconditions that are not edges of a machine, by what the command does. */
export const NEEDS = {
  /** CreateClusterSnapshot: a manual snapshot only of an available cluster. */
  snapshotCluster: { statuses: ['available'] } as Need<ClusterStatus>,
  /** CopyClusterSnapshot: the source is an available automated snapshot. */
  copySource: { statuses: ['available'], type: 'automated' } as Need<SnapshotStatus>,
  /** ModifyClusterSnapshot: only an available manual snapshot's retention changes. */
  modifyRetention: { statuses: ['available'], type: 'manual' } as Need<SnapshotStatus>,
  /** AuthorizeSnapshotAccess: only an available snapshot is shared (that it is manual is checked first, with its own message). */
  share: { statuses: ['available'] } as Need<SnapshotStatus>,
  /** CopyClusterSnapshot: the latest automated snapshot of a cluster is copied only while the cluster is not paused (AWS's guide). */
  copyLatestAutomatedOf: { statuses: ['creating', 'available', 'pausing', 'resuming', 'modifying', 'rebooting', 'final-snapshot', 'deleting', 'incompatible-restore'] } as Need<ClusterStatus>,
  /** RestoreTableFromClusterSnapshot: a table is restored only into an available cluster. */
  tableRestoreCluster: { statuses: ['available'] } as Need<ClusterStatus>,
  /** CreateTags on a cluster: any status but on its way out (final-snapshot, deleting); tags are not a change of state, so pausing and resuming too. */
  tagCluster: { statuses: ['creating', 'available', 'pausing', 'paused', 'resuming', 'modifying', 'rebooting', 'incompatible-restore'] } as Need<ClusterStatus>,
} as const;

/** Whether `record` meets `need`. */
export function meets(record: ClusterRecord, need: Need<ClusterStatus>): boolean;
export function meets(record: SnapshotRecord, need: Need<SnapshotStatus>): boolean;
export function meets(record: ClusterRecord | SnapshotRecord, need: Need<string>): boolean {
  if (!need.statuses.includes(record.status)) return false;
  return need.type === undefined || (record.kind === 'snapshot' && record.type === need.type);
}
