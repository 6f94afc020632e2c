/**
 * RestoreFromClusterSnapshot: every rule of the reference with AWS's exact code, the defaults a
 * restore takes from its snapshot, and the restore's figures in virtual time.
 */
import { describe, expect, it } from 'vitest';
import { OTHER, OWNER, THIRD, availableCluster, cluster, manualSnapshot, refuses, world, type Rec, type Simulator } from './fixtures.ts';

const restore = (sim: Simulator, input: Rec, caller = OWNER): Rec => sim.execute('RestoreFromClusterSnapshot', input, caller).Cluster;

/** OWNER's available snapshot `snap` of a 2-node dc2.large cluster `c1` (tagged), shared with OTHER. */
function shared(): Simulator {
  const sim = world({ clusters: [] });
  availableCluster(sim, 'c1', { ClusterType: 'multi-node', NumberOfNodes: 2, Port: 5440, Tags: [{ Key: 'team', Value: 'dr' }], AutomatedSnapshotRetentionPeriod: 3, ManualSnapshotRetentionPeriod: 9 });
  manualSnapshot(sim, 'Snap');
  sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'Snap', AccountWithRestoreAccess: OTHER.account });
  return sim;
}

describe('RestoreFromClusterSnapshot', () => {
  it('restores the caller\'s own snapshot into a creating cluster with the snapshot\'s defaults and its cluster\'s tags', () => {
    const sim = shared();
    const c = restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap' });
    expect(c).toMatchObject({ ClusterIdentifier: 'r1', ClusterStatus: 'creating', NodeType: 'dc2.large', NumberOfNodes: 2, AutomatedSnapshotRetentionPeriod: 3, ManualSnapshotRetentionPeriod: 9, Tags: [{ Key: 'team', Value: 'dr' }] });
    expect(c.Endpoint).toBeUndefined();
    expect(c.RestoreStatus.Status).toBe('starting');
    sim.advance(3_600);
    expect(cluster(sim, 'r1').Endpoint.Port).toBe(5440);
  });

  it('finds the snapshot whatever the case of its identifier (not case sensitive there)', () => {
    const sim = shared();
    expect(restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'SNAP' }).ClusterIdentifier).toBe('r1');
  });

  it('restores by ARN, and a shared snapshot with OwnerAccount, into the caller\'s own account without the owner\'s tags', () => {
    const sim = shared();
    const arn = `arn:aws:redshift:${OWNER.region}:${OWNER.account}:snapshot:c1/Snap`;
    expect(restore(sim, { ClusterIdentifier: 'by-arn', SnapshotArn: arn }, OTHER).ClusterIdentifier).toBe('by-arn');
    const c = restore(sim, { ClusterIdentifier: 'by-owner', SnapshotIdentifier: 'Snap', OwnerAccount: OWNER.account }, OTHER);
    expect(c.Tags).toEqual([]);
    expect(cluster(sim, 'by-owner', OTHER).ClusterIdentifier).toBe('by-owner');
    refuses(sim, () => cluster(sim, 'by-owner', OWNER), 'ClusterNotFound', 404);
  });

  it('overrides NodeType (DC2 to RA3, the upgrade path), NumberOfNodes, Port, AvailabilityZone and the retention periods', () => {
    const sim = shared();
    const c = restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', NodeType: 'ra3.xlplus', NumberOfNodes: 4, Port: 8192, AvailabilityZone: 'us-east-1c', AutomatedSnapshotRetentionPeriod: 7, ManualSnapshotRetentionPeriod: 30 });
    expect(c).toMatchObject({ NodeType: 'ra3.xlplus', NumberOfNodes: 4, AvailabilityZone: 'us-east-1c', AutomatedSnapshotRetentionPeriod: 7, ManualSnapshotRetentionPeriod: 30 });
  });

  it('refuses neither SnapshotIdentifier nor SnapshotArn: MissingParameter; both: InvalidParameterCombination', () => {
    const sim = shared();
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1' }), 'MissingParameter');
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', SnapshotArn: `arn:aws:redshift:us-east-1:${OWNER.account}:snapshot:c1/Snap` }), 'InvalidParameterCombination');
  });

  it('refuses an existing cluster identifier: ClusterAlreadyExists; a bad one: InvalidParameterValue', () => {
    const sim = shared();
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'c1', SnapshotIdentifier: 'Snap' }), 'ClusterAlreadyExists');
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'Bad--Id', SnapshotIdentifier: 'Snap' }), 'InvalidParameterValue');
  });

  it('refuses an unknown snapshot, or one of another cluster: ClusterSnapshotNotFound (404)', () => {
    const sim = shared();
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'nope' }), 'ClusterSnapshotNotFound', 404);
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', SnapshotClusterIdentifier: 'other' }), 'ClusterSnapshotNotFound', 404);
  });

  it('refuses another account\'s snapshot that was not shared with the caller: AccessToSnapshotDenied', () => {
    const sim = shared();
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', OwnerAccount: OWNER.account }, THIRD), 'AccessToSnapshotDenied');
    // identifiers are not case sensitive in restore: the snapshot exists whatever the case
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'snap', OwnerAccount: OWNER.account }, THIRD), 'AccessToSnapshotDenied');
    // two snapshots the caller may restore match 'SNAP': no unique match, not a denial
    manualSnapshot(sim, 'snap');
    sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'snap', AccountWithRestoreAccess: OTHER.account });
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'SNAP', OwnerAccount: OWNER.account }, OTHER), 'ClusterSnapshotNotFound', 404);
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotArn: `arn:aws:redshift:us-east-1:${OWNER.account}:snapshot:c1/Snap` }, THIRD), 'AccessToSnapshotDenied');
  });

  it('refuses a snapshot that is not available: InvalidClusterSnapshotState', () => {
    const sim = shared();
    manualSnapshot(sim, 'busy', { settle: false });
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'busy' }), 'InvalidClusterSnapshotState');
  });

  it('refuses an RA3 snapshot into DC2, and a DC2 size change: InvalidRestore (406)', () => {
    const sim = shared();
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', NodeType: 'dc2.8xlarge' }), 'InvalidRestore', 406);
    availableCluster(sim, 'big', { NodeType: 'ra3.xlplus' });
    manualSnapshot(sim, 'ra3-snap', { cluster: 'big' });
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'ra3-snap', NodeType: 'dc2.large' }), 'InvalidRestore', 406);
    expect(restore(sim, { ClusterIdentifier: 'r2', SnapshotIdentifier: 'ra3-snap', NodeType: 'ra3.4xlarge' }).NodeType).toBe('ra3.4xlarge');
  });

  it('refuses a port outside the node family\'s ranges: InvalidParameterValue', () => {
    const sim = shared();
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', NodeType: 'ra3.xlplus', Port: 1150 }), 'InvalidParameterValue');
    expect(restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', Port: 1150 }).ClusterIdentifier).toBe('r1');
  });

  it('refuses the snapshot\'s own port when it does not fit the target family: InvalidParameterValue, unless Port is given', () => {
    const sim = world({ clusters: [] });
    availableCluster(sim, 'c2', { Port: 2000 });
    manualSnapshot(sim, 'low-port', { cluster: 'c2' });
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'low-port', NodeType: 'ra3.xlplus' }), 'InvalidParameterValue');
    expect(restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'low-port', NodeType: 'ra3.xlplus', Port: 5439 }).ClusterIdentifier).toBe('r1');
    expect(restore(sim, { ClusterIdentifier: 'r2', SnapshotIdentifier: 'low-port' }).ClusterIdentifier).toBe('r2');
    // CreateCluster holds RA3 to its ports too
    refuses(sim, () => sim.execute('CreateCluster', { ClusterIdentifier: 'c3', NodeType: 'ra3.xlplus', MasterUsername: 'admin', Port: 2000 }), 'InvalidParameterValue');
  });

  it('gives an RA3 target of a snapshot whose cluster has automated snapshots off the period 1, not 0', () => {
    const sim = world({ clusters: [] });
    availableCluster(sim, 'c2', { AutomatedSnapshotRetentionPeriod: 0 });
    manualSnapshot(sim, 'off', { cluster: 'c2' });
    expect(restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'off', NodeType: 'ra3.xlplus' }).AutomatedSnapshotRetentionPeriod).toBe(1);
    expect(restore(sim, { ClusterIdentifier: 'r2', SnapshotIdentifier: 'off' }).AutomatedSnapshotRetentionPeriod).toBe(0);
  });

  it('a cross-region copy restores with the retention periods of its cluster in the source region, and no tags', () => {
    const sim = shared();
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: 'us-west-2' });
    manualSnapshot(sim, 'copied');
    sim.runUntilIdle();
    const west = { ...OWNER, region: 'us-west-2' };
    const c = restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'copied' }, west);
    expect(c).toMatchObject({ AutomatedSnapshotRetentionPeriod: 3, ManualSnapshotRetentionPeriod: 9 });
    expect(c.Tags ?? []).toEqual([]);
  });

  it("refuses retention periods AWS refuses: automated 0 on RA3 and 36, manual 0, -2 or 3654 (InvalidParameterValue: the model declares no InvalidRetentionPeriodFault for restore)", () => {
    const sim = shared();
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', NodeType: 'ra3.xlplus', AutomatedSnapshotRetentionPeriod: 0 }), 'InvalidParameterValue');
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', AutomatedSnapshotRetentionPeriod: 36 }), 'InvalidParameterValue');
    for (const days of [0, -2, 3654]) refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', ManualSnapshotRetentionPeriod: days }), 'InvalidParameterValue');
  });

  it('refuses an availability zone of another region: InvalidParameterValue', () => {
    const sim = shared();
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', AvailabilityZone: 'eu-west-1a' }), 'InvalidParameterValue');
  });

  it('refuses past the cluster and node quotas: ClusterQuotaExceeded, NumberOfNodesQuotaExceeded, NumberOfNodesPerClusterLimitExceeded', () => {
    const quota = (quotas: Rec) => {
      const sim = world({ clusters: [], quotas });
      availableCluster(sim, 'c1', { ClusterType: 'multi-node', NumberOfNodes: 2 });
      manualSnapshot(sim, 'Snap');
      return sim;
    };
    let sim = quota({ clusters: 1 });
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap' }), 'ClusterQuotaExceeded');
    sim = quota({ nodes: 3 });
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap' }), 'NumberOfNodesQuotaExceeded');
    sim = quota({ nodesPerCluster: 4 });
    refuses(sim, () => restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', NumberOfNodes: 5 }), 'NumberOfNodesPerClusterLimitExceeded');
  });
});

describe('a restore in virtual time', () => {
  it('is creating, then available while restoring, then completed with progress = size, ETA 0 and the average rate', () => {
    const sim = shared();
    restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap' });
    const seen: Rec[] = [];
    for (let i = 0; i < 200 && cluster(sim, 'r1').RestoreStatus.Status !== 'completed'; i++) {
      sim.advance(30);
      seen.push(cluster(sim, 'r1'));
    }
    const statuses = [...new Set(seen.map((c) => `${c.ClusterStatus}/${c.RestoreStatus.Status}`))];
    expect(statuses).toEqual(['creating/starting', 'available/restoring', 'available/completed']);
    const progress = seen.map((c) => c.RestoreStatus.ProgressInMegaBytes as number);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const done = seen.at(-1)!.RestoreStatus;
    expect(done.ProgressInMegaBytes).toBe(done.SnapshotSizeInMegaBytes);
    expect(done.EstimatedTimeToCompletionInSeconds).toBe(0);
    expect(done.CurrentRestoreRateInMegaBytesPerSecond).toBeCloseTo(done.SnapshotSizeInMegaBytes / done.ElapsedTimeInSeconds, 0);
  });

  it('goes on when the grant is revoked or the snapshot deleted meanwhile', () => {
    const sim = shared();
    restore(sim, { ClusterIdentifier: 'dr', SnapshotIdentifier: 'Snap', OwnerAccount: OWNER.account }, OTHER);
    sim.execute('RevokeSnapshotAccess', { SnapshotIdentifier: 'Snap', AccountWithRestoreAccess: OTHER.account });
    sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: 'Snap' });
    sim.runUntilIdle();
    expect(cluster(sim, 'dr', OTHER).RestoreStatus.Status).toBe('completed');
  });

  it('fails under the restore-failure fault: RestoreStatus failed, the cluster incompatible-restore and deletable', () => {
    const sim = world({ clusters: [], faults: { restoreFailure: 1 } });
    availableCluster(sim, 'c1');
    manualSnapshot(sim, 'Snap');
    restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap' });
    sim.runUntilIdle();
    const c = cluster(sim, 'r1');
    expect({ status: c.ClusterStatus, availability: c.ClusterAvailabilityStatus, restore: c.RestoreStatus.Status }).toEqual({ status: 'incompatible-restore', availability: 'Failed', restore: 'failed' });
    expect(c.RestoreStatus.ProgressInMegaBytes).toBeLessThan(c.RestoreStatus.SnapshotSizeInMegaBytes);
    refuses(sim, () => sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'r1', SnapshotIdentifier: 'x' }), 'InvalidClusterState');
    expect(sim.execute('DeleteCluster', { ClusterIdentifier: 'r1', SkipFinalClusterSnapshot: true }).Cluster.ClusterStatus).toBe('deleting');
  });

  it('shows an RA3 target\'s status and size, its other figures at 0 (AWS updates them for DC2 only)', () => {
    const sim = shared();
    restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap', NodeType: 'ra3.xlplus' });
    sim.advance(3_600);
    const r = cluster(sim, 'r1').RestoreStatus;
    expect(r.SnapshotSizeInMegaBytes).toBeGreaterThan(0);
    expect([r.ProgressInMegaBytes, r.CurrentRestoreRateInMegaBytesPerSecond, r.ElapsedTimeInSeconds, r.EstimatedTimeToCompletionInSeconds]).toEqual([0, 0, 0, 0]);
  });

  it('then holds the snapshot\'s data, takes automated snapshots and can be snapshotted, shared and paused', () => {
    const sim = shared();
    const source = sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 'Snap' }).Snapshots[0];
    restore(sim, { ClusterIdentifier: 'r1', SnapshotIdentifier: 'Snap' });
    sim.runUntilIdle();
    manualSnapshot(sim, 'of-restored', { cluster: 'r1' });
    const snap = sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 'of-restored' }).Snapshots[0];
    expect(snap.TotalBackupSizeInMegaBytes).toBeGreaterThanOrEqual(source.TotalBackupSizeInMegaBytes);
    sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'of-restored', AccountWithRestoreAccess: OTHER.account });
    sim.advance(86_400);
    expect(sim.execute('DescribeClusterSnapshots', { ClusterIdentifier: 'r1', SnapshotType: 'automated' }).Snapshots.length).toBeGreaterThan(0);
    expect(sim.execute('PauseCluster', { ClusterIdentifier: 'r1' }).Cluster.ClusterStatus).toBe('pausing');
  });

  it('a restored cluster deleted while its data loads is gone for good: its restore never ends later, and the log replays', async () => {
    const { replay } = await import('../../src/index.ts');
    const { deepEqual } = await import('../../src/testing/invariants.ts');
    const sim = world();
    manualSnapshot(sim, 's1');
    sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: 'r1', SnapshotIdentifier: 's1' });
    sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'r1' });
    expect(cluster(sim, 'r1').RestoreStatus.Status).toBe('restoring');
    sim.execute('DeleteCluster', { ClusterIdentifier: 'r1', SkipFinalClusterSnapshot: true });
    sim.advance(86_400);
    refuses(sim, () => sim.execute('DescribeClusters', { ClusterIdentifier: 'r1' }), 'ClusterNotFound', 404);
    expect(sim.entries().flatMap((e) => e.events).some((e) => e.type === 'ClusterRestoreEnded')).toBe(false);
    expect(deepEqual(replay(sim.entries()).state, sim.state)).toBe(true);
  });
});
