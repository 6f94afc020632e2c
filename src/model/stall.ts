/**
 * Re-planning a running transfer that stalls or fails part-way: its cluster reboots
 * (RebootCluster), its region goes down (region outages). Pure functions over a {@link TransferPlan}.
 */
import type { TransferPlan } from './types.ts';

/** `x` rounded up to 3 decimals, at most `cap` (the next breakpoint's progress, itself 3 decimals). */
const roundUp3 = (x: number, cap: number): number => Math.min(Math.ceil(x * 1000) / 1000, cap);

/**
 * The plan of a transfer that started at `createTime` (epoch ms), stalled from `from` to `to`
 * (epoch ms): progress holds at what it was at `from` until `to`, then the transfer goes on as
 * planned, every later breakpoint moved later by the stall's length. The sizes become known that
 * much later too when `from` falls in the sizing phase (before `knownAt`). A stall that starts
 * before the transfer counts from its start; a plan already ended by `from` (or an empty stall) is
 * returned as it is. Progress at `from` is rounded up to 3 decimals (as plans' breakpoints are;
 * never past the next breakpoint's), so what was read off the plan it replaces before the stall is
 * never more than the stalled plan shows at the same time or later: progress never goes back.
 */
export function stallPlan(plan: TransferPlan, createTime: number, from: number, to: number): TransferPlan {
  const start = Math.max(from, createTime);
  const f = (start - createTime) / 1000;
  const d = (to - start) / 1000;
  const p = plan.points;
  const n = p.length;
  if (d <= 0 || f >= p[n - 2]!) return plan;
  let k = 2; // the first breakpoint after f
  while (p[k]! <= f) k += 2;
  const t0 = p[k - 2]!;
  const d0 = p[k - 1]!;
  const doneAt = roundUp3(d0 + ((p[k + 1]! - d0) * (f - t0)) / (p[k]! - t0), p[k + 1]!);
  const points = p.slice(0, k);
  if (f > t0) points.push(f, doneAt);
  points.push(f + d, doneAt);
  for (let i = k; i < n; i += 2) points.push(p[i]! + d, p[i + 1]!);
  return { points, knownAt: plan.knownAt > f ? plan.knownAt + d : plan.knownAt, outcome: plan.outcome };
}

/**
 * The plan of a transfer that started at `createTime` (epoch ms), failed at `at` (epoch ms): its
 * breakpoints up to then, ending with the progress made by then (rounded up to 3 decimals, as
 * breakpoints are, so it is never less than was read before), outcome `failed`. A failure before
 * the transfer started fails it at its start.
 */
export function failPlanAt(plan: TransferPlan, createTime: number, at: number): TransferPlan {
  const f = Math.max(0, (at - createTime) / 1000);
  const p = plan.points;
  const points: number[] = [];
  let k = 0;
  for (; k < p.length && p[k]! < f; k += 2) points.push(p[k]!, p[k + 1]!);
  const done = k === 0 ? p[1]! : k >= p.length ? p[p.length - 1]! : roundUp3(p[k - 1]! + ((p[k + 1]! - p[k - 1]!) * (f - p[k - 2]!)) / (p[k]! - p[k - 2]!), p[k + 1]!);
  points.push(f, done);
  return { points, knownAt: Math.min(plan.knownAt, f), outcome: 'failed' };
}
