/**
 * The simulate benchmark's workload: N clusters with default automated snapshots for `days`
 * simulated days, plus `manual` manual snapshots spread evenly over the period.
 */
import { createSimulator, snapshotCount, type Simulator } from '../src/index.ts';
import type { EventLog } from '../src/events/log.ts';

const NODE_TYPES = ['dc2.large', 'ra3.xlplus', 'ra3.4xlarge'];

/** Runs the workload and returns the simulator. */
export function runWorkload(opts: { clusters: number; days: number; manual: number; seed?: number; log?: EventLog }): Simulator {
  const sim = createSimulator({ seed: opts.seed ?? 1, quotas: { manualSnapshots: 10_000_000, clusters: 1_000_000 }, ...(opts.log ? { log: opts.log } : {}) });
  const callers = Array.from({ length: Math.ceil(opts.clusters / 100) }, (_, i) => ({ account: String(100000000000 + i), region: i % 2 ? 'eu-west-1' : 'us-east-1' }));
  for (let i = 0; i < opts.clusters; i++) {
    sim.execute('CreateCluster', { ClusterIdentifier: `c${i}`, NodeType: NODE_TYPES[i % NODE_TYPES.length], MasterUsername: 'admin', NumberOfNodes: 1 + (i % 4) }, callers[Math.floor(i / 100)]);
  }
  const steps = opts.days * 24;
  const perStep = opts.manual / steps;
  let made = 0;
  for (let h = 0; h < steps; h++) {
    sim.advance(3600);
    const target = Math.floor((h + 1) * perStep);
    for (; made < target; made++) {
      const i = (made * 7919) % opts.clusters;
      try {
        sim.execute('CreateClusterSnapshot', { ClusterIdentifier: `c${i}`, SnapshotIdentifier: `m${made}` }, callers[Math.floor(i / 100)]);
      } catch {
        // a cluster in an outage or paused: skip, as a user would retry later
      }
    }
  }
  return sim;
}

/** Number of live snapshots in a simulator. */
export function liveSnapshots(sim: Simulator): number {
  let n = 0;
  for (const p of sim.state.partitions.values()) n += snapshotCount(p);
  return n;
}
