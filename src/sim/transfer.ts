/**
 * The transfer model (docs/backup-model.md): every transfer — a backup, a restore, a
 * cross-region copy, a table restore — moves N MB in segments at a seeded rate from its kind's
 * table, after a sizing phase, with injected faults, as one piecewise linear {@link TransferPlan}.
 * Each kind draws from keyed streams of its own purpose, so it is deterministic per seed.
 */
import type { Faults, SimConfig } from '../events/config.ts';
import type { TransferKind, TransferOutcome, TransferRequest } from '../model/environment.ts';
import { happens, within, type Stream } from './random.ts';

/** Number of rate segments a transfer is split into. */
const SEGMENTS = 6;

/** The random-stream purpose of each kind of transfer (a backup's is kept from before there were others). */
export const TRANSFER_PURPOSE: Readonly<Record<TransferKind, string>> = {
  backup: 'backup',
  restore: 'restore',
  copy: 'cross-region-copy',
  'table-restore': 'table-restore',
};

/** A per-node rate of `table` for `nodeType` (dc2.large's, else 10 MB/s, for a type the table lacks), times `nodes`. */
const perNode = (table: Readonly<Record<string, number>>, nodeType: string, nodes: number): number => (table[nodeType] ?? table['dc2.large'] ?? 10) * nodes;

/** Transfer rate of a request, MB/s, before variation: from its kind's table in the configuration. */
export function transferRate(config: SimConfig, req: TransferRequest): number {
  switch (req.kind) {
    case 'backup':
      return perNode(config.rates, req.profile.nodeType, req.profile.numberOfNodes);
    case 'restore':
      return perNode(config.restoreRates, req.nodeType, req.numberOfNodes);
    case 'table-restore':
      return perNode(config.tableRestoreRates, req.nodeType, req.numberOfNodes);
    case 'copy':
      return copyRate(config, req.fromRegion, req.toRegion);
  }
}

/** Each configuration's copy rates by source, then destination region (so no key is built per copy). */
const copyRateCache = new WeakMap<SimConfig, Map<string, Map<string, number>>>();

/** The copy rate of a region pair: `copyRates["<from>><to>"]`, else `copyRates.default`. */
function copyRate(config: SimConfig, from: string, to: string): number {
  let byFrom = copyRateCache.get(config);
  if (byFrom === undefined) copyRateCache.set(config, (byFrom = new Map()));
  let byTo = byFrom.get(from);
  if (byTo === undefined) byFrom.set(from, (byTo = new Map()));
  let rate = byTo.get(to);
  if (rate === undefined) byTo.set(to, (rate = config.copyRates[`${from}>${to}`] ?? config.copyRates.default));
  return rate;
}

/** The probability that a transfer of `kind` fails part-way. */
export function failureRate(faults: Faults, kind: TransferKind): number {
  switch (kind) {
    case 'backup':
      return faults.backupFailure;
    case 'restore':
      return faults.restoreFailure;
    case 'table-restore':
      return faults.tableRestoreFailure;
    case 'copy':
      return faults.copyFailure;
  }
}

/**
 * Numbers a transfer plan draws, always all of them (so a plan is a fixed window of a stream), in
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
const POINTS: number[] = Array.from({ length: 2 * (SEGMENTS + 5) }, () => 0.5);

/**
 * The segment in [from, SEGMENTS) a fault of probability `p` strikes, or -1, from one uniform `u`:
 * below `p` it strikes, and then u / p is uniform in [0, 1) and picks the segment.
 */
const faultAt = (u: number, p: number, from: number) => (u < p ? Math.floor(from + (SEGMENTS - from) * (u / p)) : -1);

/**
 * Draws a transfer's plan from `s` (exactly {@link PLAN_DRAWS} numbers): a sizing phase at rate 0,
 * then the data in {@link SEGMENTS} equal parts at seeded rates; faults may throttle a part, fail
 * it part-way, or (a backup's) stall it during a cluster outage (then resume or fail).
 */
export function drawPlan(config: SimConfig, s: Stream, req: TransferRequest): TransferOutcome {
  const { faults, timings } = config;
  const u = DRAWS;
  s.fill(u);
  const sizing = Math.round(within(timings.sizingSeconds[0], timings.sizingSeconds[1], u[0]!));
  const rate = transferRate(config, req);
  const size = req.sizeMb;
  const failAt = faultAt(u[1]!, failureRate(faults, req.kind), 1);
  const throttled = faultAt(u[2]!, faults.throttle, 0);
  const meets = req.kind === 'backup' ? req.outage : 'none';
  const outageAt = meets === 'draw' ? faultAt(u[3]!, faults.clusterOutage, 1) : -1;
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
  if (typeof meets === 'object') {
    const from = Math.max(0, (meets[0] - req.createTime) / 1000);
    const to = (meets[1] - req.createTime) / 1000;
    const stalled = stallThrough(points, n, from, to, outageFails);
    n = stalled.n;
    if (stalled.failed) outcome = 'failed';
    if (from < sizing) knownAt += to - from; // an outage during sizing delays the sizes too
  }
  if (req.kind === 'copy' && req.waitSeconds > 0) {
    n = afterWait(points, n, req.waitSeconds);
    knownAt += req.waitSeconds;
  }
  const plan = { points: points.slice(0, n), knownAt, outcome };
  return outage ? { plan, outage } : { plan };
}

/**
 * Moves the plan of the `n` breakpoint numbers in `points` (in place) to begin `wait` seconds
 * later: no progress until then, every breakpoint after it moved on. Returns the new count.
 */
function afterWait(points: number[], n: number, wait: number): number {
  for (let i = n - 2; i >= 0; i -= 2) {
    points[i + 3] = points[i + 1]!;
    points[i + 2] = points[i]! + wait;
  }
  points[0] = 0;
  points[1] = 0;
  return n + 2;
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
