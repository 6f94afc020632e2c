/**
 * The backup model (design.md): seeded workloads, sizing delays, transfer rates by node type and
 * count with seeded variation, and injected faults, producing each backup's piecewise linear
 * {@link TransferPlan}. Everything is drawn from keyed streams, so it is deterministic per seed.
 */
import type { BackupPlan, BackupRequest, Environment } from '../model/environment.ts';
import type { SimConfig } from '../events/config.ts';
import type { ClusterProfile, Workload } from '../model/types.ts';
import type { Ref } from '../events/types.ts';
import { happens, stream, windowedStream, within, type Stream, type WindowedStream } from './random.ts';


/** Number of rate segments a transfer is split into. */
const SEGMENTS = 6;

/** Transfer rate of a cluster, MB/s, before variation. */
export function baseRate(config: SimConfig, nodeType: string, nodes: number): number {
  return (config.rates[nodeType] ?? config.rates['dc2.large'] ?? 10) * nodes;
}

/** Draws a cluster's workload: initial data from node capacity × fill, hourly change. */
export function drawWorkload(config: SimConfig, seed: number, ref: Ref, nodeType: string, nodes: number, at: number): Workload {
  const s = stream(seed, 'workload', ref.account, ref.region, ref.id, at);
  const capacity = (config.nodeCapacityMb[nodeType] ?? 160_000) * nodes;
  const baseMb = Math.round(capacity * s.between(...config.timings.initialFill));
  const changeMbPerHour = Math.round(baseMb * s.between(...config.timings.hourlyChange) * 10) / 10;
  return { baseMb, changeMbPerHour, growthShare: Math.round(s.between(0.2, 0.6) * 100) / 100 };
}

/**
 * Numbers a backup plan draws, always all of them (so a plan is a fixed window of a stream), in
 * this order: the sizing delay, three fault decisions (each also picks its segment), the outage
 * length and outcome, and a rate per segment.
 */
export const PLAN_DRAWS = 6 + SEGMENTS;

/** Scratch for a plan's uniform draws, taken in one {@link Stream.fill}. */
const DRAWS = new Float64Array(PLAN_DRAWS);

/**
 * Scratch for a plan's breakpoints: the sizing phase, every segment and an outage (two when it
 * splits a segment) at most. A plan
 * copies out the ones it has, so its array is allocated once, at its size (pushing onto a literal
 * grew and copied it twice).
 */
const POINTS: number[] = Array.from({ length: 2 * (SEGMENTS + 4) }, () => 0.5);

/**
 * The segment in [from, SEGMENTS) a fault of probability `p` strikes, or -1, from one uniform `u`:
 * below `p` it strikes, and then u / p is uniform in [0, 1) and picks the segment.
 */
const faultAt = (u: number, p: number, from: number) => (u < p ? Math.floor(from + (SEGMENTS - from) * (u / p)) : -1);

/**
 * Draws a backup's plan from `s` (exactly {@link PLAN_DRAWS} numbers): a sizing phase at rate 0,
 * then the incremental data in {@link SEGMENTS} equal parts at seeded rates; faults may throttle
 * a part, stall it during a cluster outage (then resume or fail), or fail it part-way.
 */
export function drawPlan(config: SimConfig, s: Stream, req: BackupRequest): BackupPlan {
  const { faults, timings } = config;
  const u = DRAWS;
  s.fill(u);
  const sizing = Math.round(within(timings.sizingSeconds[0], timings.sizingSeconds[1], u[0]!));
  const rate = baseRate(config, req.profile.nodeType, req.profile.numberOfNodes);
  const size = req.incrementalMb;
  const failAt = faultAt(u[1]!, faults.backupFailure, 1);
  const throttled = faultAt(u[2]!, faults.throttle, 0);
  const outageAt = req.outage === 'draw' ? faultAt(u[3]!, faults.clusterOutage, 1) : -1;
  const outageSec = Math.round(within(faults.outageSeconds[0], faults.outageSeconds[1], u[4]!));
  const outageFails = happens(faults.outageFailureShare, u[5]!);

  const points = POINTS;
  points[0] = 0;
  points[1] = 0;
  points[2] = sizing;
  points[3] = 0;
  let n = 4;
  let t = sizing;
  let done = 0;
  let outcome: 'available' | 'failed' = 'available';
  let outage: [number, number] | undefined;
  for (let i = 0; i < SEGMENTS; i++) {
    if (i === failAt) {
      outcome = 'failed';
      break;
    }
    if (i === outageAt) {
      outage = [req.createTime + t * 1000, req.createTime + (t + outageSec) * 1000];
      t += outageSec;
      points[n++] = t;
      points[n++] = done;
      if (outageFails) {
        outcome = 'failed';
        break;
      }
    }
    const part = size / SEGMENTS;
    const r = rate * within(timings.rateVariation[0], timings.rateVariation[1], u[6 + i]!) * (i === throttled ? faults.throttleFactor : 1);
    t += Math.max(1, Math.round(part / r));
    done = i === SEGMENTS - 1 ? size : Math.round((done + part) * 1000) / 1000;
    points[n++] = t;
    points[n++] = done;
  }
  let knownAt = sizing;
  if (typeof req.outage === 'object') {
    const from = Math.max(0, (req.outage[0] - req.createTime) / 1000);
    const to = (req.outage[1] - req.createTime) / 1000;
    const stalled = stallThrough(points, n, from, to, outageFails);
    n = stalled.n;
    if (stalled.failed) outcome = 'failed';
    if (from < sizing) knownAt += to - from; // an outage during sizing delays the sizes too
  }
  const plan = { points: points.slice(0, n), knownAt, outcome };
  return outage ? { plan, outage } : { plan };
}

/**
 * Stalls the plan whose `n` breakpoint numbers are in `points` through an outage of its cluster
 * from `from` to `to` (seconds after the backup's start): progress holds there, then the transfer
 * resumes (every later breakpoint moves by the outage's length) or, if `fails`, ends failed when
 * the outage ends. A plan that ends before the outage begins is left as it is. Returns the new
 * number of breakpoint numbers and whether the outage failed the backup.
 */
function stallThrough(points: number[], n: number, from: number, to: number, fails: boolean): { n: number; failed: boolean } {
  if (from >= points[n - 2]!) return { n, failed: false };
  let k = 2; // the first breakpoint after `from`
  while (points[k]! <= from) k += 2;
  const t0 = points[k - 2]!;
  const d0 = points[k - 1]!;
  const doneAt = Math.round((d0 + ((points[k + 1]! - d0) * (from - t0)) / (points[k]! - t0)) * 1000) / 1000;
  const later = points.slice(k, n);
  let m = k;
  if (from > t0) {
    points[m++] = from;
    points[m++] = doneAt;
  }
  points[m++] = to;
  points[m++] = doneAt;
  if (fails) return { n: m, failed: true };
  for (let i = 0; i < later.length; i += 2) {
    points[m++] = later[i]! + (to - from);
    points[m++] = later[i + 1]!;
  }
  return { n: m, failed: false };
}

/**
 * The {@link Environment} of a simulation: one object per simulator whose `now` the simulator
 * moves; methods draw from keyed streams, so calling them allocates no closures.
 */
export class SimEnvironment implements Environment {
  now: number;
  /** Each cluster's automated-backup stream, by the cluster's profile (a cache: figures depend only on the keys). */
  private readonly automated = new WeakMap<ClusterProfile, WindowedStream>();
  constructor(
    readonly config: SimConfig,
    private readonly seed: number,
    now: number,
  ) {
    this.now = now;
  }
  workload(ref: Ref, nodeType: string, nodes: number, at: number): Workload {
    return drawWorkload(this.config, this.seed, ref, nodeType, nodes, at);
  }
  clusterCreateMs(ref: Ref, at: number): number {
    return Math.round(stream(this.seed, 'cluster-create', ref.account, ref.region, ref.id, at).between(...this.config.timings.clusterCreateSeconds)) * 1000;
  }
  clusterDeleteMs(ref: Ref, at: number): number {
    return Math.round(stream(this.seed, 'cluster-delete', ref.account, ref.region, ref.id, at).between(...this.config.timings.clusterDeleteSeconds)) * 1000;
  }
  availabilityZone(ref: Ref, at: number): string {
    return `${ref.region}${'abcd'[Math.floor(stream(this.seed, 'az', ref.account, ref.region, ref.id, at).next() * 4)]}`;
  }
  planBackup(req: BackupRequest): BackupPlan {
    const s =
      req.automatedIndex === null
        ? stream(this.seed, 'backup', req.ref.account, req.ref.region, req.ref.id, req.createTime)
        : this.automatedBackups(req).window(req.automatedIndex, PLAN_DRAWS);
    return drawPlan(this.config, s, req);
  }

  /** The automated-backup stream of the request's cluster (one per cluster incarnation, found by its profile). */
  private automatedBackups(req: BackupRequest): WindowedStream {
    let w = this.automated.get(req.profile);
    if (w === undefined) {
      w = windowedStream(this.seed, 'automated-backups', req.ref.account, req.ref.region, req.profile.clusterId, req.profile.clusterCreateTime);
      this.automated.set(req.profile, w);
    }
    return w;
  }
}
