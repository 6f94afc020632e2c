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

/** Seconds after `createTime` (epoch ms) of the parts of `windows` (epoch ms) after it: sorted, overlaps merged. */
export function relativeUnion(windows: readonly { readonly from: number; readonly to: number }[], createTime: number): [number, number][] {
  const parts = windows
    .map((w): [number, number] => [Math.max(0, (w.from - createTime) / 1000), (w.to - createTime) / 1000])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [s, e] of parts) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Seconds of `union` (sorted, merged) before `t`. */
const coveredBefore = (union: readonly (readonly [number, number])[], t: number): number => {
  let covered = 0;
  for (const [s, e] of union) if (s < t) covered += Math.min(e, t) - s;
  return covered;
};

/**
 * `plan` laid again on stalls through `after` instead of `before` (each a sorted, merged union of
 * seconds after the transfer's start, `before` the stalls the plan has): the transfer's own course
 * (its progress against the time it was not stalled) kept, every stall at its own time. So an
 * outage that begins before another one the plan stalls through moves what comes between them,
 * not that other stall. Progress where a new stall begins is rounded up to 3 decimals, never past
 * the next breakpoint's (see {@link stallPlan}).
 */
export function relayPlan(plan: TransferPlan, before: readonly (readonly [number, number])[], after: readonly (readonly [number, number])[]): TransferPlan {
  const p = plan.points;
  // the course: progress against the time not stalled
  const course: number[] = [];
  for (let i = 0; i < p.length; i += 2) {
    const a = p[i]! - coveredBefore(before, p[i]!);
    const n = course.length;
    if (n >= 2 && course[n - 2] === a && course[n - 1] === p[i + 1]) continue;
    course.push(a, p[i + 1]!);
  }
  const out: number[] = [];
  const push = (t: number, d: number) => {
    const n = out.length;
    if (n < 2 || out[n - 2] !== t || out[n - 1] !== d) out.push(t, d);
  };
  let shift = 0;
  let k = 0;
  for (let i = 0; i < course.length; i += 2) {
    const a = course[i]!;
    const d = course[i + 1]!;
    for (; k < after.length && after[k]![0] - shift < a; k++) {
      const [s, e] = after[k]!;
      const at = s - shift;
      const pa = course[i - 2]!;
      const pd = course[i - 1]!;
      const done = roundUp3(pd + ((d - pd) * (at - pa)) / (a - pa), d);
      push(s, done);
      push(e, done);
      shift += e - s;
    }
    push(a + shift, d);
  }
  // the sizes are known after the same time not stalled, at its earliest instant
  const knownCourse = plan.knownAt - coveredBefore(before, plan.knownAt);
  let knownShift = 0;
  for (const [s, e] of after) {
    if (s - knownShift >= knownCourse) break;
    knownShift += e - s;
  }
  return { points: out, knownAt: knownCourse + knownShift, outcome: plan.outcome };
}

/** A window of epoch-ms time during which a transfer makes no progress. */
export interface StallWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * `plan` (of a transfer started at `createTime`, epoch ms) stalled through `added` as well as
 * through `held`, the windows it stalls through already, which stay where they are: laid again on
 * their union ({@link relayPlan}), its own course kept. A backup's stall for its cluster's outage
 * goes from `cluster.was` to `cluster.now` (the same window, unless a reboot moves the outage). A
 * plan a held region outage failed still fails at that outage's beginning; one its cluster's
 * outage failed still fails when that outage ends, with the progress made by then.
 */
export function stallAlso(plan: TransferPlan, createTime: number, held: readonly StallWindow[], added: StallWindow, cluster?: { readonly was: StallWindow; readonly now: StallWindow }): TransferPlan {
  const before = relativeUnion(cluster ? [...held, cluster.was] : held, createTime);
  const relaid = relayPlan(plan, before, relativeUnion(cluster ? [...held, cluster.now, added] : [...held, added], createTime));
  if (plan.outcome !== 'failed') return relaid;
  const end = plan.points[plan.points.length - 2]!;
  if (cluster && end === (cluster.was.to - createTime) / 1000) return failPlanAt({ ...relaid, outcome: 'available' }, createTime, cluster.now.to);
  const failedBy = before.find(([b]) => b === end);
  return failedBy === undefined ? relaid : failPlanAt({ ...relaid, outcome: 'available' }, createTime, createTime + failedBy[0] * 1000);
}
