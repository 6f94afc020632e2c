/**
 * Facts derived from records alone: when a snapshot's retention ends, and which cluster
 * (incarnation) a snapshot was taken from.
 */
import { NEVER, NOT_YET, type ClusterRecord, type Partition, type SnapshotRecord } from './types.ts';

const DAY = 86_400_000;

/** When a completed snapshot's retention ends, or {@link NEVER} when it is kept indefinitely. */
export const expiryOf = (snap: SnapshotRecord): number =>
  snap.retention > 0 && snap.retentionStart !== NOT_YET ? snap.retentionStart + snap.retention * DAY : NEVER;

/** True when `snap` was taken from this incarnation of the cluster (ids can be reused). */
export const sameIncarnation = (c: ClusterRecord, snap: SnapshotRecord): boolean =>
  c.id === snap.profile.clusterId && c.profile.clusterCreateTime === snap.profile.clusterCreateTime;

/** The cluster `snap` was taken from, in `snap`'s partition `p`, while that same incarnation lives. */
export function livingCluster(p: Partition, snap: SnapshotRecord): ClusterRecord | undefined {
  const c = p.clusters.get(snap.profile.clusterId);
  return c && sameIncarnation(c, snap) ? c : undefined;
}
