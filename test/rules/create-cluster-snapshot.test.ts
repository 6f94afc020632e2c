import { describe, expect, it } from 'vitest';
import {
  OTHER, OWNER, OWNER_ELSEWHERE, advanceUntilStatus, pause, resume, availableCluster, cluster, longId, manualSnapshot, manualSnapshots, newSim, clusterInput, refuses, snapshot, someTags, world,
} from './fixtures.ts';

const create = (sim: ReturnType<typeof world>, input: Record<string, unknown>, caller = OWNER) =>
  sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1', ...input }, caller);

describe('CreateClusterSnapshot', () => {
  describe('result', () => {
    it('returns the new manual snapshot in creating, which then becomes available', () => {
      const sim = world();
      const out = create(sim, {}).Snapshot;
      expect(out).toMatchObject({ SnapshotIdentifier: 's1', ClusterIdentifier: 'c1', Status: 'creating', SnapshotType: 'manual', OwnerAccount: OWNER.account });
      expect(out.SnapshotArn).toBe(`arn:aws:redshift:${OWNER.region}:${OWNER.account}:snapshot:c1/s1`);
      sim.runUntilIdle();
      expect(snapshot(sim, 's1').Status).toBe('available');
    });
  });

  describe('required members', () => {
    it('refuses a call without SnapshotIdentifier: MissingParameter', () => {
      const sim = world();
      refuses(sim, () => sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1' }), 'MissingParameter');
    });
    it('refuses a call without ClusterIdentifier: MissingParameter', () => {
      const sim = world();
      refuses(sim, () => sim.execute('CreateClusterSnapshot', { SnapshotIdentifier: 's1' }), 'MissingParameter');
    });
  });

  describe('snapshot identifier rules', () => {
    it('accepts 1 and 255 letters, digits or hyphens, upper or lower case, starting with a letter', () => {
      const sim = world();
      for (const id of ['a', 'My-Snapshot-2', longId(255)]) expect(create(sim, { SnapshotIdentifier: id }).Snapshot.SnapshotIdentifier).toBe(id);
    });
    it('refuses an empty snapshot id: InvalidParameterValue', () => {
      const sim = world();
      refuses(sim, () => create(sim, { SnapshotIdentifier: '' }), 'InvalidParameterValue');
    });
    it('refuses a blank snapshot id: InvalidParameterValue', () => {
      const sim = world();
      refuses(sim, () => create(sim, { SnapshotIdentifier: '   ' }), 'InvalidParameterValue');
    });
    it('refuses a snapshot id of 256 characters: InvalidParameterValue', () => {
      const sim = world();
      refuses(sim, () => create(sim, { SnapshotIdentifier: longId(256) }), 'InvalidParameterValue');
    });
    it('refuses a snapshot id starting with a digit: InvalidParameterValue', () => {
      const sim = world();
      refuses(sim, () => create(sim, { SnapshotIdentifier: '1snap' }), 'InvalidParameterValue');
    });
    it('refuses a snapshot id starting with a hyphen: InvalidParameterValue', () => {
      const sim = world();
      refuses(sim, () => create(sim, { SnapshotIdentifier: '-snap' }), 'InvalidParameterValue');
    });
    it('refuses a snapshot id ending with a hyphen: InvalidParameterValue', () => {
      const sim = world();
      refuses(sim, () => create(sim, { SnapshotIdentifier: 'snap-' }), 'InvalidParameterValue');
    });
    it('refuses a snapshot id with two consecutive hyphens: InvalidParameterValue', () => {
      const sim = world();
      refuses(sim, () => create(sim, { SnapshotIdentifier: 'my--snap' }), 'InvalidParameterValue');
    });
    it.each(['my_snap', 'my.snap', 'my snap', 'rs:c1-2025-01-01-00-00-00', 'snäp'])('refuses a snapshot id with a character other than a letter, digit or hyphen (%j): InvalidParameterValue', (id) => {
      const sim = world();
      refuses(sim, () => create(sim, { SnapshotIdentifier: id }), 'InvalidParameterValue');
    });
  });

  describe('uniqueness per account and region', () => {
    it('refuses an id another snapshot of the account and region already has: ClusterSnapshotAlreadyExists', () => {
      const sim = world({ clusters: ['c1', 'c2'] });
      manualSnapshot(sim, 's1');
      refuses(sim, () => create(sim, { ClusterIdentifier: 'c2' }), 'ClusterSnapshotAlreadyExists');
    });
    it('refuses an id in use by a snapshot still creating: ClusterSnapshotAlreadyExists', () => {
      const sim = world();
      manualSnapshot(sim, 's1', { settle: false });
      refuses(sim, () => create(sim, {}), 'ClusterSnapshotAlreadyExists');
    });
    it('accepts an id that another account or another region already uses', () => {
      const sim = world();
      availableCluster(sim, 'c1', {}, OTHER);
      availableCluster(sim, 'c1', {}, OWNER_ELSEWHERE);
      manualSnapshot(sim, 's1');
      expect(create(sim, {}, OTHER).Snapshot.Status).toBe('creating');
      expect(create(sim, {}, OWNER_ELSEWHERE).Snapshot.Status).toBe('creating');
    });
  });

  describe('the cluster', () => {
    it('refuses an unknown cluster: ClusterNotFound (404)', () => {
      const sim = world();
      refuses(sim, () => create(sim, { ClusterIdentifier: 'nope' }), 'ClusterNotFound', 404);
    });
    it("refuses another account's cluster: ClusterNotFound (404)", () => {
      const sim = world();
      refuses(sim, () => create(sim, {}, OTHER), 'ClusterNotFound', 404);
    });
    it('refuses a cluster still creating: InvalidClusterState', () => {
      const sim = newSim();
      sim.execute('CreateCluster', clusterInput('c1'));
      refuses(sim, () => create(sim, {}), 'InvalidClusterState');
    });
    it('refuses a pausing, paused or resuming cluster: InvalidClusterState', () => {
      const sim = world();
      sim.execute('PauseCluster', { ClusterIdentifier: 'c1' });
      refuses(sim, () => create(sim, {}), 'InvalidClusterState');
      advanceUntilStatus(sim, 'c1', 'paused');
      refuses(sim, () => create(sim, {}), 'InvalidClusterState');
      sim.execute('ResumeCluster', { ClusterIdentifier: 'c1' });
      refuses(sim, () => create(sim, {}), 'InvalidClusterState');
    });
    it('refuses a cluster being deleted: InvalidClusterState', () => {
      const sim = world();
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
      refuses(sim, () => create(sim, {}), 'InvalidClusterState');
    });
    it('refuses a cluster taking its final snapshot: InvalidClusterState', () => {
      const sim = world();
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' });
      expect(cluster(sim, 'c1').ClusterStatus).toBe('final-snapshot');
      refuses(sim, () => create(sim, {}), 'InvalidClusterState');
    });
    it('accepts a cluster that is available again after a resume', () => {
      const sim = world();
      pause(sim);
      resume(sim);
      expect(create(sim, {}).Snapshot.Status).toBe('creating');
    });
  });

  describe('tags', () => {
    it('accepts 50 tags and returns them on the snapshot', () => {
      const sim = world();
      expect(create(sim, { Tags: someTags(50) }).Snapshot.Tags).toEqual(someTags(50));
    });
    it('refuses 51 tags: TagLimitExceededFault', () => {
      const sim = world();
      refuses(sim, () => create(sim, { Tags: someTags(51) }), 'TagLimitExceededFault');
    });
    it.each(['aws:owner', 'AWS:owner', 'Aws:Owner'])('refuses a tag key starting with aws: (%j): InvalidTagFault', (Key) => {
      const sim = world();
      refuses(sim, () => create(sim, { Tags: [{ Key, Value: 'x' }] }), 'InvalidTagFault');
    });
    it('accepts aws: further inside a tag key', () => {
      const sim = world();
      expect(create(sim, { Tags: [{ Key: 'team:aws:owner', Value: 'x' }] }).Snapshot.Tags).toEqual([{ Key: 'team:aws:owner', Value: 'x' }]);
    });
    it('refuses an empty tag key: InvalidTagFault', () => {
      const sim = world();
      refuses(sim, () => create(sim, { Tags: [{ Key: '', Value: 'x' }] }), 'InvalidTagFault');
    });
    it('refuses a tag key of 129 characters: InvalidTagFault', () => {
      const sim = world();
      refuses(sim, () => create(sim, { Tags: [{ Key: 'k'.repeat(129), Value: 'x' }] }), 'InvalidTagFault');
    });
    it('refuses a tag value of 257 characters: InvalidTagFault', () => {
      const sim = world();
      refuses(sim, () => create(sim, { Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] }), 'InvalidTagFault');
    });
    it('refuses the same tag key twice: InvalidTagFault', () => {
      const sim = world();
      refuses(sim, () => create(sim, { Tags: [{ Key: 'k', Value: 'a' }, { Key: 'k', Value: 'b' }] }), 'InvalidTagFault');
    });
  });

  describe('ManualSnapshotRetentionPeriod', () => {
    it.each([-1, 1, 7, 3653])('accepts %i', (days) => {
      const sim = world();
      expect(create(sim, { ManualSnapshotRetentionPeriod: days }).Snapshot.ManualSnapshotRetentionPeriod).toBe(days);
    });
    it.each([0, -2, 3654, 1.5])('refuses %d: InvalidRetentionPeriodFault', (days) => {
      const sim = world();
      refuses(sim, () => create(sim, { ManualSnapshotRetentionPeriod: days }), 'InvalidRetentionPeriodFault');
    });
    it('defaults to -1 (kept indefinitely)', () => {
      const sim = world();
      expect(create(sim, {}).Snapshot.ManualSnapshotRetentionPeriod).toBe(-1);
    });
    it("defaults to the cluster's ManualSnapshotRetentionPeriod when the cluster sets one", () => {
      const sim = newSim();
      availableCluster(sim, 'c1', { ManualSnapshotRetentionPeriod: 10 });
      expect(create(sim, {}).Snapshot.ManualSnapshotRetentionPeriod).toBe(10);
    });
  });

  describe('manual snapshot quota (per account and region)', () => {
    it('accepts the 20th manual snapshot and refuses the 21st by default: ClusterSnapshotQuotaExceeded', () => {
      const sim = world();
      manualSnapshots(sim, 20);
      refuses(sim, () => create(sim, { SnapshotIdentifier: 'one-more' }), 'ClusterSnapshotQuotaExceeded');
    });
    it('follows a configured quota', () => {
      const sim = world({ quotas: { manualSnapshots: 3 } });
      manualSnapshots(sim, 3);
      refuses(sim, () => create(sim, { SnapshotIdentifier: 'm4' }), 'ClusterSnapshotQuotaExceeded');
    });
    it('counts snapshots still creating', () => {
      const sim = world({ quotas: { manualSnapshots: 1 } });
      manualSnapshot(sim, 'm1', { settle: false });
      refuses(sim, () => create(sim, { SnapshotIdentifier: 'm2' }), 'ClusterSnapshotQuotaExceeded');
    });
    it('frees a slot when a manual snapshot is deleted', () => {
      const sim = world({ quotas: { manualSnapshots: 1 } });
      manualSnapshot(sim, 'm1');
      sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: 'm1' });
      expect(create(sim, { SnapshotIdentifier: 'm2' }).Snapshot.Status).toBe('creating');
    });
    it('does not count automated snapshots', () => {
      const sim = world({ quotas: { manualSnapshots: 1 } });
      sim.advance(24 * 3600);
      expect(sim.execute('DescribeClusterSnapshots', { SnapshotType: 'automated' }).Snapshots.length).toBeGreaterThan(0);
      expect(create(sim, {}).Snapshot.Status).toBe('creating');
    });
    it('counts each account and region separately', () => {
      const sim = world({ quotas: { manualSnapshots: 1 } });
      availableCluster(sim, 'c1', {}, OTHER);
      availableCluster(sim, 'c1', {}, OWNER_ELSEWHERE);
      manualSnapshot(sim, 'm1');
      expect(create(sim, {}, OTHER).Snapshot.Status).toBe('creating');
      expect(create(sim, {}, OWNER_ELSEWHERE).Snapshot.Status).toBe('creating');
    });
  });
});
