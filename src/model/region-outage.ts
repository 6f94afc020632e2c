/**
 * Region outages (fault injection): a region down for a virtual interval. Its requests are
 * refused (the simulator asks {@link regionDown}), and every transfer in or out of it that runs
 * into the interval stalls through it or fails when it begins ({@link underRegionOutages} for a
 * transfer about to start, {@link replansForOutage} for those already running). Pure.
 */
import type { DomainEvent, RegionOutage, Ref, TransferPlan } from '../events/types.ts';
import type { Environment } from './environment.ts';
import { planSeconds } from './progress.ts';
import { failPlanAt, stallAlso, stallPlan, type StallWindow } from './stall.ts';
import { livingCluster } from './records.ts';
import { NEVER, type Partition, type SnapshotRecord, type State } from './types.ts';

/** The outage of `region` under way at `now`, if any. */
export function regionDown(s: State, region: string, now: number): RegionOutage | undefined {
  for (const o of s.regionOutages) if (o.region === region && o.from <= now && now < o.to) return o;
  return undefined;
}

/**
 * `plan` (of a transfer started at `createTime`) as it meets an outage from `from` to `to` (epoch
 * ms): unchanged when the transfer has ended by `from` or the outage is over by its start; else
 * failed at `from` (`fails()`, asked only then) with the progress made by then, or stalled: no
 * progress from `from` to `to`, every later breakpoint (and the time sizes are known, if later)
 * moved on by the outage's length.
 */
export function meetOutage(plan: TransferPlan, createTime: number, from: number, to: number, fails: () => boolean): TransferPlan {
  const f = Math.max(0, (from - createTime) / 1000);
  if (planSeconds(plan) <= f || to <= Math.max(from, createTime)) return plan;
  return fails() ? failPlanAt(plan, createTime, from) : stallPlan(plan, createTime, from, to);
}

/**
 * `plan` of the transfer `ref` (started at `createTime`, in or between `regions`) under every
 * scheduled outage of those regions still to come at `notBefore` (when it starts moving data: a
 * copy's plan begins with a wait for its source). The outages are taken in time order, each from
 * where the ones before it end (overlapping ones stall it through their union, not the sum of their
 * lengths); each it meets draws, once, whether it fails the transfer. A backup's plan that stalls
 * through its cluster's outage (`clusterOutage`, epoch ms) keeps that stall where it is.
 */
export function underRegionOutages(s: State, plan: TransferPlan, ref: Ref, createTime: number, notBefore: number, regions: readonly string[], env: Environment, clusterOutage?: readonly [number, number]): TransferPlan {
  const outages = s.regionOutages;
  const met: number[] = [];
  for (let i = 0; i < outages.length; i++) if (outages[i]!.to > notBefore && regions.includes(outages[i]!.region)) met.push(i);
  met.sort((a, b) => outages[a]!.from - outages[b]!.from || a - b);
  const cluster = clusterOutage === undefined ? undefined : { from: clusterOutage[0], to: clusterOutage[1] };
  const held: StallWindow[] = [];
  let covered = notBefore;
  for (const i of met) {
    const o = outages[i]!;
    const from = Math.max(o.from, covered);
    if (from >= o.to) continue; // within outages already taken
    const fails = () => env.outageFails(ref, i, o.failure);
    plan = cluster === undefined ? meetOutage(plan, createTime, from, o.to, fails) : meetHolding(plan, createTime, held, { from, to: o.to }, cluster, fails);
    held.push({ from, to: o.to });
    covered = o.to;
  }
  return plan;
}

/**
 * {@link meetOutage} for a plan that stalls through `held` windows already, and through its
 * cluster's outage `cluster` if any, all of which stay where they are ({@link stallAlso}).
 */
function meetHolding(plan: TransferPlan, createTime: number, held: readonly StallWindow[], outage: StallWindow, cluster: StallWindow | undefined, fails: () => boolean): TransferPlan {
  if (planSeconds(plan) <= Math.max(0, (outage.from - createTime) / 1000) || outage.to <= Math.max(outage.from, createTime)) return plan;
  return fails() ? failPlanAt(plan, createTime, outage.from) : stallAlso(plan, createTime, held, outage, cluster && { was: cluster, now: cluster });
}

/**
 * The windows running transfer `snap` (of partition `p`) stalls through that a new stall must
 * leave where they are: the scheduled outages of its regions but number `except`, and for a backup
 * the reboot of its cluster under way (from `now`); and apart, a backup's cluster outage window
 * when it meets it (drawn by it, or pending when it started).
 */
export function heldWindows(s: State, p: Partition, snap: SnapshotRecord, now: number, except: number): { held: StallWindow[]; cluster: StallWindow | undefined } {
  const regions = regionsOf(snap);
  const held: StallWindow[] = s.regionOutages.filter((o, j) => j !== except && regions.includes(o.region));
  const c = snap.source === null && snap.sourceRegion === null ? livingCluster(p, snap) : undefined;
  if (c?.status === 'rebooting' && c.dueAt !== NEVER && c.dueAt > now) held.push({ from: now, to: c.dueAt });
  const cluster = c?.outage && snap.createTime < c.outage[1] ? { from: c.outage[0], to: c.outage[1] } : undefined;
  return { held, cluster };
}

/**
 * Where outage number `index` (from `from` on) begins to matter for a transfer in or between
 * `regions`: after the other outages of those regions that cover `from` (their stalls are in its
 * plan already), so overlapping outages stall it through their union.
 */
function uncoveredFrom(s: State, index: number, from: number, regions: readonly string[]): number {
  let start = from;
  for (let moved = true; moved; ) {
    moved = false;
    s.regionOutages.forEach((o, j) => {
      if (j !== index && regions.includes(o.region) && o.from <= start && start < o.to) {
        start = o.to;
        moved = true;
      }
    });
  }
  return start;
}

/** The regions a running transfer of `snap` moves data in or between. */
const regionsOf = (snap: SnapshotRecord): readonly string[] => (snap.sourceRegion === null ? [snap.region] : [snap.sourceRegion, snap.region]);

/**
 * The events of outage number `index` (scheduled now, `env.now`): for each transfer running in or
 * out of its region that runs into it, the plan it now has.
 */
export function replansForOutage(s: State, outage: RegionOutage, index: number, env: Environment): DomainEvent[] {
  const events: DomainEvent[] = [];
  const from = Math.max(outage.from, env.now);
  for (const p of s.partitions.values()) {
    const touched = (snap: SnapshotRecord) => snap.plan !== null && regionsOf(snap).includes(outage.region);
    const replan = (snap: SnapshotRecord) => {
      const ref = { account: p.account, region: p.region, id: snap.id };
      const regions = regionsOf(snap);
      const start = uncoveredFrom(s, index, from, regions);
      if (start >= outage.to) return;
      const { held, cluster } = heldWindows(s, p, snap, env.now, index);
      const fails = () => env.outageFails(ref, index, outage.failure);
      // with no other stall ahead a plain stall does (the same plan, as logs before held windows had)
      const plan =
        held.every((w) => w.to <= start) && (cluster === undefined || cluster.to <= start)
          ? meetOutage(snap.plan!, snap.createTime, start, outage.to, fails)
          : meetHolding(snap.plan!, snap.createTime, held, { from: start, to: outage.to }, cluster, fails);
      if (plan !== snap.plan) events.push({ type: 'SnapshotTransferReplanned', ref, plan });
    };
    for (const snap of p.manual.values()) if (touched(snap)) replan(snap);
    for (const c of p.clusters.values()) for (const snap of c.automated) if (touched(snap)) replan(snap);
    for (const copied of p.copiedAutomated.values()) for (const snap of copied.snaps) if (touched(snap)) replan(snap);
  }
  return events;
}
