/**
 * The {@link Environment} of a simulation: the seeded draws `decide` asks for — workloads, the
 * times clusters take to be created, deleted, paused and resumed, availability zones, and transfer plans.
 */
import { scheduleModifyingSeconds, type SimConfig } from '../events/config.ts';
import type { Ref } from '../events/types.ts';
import type { BackupRequest, Environment, TransferOutcome, TransferRequest } from '../model/environment.ts';
import type { ClusterProfile, Workload } from '../model/types.ts';
import { stream, windowedStream, type WindowedStream } from './random.ts';
import { drawPlan, PLAN_DRAWS, TRANSFER_PURPOSE } from './transfer.ts';

/** Draws a cluster's workload: initial data from node capacity × fill, hourly change. */
export function drawWorkload(config: SimConfig, seed: number, ref: Ref, nodeType: string, nodes: number, at: number): Workload {
  const s = stream(seed, 'workload', ref.account, ref.region, ref.id, at);
  const capacity = (config.nodeCapacityMb[nodeType] ?? 160_000) * nodes;
  const baseMb = Math.round(capacity * s.between(...config.timings.initialFill));
  const changeMbPerHour = Math.round(baseMb * s.between(...config.timings.hourlyChange) * 10) / 10;
  return { baseMb, changeMbPerHour, growthShare: Math.round(s.between(0.2, 0.6) * 100) / 100 };
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
  clusterPauseMs(ref: Ref, at: number): number {
    return Math.round(stream(this.seed, 'cluster-pause', ref.account, ref.region, ref.id, at).between(...this.config.timings.clusterPauseSeconds)) * 1000;
  }
  clusterResumeMs(ref: Ref, at: number): number {
    return Math.round(stream(this.seed, 'cluster-resume', ref.account, ref.region, ref.id, at).between(...this.config.timings.clusterResumeSeconds)) * 1000;
  }
  scheduleModifyingMs(ref: Ref, at: number): number {
    return Math.round(stream(this.seed, 'schedule-modifying', ref.account, ref.region, ref.id, at).between(...scheduleModifyingSeconds(this.config))) * 1000;
  }
  availabilityZone(ref: Ref, at: number): string {
    return `${ref.region}${'abcd'[Math.floor(stream(this.seed, 'az', ref.account, ref.region, ref.id, at).next() * 4)]}`;
  }
  planTransfer(req: TransferRequest): TransferOutcome {
    const s =
      req.kind === 'backup' && req.automatedIndex !== null
        ? this.automatedBackups(req).window(req.automatedIndex, PLAN_DRAWS)
        : stream(this.seed, TRANSFER_PURPOSE[req.kind], req.ref.account, req.ref.region, req.ref.id, req.createTime);
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
