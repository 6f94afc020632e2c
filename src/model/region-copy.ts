/**
 * Cross-region snapshot copy, the service's half: when a backup of a cluster with copy enabled
 * completes, the copy of it into the destination region starts (or is skipped, and the log says
 * why). Pure, like `decide`.
 */
import type { SnapshotCopySkipped, SnapshotCopyStarted } from '../events/types.ts';
import type { Environment } from './environment.ts';
import { findPartition, holdsAutomated } from './state.ts';
import { underRegionOutages } from './region-outage.ts';
import type { ClusterRecord, Partition, SnapshotCopyConfig, SnapshotRecord, State } from './types.ts';

/**
 * The event that copies backup `snap` of cluster `c` (partition `p`; its settings `copy`) into its destination region
 * as it completes now: a `SnapshotCopyStarted` of the same identifier, type and cluster, kept for
 * the copy retention of its type; or a `SnapshotCopySkipped` when a snapshot of that identifier is
 * already there, or when a manual copy would exceed the destination's manual snapshot quota. The
 * first copy after copy was enabled moves the whole snapshot, later ones its increment; an outage
 * of either region stalls or fails it.
 */
export function regionCopyOf(s: State, p: Partition, c: ClusterRecord, copy: SnapshotCopyConfig, snap: SnapshotRecord, env: Environment): SnapshotCopyStarted | SnapshotCopySkipped {
  const ref = { account: p.account, region: copy.destinationRegion, id: snap.id };
  const source = { account: p.account, region: p.region, id: snap.id };
  const dest = findPartition(s, p.account, copy.destinationRegion);
  if (dest !== undefined && (snap.type === 'manual' ? dest.manual.has(snap.id) : holdsAutomated(dest, snap.profile.clusterId, snap.id, snap.createTime))) return { type: 'SnapshotCopySkipped', ref, source, reason: 'exists' };
  if (snap.type === 'manual' && (dest?.manual.size ?? 0) >= s.config.quotas.manualSnapshots) return { type: 'SnapshotCopySkipped', ref, source, reason: 'quota' };
  const sizeMb = copy.copies > 0 ? snap.incrementalMb : snap.totalMb;
  const waitSeconds = (env.now - snap.createTime) / 1000;
  const { plan } = env.planTransfer({ kind: 'copy', ref, createTime: snap.createTime, sizeMb, fromRegion: p.region, toRegion: copy.destinationRegion, waitSeconds, cluster: { profile: c.profile, index: c.copiesTaken } });
  const grant = copy.grantName === null ? undefined : dest?.copyGrants.get(copy.grantName);
  const started: SnapshotCopyStarted = {
    type: 'SnapshotCopyStarted', ref, source, snapshotType: snap.type, createTime: snap.createTime, totalMb: snap.totalMb, incrementalMb: sizeMb,
    plan: s.regionOutages.length === 0 ? plan : underRegionOutages(s, plan, ref, snap.createTime, env.now, [p.region, copy.destinationRegion], env),
    retention: snap.type === 'automated' ? copy.retention : copy.manualRetention,
  };
  return snap.profile.kmsKeyId !== undefined && grant !== undefined ? { ...started, kmsKeyId: grant.kmsKeyId } : started;
}

