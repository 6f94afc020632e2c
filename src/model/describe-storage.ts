/**
 * DescribeStorage: the caller's backup storage and provisioned storage in its region.
 * `TotalBackupSizeInMegaBytes` is the data the caller's own available snapshots there hold
 * (manual and automated, copies in from another region too; snapshots shared with it are another
 * account's storage): per cluster they were taken from, the whole size of the oldest and the
 * increment of each later one. Snapshots are incremental, so a later one still needs the blocks
 * of the earlier ones: deleting the oldest leaves its data stored for the next.
 * `TotalProvisionedStorageInMegaBytes` sums node capacity × nodes over the caller's clusters there.
 */
import { query } from './operation.ts';
import { findPartition, snapshotsOf } from './state.ts';
import type { SnapshotRecord } from './types.ts';

/** The data `snapshots` hold together: per cluster incarnation, the oldest one's whole size and the others' increments. */
export function storedMb(snapshots: Iterable<SnapshotRecord>): number {
  const oldest = new Map<string, SnapshotRecord>();
  let increments = 0;
  for (const snap of snapshots) {
    increments += snap.incrementalMb;
    const lineage = `${snap.profile.clusterId}@${snap.profile.clusterCreateTime}`;
    const first = oldest.get(lineage);
    if (first === undefined || snap.createTime < first.createTime || (snap.createTime === first.createTime && snap.seq < first.seq)) oldest.set(lineage, snap);
  }
  // each lineage's oldest counts whole, not as its increment
  for (const first of oldest.values()) increments += first.totalMb - first.incrementalMb;
  return increments;
}

/** DescribeStorage. */
export const describeStorage = query<'DescribeStorage'>({
  required: [],
  rules: {},
  run(s, _input, caller) {
    const p = findPartition(s, caller.account, caller.region);
    let provisionedMb = 0;
    const backupMb = storedMb([...(p ? snapshotsOf(p) : [])].filter((snap) => snap.status === 'available'));
    for (const c of p?.clusters.values() ?? []) provisionedMb += (s.config.nodeCapacityMb[c.profile.nodeType] ?? 0) * c.profile.numberOfNodes;
    return { TotalBackupSizeInMegaBytes: Math.round(backupMb * 10) / 10, TotalProvisionedStorageInMegaBytes: provisionedMb };
  },
});
