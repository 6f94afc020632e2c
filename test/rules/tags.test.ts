/**
 * CreateTags, DeleteTags and DescribeTags on cluster and snapshot ARNs (reference §1.5, §4.3):
 * what each does, and every refusal with AWS's exact code and HTTP status.
 */
import { describe, expect, it } from 'vitest';
import { OTHER, OWNER, advanceUntilStatus, OWNER_ELSEWHERE, automatedSnapshot, availableCluster, cluster, ids, manualSnapshot, refuses, snapshot, someTags, world, type Rec, type Simulator } from './fixtures.ts';

const C1 = `arn:aws:redshift:${OWNER.region}:${OWNER.account}:cluster:c1`;
const S1 = `arn:aws:redshift:${OWNER.region}:${OWNER.account}:snapshot:c1/s1`;

/** A world with cluster c1 and an available manual snapshot s1 of it, both OWNER's. */
function tagged(): Simulator {
  const sim = world();
  manualSnapshot(sim, 's1');
  return sim;
}

const create = (sim: Simulator, arn: string, tags: Rec[], caller = OWNER) => sim.execute('CreateTags', { ResourceName: arn, Tags: tags }, caller);
const remove = (sim: Simulator, arn: string, keys: string[], caller = OWNER) => sim.execute('DeleteTags', { ResourceName: arn, TagKeys: keys }, caller);
const describeTags = (sim: Simulator, input: Rec = {}, caller = OWNER) => sim.execute('DescribeTags', input, caller);
/** `key=value` of each TaggedResource, prefixed by its resource type. */
const listed = (out: Rec): string[] => (out.TaggedResources as Rec[]).map((t) => `${t.ResourceType} ${t.Tag.Key}=${t.Tag.Value}`);

describe('CreateTags', () => {
  describe('result', () => {
    it('tags a cluster: DescribeClusters shows the tags and its tag filter finds it', () => {
      const sim = tagged();
      expect(create(sim, C1, [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'dr' }])).toEqual({});
      expect(cluster(sim, 'c1').Tags).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'dr' }]);
      expect(sim.execute('DescribeClusters', { TagKeys: ['team'] }).Clusters.map((c: Rec) => c.ClusterIdentifier)).toEqual(['c1']);
      expect(sim.execute('DescribeClusters', { TagValues: ['staging'] }).Clusters).toEqual([]);
      // a named cluster is filtered too, as a named snapshot is
      expect(sim.execute('DescribeClusters', { ClusterIdentifier: 'c1', TagKeys: ['team'] }).Clusters.map((c: Rec) => c.ClusterIdentifier)).toEqual(['c1']);
      expect(sim.execute('DescribeClusters', { ClusterIdentifier: 'c1', TagKeys: ['nomatch'] }).Clusters).toEqual([]);
      expect(sim.execute('DescribeClusters', { ClusterIdentifier: 'c1', TagValues: ['staging'] }).Clusters).toEqual([]);
    });
    it('tags a snapshot: DescribeClusterSnapshots shows the tags and its tag filter finds it', () => {
      const sim = tagged();
      manualSnapshot(sim, 's2');
      create(sim, S1, [{ Key: 'keep', Value: 'yes' }]);
      expect(snapshot(sim, 's1').Tags).toEqual([{ Key: 'keep', Value: 'yes' }]);
      expect(ids(sim.execute('DescribeClusterSnapshots', { TagKeys: ['keep'], TagValues: ['yes'] }))).toEqual(['s1']);
    });
    it('overwrites the value of a key the resource has, keeping its place; new keys go after', () => {
      const sim = tagged();
      create(sim, C1, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
      create(sim, C1, [{ Key: 'c', Value: '3' }, { Key: 'a', Value: 'one' }]);
      expect(cluster(sim, 'c1').Tags).toEqual([{ Key: 'a', Value: 'one' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }]);
    });
    it('takes a tag without a value as the empty value', () => {
      const sim = tagged();
      create(sim, S1, [{ Key: 'flag' }]);
      expect(snapshot(sim, 's1').Tags).toEqual([{ Key: 'flag', Value: '' }]);
    });
    it('tags a snapshot still creating, and an automated snapshot', () => {
      const sim = tagged();
      manualSnapshot(sim, 'busy', { settle: false });
      create(sim, `arn:aws:redshift:${OWNER.region}:${OWNER.account}:snapshot:c1/busy`, [{ Key: 'k', Value: 'v' }]);
      expect(snapshot(sim, 'busy').Tags).toEqual([{ Key: 'k', Value: 'v' }]);
      const auto = automatedSnapshot(sim);
      create(sim, auto.SnapshotArn, [{ Key: 'k', Value: 'auto' }]);
      expect(snapshot(sim, auto.SnapshotIdentifier).Tags).toEqual([{ Key: 'k', Value: 'auto' }]);
    });
    it('tags a pausing and a paused cluster', () => {
      const sim = tagged();
      sim.execute('PauseCluster', { ClusterIdentifier: 'c1' });
      create(sim, C1, [{ Key: 'k', Value: 'v' }]);
      advanceUntilStatus(sim, 'c1', 'paused');
      create(sim, C1, [{ Key: 'k2', Value: 'v' }]);
      expect(cluster(sim, 'c1').Tags).toEqual([{ Key: 'k', Value: 'v' }, { Key: 'k2', Value: 'v' }]);
    });
    it('admits a resource up to 50 tags, and overwriting on a full resource', () => {
      const sim = tagged();
      create(sim, C1, someTags(50));
      create(sim, C1, [{ Key: 'k50', Value: 'new' }]);
      expect(cluster(sim, 'c1').Tags).toHaveLength(50);
    });
    it('logs a call that changes nothing without events', () => {
      const sim = tagged();
      create(sim, C1, [{ Key: 'a', Value: '1' }]);
      const before = sim.entries().length;
      create(sim, C1, [{ Key: 'a', Value: '1' }]);
      expect(sim.entries().length).toBe(before + 1);
      expect(sim.entries().at(-1)!.events).toEqual([]);
    });
  });

  describe('refusals', () => {
    it('refuses a call without ResourceName or Tags: MissingParameter', () => {
      const sim = tagged();
      refuses(sim, () => sim.execute('CreateTags', { Tags: [{ Key: 'k', Value: 'v' }] }), 'MissingParameter');
      refuses(sim, () => sim.execute('CreateTags', { ResourceName: C1 }), 'MissingParameter');
    });
    it('refuses an empty Tags list: InvalidParameterValue', () => {
      const sim = tagged();
      refuses(sim, () => create(sim, C1, []), 'InvalidParameterValue');
    });
    it('refuses a tag with a member the model does not have (a typo of Value is no empty value), or no structure: InvalidParameterValue, on every operation taking Tags', () => {
      const sim = tagged();
      const e = refuses(sim, () => create(sim, C1, [{ Key: 'owner', Value: 'bob' }, { Key: 'team', Valu: 'alice' }]), 'InvalidParameterValue');
      expect(e.message).toMatch(/Tags\.2: has no member Valu \(its members: Key, Value\)/);
      refuses(sim, () => create(sim, C1, ['owner=bob'] as unknown as Rec[]), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's2', Tags: [{ Key: 'k', Value: 'v', Foo: 'x' }] }), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: 'g', Tags: [{ Key: 'k', Valeu: 'v' }] }), 'InvalidParameterValue');
      expect(describeTags(sim).TaggedResources).toEqual([]);
    });
    it('refuses a ResourceName that is no Amazon Redshift ARN: InvalidParameterValue', () => {
      const sim = tagged();
      refuses(sim, () => create(sim, 'c1', [{ Key: 'k', Value: 'v' }]), 'InvalidParameterValue');
      refuses(sim, () => create(sim, 'arn:aws:s3:::bucket', [{ Key: 'k', Value: 'v' }]), 'InvalidParameterValue');
      refuses(sim, () => create(sim, `arn:aws:rds:${OWNER.region}:${OWNER.account}:db:c1`, [{ Key: 'k', Value: 'v' }]), 'InvalidParameterValue');
    });
    it('refuses an unknown cluster or snapshot: ResourceNotFoundFault (404)', () => {
      const sim = tagged();
      refuses(sim, () => create(sim, C1.replace('c1', 'nope'), [{ Key: 'k', Value: 'v' }]), 'ResourceNotFoundFault', 404);
      refuses(sim, () => create(sim, S1.replace('s1', 'nope'), [{ Key: 'k', Value: 'v' }]), 'ResourceNotFoundFault', 404);
    });
    it('refuses a snapshot ARN naming another cluster than its own, or none: ResourceNotFoundFault', () => {
      const sim = tagged();
      availableCluster(sim, 'c2');
      refuses(sim, () => create(sim, S1.replace('c1/', 'c2/'), [{ Key: 'k', Value: 'v' }]), 'ResourceNotFoundFault', 404);
      refuses(sim, () => create(sim, S1.replace('c1/', ''), [{ Key: 'k', Value: 'v' }]), 'ResourceNotFoundFault', 404);
    });
    it("refuses another account's resource, also one shared with the caller: ResourceNotFoundFault", () => {
      const sim = tagged();
      sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER.account });
      refuses(sim, () => create(sim, S1, [{ Key: 'k', Value: 'v' }], OTHER), 'ResourceNotFoundFault', 404);
      refuses(sim, () => create(sim, C1, [{ Key: 'k', Value: 'v' }], OTHER), 'ResourceNotFoundFault', 404);
    });
    it("refuses the caller's resource named from another region: ResourceNotFoundFault", () => {
      const sim = tagged();
      refuses(sim, () => create(sim, C1, [{ Key: 'k', Value: 'v' }], OWNER_ELSEWHERE), 'ResourceNotFoundFault', 404);
    });
    it('refuses a Redshift resource type snapsim holds none of: ResourceNotFoundFault', () => {
      const sim = tagged();
      refuses(sim, () => create(sim, `arn:aws:redshift:${OWNER.region}:${OWNER.account}:parametergroup:default`, [{ Key: 'k', Value: 'v' }]), 'ResourceNotFoundFault', 404);
    });
    it('refuses a deleted snapshot: ResourceNotFoundFault', () => {
      const sim = tagged();
      sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: 's1' });
      refuses(sim, () => create(sim, S1, [{ Key: 'k', Value: 'v' }]), 'ResourceNotFoundFault', 404);
    });
    it('refuses more than 50 tags in the call: TagLimitExceededFault', () => {
      const sim = tagged();
      refuses(sim, () => create(sim, C1, someTags(51)), 'TagLimitExceededFault');
    });
    it('refuses tags that would leave the resource more than 50: TagLimitExceededFault', () => {
      const sim = tagged();
      create(sim, S1, someTags(45));
      refuses(sim, () => create(sim, S1, [...someTags(45), ...someTags(51).slice(45)]), 'TagLimitExceededFault');
    });
    it.each([
      ['a key starting with aws:', [{ Key: 'aws:owner', Value: 'x' }]],
      ['an empty key', [{ Key: '', Value: 'x' }]],
      ['a key of 129 characters', [{ Key: 'k'.repeat(129), Value: 'x' }]],
      ['a value of 257 characters', [{ Key: 'k', Value: 'v'.repeat(257) }]],
      ['a character outside the tag set', [{ Key: 'k', Value: 'a;b' }]],
      ['a key twice', [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }]],
    ])('refuses %s: InvalidTagFault', (_, tags) => {
      const sim = tagged();
      refuses(sim, () => create(sim, C1, tags), 'InvalidTagFault');
    });
    it('refuses a cluster taking its final snapshot or deleting: InvalidClusterState', () => {
      const sim = tagged();
      availableCluster(sim, 'c2');
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' });
      refuses(sim, () => create(sim, C1, [{ Key: 'k', Value: 'v' }]), 'InvalidClusterState');
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c2', SkipFinalClusterSnapshot: true });
      refuses(sim, () => create(sim, C1.replace('c1', 'c2'), [{ Key: 'k', Value: 'v' }]), 'InvalidClusterState');
    });
  });
});

describe('DeleteTags', () => {
  describe('result', () => {
    it('removes the keys named; DescribeClusters tag filters no longer find them', () => {
      const sim = tagged();
      create(sim, C1, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }]);
      expect(remove(sim, C1, ['a', 'c'])).toEqual({});
      expect(cluster(sim, 'c1').Tags).toEqual([{ Key: 'b', Value: '2' }]);
      expect(sim.execute('DescribeClusters', { TagKeys: ['a'] }).Clusters).toEqual([]);
    });
    it('removes tags from a snapshot', () => {
      const sim = tagged();
      create(sim, S1, [{ Key: 'a', Value: '1' }]);
      remove(sim, S1, ['a']);
      expect(snapshot(sim, 's1').Tags).toEqual([]);
      expect(ids(sim.execute('DescribeClusterSnapshots', { TagKeys: ['a'] }))).toEqual([]);
    });
    it('ignores keys the resource does not have (logged, without events)', () => {
      const sim = tagged();
      create(sim, C1, [{ Key: 'a', Value: '1' }]);
      remove(sim, C1, ['zzz']);
      expect(cluster(sim, 'c1').Tags).toEqual([{ Key: 'a', Value: '1' }]);
      expect(sim.entries().at(-1)!.events).toEqual([]);
    });
    it('removes tags from a cluster that is deleting', () => {
      const sim = tagged();
      create(sim, C1, [{ Key: 'a', Value: '1' }]);
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
      remove(sim, C1, ['a']);
      expect(cluster(sim, 'c1').Tags).toEqual([]);
    });
  });

  describe('refusals', () => {
    it('refuses a call without ResourceName or TagKeys: MissingParameter', () => {
      const sim = tagged();
      refuses(sim, () => sim.execute('DeleteTags', { TagKeys: ['a'] }), 'MissingParameter');
      refuses(sim, () => sim.execute('DeleteTags', { ResourceName: C1 }), 'MissingParameter');
    });
    it('refuses an empty TagKeys list: InvalidParameterValue', () => {
      const sim = tagged();
      refuses(sim, () => remove(sim, C1, []), 'InvalidParameterValue');
    });
    it('refuses a key that cannot be a tag key (empty, over 128 characters): InvalidTagFault', () => {
      const sim = tagged();
      refuses(sim, () => remove(sim, C1, ['']), 'InvalidTagFault');
      refuses(sim, () => remove(sim, C1, ['k'.repeat(129)]), 'InvalidTagFault');
    });
    it('counts a key in characters, not UTF-16 units: 128 letters beyond the BMP are a key, 129 are not', () => {
      const sim = tagged();
      const letter = '\u{20000}'; // a CJK letter, two UTF-16 units
      sim.execute('CreateTags', { ResourceName: C1, Tags: [{ Key: letter.repeat(128), Value: letter.repeat(256) }] });
      remove(sim, C1, [letter.repeat(128)]);
      refuses(sim, () => remove(sim, C1, [letter.repeat(129)]), 'InvalidTagFault');
      refuses(sim, () => sim.execute('CreateTags', { ResourceName: C1, Tags: [{ Key: letter.repeat(129), Value: 'v' }] }), 'InvalidTagFault');
      refuses(sim, () => sim.execute('CreateTags', { ResourceName: C1, Tags: [{ Key: 'k', Value: letter.repeat(257) }] }), 'InvalidTagFault');
    });
    it('refuses an unknown or foreign resource: ResourceNotFoundFault (404)', () => {
      const sim = tagged();
      refuses(sim, () => remove(sim, S1.replace('s1', 'nope'), ['a']), 'ResourceNotFoundFault', 404);
      refuses(sim, () => remove(sim, C1, ['a'], OTHER), 'ResourceNotFoundFault', 404);
    });
    it('refuses a ResourceName that is no Amazon Redshift ARN: InvalidParameterValue', () => {
      const sim = tagged();
      refuses(sim, () => remove(sim, 'not-an-arn', ['a']), 'InvalidParameterValue');
    });
  });
});

describe('DescribeTags', () => {
  /** c1 (tags a, b), s1 (tag a), c2 (no tags), s2 of c2 (tag c); OTHER's cluster x (tag a). */
  function story(): Simulator {
    const sim = tagged();
    availableCluster(sim, 'c2');
    manualSnapshot(sim, 's2', { cluster: 'c2' });
    availableCluster(sim, 'x', {}, OTHER);
    create(sim, C1, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    create(sim, S1, [{ Key: 'a', Value: '2' }]);
    create(sim, `arn:aws:redshift:${OWNER.region}:${OWNER.account}:snapshot:c2/s2`, [{ Key: 'c', Value: '1' }]);
    create(sim, `arn:aws:redshift:${OWNER.region}:${OTHER.account}:cluster:x`, [{ Key: 'a', Value: '1' }], OTHER);
    return sim;
  }

  describe('result', () => {
    it("lists one TaggedResource per tag of the caller's clusters and snapshots, by resource in creation order", () => {
      const sim = story();
      const out = describeTags(sim);
      expect(out.Marker).toBeUndefined();
      expect(out.TaggedResources[0]).toEqual({ Tag: { Key: 'a', Value: '1' }, ResourceName: C1, ResourceType: 'cluster' });
      expect(out.TaggedResources[2]).toEqual({ Tag: { Key: 'a', Value: '2' }, ResourceName: S1, ResourceType: 'snapshot' });
      expect(listed(out)).toEqual(['cluster a=1', 'cluster b=2', 'snapshot a=2', 'snapshot c=1']);
    });
    it("lists only the caller's own, in its own region (not another account's, not a snapshot shared with it)", () => {
      const sim = story();
      sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER.account });
      expect(listed(describeTags(sim, {}, OTHER))).toEqual(['cluster a=1']);
      expect(describeTags(sim, {}, OWNER_ELSEWHERE).TaggedResources).toEqual([]);
    });
    it('lists the tags of the one resource ResourceName names (none for an untagged one)', () => {
      const sim = story();
      expect(listed(describeTags(sim, { ResourceName: C1 }))).toEqual(['cluster a=1', 'cluster b=2']);
      expect(describeTags(sim, { ResourceName: C1.replace('c1', 'c2') }).TaggedResources).toEqual([]);
    });
    it('keeps one ResourceType, in any case; other Redshift resource types list nothing', () => {
      const sim = story();
      expect(listed(describeTags(sim, { ResourceType: 'Snapshot' }))).toEqual(['snapshot a=2', 'snapshot c=1']);
      expect(listed(describeTags(sim, { ResourceType: 'cluster' }))).toEqual(['cluster a=1', 'cluster b=2']);
      expect(describeTags(sim, { ResourceType: 'Parameter group' }).TaggedResources).toEqual([]);
      expect(describeTags(sim, { ResourceType: 'Snapshot copy grant' }).TaggedResources).toEqual([]);
    });
    it('keeps the tags matching the tag filters: keys, values, or a key and a value both listed', () => {
      const sim = story();
      expect(listed(describeTags(sim, { TagKeys: ['a'] }))).toEqual(['cluster a=1', 'snapshot a=2']);
      expect(listed(describeTags(sim, { TagValues: ['1'] }))).toEqual(['cluster a=1', 'snapshot c=1']);
      expect(listed(describeTags(sim, { TagKeys: ['a', 'c'], TagValues: ['2'] }))).toEqual(['snapshot a=2']);
      expect(listed(describeTags(sim, { ResourceName: C1, TagKeys: ['b'] }))).toEqual(['cluster b=2']);
    });
    it('pages by MaxRecords with an opaque Marker, every tag exactly once, in the unpaged order', () => {
      const sim = story();
      create(sim, C1, someTags(20));
      create(sim, S1, someTags(15));
      const all = listed(describeTags(sim));
      expect(all).toHaveLength(39);
      const pages: Rec[] = [];
      let marker: string | undefined;
      do {
        const out = describeTags(sim, { MaxRecords: 10, ...(marker ? { Marker: marker } : {}) });
        pages.push(out);
        marker = out.Marker;
      } while (marker !== undefined);
      expect(pages.map((p) => p.TaggedResources.length)).toEqual([10, 10, 10, 9]);
      expect(pages.flatMap(listed)).toEqual(all);
      expect(pages[0]!.Marker).not.toMatch(/cluster|snapshot|c1|s1/);
    });
    it('lists each resource\'s tags by key, whatever order they were added in', () => {
      const sim = story();
      create(sim, C1, [{ Key: 'zeta', Value: '1' }, { Key: 'Alpha', Value: '2' }, { Key: 'mid', Value: '3' }]);
      expect(listed(describeTags(sim, { ResourceName: C1 }))).toEqual(['cluster Alpha=2', 'cluster a=1', 'cluster b=2', 'cluster mid=3', 'cluster zeta=1']);
    });
    it('loses and repeats no tag that exists throughout while tags are deleted and added between pages', () => {
      const sim = story();
      create(sim, C1, someTags(15));
      create(sim, S1, someTags(15));
      const first = describeTags(sim, { MaxRecords: 10 });
      const seen = listed(first);
      // the first tags listed go, tags are added before and after the place the marker names
      remove(sim, C1, (first.TaggedResources as Rec[]).slice(0, 3).map((t) => t.Tag.Key));
      create(sim, C1, [{ Key: '0-before', Value: 'x' }, { Key: 'zz-after', Value: 'y' }]);
      let marker: string | undefined = first.Marker;
      while (marker !== undefined) {
        const out = describeTags(sim, { MaxRecords: 10, Marker: marker });
        seen.push(...listed(out));
        marker = out.Marker;
      }
      expect(new Set(seen).size).toBe(seen.length);
      const now = listed(describeTags(sim));
      for (const t of now) if (t !== 'cluster 0-before=x') expect(seen).toContain(t);
    });
    it('refuses a marker of another operation: InvalidParameterValue', () => {
      const sim = story();
      for (let i = 0; i < 25; i++) sim.execute('CreateCluster', { ClusterIdentifier: `extra${i}`, NodeType: 'dc2.large', MasterUsername: 'admin', MasterUserPassword: 'Passw0rd1' });
      const clusters = sim.execute('DescribeClusters', { MaxRecords: 20 });
      expect(clusters.Marker).toEqual(expect.any(String));
      refuses(sim, () => describeTags(sim, { Marker: clusters.Marker }), 'InvalidParameterValue');
    });
    it('sees tags a command changed at once, and drops a deleted snapshot', () => {
      const sim = story();
      remove(sim, C1, ['a']);
      sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: 's1' });
      expect(listed(describeTags(sim))).toEqual(['cluster b=2', 'snapshot c=1']);
    });
  });

  describe('refusals', () => {
    it('refuses ResourceName with ResourceType: InvalidParameterCombination', () => {
      const sim = story();
      refuses(sim, () => describeTags(sim, { ResourceName: C1, ResourceType: 'Cluster' }), 'InvalidParameterCombination');
    });
    it('refuses MaxRecords or Marker with ResourceName: InvalidParameterCombination', () => {
      const sim = story();
      refuses(sim, () => describeTags(sim, { ResourceName: C1, MaxRecords: 20 }), 'InvalidParameterCombination');
      refuses(sim, () => describeTags(sim, { ResourceName: C1, Marker: 'x' }), 'InvalidParameterCombination');
    });
    it.each([9, 51, 0, -1])('refuses MaxRecords %i (10 to 50): InvalidParameterValue', (n) => {
      const sim = story();
      refuses(sim, () => describeTags(sim, { MaxRecords: n }), 'InvalidParameterValue');
    });
    it('accepts MaxRecords 10 and 50', () => {
      const sim = story();
      expect(describeTags(sim, { MaxRecords: 10 }).TaggedResources).toHaveLength(4);
      expect(describeTags(sim, { MaxRecords: 50 }).TaggedResources).toHaveLength(4);
    });
    it('refuses a resource type that is none of Redshift: InvalidParameterValue', () => {
      const sim = story();
      refuses(sim, () => describeTags(sim, { ResourceType: 'bucket' }), 'InvalidParameterValue');
      // names every JavaScript object has are no resource types either
      for (const type of ['__proto__', 'constructor', 'Constructor', 'hasOwnProperty']) refuses(sim, () => describeTags(sim, { ResourceType: type }), 'InvalidParameterValue');
    });
    it('refuses a Marker snapsim did not issue: InvalidParameterValue', () => {
      const sim = story();
      refuses(sim, () => describeTags(sim, { Marker: 'not-a-marker' }), 'InvalidParameterValue');
    });
    it('refuses an unknown or foreign ResourceName: ResourceNotFoundFault (404)', () => {
      const sim = story();
      refuses(sim, () => describeTags(sim, { ResourceName: S1.replace('s1', 'nope') }), 'ResourceNotFoundFault', 404);
      refuses(sim, () => describeTags(sim, { ResourceName: C1 }, OTHER), 'ResourceNotFoundFault', 404);
    });
    it('refuses a ResourceName that is no Amazon Redshift ARN: InvalidParameterValue', () => {
      const sim = story();
      refuses(sim, () => describeTags(sim, { ResourceName: 'c1' }), 'InvalidParameterValue');
    });
  });
});
