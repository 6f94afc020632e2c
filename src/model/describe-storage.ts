/**
 * DescribeStorage: the caller's backup storage and provisioned storage in its region.
 * `TotalBackupSizeInMegaBytes` sums the incremental size of each of the caller's own available
 * snapshots there (manual and automated; snapshots shared with it are another account's storage);
 * `TotalProvisionedStorageInMegaBytes` sums node capacity × nodes over the caller's clusters there.
 */
import { query } from './operation.ts';
import { findPartition, snapshotsOf } from './state.ts';

/** DescribeStorage. */
export const describeStorage = query<'DescribeStorage'>({
  required: [],
  rules: {},
  run(s, _input, caller) {
    const p = findPartition(s, caller.account, caller.region);
    let backupMb = 0;
    let provisionedMb = 0;
    for (const snap of p ? snapshotsOf(p) : []) if (snap.status === 'available') backupMb += snap.incrementalMb;
    for (const c of p?.clusters.values() ?? []) provisionedMb += (s.config.nodeCapacityMb[c.profile.nodeType] ?? 0) * c.profile.numberOfNodes;
    return { TotalBackupSizeInMegaBytes: Math.round(backupMb * 10) / 10, TotalProvisionedStorageInMegaBytes: provisionedMb };
  },
});
