/**
 * The {@link Environment} of a simulation: the seeded draws `decide` asks for — workloads, the
 * times clusters take to be created, deleted, paused and resumed, availability zones, and transfer plans.
 */
import { clusterRebootSeconds, scheduleModifyingSeconds, type SimConfig } from '../events/config.ts';
import type { Ref } from '../events/types.ts';
import type { BackupRequest, Environment, TransferOutcome, TransferRequest } from '../model/environment.ts';
import type { ClusterProfile, Workload } from '../model/types.ts';
import { stream, windowedStream, type Stream, type WindowedStream } from './random.ts';
import { drawPlan, PLAN_DRAWS, TRANSFER_PURPOSE } from './transfer.ts';

/** Draws a cluster's workload: initial data from node capacity × fill, hourly change. */
export function drawWorkload(config: SimConfig, seed: number, ref: Ref, nodeType: string, nodes: number, at: number): Workload {
  const s = stream(seed, 'workload', ref.account, ref.region, ref.id, at);
  const capacity = (config.nodeCapacityMb[nodeType] ?? 160_000) * nodes;
  const baseMb = Math.round(capacity * s.between(...config.timings.initialFill));
  const changeMbPerHour = Math.round(baseMb * s.between(...config.timings.hourlyChange) * 10) / 10;
  return { baseMb, changeMbPerHour, growthShare: Math.round(s.between(0.2, 0.6) * 100) / 100 };
}

/** The share of its snapshot a source table is, drawn per table (docs/assumptions.md: table sizes). */
export const TABLE_SHARE: readonly [number, number] = [0.001, 0.05];

/** A version-4-shaped UUID from four uniform draws of `s` (32 bits each). */
function uuidFrom(s: Stream): string {
  const hex = [0, 1, 2, 3].map(() => Math.floor(s.next() * 0x100000000).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16]!, 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The {@link Environment} of a simulation: one object per simulator whose `now` the simulator
 * moves; methods draw from keyed streams, so calling them allocates no closures.
 */
export class SimEnvironment implements Environment {
  now: number;
  /** Each cluster's automated-backup stream, by the cluster's profile (a cache: figures depend only on the keys). */
  private readonly automated = new WeakMap<ClusterProfile, WindowedStream>();
  /** Each cluster's cross-region copy stream, by its profile (a cache, likewise). */
  private readonly copies = new WeakMap<ClusterProfile, WindowedStream>();
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
  clusterRebootMs(ref: Ref, at: number): number {
    return Math.round(stream(this.seed, 'cluster-reboot', ref.account, ref.region, ref.id, at).between(...clusterRebootSeconds(this.config))) * 1000;
  }
  tableSizeMb(cluster: Ref, clusterCreateTime: number, table: string, snapshotTotalMb: number): number {
    const share = stream(this.seed, 'table-size', cluster.account, cluster.region, cluster.id, clusterCreateTime, table).between(...TABLE_SHARE);
    return Math.max(1, Math.round(snapshotTotalMb * share));
  }
  tableRestoreRequestId(cluster: Ref, clusterCreateTime: number, at: number): string {
    return uuidFrom(stream(this.seed, 'table-restore-id', cluster.account, cluster.region, cluster.id, clusterCreateTime, at));
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
        : req.kind === 'copy'
          ? this.clusterCopies(req.cluster.profile, req.fromRegion).window(req.cluster.index, PLAN_DRAWS)
          : stream(this.seed, TRANSFER_PURPOSE[req.kind], req.ref.account, req.ref.region, req.ref.id, req.createTime);
    return drawPlan(this.config, s, req);
  }

  /** The cross-region copy stream of a cluster incarnation (found by its profile, like its automated-backup stream). */
  private clusterCopies(profile: ClusterProfile, region: string): WindowedStream {
    let w = this.copies.get(profile);
    if (w === undefined) {
      w = windowedStream(this.seed, TRANSFER_PURPOSE.copy, region, profile.clusterId, profile.clusterCreateTime);
      this.copies.set(profile, w);
    }
    return w;
  }

  outageFails(ref: Ref, index: number, failure: number): boolean {
    if (failure <= 0) return false;
    return failure >= 1 || stream(this.seed, 'region-outage', ref.account, ref.region, ref.id, index).next() < failure;
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
