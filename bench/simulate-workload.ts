/**
 * The simulate benchmark's workload: N clusters with default automated snapshots for `days`
 * simulated days, plus `manual` manual snapshots spread evenly over the period. Its disaster-
 * recovery variant (`dr`) also copies every cluster's backups to a second region and, once a month
 * per cluster, restores the newest copy there, deleting the restored cluster when its restore ends.
 */
import { createSimulator, snapshotCount, type Simulator } from '../src/index.ts';
import type { EventLog } from '../src/events/log.ts';

const NODE_TYPES = ['dc2.large', 'ra3.xlplus', 'ra3.4xlarge'];

/** Options of a workload. */
export interface WorkloadOptions {
  clusters: number;
  days: number;
  manual: number;
  seed?: number;
  log?: EventLog;
  /** The disaster-recovery variant: cross-region copy on every cluster, a restore per cluster a month. */
  dr?: boolean;
  /** `false`: run without the AWS events projection (the `events` bench's baseline). Default on. */
  events?: boolean;
}

/** Where each source region's clusters copy to in the DR variant. */
const DR_REGION: Record<string, string> = { 'us-east-1': 'us-west-2', 'eu-west-1': 'eu-central-1' };

/** Simulated hours between two restores of one cluster's copies (a month). */
const RESTORE_EVERY_HOURS = 30 * 24;

/**
 * The workload as a run that can be advanced in parts (an hour of simulated time is one step), so
 * runs can take turns (see `paired-turns.ts`); {@link runWorkload} runs one to its end.
 */
export class WorkloadRun {
  readonly sim: Simulator;
  private readonly callers: { account: string; region: string }[];
  private readonly steps: number;
  private readonly perStep: number;
  private step = 0;
  private made = 0;
  /** DR variant: restored clusters whose restore is running, with the caller they live under. */
  private restoring: { id: string; caller: { account: string; region: string } }[] = [];
  private restores = 0;

  /** Creates the simulator and the clusters. */
  constructor(private readonly opts: WorkloadOptions) {
    this.sim = createSimulator({ seed: opts.seed ?? 1, quotas: { manualSnapshots: 10_000_000, clusters: 1_000_000, nodes: 10_000_000 }, ...(opts.log ? { log: opts.log } : {}), ...(opts.events === false ? { eventProjection: false } : {}) });
    this.callers = Array.from({ length: Math.ceil(opts.clusters / 100) }, (_, i) => ({ account: String(100000000000 + i), region: i % 2 ? 'eu-west-1' : 'us-east-1' }));
    for (let i = 0; i < opts.clusters; i++) {
      this.sim.execute('CreateCluster', { ClusterIdentifier: `c${i}`, NodeType: NODE_TYPES[i % NODE_TYPES.length], MasterUsername: 'admin', NumberOfNodes: 1 + (i % 4) }, this.callerOf(i));
    }
    this.steps = opts.days * 24;
    this.perStep = opts.manual / this.steps;
  }

  /** Whether every simulated hour has run. */
  get done(): boolean {
    return this.step >= this.steps;
  }

  /** Runs up to `hours` more simulated hours: each advances the clock, then takes that hour's manual snapshots. */
  advanceHours(hours: number): void {
    const sim = this.sim;
    for (const end = Math.min(this.steps, this.step + hours); this.step < end; this.step++) {
      sim.advance(3600);
      if (this.opts.dr) this.drHour();
      const target = Math.floor((this.step + 1) * this.perStep);
      for (; this.made < target; this.made++) {
        const i = (this.made * 7919) % this.opts.clusters;
        try {
          sim.execute('CreateClusterSnapshot', { ClusterIdentifier: `c${i}`, SnapshotIdentifier: `m${this.made}` }, this.callerOf(i));
        } catch {
          // a cluster in an outage or paused: skip, as a user would retry later
        }
      }
    }
  }

  /**
   * The DR variant's hour: copy is enabled on every cluster after the first hour (they are
   * available by then); restored clusters whose restore ended are deleted; and the clusters whose
   * turn it is restore, in the destination region, their newest available copy there (found as a
   * runbook would when the source region is lost: listing the destination's automated snapshots
   * of the cluster).
   */
  private drHour(): void {
    const sim = this.sim;
    const n = this.opts.clusters;
    if (this.step === 0) {
      for (let i = 0; i < n; i++) {
        const caller = this.callerOf(i);
        sim.execute('EnableSnapshotCopy', { ClusterIdentifier: `c${i}`, DestinationRegion: DR_REGION[caller.region]!, RetentionPeriod: 1 }, caller);
      }
    }
    this.restoring = this.restoring.filter(({ id, caller }) => {
      const c = sim.execute('DescribeClusters', { ClusterIdentifier: id }, caller).Clusters[0];
      if (c.RestoreStatus.Status !== 'completed' && c.RestoreStatus.Status !== 'failed') return true;
      sim.execute('DeleteCluster', { ClusterIdentifier: id, SkipFinalClusterSnapshot: true }, caller);
      return false;
    });
    // each cluster's turn comes once a month, the turns spread over the month
    for (let i = this.step % RESTORE_EVERY_HOURS; i < n; i += RESTORE_EVERY_HOURS) {
      if (this.step < RESTORE_EVERY_HOURS / 2) continue; // copies first
      const source = this.callerOf(i);
      const dr = { account: source.account, region: DR_REGION[source.region]! };
      // oldest first
      const copies = sim.execute('DescribeClusterSnapshots', { ClusterIdentifier: `c${i}`, SnapshotType: 'automated' }, dr).Snapshots as { SnapshotIdentifier: string; Status: string }[];
      let k = copies.length - 1;
      while (k >= 0 && copies[k]!.Status !== 'available') k--;
      if (k < 0) continue;
      const restored = `r${i}-${this.restores++}`;
      sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: restored, SnapshotIdentifier: copies[k]!.SnapshotIdentifier }, dr);
      this.restoring.push({ id: restored, caller: dr });
    }
  }

  private callerOf(cluster: number): { account: string; region: string } {
    return this.callers[Math.floor(cluster / 100)]!;
  }
}

/** Runs the workload to its end and returns the simulator. */
export function runWorkload(opts: WorkloadOptions): Simulator {
  const run = new WorkloadRun(opts);
  run.advanceHours(Infinity);
  return run.sim;
}

/** Number of live snapshots in a simulator. */
export function liveSnapshots(sim: Simulator): number {
  let n = 0;
  for (const p of sim.state.partitions.values()) n += snapshotCount(p);
  return n;
}
