/**
 * Cross-region snapshot copy, the service's half: when a backup of a cluster with copy enabled
 * completes, the copy of it into the destination region starts (or is skipped, and the log says
 * why). Pure, like `decide`.
 */
import type { SnapshotCopySkipped, SnapshotCopyStarted, TransferPlan } from '../events/types.ts';
import type { Environment } from './environment.ts';
import { findPartition, snapshotIn } from './state.ts';
import { underRegionOutages } from './region-outage.ts';
import type { ClusterRecord, Partition, SnapshotCopyConfig, SnapshotRecord, State } from './types.ts';

/**
 * The event that copies backup `snap` of cluster `c` (partition `p`) into its destination region
 * as it completes now: a `SnapshotCopyStarted` of the same identifier, type and cluster, kept for
 * the copy retention of its type; or a `SnapshotCopySkipped` when a snapshot of that identifier is
 * already there, or when a manual copy would exceed the destination's manual snapshot quota. The
 * first copy after copy was enabled moves the whole snapshot, later ones its increment; an outage
 * of either region stalls or fails it.
 */
export function regionCopyOf(s: State, p: Partition, c: ClusterRecord & { copy: SnapshotCopyConfig }, snap: SnapshotRecord, env: Environment): SnapshotCopyStarted | SnapshotCopySkipped {
  const copy = c.copy;
  const ref = { account: p.account, region: copy.destinationRegion, id: snap.id };
  const source = { account: p.account, region: p.region, id: snap.id };
  const dest = findPartition(s, p.account, copy.destinationRegion);
  if (dest !== undefined && snapshotIn(dest, snap.id) !== undefined) return { type: 'SnapshotCopySkipped', ref, source, reason: 'exists' };
  if (snap.type === 'manual' && (dest?.manual.size ?? 0) >= s.config.quotas.manualSnapshots) return { type: 'SnapshotCopySkipped', ref, source, reason: 'quota' };
  const sizeMb = copy.copiedOnce ? snap.incrementalMb : snap.totalMb;
  const { plan } = env.planTransfer({ kind: 'copy', ref, createTime: env.now, sizeMb, fromRegion: p.region, toRegion: copy.destinationRegion });
  const grant = copy.grantName === null ? undefined : dest?.copyGrants.get(copy.grantName);
  const started: SnapshotCopyStarted = {
    type: 'SnapshotCopyStarted', ref, source, snapshotType: snap.type, createTime: snap.createTime, totalMb: snap.totalMb, incrementalMb: sizeMb,
    plan: underRegionOutages(s, waitFirst(plan, (env.now - snap.createTime) / 1000), ref, snap.createTime, env.now, [p.region, copy.destinationRegion], env),
    retention: snap.type === 'automated' ? copy.retention : copy.manualRetention,
  };
  return snap.profile.kmsKeyId !== undefined && grant !== undefined ? { ...started, kmsKeyId: grant.kmsKeyId } : started;
}

/** `plan` begun `seconds` later: a first segment of no progress, every breakpoint after it shifted. */
function waitFirst(plan: TransferPlan, seconds: number): TransferPlan {
  if (seconds <= 0) return plan;
  const points = [0, 0];
  for (let i = 0; i < plan.points.length; i += 2) points.push(plan.points[i]! + seconds, plan.points[i + 1]!);
  return { points, knownAt: plan.knownAt + seconds, outcome: plan.outcome };
}
