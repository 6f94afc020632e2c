/**
 * Injected cluster outages and the backups they meet: the cluster and every backup of it agree.
 * While the cluster is `rebooting` no backup of it transfers, and a backup stalls only while its
 * cluster is down.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.ts';

type Rec = Record<string, any>;

/** A cluster `c` with two manual backups started a second apart, every backup drawing an outage. */
function twoBackups(seed: number, outageFailureShare: number): Simulator {
  const sim = createSimulator({ seed, faults: { clusterOutage: 1, outageFailureShare } });
  sim.execute('CreateCluster', { ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin', AutomatedSnapshotRetentionPeriod: 0 });
  sim.runUntilIdle();
  sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c', SnapshotIdentifier: 'a' });
  sim.advance(1);
  sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c', SnapshotIdentifier: 'b' });
  return sim;
}

/** Samples the cluster and its backups every 10 virtual seconds until both backups have ended. */
function samples(sim: Simulator): { cluster: string; backups: Rec[] }[] {
  const out: { cluster: string; backups: Rec[] }[] = [];
  for (let i = 0; i < 2000; i++) {
    sim.advance(10);
    const cluster = sim.execute('DescribeClusters', { ClusterIdentifier: 'c' }).Clusters[0].ClusterStatus as string;
    const backups = sim.execute('DescribeClusterSnapshots', { ClusterIdentifier: 'c' }).Snapshots as Rec[];
    out.push({ cluster, backups });
    if (backups.every((s) => s.Status !== 'creating')) break;
  }
  return out;
}

describe('a cluster outage during two backups of the cluster', () => {
  it.each([1, 2, 3, 4, 5, 6])('stalls both while the cluster is rebooting, and neither while it is available (seed %i)', (seed) => {
    const sim = twoBackups(seed, 0);
    const seen = samples(sim);
    let rebootingSamples = 0;
    for (const { cluster, backups } of seen) {
      if (cluster === 'rebooting') rebootingSamples++;
      for (const s of backups.filter((b) => b.Status === 'creating' && b.TotalBackupSizeInMegaBytes !== -1)) {
        const stalled = s.CurrentBackupRateInMegaBytesPerSecond === 0;
        expect(stalled, `${s.SnapshotIdentifier} at ${sim.now().toISOString()}: cluster ${cluster}`).toBe(cluster === 'rebooting');
      }
    }
    expect(rebootingSamples).toBeGreaterThan(0);
    expect(seen.at(-1)!.backups.map((s) => s.Status)).toEqual(['available', 'available']);
    // one outage only: the first backup drew it, the second (started while the first ran) met it
    const created = sim.entries().flatMap((e) => e.events).filter((e) => e.type === 'SnapshotCreated') as Rec[];
    expect(created.map((e) => e.outage !== undefined)).toEqual([true, false]);
  });

  it('fails the second backup too when the outage fails backups', () => {
    const sim = twoBackups(1, 1);
    const last = samples(sim).at(-1)!;
    expect(last.backups.map((s) => s.Status)).toEqual(['failed', 'failed']);
    const [a, b] = last.backups as Rec[];
    expect(b!.SnapshotCreateTime.getTime() + b!.ElapsedTimeInSeconds * 1000).toBe(a!.SnapshotCreateTime.getTime() + a!.ElapsedTimeInSeconds * 1000);
  });

  it('does not strike a copy, which does not read the cluster', () => {
    const sim = createSimulator({ seed: 3, faults: { clusterOutage: 1 } });
    sim.execute('CreateCluster', { ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' });
    sim.runUntilIdle();
    sim.advance(24 * 3600);
    sim.runUntilIdle();
    const auto = (sim.execute('DescribeClusterSnapshots', { SnapshotType: 'automated' }).Snapshots as Rec[]).find((s) => s.Status === 'available')!;
    sim.execute('CopyClusterSnapshot', { SourceSnapshotIdentifier: auto.SnapshotIdentifier, TargetSnapshotIdentifier: 'copy' });
    const created = sim.entries().flatMap((e) => e.events).filter((e) => e.type === 'SnapshotCreated') as Rec[];
    expect(created.at(-1)!.kind).toBe('copy');
    expect(created.at(-1)!.outage).toBeUndefined();
    expect((created.at(-1)!.plan.points as number[]).length).toBe(2 * 8); // start, sizing, six segments: no stall
  });

  it('is called off by deleting the cluster with a final snapshot, which meets no outage', () => {
    const sim = createSimulator({ seed: 2, faults: { clusterOutage: 1 } });
    sim.execute('CreateCluster', { ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin', AutomatedSnapshotRetentionPeriod: 0 });
    sim.runUntilIdle();
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c', SnapshotIdentifier: 'a' });
    const drawn = (sim.entries().at(-1)!.events[0] as Rec).outage as [number, number];
    expect(drawn[0]).toBeGreaterThan(sim.nowMs());
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c', FinalClusterSnapshotIdentifier: 'last' });
    const final = sim.entries().at(-1)!.events.find((e) => e.type === 'SnapshotCreated') as Rec;
    expect(final.kind).toBe('final');
    expect(final.outage).toBeUndefined();
    expect((final.plan.points as number[]).length).toBe(2 * 8); // no stall
    const statuses = new Set<string>();
    for (let t = sim.nowMs(); t < drawn[1] + 60_000; t += 10_000) {
      sim.advanceTo(t);
      const c = sim.execute('DescribeClusters', {}).Clusters[0];
      if (c) statuses.add(c.ClusterStatus);
    }
    expect(statuses.has('rebooting')).toBe(false);
  });
});
