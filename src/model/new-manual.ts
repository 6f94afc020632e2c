/** The checks every new manual snapshot passes: CreateClusterSnapshot, CopyClusterSnapshot and a final snapshot of DeleteCluster. */
import { fault } from './errors.ts';
import { findPartition } from './state.ts';
import type { Caller, State } from './types.ts';

/** Checks a new manual snapshot's identifier is free and the manual quota has room. */
export function checkNewManual(s: State, caller: Caller, id: string): void {
  const p = findPartition(s, caller.account, caller.region);
  if (p?.manual.has(id)) throw fault('ClusterSnapshotAlreadyExists', `Cannot create the snapshot because a snapshot with the identifier ${id} already exists`);
  if ((p?.manual.size ?? 0) >= s.config.quotas.manualSnapshots) {
    throw fault('ClusterSnapshotQuotaExceeded', `The request would exceed the allowed number of manual snapshots per account and region (${s.config.quotas.manualSnapshots})`);
  }
}
