/** The one way a backup of a cluster starts: sizes from the workload, a plan from the environment. */
import type { Ref, SnapshotCreated } from '../events/types.ts';
import type { Environment } from './environment.ts';
import type { ClusterRecord, State, Tag } from './types.ts';
import { underRegionOutages } from './region-outage.ts';
import { incrementalMbAt, totalMbAt } from './workload.ts';

/**
 * The `SnapshotCreated` event of a backup of cluster `c` starting now: total and incremental
 * sizes at this instant, and the drawn transfer plan (with any injected outage). A backup draws an
 * outage only when it has the cluster to itself; one started while an outage is pending stalls
 * through it (see `BackupRequest.outage`); a final snapshot meets none (deleting the cluster calls
 * off its outage). Scheduled outages of its region (`s.regionOutages`) stall or fail it too.
 */
export function backupStarted(s: State, c: ClusterRecord, ref: Ref, kind: 'manual' | 'automated' | 'final', retention: number, tags: readonly Tag[], env: Environment): SnapshotCreated {
  const now = env.now;
  const totalMb = totalMbAt(c, now);
  const incrementalMb = incrementalMbAt(c, now, totalMb);
  const automatedIndex = kind === 'automated' ? c.autoTaken : null;
  // a final snapshot's cluster is going away: it calls off any pending outage and draws none
  const pending = kind !== 'final' && c.outage !== null && c.outage[1] > now ? c.outage : null;
  const meets = pending ?? (kind === 'final' || c.backupsInFlight > 0 ? 'none' : 'draw');
  const drawn = env.planTransfer({ kind: 'backup', ref, createTime: now, sizeMb: incrementalMb, profile: c.profile, automatedIndex, outage: meets });
  const outage = drawn.outage;
  // the cluster's outage it stalls through (drawn now, or pending) stays where it is under region outages
  const plan = s.regionOutages.length === 0 ? drawn.plan : underRegionOutages(s, drawn.plan, ref, now, now, [ref.region], env, outage ?? pending ?? undefined);
  const event: SnapshotCreated = { type: 'SnapshotCreated', ref, clusterId: c.id, kind, createTime: now, totalMb, incrementalMb, plan, retention, tags };
  return outage ? { ...event, outage } : event;
}
