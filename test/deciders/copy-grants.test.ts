/**
 * Decider specifications of the snapshot copy grant operations: the one event CreateSnapshotCopyGrant
 * and DeleteSnapshotCopyGrant each decide, the reply built from the state after it, and the exact
 * code each refuses with; and tagging a grant by its ARN.
 */
import { describe, expect, it } from 'vitest';
import { defaultKmsKeyArn } from '../../src/model/arns.ts';
import { given } from './spec.ts';
import { availableCluster, grantCreated, KEY, OTHER, OWNER, ref } from './events.ts';

const G1 = 'arn:aws:redshift:us-east-1:123456789012:snapshotcopygrant:g1';

describe('CreateSnapshotCopyGrant', () => {
  it('decides the grant with the key and tags given; the reply is the grant', () => {
    const reply = given()
      .when('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: 'g1', KmsKeyId: 'alias/my-key', Tags: [{ Key: 'env', Value: 'dr' }] })
      .then([{ type: 'SnapshotCopyGrantCreated', ref: ref('g1'), kmsKeyId: 'alias/my-key', tags: [{ Key: 'env', Value: 'dr' }] }]);
    expect(reply).toEqual({ SnapshotCopyGrant: { SnapshotCopyGrantName: 'g1', KmsKeyId: 'alias/my-key', Tags: [{ Key: 'env', Value: 'dr' }] } });
  });

  it("decides the account's default key of the region when no key is given", () => {
    given()
      .when('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: 'g1' })
      .then([{ type: 'SnapshotCopyGrantCreated', ref: ref('g1'), kmsKeyId: defaultKmsKeyArn(OWNER.account, OWNER.region), tags: [] }]);
    expect(defaultKmsKeyArn(OWNER.account, OWNER.region)).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('decides a grant of a name another account or region holds', () => {
    given(grantCreated('g1', { caller: { account: OTHER, region: OWNER.region } }), grantCreated('g1', { caller: { account: OWNER.account, region: 'eu-west-1' } }))
      .when('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: 'g1', KmsKeyId: KEY })
      .then([{ type: 'SnapshotCopyGrantCreated', ref: ref('g1'), kmsKeyId: KEY, tags: [] }]);
  });

  it('refuses a name the account holds in the region', () => {
    given(grantCreated('g1')).when('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: 'g1' }).thenError('SnapshotCopyGrantAlreadyExistsFault');
  });

  it('refuses a grant past the quota', () => {
    given(grantCreated('g1'), grantCreated('g2'))
      .withConfig({ quotas: { copyGrants: 2 } })
      .when('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: 'g3' })
      .thenError('SnapshotCopyGrantQuotaExceededFault');
  });

  it('refuses a malformed name', () => {
    given().when('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: 'My-Grant' }).thenError('InvalidParameterValue');
  });
});

describe('DeleteSnapshotCopyGrant', () => {
  it('decides the deletion; the reply is empty', () => {
    const reply = given(grantCreated('g1')).when('DeleteSnapshotCopyGrant', { SnapshotCopyGrantName: 'g1' }).then([{ type: 'SnapshotCopyGrantDeleted', ref: ref('g1') }]);
    expect(reply).toEqual({});
  });

  it('refuses a grant that does not exist, or no longer does', () => {
    given().when('DeleteSnapshotCopyGrant', { SnapshotCopyGrantName: 'g1' }).thenError('SnapshotCopyGrantNotFoundFault');
    given(grantCreated('g1'), { type: 'SnapshotCopyGrantDeleted', ref: ref('g1') })
      .when('DeleteSnapshotCopyGrant', { SnapshotCopyGrantName: 'g1' })
      .thenError('SnapshotCopyGrantNotFoundFault');
  });

  it("refuses another account's grant", () => {
    given(grantCreated('g1')).when('DeleteSnapshotCopyGrant', { SnapshotCopyGrantName: 'g1' }, { account: OTHER, region: OWNER.region }).thenError('SnapshotCopyGrantNotFoundFault');
  });
});

describe('tags on a grant', () => {
  it('CreateTags decides the grant\'s new tag set, by its ARN', () => {
    given(grantCreated('g1', { tags: [{ Key: 'a', Value: '1' }] }))
      .when('CreateTags', { ResourceName: G1, Tags: [{ Key: 'b', Value: '2' }] })
      .then([{ type: 'ResourceTagsChanged', ref: ref('g1'), resource: 'copy-grant', tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }]);
  });

  it('DeleteTags decides the tag set without the keys named', () => {
    given(grantCreated('g1', { tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }))
      .when('DeleteTags', { ResourceName: G1, TagKeys: ['a'] })
      .then([{ type: 'ResourceTagsChanged', ref: ref('g1'), resource: 'copy-grant', tags: [{ Key: 'b', Value: '2' }] }]);
  });

  it('refuses the ARN of a grant that does not exist', () => {
    given(...availableCluster('alpha')).when('CreateTags', { ResourceName: G1, Tags: [{ Key: 'k', Value: 'v' }] }).thenError('ResourceNotFoundFault');
  });
});
