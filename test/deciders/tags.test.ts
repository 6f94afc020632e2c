/**
 * Decider specifications of CreateTags and DeleteTags: the one `ResourceTagsChanged` event each
 * decides (the whole new tag set), none when nothing changes, or the exact code it refuses with.
 */
import { describe, expect, it } from 'vitest';
import { given } from './spec.ts';
import { availableCluster, availableSnapshot, clusterTransitioned, OTHER, OWNER, ref } from './events.ts';

const ALPHA = 'arn:aws:redshift:us-east-1:123456789012:cluster:alpha';
const S1 = 'arn:aws:redshift:us-east-1:123456789012:snapshot:alpha/s1';
const alpha = availableCluster('alpha', { tags: [{ Key: 'env', Value: 'test' }] });
const s1 = [...alpha, ...availableSnapshot('s1', 'alpha', { tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] })];

describe('CreateTags', () => {
  it("decides the cluster's whole new tag set: the kept key overwritten in place, the new one after", () => {
    given(...alpha)
      .when('CreateTags', { ResourceName: ALPHA, Tags: [{ Key: 'team', Value: 'dr' }, { Key: 'env', Value: 'prod' }] })
      .then([{ type: 'ResourceTagsChanged', ref: ref('alpha'), resource: 'cluster', tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'dr' }] }]);
  });

  it("decides a snapshot's new tag set, and the reply is empty", () => {
    const reply = given(...s1)
      .when('CreateTags', { ResourceName: S1, Tags: [{ Key: 'c', Value: '3' }] })
      .then([{ type: 'ResourceTagsChanged', ref: ref('s1'), resource: 'snapshot', tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }] }]);
    expect(reply).toEqual({});
  });

  it('decides nothing when the tags are there already', () => {
    given(...s1).when('CreateTags', { ResourceName: S1, Tags: [{ Key: 'b', Value: '2' }] }).then([]);
  });

  it('refuses a cluster that is deleting', () => {
    given(...alpha, clusterTransitioned('alpha', 'DELETE'))
      .when('CreateTags', { ResourceName: ALPHA, Tags: [{ Key: 'k', Value: 'v' }] })
      .thenError('InvalidClusterState');
  });

  it("refuses another account's cluster", () => {
    given(...alpha)
      .when('CreateTags', { ResourceName: ALPHA, Tags: [{ Key: 'k', Value: 'v' }] }, { account: OTHER, region: OWNER.region })
      .thenError('ResourceNotFoundFault');
  });

  it('refuses more than 50 tags on the resource after the change', () => {
    const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    given(...s1).when('CreateTags', { ResourceName: S1, Tags: many }).thenError('TagLimitExceededFault');
  });
});

describe('DeleteTags', () => {
  it('decides the tag set without the keys named', () => {
    given(...s1)
      .when('DeleteTags', { ResourceName: S1, TagKeys: ['a', 'missing'] })
      .then([{ type: 'ResourceTagsChanged', ref: ref('s1'), resource: 'snapshot', tags: [{ Key: 'b', Value: '2' }] }]);
  });

  it('decides nothing when the resource has none of the keys', () => {
    given(...alpha).when('DeleteTags', { ResourceName: ALPHA, TagKeys: ['missing'] }).then([]);
  });

  it('refuses an unknown snapshot', () => {
    given(...alpha).when('DeleteTags', { ResourceName: S1, TagKeys: ['a'] }).thenError('ResourceNotFoundFault');
  });
});
