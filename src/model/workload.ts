/**
 * Closed-form workload arithmetic: how much data a cluster holds and has changed at a time, and
 * when its next automated snapshot is due (AWS: every 8 hours or after 5 GB per node of change,
 * at least 15 minutes apart).
 */
import type { Timings } from '../events/config.ts';
import { NEVER, NOT_YET, type ClusterRecord } from './types.ts';
import { nextInvocation } from './schedule-definitions.ts';

const HOUR = 3_600_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** MB changed on the cluster from its creation until `t`. */
export const changedMb = (c: ClusterRecord, t: number): number =>
  (c.workload.changeMbPerHour * Math.max(0, t - c.profile.clusterCreateTime)) / HOUR;

/** Total MB the cluster holds at `t`. */
export const totalMbAt = (c: ClusterRecord, t: number): number => round1(c.workload.baseMb + c.workload.growthShare * changedMb(c, t));

/**
 * Incremental MB of a backup starting at `t`: changes since the last completed backup, or
 * everything. `total` is {@link totalMbAt} at `t`, when the caller has it already.
 */
export function incrementalMbAt(c: ClusterRecord, t: number, total = totalMbAt(c, t)): number {
  if (c.lastBackupStart === NOT_YET) return total;
  return Math.min(total, Math.max(1, round1(changedMb(c, t) - changedMb(c, c.lastBackupStart))));
}

/** When the next automated snapshot after one started at `from` is due, or {@link NEVER} when disabled. */
export function nextAutomatedAt(c: ClusterRecord, from: number, timings: Timings): number {
  if (c.automatedRetention === 0) return NEVER;
  const byTime = from + timings.automatedEveryHours * HOUR;
  const rate = c.workload.changeMbPerHour;
  const byChange = rate > 0 ? from + ((timings.automatedAfterMbPerNode * c.profile.numberOfNodes) / rate) * HOUR : byTime;
  return Math.ceil(Math.max(from + timings.automatedMinMinutes * 60_000, Math.min(byTime, byChange)));
}

/**
 * When the next automated snapshot after `from` is due under the policy cluster `c` follows: the
 * first invocation of its schedule strictly after `from` when it follows one (an `ACTIVE`
 * association, or a `MODIFYING` one still following its previous definitions), else the default
 * policy ({@link nextAutomatedAt}); {@link NEVER} when automated snapshots are off.
 */
export function nextAutoFor(c: ClusterRecord, from: number, timings: Timings): number {
  if (c.automatedRetention === 0) return NEVER;
  const follows = c.schedule?.follows;
  if (follows == null) return nextAutomatedAt(c, from, timings);
  const next = nextInvocation(follows, from);
  return next === Infinity ? NEVER : next;
}
