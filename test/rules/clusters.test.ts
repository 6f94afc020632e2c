import { describe, expect, it } from 'vitest';
import { automatedId } from '../../src/model/automated-id.ts';
import {
  OTHER, OWNER, advanceUntilStatus, pause, resume, type Rec, automatedSnapshot, backupEnd, automatedSnapshots, availableCluster, cluster, clusterInput, ids, manualSnapshot, manualSnapshots, newSim, refuses, snapshot, someTags, world,
  type Simulator,
} from './fixtures.ts';

/** Seconds from CreateCluster until the cluster is available, for a seed. */
function readySeconds(seed: number): number {
  const sim = newSim({ seed });
  const t0 = sim.nowMs();
  sim.execute('CreateCluster', clusterInput('c1'));
  sim.runUntilIdle();
  expect(cluster(sim, 'c1').ClusterStatus).toBe('available');
  return (sim.nowMs() - t0) / 1000;
}

describe('CreateCluster', () => {
  it('returns the cluster in creating', () => {
    const sim = newSim();
    expect(sim.execute('CreateCluster', clusterInput('c1')).Cluster).toMatchObject({ ClusterIdentifier: 'c1', ClusterStatus: 'creating', NodeType: 'dc2.large', NumberOfNodes: 1 });
    expect(cluster(sim, 'c1').ClusterStatus).toBe('creating');
  });
  it('becomes available after a realistic delay (4 to 10 minutes by default)', () => {
    const sim = newSim();
    sim.execute('CreateCluster', clusterInput('c1'));
    sim.advance(239);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('creating');
    sim.advance(600 - 239);
    expect(cluster(sim, 'c1')).toMatchObject({ ClusterStatus: 'available', ClusterAvailabilityStatus: 'Available' });
  });
  it('draws the delay from the seed: the same seed gives the same delay, other seeds other delays', () => {
    expect(readySeconds(7)).toBe(readySeconds(7));
    const delays = new Set([1, 2, 3, 4, 5, 6].map(readySeconds));
    expect(delays.size).toBeGreaterThan(1);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(240);
      expect(d).toBeLessThanOrEqual(600);
    }
  });
  it('follows configured creation timings', () => {
    const sim = newSim({ timings: { clusterCreateSeconds: [30, 30] } });
    sim.execute('CreateCluster', clusterInput('c1'));
    sim.advance(29);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('creating');
    sim.advance(1);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('available');
  });
  it('defaults AutomatedSnapshotRetentionPeriod to 1 and ManualSnapshotRetentionPeriod to -1', () => {
    const sim = newSim();
    expect(sim.execute('CreateCluster', clusterInput('c1')).Cluster).toMatchObject({ AutomatedSnapshotRetentionPeriod: 1, ManualSnapshotRetentionPeriod: -1 });
  });
  it.each(['ClusterIdentifier', 'NodeType', 'MasterUsername'])('refuses a call without %s: MissingParameter', (member) => {
    const sim = newSim();
    const input = clusterInput('c1');
    delete input[member];
    refuses(sim, () => sim.execute('CreateCluster', input), 'MissingParameter');
  });
  it.each(['C1', '1c', 'c--1', 'c1-', 'c_1', 'c'.repeat(64), ''])('refuses cluster id %j: InvalidParameterValue', (id) => {
    const sim = newSim();
    refuses(sim, () => sim.execute('CreateCluster', clusterInput(id)), 'InvalidParameterValue');
  });
  it('accepts a 63-character cluster id', () => {
    const sim = newSim();
    expect(sim.execute('CreateCluster', clusterInput('c'.repeat(63))).Cluster.ClusterStatus).toBe('creating');
  });
  it('refuses an id another cluster of the account and region has: ClusterAlreadyExists', () => {
    const sim = world();
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1')), 'ClusterAlreadyExists');
  });
  it('accepts an id another account uses', () => {
    const sim = world();
    expect(sim.execute('CreateCluster', clusterInput('c1'), OTHER).Cluster.ClusterStatus).toBe('creating');
  });
  it.each([0, 1, 35])('accepts AutomatedSnapshotRetentionPeriod %i', (days) => {
    const sim = newSim();
    expect(sim.execute('CreateCluster', clusterInput('c1', { AutomatedSnapshotRetentionPeriod: days })).Cluster.AutomatedSnapshotRetentionPeriod).toBe(days);
  });
  it.each([-1, 36])('refuses AutomatedSnapshotRetentionPeriod %i: InvalidParameterValue', (days) => {
    const sim = newSim();
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { AutomatedSnapshotRetentionPeriod: days })), 'InvalidParameterValue');
  });
  it('refuses AutomatedSnapshotRetentionPeriod 0 for an RA3 cluster: InvalidParameterValue', () => {
    const sim = newSim();
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { NodeType: 'ra3.xlplus', AutomatedSnapshotRetentionPeriod: 0 })), 'InvalidParameterValue');
  });
  it.each([0, 3654])('refuses ManualSnapshotRetentionPeriod %i: InvalidRetentionPeriodFault', (days) => {
    const sim = newSim();
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { ManualSnapshotRetentionPeriod: days })), 'InvalidRetentionPeriodFault');
  });
  it('refuses an unknown node type: InvalidParameterValue', () => {
    const sim = newSim();
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { NodeType: 'ds2.xlarge' })), 'InvalidParameterValue');
  });
  it('refuses Encrypted=false: InvalidParameterValue', () => {
    const sim = newSim();
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { Encrypted: false })), 'InvalidParameterValue');
  });
  it('refuses a port outside its node family\'s ranges (DC2 1150-65535; RA3 and RG 5431-5455, 8191-8215): InvalidParameterValue', () => {
    const sim = newSim();
    for (const [NodeType, Port] of [['ra3.xlplus', 1150], ['ra3.xlplus', 5430], ['rg.xlarge', 8216], ['dc2.large', 1149]] as const) {
      refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { NodeType, Port })), 'InvalidParameterValue');
    }
    for (const [id, NodeType, Port] of [['a', 'ra3.xlplus', 5431], ['b', 'ra3.xlplus', 8215], ['c', 'dc2.large', 1150], ['d', 'dc2.large', 65535]] as const) {
      expect(sim.execute('CreateCluster', clusterInput(id, { NodeType, Port })).Cluster.Endpoint?.Port ?? Port).toBe(Port);
    }
  });
  it('refuses a reserved word (Redshift\'s list) as MasterUsername or DBName: InvalidParameterValue', () => {
    const sim = newSim();
    for (const word of ['select', 'user', 'table', 'snapshot', 'without']) {
      refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { MasterUsername: word })), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { DBName: word })), 'InvalidParameterValue');
    }
    expect(sim.execute('CreateCluster', clusterInput('c1', { MasterUsername: 'selector', DBName: 'tables' })).Cluster.DBName).toBe('tables');
  });
  it('refuses a blank KmsKeyId (leave it out for the default key): InvalidParameterValue', () => {
    const sim = newSim();
    for (const KmsKeyId of ['', '  ']) refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { KmsKeyId })), 'InvalidParameterValue');
  });
  it('ManageMasterPassword=true: the cluster names the secret of its admin password (MasterPasswordSecretArn); not with MasterUserPassword too', () => {
    const sim = newSim();
    const c = availableCluster(sim, 'c1', { ManageMasterPassword: true });
    expect(c.MasterPasswordSecretArn).toMatch(new RegExp(`^arn:aws:secretsmanager:${OWNER.region}:${OWNER.account}:secret:redshift!c1-admin-[0-9a-f]{6}$`));
    expect(availableCluster(sim, 'c2', { MasterUserPassword: 'Passw0rd!' }).MasterPasswordSecretArn).toBeUndefined();
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c3', { ManageMasterPassword: true, MasterUserPassword: 'Passw0rd!' })), 'InvalidParameterCombination');
  });
  it('MaintenanceTrackName is current (the default) or trailing; another name is InvalidClusterTrack', () => {
    const sim = newSim();
    expect(availableCluster(sim, 'c1').MaintenanceTrackName).toBe('current');
    expect(availableCluster(sim, 'c2', { MaintenanceTrackName: 'trailing' }).MaintenanceTrackName).toBe('trailing');
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c3', { MaintenanceTrackName: 'nightly' })), 'InvalidClusterTrack');
  });
  it('shows its maintenance window (Saturdays 06:00-06:30 UTC) and when the next one starts', () => {
    const sim = newSim(); // 2025-01-01 is a Wednesday
    const c = availableCluster(sim, 'c1');
    expect(c.PreferredMaintenanceWindow).toBe('sat:06:00-sat:06:30');
    expect((c.NextMaintenanceWindowStartTime as Date).toISOString()).toBe('2025-01-04T06:00:00.000Z');
    sim.advanceTo('2025-01-04T06:10:00Z'); // within it: the next is a week on
    expect((cluster(sim, 'c1').NextMaintenanceWindowStartTime as Date).toISOString()).toBe('2025-01-11T06:00:00.000Z');
  });
  it('shows the next maintenance window in the years 0–99 too, and none, nor an automated snapshot expected, after virtual time ends', () => {
    const early = newSim({ start: '0050-06-01T00:00:00Z' }); // a Wednesday
    expect((availableCluster(early, 'c1').NextMaintenanceWindowStartTime as Date).toISOString()).toBe('0050-06-04T06:00:00.000Z');
    const late = newSim({ start: '9999-12-31T00:00:00Z' }); // a Friday: the next Saturday is in the year 10000
    const c = availableCluster(late, 'c1');
    expect(c.NextMaintenanceWindowStartTime).toBeUndefined();
    expect((c.ExpectedNextSnapshotScheduleTime as Date).toISOString()).toMatch(/^9999-12-31T/);
    late.advanceTo('9999-12-31T20:00:00Z'); // the next automated snapshot would be due in the year 10000
    const after = cluster(late, 'c1');
    expect(after.ExpectedNextSnapshotScheduleTime).toBeUndefined();
    expect(after.ExpectedNextSnapshotScheduleTimeStatus).toBeUndefined();
    const sched = late.execute('CreateSnapshotSchedule', { ScheduleIdentifier: 'hourly', ScheduleDefinitions: ['rate(1 hour)'] });
    expect((sched.NextInvocations as Date[]).map((d) => d.toISOString())).toEqual(['9999-12-31T21:00:00.000Z', '9999-12-31T22:00:00.000Z', '9999-12-31T23:00:00.000Z']);
  });
  it('refuses 51 tags: TagLimitExceededFault', () => {
    const sim = newSim();
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c1', { Tags: someTags(51) })), 'TagLimitExceededFault');
  });
});

describe('DescribeClusters', () => {
  it('returns one cluster by identifier', () => {
    const sim = world({ clusters: ['c1', 'c2'] });
    expect(sim.execute('DescribeClusters', { ClusterIdentifier: 'c2' }).Clusters.map((c: { ClusterIdentifier: string }) => c.ClusterIdentifier)).toEqual(['c2']);
  });
  it("returns the caller's clusters only", () => {
    const sim = world({ clusters: ['c1', 'c2'] });
    availableCluster(sim, 'x1', {}, OTHER);
    expect(sim.execute('DescribeClusters', {}).Clusters.map((c: { ClusterIdentifier: string }) => c.ClusterIdentifier)).toEqual(['c1', 'c2']);
    expect(sim.execute('DescribeClusters', {}, OTHER).Clusters.map((c: { ClusterIdentifier: string }) => c.ClusterIdentifier)).toEqual(['x1']);
  });
  it('refuses an unknown cluster: ClusterNotFound (404)', () => {
    const sim = world();
    refuses(sim, () => sim.execute('DescribeClusters', { ClusterIdentifier: 'nope' }), 'ClusterNotFound', 404);
  });
  it("refuses another account's cluster: ClusterNotFound (404)", () => {
    const sim = world();
    refuses(sim, () => sim.execute('DescribeClusters', { ClusterIdentifier: 'c1' }, OTHER), 'ClusterNotFound', 404);
  });
  it('pages with MaxRecords and an opaque Marker', () => {
    const clusters = Array.from({ length: 25 }, (_, i) => `c${i + 1}`);
    const sim = world({ clusters });
    const first = sim.execute('DescribeClusters', { MaxRecords: 20 });
    expect(first.Clusters).toHaveLength(20);
    expect(typeof first.Marker).toBe('string');
    const second = sim.execute('DescribeClusters', { MaxRecords: 20, Marker: first.Marker });
    expect(second.Marker).toBeUndefined();
    expect([...first.Clusters, ...second.Clusters].map((c: { ClusterIdentifier: string }) => c.ClusterIdentifier)).toEqual(clusters);
  });
  it.each([19, 101])('refuses MaxRecords %i: InvalidParameterValue', (n) => {
    const sim = world();
    refuses(sim, () => sim.execute('DescribeClusters', { MaxRecords: n }), 'InvalidParameterValue');
  });
  it('refuses ClusterIdentifier together with Marker: InvalidParameterCombination', () => {
    const sim = world({ clusters: Array.from({ length: 21 }, (_, i) => `c${i + 1}`) });
    const { Marker } = sim.execute('DescribeClusters', { MaxRecords: 20 });
    refuses(sim, () => sim.execute('DescribeClusters', { ClusterIdentifier: 'c1', Marker }), 'InvalidParameterCombination');
  });
});

describe('DeleteCluster', () => {
  const status = (sim: Simulator) => cluster(sim, 'c1').ClusterStatus;

  describe('final snapshot rules', () => {
    it('refuses a bare delete, since SkipFinalClusterSnapshot defaults to false: InvalidParameterCombination', () => {
      const sim = world();
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1' }), 'InvalidParameterCombination');
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: false }), 'InvalidParameterCombination');
      expect(status(sim)).toBe('available');
    });
    it('refuses a final snapshot id together with SkipFinalClusterSnapshot=true: InvalidParameterCombination', () => {
      const sim = world();
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true, FinalClusterSnapshotIdentifier: 'final' }), 'InvalidParameterCombination');
    });
    it.each(['1final', 'final-', 'fi--nal', 'final_1'])('refuses final snapshot id %j: InvalidParameterValue', (id) => {
      const sim = world();
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: id }), 'InvalidParameterValue');
    });
    it('refuses a final snapshot id already in use: ClusterSnapshotAlreadyExists', () => {
      const sim = world();
      manualSnapshot(sim, 'final');
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' }), 'ClusterSnapshotAlreadyExists');
    });
    it('refuses a final snapshot beyond the manual snapshot quota: ClusterSnapshotQuotaExceeded', () => {
      const sim = world({ quotas: { manualSnapshots: 2 } });
      manualSnapshots(sim, 2);
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' }), 'ClusterSnapshotQuotaExceeded');
      expect(status(sim)).toBe('available');
    });
    it.each([0, 3654])('refuses FinalClusterSnapshotRetentionPeriod %i: InvalidRetentionPeriodFault', (days) => {
      const sim = world();
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final', FinalClusterSnapshotRetentionPeriod: days }), 'InvalidRetentionPeriodFault');
    });
    it('keeps the FinalClusterSnapshotRetentionPeriod it is given', () => {
      const sim = world();
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final', FinalClusterSnapshotRetentionPeriod: 90 });
      sim.runUntilIdle();
      expect(snapshot(sim, 'final')).toMatchObject({ ManualSnapshotRetentionPeriod: 90, ManualSnapshotRemainingDays: 90 });
    });
  });

  describe('the cluster', () => {
    it('refuses a call without ClusterIdentifier: MissingParameter', () => {
      const sim = world();
      refuses(sim, () => sim.execute('DeleteCluster', { SkipFinalClusterSnapshot: true }), 'MissingParameter');
    });
    it('refuses an unknown cluster: ClusterNotFound (404)', () => {
      const sim = world();
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'nope', SkipFinalClusterSnapshot: true }), 'ClusterNotFound', 404);
    });
    it('refuses a cluster still creating: InvalidClusterState', () => {
      const sim = newSim();
      sim.execute('CreateCluster', clusterInput('c1'));
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true }), 'InvalidClusterState');
    });
    it('refuses a cluster already being deleted: InvalidClusterState', () => {
      const sim = world();
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' });
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true }), 'InvalidClusterState');
      sim.advanceTo(backupEnd(sim, 'final'));
      expect(status(sim)).toBe('deleting');
      refuses(sim, () => sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true }), 'InvalidClusterState');
    });
    it('deletes a paused cluster', () => {
      const sim = world();
      pause(sim);
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' });
      sim.runUntilIdle();
      refuses(sim, () => cluster(sim, 'c1'), 'ClusterNotFound', 404);
      expect(snapshot(sim, 'final').Status).toBe('available');
    });
  });

  describe('lifecycle', () => {
    it('with SkipFinalClusterSnapshot=true: deleting, then gone (DescribeClusters: ClusterNotFound, 404)', () => {
      const sim = world();
      expect(sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true }).Cluster.ClusterStatus).toBe('deleting');
      expect(status(sim)).toBe('deleting');
      sim.runUntilIdle();
      refuses(sim, () => cluster(sim, 'c1'), 'ClusterNotFound', 404);
      expect(sim.execute('DescribeClusterSnapshots', {}).Snapshots).toEqual([]);
    });
    it('with a final snapshot: final-snapshot, then deleting, then gone', () => {
      const sim = world();
      expect(sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' }).Cluster.ClusterStatus).toBe('final-snapshot');
      expect(status(sim)).toBe('final-snapshot');
      expect(snapshot(sim, 'final').Status).toBe('final snapshot');
      sim.advanceTo(backupEnd(sim, 'final'));
      expect(status(sim)).toBe('deleting');
      expect(snapshot(sim, 'final').Status).toBe('available');
      sim.runUntilIdle();
      refuses(sim, () => cluster(sim, 'c1'), 'ClusterNotFound', 404);
    });
    it('the final snapshot is manual and outlives the cluster', () => {
      const sim = world();
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' });
      sim.runUntilIdle();
      sim.advance(60 * 86_400);
      expect(snapshot(sim, 'final')).toMatchObject({ SnapshotType: 'manual', Status: 'available', ClusterIdentifier: 'c1', ManualSnapshotRetentionPeriod: -1 });
    });
    it('automated snapshots are deleted with the cluster; manual snapshots remain', () => {
      const sim = world();
      manualSnapshot(sim, 'keep');
      const auto = automatedSnapshot(sim).SnapshotIdentifier;
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' });
      expect(automatedSnapshots(sim, 'c1').map((s) => s.SnapshotIdentifier)).toContain(auto);
      sim.runUntilIdle();
      expect(automatedSnapshots(sim)).toEqual([]);
      refuses(sim, () => snapshot(sim, auto), 'ClusterSnapshotNotFound', 404);
      expect(ids(sim.execute('DescribeClusterSnapshots', {})).sort()).toEqual(['final', 'keep']);
    });
    it('frees the cluster id for a new cluster', () => {
      const sim = world();
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
      sim.runUntilIdle();
      expect(sim.execute('CreateCluster', clusterInput('c1')).Cluster.ClusterStatus).toBe('creating');
    });
  });
});

describe('PauseCluster and ResumeCluster', () => {
  it('pauses an available cluster through pausing, and resumes it through resuming', () => {
    const sim = world();
    expect(sim.execute('PauseCluster', { ClusterIdentifier: 'c1' }).Cluster).toMatchObject({ ClusterStatus: 'pausing', ClusterAvailabilityStatus: 'Modifying' });
    expect(cluster(sim, 'c1').ClusterStatus).toBe('pausing');
    expect(advanceUntilStatus(sim, 'c1', 'paused')).toMatchObject({ ClusterStatus: 'paused', ClusterAvailabilityStatus: 'Unavailable' });
    expect(sim.execute('ResumeCluster', { ClusterIdentifier: 'c1' }).Cluster).toMatchObject({ ClusterStatus: 'resuming', ClusterAvailabilityStatus: 'Modifying' });
    expect(advanceUntilStatus(sim, 'c1', 'available').ClusterAvailabilityStatus).toBe('Available');
  });
  it('pauses no sooner than the configured pausing time, and resumes after the configured resuming time', () => {
    const sim = world({ timings: { clusterPauseSeconds: [300, 300], clusterResumeSeconds: [600, 600] }, rates: { 'dc2.large': 100_000 } });
    sim.execute('PauseCluster', { ClusterIdentifier: 'c1' });
    sim.advance(299);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('pausing');
    sim.advance(1);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('paused'); // its pause snapshot (seconds, at this rate) ended long before
    sim.execute('ResumeCluster', { ClusterIdentifier: 'c1' });
    sim.advance(599);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('resuming');
    sim.advance(1);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('available');
  });
  it('stays pausing until its pause snapshot has ended, when that is later than the pausing time', () => {
    const sim = world({ timings: { clusterPauseSeconds: [1, 1] }, rates: { 'dc2.large': 0.05 } });
    sim.execute('PauseCluster', { ClusterIdentifier: 'c1' });
    const [snap] = automatedSnapshots(sim, 'c1');
    const end = backupEnd(sim, snap!.SnapshotIdentifier);
    sim.advanceTo(end - 1000);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('pausing');
    sim.advanceTo(end);
    expect(cluster(sim, 'c1').ClusterStatus).toBe('paused');
    expect(snapshot(sim, snap!.SnapshotIdentifier).Status).toBe('available');
  });
  it('takes an automated snapshot of the cluster while pausing (rs: identifier)', () => {
    const sim = world();
    const t0 = sim.nowMs();
    sim.execute('PauseCluster', { ClusterIdentifier: 'c1' });
    const taken = automatedSnapshots(sim, 'c1');
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ SnapshotType: 'automated', Status: 'creating', ClusterIdentifier: 'c1', Tags: [] });
    expect(taken[0]!.SnapshotIdentifier).toBe(automatedId('c1', t0));
    advanceUntilStatus(sim, 'c1', 'paused');
    expect(snapshot(sim, taken[0]!.SnapshotIdentifier).Status).toBe('available');
  });
  it('still pauses when its pause snapshot fails', () => {
    const sim = world({ faults: { backupFailure: 1 } });
    sim.execute('PauseCluster', { ClusterIdentifier: 'c1' });
    const [snap] = automatedSnapshots(sim, 'c1');
    advanceUntilStatus(sim, 'c1', 'paused');
    expect(snapshot(sim, snap!.SnapshotIdentifier).Status).toBe('failed');
  });
  it('an outage its pause snapshot drew while pausing never strikes, then or after resuming; time never runs back', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const sim = world({ seed, faults: { clusterOutage: 1, outageFailureShare: 0 } });
      const from = sim.entries().length;
      sim.execute('PauseCluster', { ClusterIdentifier: 'c1' });
      advanceUntilStatus(sim, 'c1', 'paused');
      sim.advance(9 * 3600);
      resume(sim);
      sim.runUntilIdle();
      const entries = sim.entries().slice(from);
      entries.forEach((e, i) => {
        if (i > 0) expect(e.at, `seed ${seed}: entry ${e.seq}`).toBeGreaterThanOrEqual(entries[i - 1]!.at);
      });
      const struck = entries.flatMap((e) => e.events).filter((e) => e.type === 'ClusterTransitioned' && (e.event === 'OUTAGE' || e.event === 'RECOVERED'));
      expect(struck, `seed ${seed}`).toEqual([]);
    }
  });
  it('refuses to pause a cluster whose automated snapshots are off: InvalidClusterState', () => {
    const sim = newSim();
    availableCluster(sim, 'c1', { AutomatedSnapshotRetentionPeriod: 0 });
    refuses(sim, () => sim.execute('PauseCluster', { ClusterIdentifier: 'c1' }), 'InvalidClusterState');
  });
  it.each(['MissingParameter'] as const)('refuses a call without ClusterIdentifier: %s', (code) => {
    const sim = world();
    refuses(sim, () => sim.execute('PauseCluster', {}), code);
    refuses(sim, () => sim.execute('ResumeCluster', {}), code);
  });
  it.each(['pauseCluster', 'resumeCluster'] as const)('%s refuses an unknown cluster: ClusterNotFound (404)', (op) => {
    const sim = world();
    refuses(sim, () => sim[op]({ ClusterIdentifier: 'nope' }), 'ClusterNotFound', 404);
  });
  it('refuses to pause a paused cluster: InvalidClusterState', () => {
    const sim = world();
    pause(sim);
    refuses(sim, () => sim.execute('PauseCluster', { ClusterIdentifier: 'c1' }), 'InvalidClusterState');
  });
  it('refuses to pause a cluster still creating: InvalidClusterState', () => {
    const sim = newSim();
    sim.execute('CreateCluster', clusterInput('c1'));
    refuses(sim, () => sim.execute('PauseCluster', { ClusterIdentifier: 'c1' }), 'InvalidClusterState');
  });
  it('refuses to pause a cluster while a snapshot of it is being taken: InvalidClusterState', () => {
    const sim = world();
    manualSnapshot(sim, 's1', { settle: false });
    refuses(sim, () => sim.execute('PauseCluster', { ClusterIdentifier: 'c1' }), 'InvalidClusterState');
    sim.runUntilIdle();
    expect(sim.execute('PauseCluster', { ClusterIdentifier: 'c1' }).Cluster.ClusterStatus).toBe('pausing');
  });
  it('refuses to resume an available cluster: InvalidClusterState', () => {
    const sim = world();
    refuses(sim, () => sim.execute('ResumeCluster', { ClusterIdentifier: 'c1' }), 'InvalidClusterState');
  });
  it('refuses to resume a cluster being deleted: InvalidClusterState', () => {
    const sim = world();
    pause(sim);
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
    refuses(sim, () => sim.execute('ResumeCluster', { ClusterIdentifier: 'c1' }), 'InvalidClusterState');
  });
  describe.each([
    ['pausing', (sim: Simulator) => sim.execute('PauseCluster', { ClusterIdentifier: 'c1' })],
    ['resuming', (sim: Simulator) => { pause(sim); sim.execute('ResumeCluster', { ClusterIdentifier: 'c1' }); }],
  ] as const)('a %s cluster', (status, into) => {
    const calls: [string, Rec][] = [
      ['PauseCluster', { ClusterIdentifier: 'c1' }],
      ['ResumeCluster', { ClusterIdentifier: 'c1' }],
      ['CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'm1' }],
      ['ModifyCluster', { ClusterIdentifier: 'c1', ManualSnapshotRetentionPeriod: 7 }],
      ['DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true }],
      ['DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' }],
    ];
    it.each(calls)(`refuses %s: InvalidClusterState`, (op, input) => {
      const sim = world();
      into(sim);
      expect(cluster(sim, 'c1').ClusterStatus).toBe(status);
      refuses(sim, () => sim.execute(op, input), 'InvalidClusterState');
    });
    it('is still described and tagged', () => {
      const sim = world();
      into(sim);
      sim.execute('CreateTags', { ResourceName: `arn:aws:redshift:${OWNER.region}:${OWNER.account}:cluster:c1`, Tags: [{ Key: 'k', Value: 'v' }] });
      expect(cluster(sim, 'c1')).toMatchObject({ ClusterStatus: status, Tags: [{ Key: 'k', Value: 'v' }] });
    });
  });
  it("refuses another account's cluster: ClusterNotFound (404)", () => {
    const sim = world();
    refuses(sim, () => sim.execute('PauseCluster', { ClusterIdentifier: 'c1' }, OTHER), 'ClusterNotFound', 404);
  });
});

describe('ClusterNamespaceArn', () => {
  it('ends in a namespace UUID, stable for the cluster, different for another incarnation or seed', () => {
    const arnOf = (seed: number) => {
      const sim = world({ seed });
      return sim.execute('DescribeClusters', { ClusterIdentifier: 'c1' }).Clusters[0].ClusterNamespaceArn as string;
    };
    const arn = arnOf(1);
    expect(arn).toMatch(/^arn:aws:redshift:us-east-1:123456789012:namespace:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(arnOf(1)).toBe(arn);
    expect(arnOf(2)).not.toBe(arn);
  });
});

describe('CreateCluster AvailabilityZone', () => {
  it('refuses a zone of another region: InvalidParameterValue; takes one of its own', () => {
    const sim = world({ clusters: [] });
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c9', { AvailabilityZone: 'eu-west-1a' })), 'InvalidParameterValue');
    expect(sim.execute('CreateCluster', clusterInput('c9', { AvailabilityZone: 'us-east-1c' })).Cluster.AvailabilityZone).toBe('us-east-1c');
  });
});
