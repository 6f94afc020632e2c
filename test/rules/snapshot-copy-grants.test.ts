/**
 * CreateSnapshotCopyGrant, DeleteSnapshotCopyGrant and DescribeSnapshotCopyGrants (reference §1.3,
 * §4.1, §4.3, §4.7), and tags on grants: what each does, and every refusal with AWS's exact code
 * and HTTP status.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_COPY_GRANTS_QUOTA } from '../../src/events/config.ts';
import { defaultKmsKeyArn } from '../../src/model/arns.ts';
import { grantInUse } from '../../src/model/copy-grants.ts';
import { findCluster } from '../../src/model/state.ts';
import type { SnapshotCopyConfig } from '../../src/model/types.ts';
import { OTHER, OWNER, OWNER_ELSEWHERE, availableCluster, newSim, refuses, someTags, world, type Rec, type Simulator } from './fixtures.ts';

const create = (sim: Simulator, name: string, extra: Rec = {}, caller = OWNER) => sim.execute('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: name, ...extra }, caller);
const remove = (sim: Simulator, name: string, caller = OWNER) => sim.execute('DeleteSnapshotCopyGrant', { SnapshotCopyGrantName: name }, caller);
const describeGrants = (sim: Simulator, input: Rec = {}, caller = OWNER) => sim.execute('DescribeSnapshotCopyGrants', input, caller);
/** Names of the grants a DescribeSnapshotCopyGrants call returns. */
const names = (out: Rec): string[] => (out.SnapshotCopyGrants as Rec[]).map((g) => g.SnapshotCopyGrantName);
const arnOf = (name: string, caller = OWNER) => `arn:aws:redshift:${caller.region}:${caller.account}:snapshotcopygrant:${name}`;

/** Sets cross-region copy on the caller's cluster directly, for `grantInUse`'s cases (EnableSnapshotCopy checks its own). */
function copyWith(sim: Simulator, clusterId: string, copy: Partial<SnapshotCopyConfig>, caller = OWNER): void {
  const c = findCluster(sim.state, caller.account, caller.region, clusterId)!;
  c.copy = { destinationRegion: OWNER_ELSEWHERE.region, retention: 7, manualRetention: -1, grantName: null, copies: 0, ...copy };
}

describe('CreateSnapshotCopyGrant', () => {
  describe('result', () => {
    it('creates a grant for the key given, with its tags, and DescribeSnapshotCopyGrants lists it', () => {
      const sim = newSim();
      const out = create(sim, 'dr-grant', { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc', Tags: [{ Key: 'env', Value: 'dr' }] });
      const grant = { SnapshotCopyGrantName: 'dr-grant', KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc', Tags: [{ Key: 'env', Value: 'dr' }] };
      expect(out).toEqual({ SnapshotCopyGrant: grant });
      expect(describeGrants(sim)).toEqual({ SnapshotCopyGrants: [grant] });
    });
    it("uses the account's default key in the region when no key is given: the same key for every grant there", () => {
      const sim = newSim();
      expect(create(sim, 'a').SnapshotCopyGrant.KmsKeyId).toBe(defaultKmsKeyArn(OWNER.account, OWNER.region));
      expect(create(sim, 'b').SnapshotCopyGrant.KmsKeyId).toBe(defaultKmsKeyArn(OWNER.account, OWNER.region));
      expect(create(sim, 'a', {}, OWNER_ELSEWHERE).SnapshotCopyGrant.KmsKeyId).toBe(defaultKmsKeyArn(OWNER.account, OWNER_ELSEWHERE.region));
      expect(defaultKmsKeyArn(OWNER.account, OWNER.region)).not.toBe(defaultKmsKeyArn(OWNER.account, OWNER_ELSEWHERE.region));
      expect(newSim({ seed: 99 }).execute('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: 'a' }).SnapshotCopyGrant.KmsKeyId).toBe(defaultKmsKeyArn(OWNER.account, OWNER.region));
    });
    it('admits a name of 1 and of 63 characters, and a name another account or region holds', () => {
      const sim = newSim();
      create(sim, 'g');
      create(sim, 'g' + 'a1-b'.repeat(16).slice(0, 62));
      create(sim, 'g', {}, OTHER);
      create(sim, 'g', {}, OWNER_ELSEWHERE);
      expect(names(describeGrants(sim))).toHaveLength(2);
    });
    it('admits 50 tags', () => {
      const sim = newSim();
      expect(create(sim, 'g', { Tags: someTags(50) }).SnapshotCopyGrant.Tags).toHaveLength(50);
    });
    it('frees the name and the quota when a grant is deleted', () => {
      const sim = newSim({ quotas: { copyGrants: 1 } });
      create(sim, 'g1');
      remove(sim, 'g1');
      create(sim, 'g1', { KmsKeyId: 'k2' });
      expect(describeGrants(sim).SnapshotCopyGrants[0].KmsKeyId).toBe('k2');
    });
  });

  describe('refusals', () => {
    it('refuses a request without SnapshotCopyGrantName: MissingParameter', () => {
      const sim = newSim();
      refuses(sim, () => sim.execute('CreateSnapshotCopyGrant', {}), 'MissingParameter');
    });
    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['uppercase letters', 'My-grant'],
      ['a digit first', '1grant'],
      ['a hyphen first', '-grant'],
      ['a trailing hyphen', 'grant-'],
      ['two consecutive hyphens', 'my--grant'],
      ['an underscore', 'my_grant'],
      ['64 characters', 'g'.repeat(64)],
    ])('refuses a name with %s: InvalidParameterValue', (_what, name) => {
      const sim = newSim();
      refuses(sim, () => create(sim, name), 'InvalidParameterValue');
    });
    it('refuses a blank KmsKeyId: InvalidParameterValue', () => {
      const sim = newSim();
      refuses(sim, () => create(sim, 'g', { KmsKeyId: ' ' }), 'InvalidParameterValue');
    });
    it('refuses a name the account holds in the region: SnapshotCopyGrantAlreadyExistsFault', () => {
      const sim = newSim();
      create(sim, 'g1');
      refuses(sim, () => create(sim, 'g1', { KmsKeyId: 'other' }), 'SnapshotCopyGrantAlreadyExistsFault');
    });
    it(`refuses grant ${DEFAULT_COPY_GRANTS_QUOTA + 1} under the default quota: SnapshotCopyGrantQuotaExceededFault`, () => {
      const sim = newSim();
      for (let i = 1; i <= DEFAULT_COPY_GRANTS_QUOTA; i++) create(sim, `g${i}`);
      refuses(sim, () => create(sim, 'one-more'), 'SnapshotCopyGrantQuotaExceededFault');
      create(sim, 'one-more', {}, OWNER_ELSEWHERE); // per region
      create(sim, 'one-more', {}, OTHER); // per account
    });
    it('refuses a grant past a configured quota: SnapshotCopyGrantQuotaExceededFault', () => {
      const sim = newSim({ quotas: { copyGrants: 2 } });
      create(sim, 'g1');
      create(sim, 'g2');
      refuses(sim, () => create(sim, 'g3'), 'SnapshotCopyGrantQuotaExceededFault');
    });
    it('refuses an existing name before the quota', () => {
      const sim = newSim({ quotas: { copyGrants: 1 } });
      create(sim, 'g1');
      refuses(sim, () => create(sim, 'g1'), 'SnapshotCopyGrantAlreadyExistsFault');
    });
    it('refuses more than 50 tags: TagLimitExceededFault', () => {
      const sim = newSim();
      refuses(sim, () => create(sim, 'g', { Tags: someTags(51) }), 'TagLimitExceededFault');
    });
    it.each([
      ['a key starting with aws:', [{ Key: 'aws:owner', Value: 'x' }]],
      ['an empty key', [{ Key: '', Value: 'x' }]],
      ['a key of 129 characters', [{ Key: 'k'.repeat(129), Value: 'x' }]],
      ['a value of 257 characters', [{ Key: 'k', Value: 'v'.repeat(257) }]],
      ['a character outside the tag set', [{ Key: 'k!', Value: 'x' }]],
      ['a key twice', [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }]],
    ])('refuses a tag with %s: InvalidTagFault', (_what, tags) => {
      const sim = newSim();
      refuses(sim, () => create(sim, 'g', { Tags: tags }), 'InvalidTagFault');
    });
    it('refuses a member snapsim does not model: InvalidParameterValue', () => {
      const sim = newSim();
      refuses(sim, () => create(sim, 'g', { DryRun: true }), 'InvalidParameterValue');
    });
  });
});

describe('DeleteSnapshotCopyGrant', () => {
  it('deletes a grant: DescribeSnapshotCopyGrants no longer finds it', () => {
    const sim = newSim();
    create(sim, 'g1');
    create(sim, 'g2');
    expect(remove(sim, 'g1')).toEqual({});
    expect(names(describeGrants(sim))).toEqual(['g2']);
    refuses(sim, () => describeGrants(sim, { SnapshotCopyGrantName: 'g1' }), 'SnapshotCopyGrantNotFoundFault');
  });
  it('refuses a request without SnapshotCopyGrantName: MissingParameter', () => {
    const sim = newSim();
    refuses(sim, () => sim.execute('DeleteSnapshotCopyGrant', {}), 'MissingParameter');
  });
  it("refuses an unknown grant, another account's, and one of another region: SnapshotCopyGrantNotFoundFault", () => {
    const sim = newSim();
    create(sim, 'g1', {}, OTHER);
    create(sim, 'g2', {}, OWNER_ELSEWHERE);
    refuses(sim, () => remove(sim, 'nope'), 'SnapshotCopyGrantNotFoundFault');
    refuses(sim, () => remove(sim, 'g1'), 'SnapshotCopyGrantNotFoundFault');
    refuses(sim, () => remove(sim, 'g2'), 'SnapshotCopyGrantNotFoundFault');
  });
  it('refuses a grant a cluster of the account copies into its region with: InvalidSnapshotCopyGrantStateFault', () => {
    const sim = newSim();
    availableCluster(sim, 'c1', { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1' });
    create(sim, 'dr', {}, OWNER_ELSEWHERE);
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: OWNER_ELSEWHERE.region, SnapshotCopyGrantName: 'dr' });
    refuses(sim, () => remove(sim, 'dr', OWNER_ELSEWHERE), 'InvalidSnapshotCopyGrantStateFault');
    // copy disabled again: the grant is free
    sim.execute('DisableSnapshotCopy', { ClusterIdentifier: 'c1' });
    remove(sim, 'dr', OWNER_ELSEWHERE);
  });
});

describe('grantInUse', () => {
  it("is true only for a cluster of the grant's account copying into the grant's region under its name", () => {
    const sim = world();
    availableCluster(sim, 'c1', {}, OTHER);
    const inUse = () => grantInUse(sim.state, OWNER.account, OWNER_ELSEWHERE.region, 'dr');
    expect(inUse()).toBe(false);
    copyWith(sim, 'c1', { destinationRegion: OWNER_ELSEWHERE.region, grantName: 'other' });
    expect(inUse()).toBe(false);
    copyWith(sim, 'c1', { destinationRegion: 'ap-south-1', grantName: 'dr' });
    expect(inUse()).toBe(false);
    copyWith(sim, 'c1', { destinationRegion: OWNER_ELSEWHERE.region, grantName: null });
    expect(inUse()).toBe(false);
    copyWith(sim, 'c1', { destinationRegion: OWNER_ELSEWHERE.region, grantName: 'dr' }, OTHER); // another account's cluster
    expect(inUse()).toBe(false);
    copyWith(sim, 'c1', { destinationRegion: OWNER_ELSEWHERE.region, grantName: 'dr' });
    expect(inUse()).toBe(true);
    expect(grantInUse(sim.state, OTHER.account, OWNER_ELSEWHERE.region, 'dr')).toBe(true);
    expect(grantInUse(sim.state, OWNER.account, OWNER.region, 'dr')).toBe(false);
  });
});

describe('DescribeSnapshotCopyGrants', () => {
  it("lists only the caller's grants in its region, in creation order", () => {
    const sim = newSim();
    create(sim, 'b');
    create(sim, 'a');
    create(sim, 'c', {}, OTHER);
    create(sim, 'd', {}, OWNER_ELSEWHERE);
    expect(names(describeGrants(sim))).toEqual(['b', 'a']);
    expect(describeGrants(newSim())).toEqual({ SnapshotCopyGrants: [] });
  });
  it('names one grant', () => {
    const sim = newSim();
    create(sim, 'a');
    create(sim, 'b');
    expect(names(describeGrants(sim, { SnapshotCopyGrantName: 'b' }))).toEqual(['b']);
  });
  it('pages by MaxRecords and Marker, a grant deleted between pages left out', () => {
    const sim = newSim({ quotas: { copyGrants: 50 } });
    for (let i = 1; i <= 45; i++) create(sim, `g${i}`);
    const first = describeGrants(sim, { MaxRecords: 20 });
    expect(names(first)).toHaveLength(20);
    expect(first.Marker).toEqual(expect.any(String));
    remove(sim, 'g21');
    const second = describeGrants(sim, { MaxRecords: 20, Marker: first.Marker });
    expect(names(second)).toEqual(Array.from({ length: 20 }, (_, i) => `g${i + 22}`));
    const third = describeGrants(sim, { MaxRecords: 20, Marker: second.Marker });
    expect(names(third)).toEqual(['g42', 'g43', 'g44', 'g45']);
    expect(third.Marker).toBeUndefined();
    expect(names(describeGrants(sim))).toHaveLength(44); // default MaxRecords 100
  });
  it('keeps grants with any of the tag keys, any of the values, or a tag matching both', () => {
    const sim = newSim();
    create(sim, 'a', { Tags: [{ Key: 'env', Value: 'prod' }] });
    create(sim, 'b', { Tags: [{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'dr' }] });
    create(sim, 'c');
    expect(names(describeGrants(sim, { TagKeys: ['team', 'nope'] }))).toEqual(['b']);
    expect(names(describeGrants(sim, { TagValues: ['prod', 'test'] }))).toEqual(['a', 'b']);
    expect(names(describeGrants(sim, { TagKeys: ['env'], TagValues: ['dr'] }))).toEqual([]);
    expect(names(describeGrants(sim, { TagKeys: ['team'], TagValues: ['dr'] }))).toEqual(['b']);
    expect(names(describeGrants(sim, { SnapshotCopyGrantName: 'a', TagKeys: ['team'] }))).toEqual([]);
  });
  it("refuses an unknown name, and another account's: SnapshotCopyGrantNotFoundFault", () => {
    const sim = newSim();
    create(sim, 'g1', {}, OTHER);
    refuses(sim, () => describeGrants(sim, { SnapshotCopyGrantName: 'nope' }), 'SnapshotCopyGrantNotFoundFault');
    refuses(sim, () => describeGrants(sim, { SnapshotCopyGrantName: 'g1' }), 'SnapshotCopyGrantNotFoundFault');
  });
  it('refuses SnapshotCopyGrantName with Marker: InvalidParameterCombination', () => {
    const sim = newSim({ quotas: { copyGrants: 30 } });
    for (let i = 1; i <= 21; i++) create(sim, `g${i}`);
    const marker = describeGrants(sim, { MaxRecords: 20 }).Marker;
    refuses(sim, () => describeGrants(sim, { SnapshotCopyGrantName: 'g1', Marker: marker }), 'InvalidParameterCombination');
  });
  it.each([19, 101, 0, -1])('refuses MaxRecords %i: InvalidParameterValue', (n) => {
    const sim = newSim();
    refuses(sim, () => describeGrants(sim, { MaxRecords: n }), 'InvalidParameterValue');
  });
  it('refuses a marker snapsim did not issue: InvalidParameterValue', () => {
    const sim = newSim();
    refuses(sim, () => describeGrants(sim, { Marker: 'not-a-marker' }), 'InvalidParameterValue');
  });
});

describe('tags on grants', () => {
  it('CreateTags and DeleteTags change a grant by its ARN; DescribeSnapshotCopyGrants shows them', () => {
    const sim = newSim();
    create(sim, 'g1', { Tags: [{ Key: 'a', Value: '1' }] });
    sim.execute('CreateTags', { ResourceName: arnOf('g1'), Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: 'one' }] });
    expect(describeGrants(sim).SnapshotCopyGrants[0].Tags).toEqual([{ Key: 'a', Value: 'one' }, { Key: 'b', Value: '2' }]);
    sim.execute('DeleteTags', { ResourceName: arnOf('g1'), TagKeys: ['a'] });
    expect(describeGrants(sim).SnapshotCopyGrants[0].Tags).toEqual([{ Key: 'b', Value: '2' }]);
  });
  it('DescribeTags lists a grant by ARN and by ResourceType, as snapshotcopygrant, among clusters in creation order', () => {
    const sim = world();
    create(sim, 'g1', { Tags: [{ Key: 'k', Value: 'v' }] });
    sim.execute('CreateTags', { ResourceName: `arn:aws:redshift:${OWNER.region}:${OWNER.account}:cluster:c1`, Tags: [{ Key: 'c', Value: 'x' }] });
    const entry = { Tag: { Key: 'k', Value: 'v' }, ResourceName: arnOf('g1'), ResourceType: 'snapshotcopygrant' };
    expect(sim.execute('DescribeTags', { ResourceName: arnOf('g1') }).TaggedResources).toEqual([entry]);
    for (const type of ['Snapshot copy grant', 'snapshotcopygrant']) expect(sim.execute('DescribeTags', { ResourceType: type }).TaggedResources).toEqual([entry]);
    expect((sim.execute('DescribeTags', {}).TaggedResources as Rec[]).map((t) => t.ResourceType)).toEqual(['cluster', 'snapshotcopygrant']);
  });
  it("refuses the ARN of a deleted grant, another account's or another region's: ResourceNotFoundFault (404)", () => {
    const sim = newSim();
    create(sim, 'g1');
    create(sim, 'g2', {}, OWNER_ELSEWHERE);
    remove(sim, 'g1');
    refuses(sim, () => sim.execute('CreateTags', { ResourceName: arnOf('g1'), Tags: [{ Key: 'k', Value: 'v' }] }), 'ResourceNotFoundFault', 404);
    refuses(sim, () => sim.execute('CreateTags', { ResourceName: arnOf('g2', OWNER_ELSEWHERE), Tags: [{ Key: 'k', Value: 'v' }] }), 'ResourceNotFoundFault', 404);
    create(sim, 'g3', {}, OTHER);
    refuses(sim, () => sim.execute('DeleteTags', { ResourceName: arnOf('g3', OTHER), TagKeys: ['k'] }), 'ResourceNotFoundFault', 404);
  });
  it('refuses more than 50 tags on a grant after the change: TagLimitExceededFault', () => {
    const sim = newSim();
    create(sim, 'g1', { Tags: someTags(50) });
    refuses(sim, () => sim.execute('CreateTags', { ResourceName: arnOf('g1'), Tags: [{ Key: 'one-more', Value: 'x' }] }), 'TagLimitExceededFault');
  });
  it('refuses a malformed tag on a grant: InvalidTagFault', () => {
    const sim = newSim();
    create(sim, 'g1');
    refuses(sim, () => sim.execute('CreateTags', { ResourceName: arnOf('g1'), Tags: [{ Key: 'aws:x', Value: 'v' }] }), 'InvalidTagFault');
  });
  it('replays to the same grants, keys and tags', async () => {
    const { replay } = await import('../../src/index.ts');
    const sim = newSim();
    create(sim, 'g1', { Tags: [{ Key: 'a', Value: '1' }] });
    create(sim, 'g2', { KmsKeyId: 'k' });
    sim.execute('CreateTags', { ResourceName: arnOf('g2'), Tags: [{ Key: 'b', Value: '2' }] });
    remove(sim, 'g1');
    create(sim, 'g1');
    expect(describeGrants(replay(sim.entries()))).toEqual(describeGrants(sim));
  });
});
