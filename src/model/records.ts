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

/**
 * The cluster `snap` was taken from, in partition `p`, while that same incarnation lives. A copy
 * from another region was taken from a cluster there: in its own region a cluster of the same name
 * and creation time is another cluster (it does not own the copy).
 */
export function livingCluster(p: Partition, snap: SnapshotRecord): ClusterRecord | undefined {
  if (snap.sourceRegion !== null && p.region === snap.region) return undefined;
  const c = p.clusters.get(snap.profile.clusterId);
  return c && sameIncarnation(c, snap) ? c : undefined;
}

/**
 * A cluster's outage window after a reboot from `at` to `until`: one still ahead moves later by
 * the reboot's length (as the stalls of the backups it strikes do); one begun already stays.
 */
export const outageAfterReboot = (outage: readonly [number, number], at: number, until: number): [number, number] =>
  outage[0] >= at ? [outage[0] + until - at, outage[1] + until - at] : [outage[0], outage[1]];
