/**
 * Cross-region snapshot copy (EnableSnapshotCopy, DisableSnapshotCopy,
 * ModifySnapshotCopyRetentionPeriod): every rule with AWS's exact code, and what copying does —
 * each completed backup copied into the destination of the same account, the copies' type,
 * identifier, region and retention, the destination's quota, and copies outliving the source.
 */
import { describe, expect, it } from 'vitest';
import { availableCluster, cluster, DAYS, HOURS, ids, manualSnapshot, newSim, OWNER, refuses, snapshot, world, type Rec, type Simulator } from './fixtures.ts';
import type { Caller } from '../../src/index.ts';

const WEST: Caller = { account: OWNER.account, region: 'us-west-2' };
const enable = (sim: Simulator, input: Rec = {}) => sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: WEST.region, ...input }).Cluster;
const modifyCopy = (sim: Simulator, input: Rec) => sim.execute('ModifySnapshotCopyRetentionPeriod', { ClusterIdentifier: 'c1', ...input }).Cluster;
/** Every snapshot the owner has in the destination region, as DescribeClusterSnapshots lists them. */
const west = (sim: Simulator, input: Rec = {}): Rec[] => sim.execute('DescribeClusterSnapshots', input, WEST).Snapshots;

/** c1 with copy to us-west-2 enabled, and one manual snapshot `m1` taken and copied. */
function copying(input: Rec = {}): Simulator {
  const sim = world();
  enable(sim, input);
  manualSnapshot(sim, 'm1');
  sim.runUntilIdle();
  return sim;
}

describe('EnableSnapshotCopy rules', () => {
  it('needs ClusterIdentifier and DestinationRegion: MissingParameter', () => {
    const sim = world();
    refuses(sim, () => sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1' }), 'MissingParameter');
    refuses(sim, () => sim.execute('EnableSnapshotCopy', { DestinationRegion: 'us-west-2' }), 'MissingParameter');
  });

  it('an unknown cluster: ClusterNotFound (404)', () => {
    const sim = world();
    refuses(sim, () => enable(sim, { ClusterIdentifier: 'nope' }), 'ClusterNotFound', 404);
  });

  it('a region that does not exist: UnknownSnapshotCopyRegionFault (404)', () => {
    const sim = world();
    refuses(sim, () => enable(sim, { DestinationRegion: 'mars-east-1' }), 'UnknownSnapshotCopyRegionFault', 404);
    refuses(sim, () => enable(sim, { DestinationRegion: 'US-WEST-2' }), 'UnknownSnapshotCopyRegionFault', 404);
  });

  it('the cluster\'s own region as destination: UnknownSnapshotCopyRegionFault (404)', () => {
    const sim = world();
    refuses(sim, () => enable(sim, { DestinationRegion: OWNER.region }), 'UnknownSnapshotCopyRegionFault', 404);
  });

  it('copy already enabled: SnapshotCopyAlreadyEnabledFault, also for another destination', () => {
    const sim = world();
    enable(sim);
    refuses(sim, () => enable(sim), 'SnapshotCopyAlreadyEnabledFault');
    refuses(sim, () => enable(sim, { DestinationRegion: 'eu-west-1' }), 'SnapshotCopyAlreadyEnabledFault');
  });

  it('RetentionPeriod outside 1..35: InvalidRetentionPeriodFault', () => {
    const sim = world();
    for (const days of [0, 36, -1]) refuses(sim, () => enable(sim, { RetentionPeriod: days }), 'InvalidRetentionPeriodFault');
    expect(enable(sim, { RetentionPeriod: 35 }).ClusterSnapshotCopyStatus.RetentionPeriod).toBe(35);
  });

  it('ManualSnapshotRetentionPeriod neither -1 nor 1..3653: InvalidRetentionPeriodFault', () => {
    const sim = world();
    for (const days of [0, -2, 3654]) refuses(sim, () => enable(sim, { ManualSnapshotRetentionPeriod: days }), 'InvalidRetentionPeriodFault');
  });

  it('a cluster that is not available: InvalidClusterState', () => {
    const sim = newSim();
    sim.execute('CreateCluster', { ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
    refuses(sim, () => enable(sim), 'InvalidClusterState');
  });

  it('a cluster encrypted with a KMS key needs a snapshot copy grant of the destination: SnapshotCopyGrantNotFoundFault', () => {
    const sim = newSim();
    availableCluster(sim, 'c1', { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1' });
    refuses(sim, () => enable(sim), 'SnapshotCopyGrantNotFoundFault');
    refuses(sim, () => enable(sim, { SnapshotCopyGrantName: 'no-such-grant' }), 'SnapshotCopyGrantNotFoundFault');
  });

  it('a cluster encrypted with a KMS key copies with a grant of the destination; its copies carry the grant\'s key', () => {
    const sim = newSim();
    availableCluster(sim, 'c1', { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1' });
    const grantKey = 'arn:aws:kms:us-west-2:123456789012:key/k2';
    sim.execute('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: 'dr-grant', KmsKeyId: grantKey }, WEST);
    refuses(sim, () => enable(sim, { SnapshotCopyGrantName: 'dr-grant', DestinationRegion: 'eu-west-1' }), 'SnapshotCopyGrantNotFoundFault');
    expect(enable(sim, { SnapshotCopyGrantName: 'dr-grant' }).ClusterSnapshotCopyStatus.SnapshotCopyGrantName).toBe('dr-grant');
    expect(cluster(sim, 'c1').KmsKeyId).toBe('arn:aws:kms:us-east-1:123456789012:key/k1');
    manualSnapshot(sim, 'm1');
    sim.runUntilIdle();
    expect(snapshot(sim, 'm1').KmsKeyId).toBe('arn:aws:kms:us-east-1:123456789012:key/k1');
    expect(west(sim, { SnapshotIdentifier: 'm1' })[0]).toMatchObject({ KmsKeyId: grantKey, Status: 'available' });
  });

  it('a grant named by a cluster with the default key must exist too: SnapshotCopyGrantNotFoundFault', () => {
    const sim = world();
    refuses(sim, () => enable(sim, { SnapshotCopyGrantName: 'no-such-grant' }), 'SnapshotCopyGrantNotFoundFault');
  });

  it('shows ClusterSnapshotCopyStatus with the defaults: 7 days for automated copies, manual copies kept indefinitely', () => {
    const sim = world();
    expect(cluster(sim, 'c1').ClusterSnapshotCopyStatus).toBeUndefined();
    expect(enable(sim).ClusterSnapshotCopyStatus).toEqual({ DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: -1 });
    expect(cluster(sim, 'c1').ClusterSnapshotCopyStatus.DestinationRegion).toBe('us-west-2');
  });
});

describe('DisableSnapshotCopy and ModifySnapshotCopyRetentionPeriod rules', () => {
  it('disabling what is not enabled: SnapshotCopyAlreadyDisabledFault', () => {
    const sim = world();
    refuses(sim, () => sim.execute('DisableSnapshotCopy', { ClusterIdentifier: 'c1' }), 'SnapshotCopyAlreadyDisabledFault');
    enable(sim);
    expect(sim.execute('DisableSnapshotCopy', { ClusterIdentifier: 'c1' }).Cluster.ClusterSnapshotCopyStatus).toBeUndefined();
    refuses(sim, () => sim.execute('DisableSnapshotCopy', { ClusterIdentifier: 'c1' }), 'SnapshotCopyAlreadyDisabledFault');
    refuses(sim, () => sim.execute('DisableSnapshotCopy', { ClusterIdentifier: 'nope' }), 'ClusterNotFound', 404);
  });

  it('changing the copy retention with copy off: SnapshotCopyDisabledFault', () => {
    const sim = world();
    refuses(sim, () => modifyCopy(sim, { RetentionPeriod: 3 }), 'SnapshotCopyDisabledFault');
    refuses(sim, () => modifyCopy(sim, { ClusterIdentifier: 'nope', RetentionPeriod: 3 }), 'ClusterNotFound', 404);
  });

  it('RetentionPeriod: 1..35 for automated copies, -1 or 1..3653 with Manual: InvalidRetentionPeriodFault', () => {
    const sim = world();
    enable(sim);
    for (const days of [0, 36, -1]) refuses(sim, () => modifyCopy(sim, { RetentionPeriod: days }), 'InvalidRetentionPeriodFault');
    for (const days of [0, -2, 3654]) refuses(sim, () => modifyCopy(sim, { RetentionPeriod: days, Manual: true }), 'InvalidRetentionPeriodFault');
    refuses(sim, () => modifyCopy(sim, {}), 'MissingParameter');
    expect(modifyCopy(sim, { RetentionPeriod: 3653, Manual: true }).ClusterSnapshotCopyStatus).toEqual({ DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: 3653 });
    expect(modifyCopy(sim, { RetentionPeriod: 2 }).ClusterSnapshotCopyStatus.RetentionPeriod).toBe(2);
  });

  it('a cluster that is not available (pausing): InvalidClusterState, for both', () => {
    const sim = world();
    enable(sim);
    expect(sim.execute('PauseCluster', { ClusterIdentifier: 'c1' }).Cluster.ClusterStatus).toBe('pausing');
    refuses(sim, () => sim.execute('DisableSnapshotCopy', { ClusterIdentifier: 'c1' }), 'InvalidClusterState');
    refuses(sim, () => modifyCopy(sim, { RetentionPeriod: 3 }), 'InvalidClusterState');
    refuses(sim, () => modifyCopy(sim, { RetentionPeriod: 30, Manual: true }), 'InvalidClusterState');
    expect(cluster(sim, 'c1').ClusterSnapshotCopyStatus).toEqual({ DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: -1 });
  });
});

describe('copying', () => {
  it('copies a completed manual snapshot into the destination: same identifier, type and cluster, SourceRegion, no tags, creating then available', () => {
    const sim = world();
    enable(sim);
    manualSnapshot(sim, 'm1', { input: { Tags: [{ Key: 'team', Value: 'dr' }] } });
    const [copy] = west(sim, { SnapshotIdentifier: 'm1' });
    expect(copy).toMatchObject({ SnapshotIdentifier: 'm1', ClusterIdentifier: 'c1', SnapshotType: 'manual', SourceRegion: 'us-east-1', OwnerAccount: OWNER.account, Tags: [] });
    expect(copy!.SnapshotArn).toBe(`arn:aws:redshift:us-west-2:${OWNER.account}:snapshot:c1/m1`);
    // a copy holds the data of its source's start
    expect(copy!.SnapshotCreateTime).toEqual(snapshot(sim, 'm1').SnapshotCreateTime);
    sim.runUntilIdle();
    expect(west(sim, { SnapshotIdentifier: 'm1' })[0]).toMatchObject({ Status: 'available', TotalBackupSizeInMegaBytes: snapshot(sim, 'm1').TotalBackupSizeInMegaBytes });
    // the source region's own listing is unchanged: the copy lives only in the destination
    expect(ids(sim.execute('DescribeClusterSnapshots', { SnapshotType: 'manual' }))).toEqual(['m1']);
  });

  it('copies automated snapshots as automated ones, which ClusterIdentifier finds in the destination', () => {
    const sim = world();
    enable(sim);
    sim.advance(DAYS(1));
    sim.runUntilIdle();
    const source = sim.execute('DescribeClusterSnapshots', { SnapshotType: 'automated' }).Snapshots.map((s: Rec) => s.SnapshotIdentifier);
    expect(source.length).toBeGreaterThan(0);
    const copies = west(sim, { ClusterIdentifier: 'c1', SnapshotType: 'automated' });
    expect(copies.map((s) => s.SnapshotIdentifier)).toEqual(source);
    for (const c of copies) expect(c).toMatchObject({ SnapshotType: 'automated', SourceRegion: 'us-east-1', Status: 'available' });
    // no cluster c1 lives in the destination
    expect(west(sim, { ClusterIdentifier: 'c1', ClusterExists: false }).length).toBe(copies.length);
  });

  it('moves the whole snapshot first, then each backup\'s increment', () => {
    const sim = copying();
    manualSnapshot(sim, 'm2');
    sim.runUntilIdle();
    const [first] = west(sim, { SnapshotIdentifier: 'm1' });
    const [second] = west(sim, { SnapshotIdentifier: 'm2' });
    expect(first!.ActualIncrementalBackupSizeInMegaBytes).toBe(first!.TotalBackupSizeInMegaBytes);
    expect(second!.ActualIncrementalBackupSizeInMegaBytes).toBe(snapshot(sim, 'm2').ActualIncrementalBackupSizeInMegaBytes);
    expect(second!.ActualIncrementalBackupSizeInMegaBytes).toBeLessThan(second!.TotalBackupSizeInMegaBytes);
  });

  it('a copy is restorable in the destination, and the restored cluster is the caller\'s there', () => {
    const sim = copying();
    const restored = sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: 'dr', SnapshotIdentifier: 'm1' }, WEST).Cluster;
    expect(restored).toMatchObject({ ClusterIdentifier: 'dr', ClusterStatus: 'creating', NodeType: 'dc2.large' });
    sim.waitFor('ClusterRestored', { ClusterIdentifier: 'dr' }, WEST, { maxAttempts: 1000 });
    expect(cluster(sim, 'dr', WEST).RestoreStatus.Status).toBe('completed');
    refuses(sim, () => sim.execute('DescribeClusters', { ClusterIdentifier: 'dr' }), 'ClusterNotFound', 404);
  });

  it('copied manual snapshots follow the copy\'s manual retention, set for new copies only', () => {
    const sim = copying({ ManualSnapshotRetentionPeriod: 3 });
    expect(west(sim, { SnapshotIdentifier: 'm1' })[0]).toMatchObject({ ManualSnapshotRetentionPeriod: 3, ManualSnapshotRemainingDays: 3 });
    modifyCopy(sim, { RetentionPeriod: 10, Manual: true });
    manualSnapshot(sim, 'm2');
    sim.runUntilIdle();
    expect(west(sim, { SnapshotIdentifier: 'm1' })[0]!.ManualSnapshotRetentionPeriod).toBe(3);
    expect(west(sim, { SnapshotIdentifier: 'm2' })[0]!.ManualSnapshotRetentionPeriod).toBe(10);
    sim.advance(DAYS(4));
    expect(west(sim, { SnapshotType: 'manual' }).map((s) => s.SnapshotIdentifier)).toEqual(['m2']);
  });

  it('copied automated snapshots expire after the copy retention, the latest one too', () => {
    const sim = world();
    enable(sim, { RetentionPeriod: 1 });
    sim.advance(DAYS(1));
    sim.runUntilIdle();
    sim.execute('DisableSnapshotCopy', { ClusterIdentifier: 'c1' });
    expect(west(sim, { SnapshotType: 'automated' }).length).toBeGreaterThan(0);
    sim.advance(DAYS(1) + HOURS(1));
    expect(west(sim, { SnapshotType: 'automated' })).toEqual([]);
  });

  it('lowering the automated copy retention deletes the copies outside it at once; raising it keeps the rest longer', () => {
    const sim = world();
    enable(sim, { RetentionPeriod: 10 });
    sim.advance(DAYS(3));
    sim.runUntilIdle();
    const before = west(sim, { SnapshotType: 'automated' });
    modifyCopy(sim, { RetentionPeriod: 1 });
    const now = sim.nowMs();
    const after = west(sim, { SnapshotType: 'automated' });
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(before.length);
    for (const s of after) expect(now - (s.SnapshotRetentionStartTime as Date).getTime()).toBeLessThan(DAYS(1) * 1000);
    modifyCopy(sim, { RetentionPeriod: 5 });
    sim.advance(DAYS(2));
    expect(west(sim, { SnapshotType: 'automated' }).map((s) => s.SnapshotIdentifier)).toEqual(expect.arrayContaining(after.map((s) => s.SnapshotIdentifier)));
  });

  it('copies stay when copy is disabled and when the source cluster is deleted', () => {
    const sim = copying();
    sim.execute('DisableSnapshotCopy', { ClusterIdentifier: 'c1' });
    manualSnapshot(sim, 'm2');
    sim.runUntilIdle();
    expect(west(sim, { SnapshotType: 'manual' }).map((s) => s.SnapshotIdentifier)).toEqual(['m1']);
    enable(sim);
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
    sim.runUntilIdle();
    sim.advance(DAYS(1));
    expect(west(sim, { SnapshotType: 'manual' }).map((s) => s.SnapshotIdentifier)).toEqual(['m1']);
  });

  it('a final snapshot is copied; a same-region copy of a snapshot is not', () => {
    const sim = world();
    enable(sim);
    sim.advance(HOURS(9));
    sim.runUntilIdle();
    const auto = sim.execute('DescribeClusterSnapshots', { SnapshotType: 'automated' }).Snapshots[0].SnapshotIdentifier;
    sim.execute('CopyClusterSnapshot', { SourceSnapshotIdentifier: auto, TargetSnapshotIdentifier: 'kept' });
    sim.runUntilIdle();
    refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 'kept' }, WEST), 'ClusterSnapshotNotFound', 404);
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'c1-final' });
    sim.runUntilIdle();
    expect(west(sim, { SnapshotIdentifier: 'c1-final' })[0]).toMatchObject({ SnapshotType: 'manual', Status: 'available', SourceRegion: 'us-east-1' });
  });

  it('a manual copy beyond the destination\'s manual quota is not made, and the log says so', () => {
    const sim = newSim({ quotas: { manualSnapshots: 1 } });
    availableCluster(sim, 'c1');
    availableCluster(sim, 'w1', {}, WEST);
    manualSnapshot(sim, 'full', { cluster: 'w1', caller: WEST });
    enable(sim);
    manualSnapshot(sim, 'm1');
    sim.runUntilIdle();
    expect(west(sim, { SnapshotType: 'manual' }).map((s) => s.SnapshotIdentifier)).toEqual(['full']);
    const skipped = sim.entries().flatMap((e) => e.events).filter((e) => e.type === 'SnapshotCopySkipped');
    expect(skipped).toEqual([{ type: 'SnapshotCopySkipped', ref: { ...WEST, id: 'm1' }, source: { ...OWNER, id: 'm1' }, reason: 'quota' }]);
  });

  it('a snapshot whose identifier the destination already holds is not copied', () => {
    const sim = world();
    availableCluster(sim, 'w1', {}, WEST);
    manualSnapshot(sim, 'm1', { cluster: 'w1', caller: WEST });
    enable(sim);
    manualSnapshot(sim, 'm1');
    sim.runUntilIdle();
    expect(west(sim, { SnapshotIdentifier: 'm1' })[0]).toMatchObject({ ClusterIdentifier: 'w1' });
    expect(sim.entries().flatMap((e) => e.events).some((e) => e.type === 'SnapshotCopySkipped' && e.reason === 'exists')).toBe(true);
  });

  it('a copy may fail (the copy-failure fault): it shows failed in the destination', () => {
    const sim = newSim({ faults: { copyFailure: 1 } });
    availableCluster(sim, 'c1');
    enable(sim);
    manualSnapshot(sim, 'm1');
    sim.runUntilIdle();
    expect(snapshot(sim, 'm1').Status).toBe('available');
    expect(west(sim, { SnapshotIdentifier: 'm1' })[0]!.Status).toBe('failed');
  });
});

describe('copies and the clusters of the destination', () => {
  it("are owned by no cluster there, not even one of the same name and creation time: its latest automated snapshot stays, ClusterExists is false", () => {
    const sim = newSim({ seed: 3 });
    for (const caller of [OWNER, WEST]) sim.execute('CreateCluster', { ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin', AutomatedSnapshotRetentionPeriod: 1 }, caller);
    sim.runUntilIdle();
    expect(cluster(sim, 'prod', WEST).ClusterCreateTime).toEqual(cluster(sim, 'prod').ClusterCreateTime);
    sim.execute('PauseCluster', { ClusterIdentifier: 'prod' }, WEST);
    sim.advance(31 * 3600); // its pause snapshot is past its retention, kept as the latest
    const own = () => west(sim, { SnapshotType: 'automated' }).filter((s) => s.SourceRegion === undefined).map((s) => s.SnapshotIdentifier);
    const latest = own();
    expect(latest).toHaveLength(1);
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'prod', DestinationRegion: WEST.region });
    manualSnapshot(sim, 'm1', { cluster: 'prod' });
    sim.advance(2 * 3600);
    expect(west(sim, { SnapshotType: 'automated' }).some((s) => s.SourceRegion === 'us-east-1' && s.Status === 'available')).toBe(true);
    expect(own()).toEqual(latest);
    const copies = west(sim).filter((s) => s.SourceRegion === 'us-east-1').map((s) => s.SnapshotIdentifier).sort();
    expect(west(sim, { ClusterIdentifier: 'prod', ClusterExists: false }).map((s) => s.SnapshotIdentifier).sort()).toEqual(copies);
    expect(west(sim, { ClusterIdentifier: 'prod', ClusterExists: true }).map((s) => s.SnapshotIdentifier)).toEqual(latest);
  });

  it('move the whole snapshot until one copy has arrived: after a failed first copy, the next is full too', () => {
    const sim = newSim({ seed: 4, faults: { copyFailure: 0.5 } });
    availableCluster(sim, 'a');
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'a', DestinationRegion: WEST.region });
    manualSnapshot(sim, 's1', { cluster: 'a', settle: false });
    sim.advance(3600);
    manualSnapshot(sim, 's2', { cluster: 'a', settle: false });
    sim.advance(3600);
    const [s1, s2] = west(sim, { SnapshotType: 'manual' });
    expect(s1!.Status).toBe('failed');
    expect(s2).toMatchObject({ Status: 'available', ActualIncrementalBackupSizeInMegaBytes: s2!.TotalBackupSizeInMegaBytes });
  });
});
