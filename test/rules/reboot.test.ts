/**
 * RebootCluster: every rule with AWS's exact code; `rebooting` for seeded minutes (2–6 unless
 * configured), then `available`; backups running then stall until it ends and resume, ending that
 * much later; the automated schedule waits for it.
 */
import { describe, expect, it } from 'vitest';
import { advanceUntilStatus, backupEnd, cluster, manualSnapshot, OTHER, pause, refuses, snapshot, world, type Simulator } from './fixtures.ts';
import { replay } from '../../src/index.ts';

const reboot = (sim: Simulator, id = 'c1') => sim.execute('RebootCluster', { ClusterIdentifier: id }).Cluster;

/** Seconds c1 stays rebooting after a reboot now (the cluster is probed on a replayed copy). */
function rebootSeconds(sim: Simulator): number {
  const start = sim.nowMs();
  reboot(sim);
  const probe = replay(sim.entries());
  advanceUntilStatus(probe, 'c1', 'available', undefined, 1);
  return (probe.nowMs() - start) / 1000;
}

describe('RebootCluster', () => {
  it('is rebooting (Maintenance) for 2 to 6 minutes, then available', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const sim = world({ seed });
      const c = reboot(sim);
      expect(c).toMatchObject({ ClusterStatus: 'rebooting', ClusterAvailabilityStatus: 'Maintenance' });
      const took = rebootSeconds(world({ seed }));
      expect(took).toBeGreaterThanOrEqual(120);
      expect(took).toBeLessThanOrEqual(360);
    }
  });

  it('takes timings.clusterRebootSeconds when configured', () => {
    expect(rebootSeconds(world({ timings: { clusterRebootSeconds: [30, 30] } }))).toBe(30);
  });

  it('stalls a backup running when it starts: no progress while rebooting, then it resumes and ends as much later', () => {
    const sim = world();
    manualSnapshot(sim, 's1', { settle: false });
    sim.advance(20);
    const planned = backupEnd(sim, 's1');
    const before = snapshot(sim, 's1');
    const start = sim.nowMs();
    reboot(sim);
    const end = advanceUntilStatus(sim, 'c1', 'available', undefined, 1);
    expect(end.ClusterStatus).toBe('available');
    const length = sim.nowMs() - start;
    // progress held (the snapshot is still running, no further along than before, bar a second of the last step)
    const during = snapshot(sim, 's1');
    expect(during.Status).toBe('creating');
    expect(during.BackupProgressInMegaBytes).toBeLessThanOrEqual(before.BackupProgressInMegaBytes + during.CurrentBackupRateInMegaBytesPerSecond * 1 + 1e-6);
    expect(backupEnd(sim, 's1')).toBe(planned + length);
    sim.runUntilIdle();
    expect(snapshot(sim, 's1').Status).toBe('available');
  });

  it('refuses a missing ClusterIdentifier: MissingParameter; an unknown one, or another account\'s: ClusterNotFound (404)', () => {
    const sim = world();
    refuses(sim, () => sim.execute('RebootCluster', {}), 'MissingParameter');
    refuses(sim, () => reboot(sim, 'nope'), 'ClusterNotFound', 404);
    refuses(sim, () => sim.execute('RebootCluster', { ClusterIdentifier: 'c1' }, OTHER), 'ClusterNotFound', 404);
  });

  it('refuses a cluster that is not available (creating, rebooting, paused): InvalidClusterState', () => {
    const sim = world({ clusters: [] });
    sim.execute('CreateCluster', { ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
    refuses(sim, () => reboot(sim), 'InvalidClusterState');
    advanceUntilStatus(sim, 'c1', 'available');
    reboot(sim);
    refuses(sim, () => reboot(sim), 'InvalidClusterState');
    advanceUntilStatus(sim, 'c1', 'available');
    pause(sim);
    refuses(sim, () => reboot(sim), 'InvalidClusterState');
  });

  it('takes no automated snapshot while rebooting; the schedule goes on after it', () => {
    const sim = world();
    const next = (cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime as Date).getTime();
    sim.advanceTo(new Date(next - 60_000));
    reboot(sim);
    sim.advance(90);
    expect(sim.execute('DescribeClusterSnapshots', { SnapshotType: 'automated' }).Snapshots).toEqual([]);
    // the snapshot it could not take is Pending (default policy or schedule alike), shown as due now
    expect(cluster(sim, 'c1')).toMatchObject({ ExpectedNextSnapshotScheduleTimeStatus: 'Pending', ExpectedNextSnapshotScheduleTime: sim.now() });
    advanceUntilStatus(sim, 'c1', 'available');
    sim.advance(3600);
    expect((sim.execute('DescribeClusterSnapshots', { SnapshotType: 'automated' }).Snapshots as unknown[]).length).toBe(1);
  });
});
