/**
 * The backup model (design.md): seeded workloads, sizing delays, transfer rates by node type and
 * count with seeded variation, and injected faults, producing each backup's piecewise linear
 * {@link TransferPlan}. Everything is drawn from keyed streams, so it is deterministic per seed.
 */
import type { BackupPlan, BackupRequest, Environment } from '../model/environment.ts';
import type { SimConfig } from '../model/config.ts';
import type { Workload } from '../model/types.ts';
import type { Ref } from '../events/types.ts';
import { stream } from './random.ts';


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
 * Draws a backup's plan: a sizing phase at rate 0, then the incremental data in {@link SEGMENTS}
 * equal parts at seeded rates; faults may throttle a part, stall it during a cluster outage
 * (then resume or fail), or fail it part-way.
 */
export function drawPlan(config: SimConfig, seed: number, req: BackupRequest): BackupPlan {
  const s = stream(seed, 'backup', req.ref.account, req.ref.region, req.ref.id, req.createTime);
  const { faults, timings } = config;
  const sizing = Math.round(s.between(timings.sizingSeconds[0], timings.sizingSeconds[1]));
  const rate = baseRate(config, req.profile.nodeType, req.profile.numberOfNodes);
  const size = req.incrementalMb;
  const failAt = s.chance(faults.backupFailure) ? Math.floor(s.between(1, SEGMENTS)) : -1;
  const throttled = s.chance(faults.throttle) ? Math.floor(s.between(0, SEGMENTS)) : -1;
  const outageAt = s.chance(faults.clusterOutage) ? Math.floor(s.between(1, SEGMENTS)) : -1;
  const outageSec = Math.round(s.between(faults.outageSeconds[0], faults.outageSeconds[1]));
  const outageFails = s.chance(faults.outageFailureShare);

  const points: number[] = [0, 0, sizing, 0];
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
      points.push(t, done);
      if (outageFails) {
        outcome = 'failed';
        break;
      }
    }
    const part = size / SEGMENTS;
    const r = rate * s.between(timings.rateVariation[0], timings.rateVariation[1]) * (i === throttled ? faults.throttleFactor : 1);
    t += Math.max(1, Math.round(part / r));
    done = i === SEGMENTS - 1 ? size : Math.round((done + part) * 1000) / 1000;
    points.push(t, done);
  }
  return outage ? { plan: { points, knownAt: sizing, outcome }, outage } : { plan: { points, knownAt: sizing, outcome } };
}

/**
 * The {@link Environment} of a simulation: one object per simulator whose `now` the simulator
 * moves; methods draw from keyed streams, so calling them allocates no closures.
 */
export class SimEnvironment implements Environment {
  now: number;
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
    return drawPlan(this.config, this.seed, req);
  }
}
