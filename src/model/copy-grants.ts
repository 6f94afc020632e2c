/**
 * Snapshot copy grants (reference §1.3): CreateSnapshotCopyGrant, DeleteSnapshotCopyGrant and
 * DescribeSnapshotCopyGrants. A grant lets Redshift use a KMS key to encrypt the snapshots a
 * KMS-encrypted cluster copies into the grant's region; it is named uniquely per account and
 * region, and cannot be deleted while a cluster of its account copies into its region with it.
 * Grants take time to nothing: they are records without timers.
 */
import { copyGrantsQuota } from '../events/config.ts';
import type { SnapshotCopyGrant } from '../shapes/redshift.ts';
import { defaultKmsKeyArn } from './arns.ts';
import { fault, type ServiceError } from './errors.ts';
import { copyTags } from './input.ts';
import { command, query } from './operation.ts';
import { decodeMarker, encodeMarker, matchesTagFilter, pageSize } from './paging.ts';
import { findPartition, refOf } from './state.ts';
import type { Caller, CopyGrantRecord, State } from './types.ts';

/** SnapshotCopyGrantNotFoundFault for grant `name` of the caller's account and region. */
const grantNotFound = (name: string, caller: Caller): ServiceError =>
  fault('SnapshotCopyGrantNotFoundFault', `Snapshot copy grant ${name} not found in ${caller.region} for account ${caller.account}.`);

/** The caller's grant named `name`, if any. */
export const findCopyGrant = (s: State, account: string, region: string, name: string): CopyGrantRecord | undefined =>
  findPartition(s, account, region)?.copyGrants.get(name);

/**
 * Whether snapshot copy grant `name` of `account` in `region` is in use: some cluster of the same
 * account, in any region, has cross-region snapshot copy enabled into `region` naming this grant
 * (`ClusterRecord.copy`, set by EnableSnapshotCopy). Such a grant cannot be deleted
 * (InvalidSnapshotCopyGrantStateFault). Scans the account's clusters: grants are deleted rarely.
 */
export function grantInUse(s: State, account: string, region: string, name: string): boolean {
  for (const p of s.partitions.values()) {
    if (p.account !== account) continue;
    for (const c of p.clusters.values()) if (c.copy !== null && c.copy.destinationRegion === region && c.copy.grantName === name) return true;
  }
  return false;
}

/** The AWS `SnapshotCopyGrant` of grant `g`. */
export const copyGrantView = (g: CopyGrantRecord): SnapshotCopyGrant => ({
  SnapshotCopyGrantName: g.name,
  KmsKeyId: g.kmsKeyId,
  Tags: g.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
});

/**
 * CreateSnapshotCopyGrant: a grant for `KmsKeyId` (the account's default key in the region when
 * absent, see {@link defaultKmsKeyArn}), named by the cluster identifier's rules (the `copyGrantName`
 * rule, InvalidParameterValue), unique per account and region (SnapshotCopyGrantAlreadyExistsFault),
 * within the quota (SnapshotCopyGrantQuotaExceededFault), tags as CreateClusterSnapshot takes them.
 */
const createSnapshotCopyGrant = command<'CreateSnapshotCopyGrant'>({
  required: ['SnapshotCopyGrantName'],
  rules: { SnapshotCopyGrantName: 'copyGrantName', KmsKeyId: 'string', Tags: 'tags' },
  decide(s, input, caller) {
    const name = input.SnapshotCopyGrantName;
    const key = input.KmsKeyId;
    if (key !== undefined && key.trim() === '') throw fault('InvalidParameterValue', 'Invalid value for KmsKeyId: leave it out for the default key, or name a key');
    const p = findPartition(s, caller.account, caller.region);
    if (p?.copyGrants.has(name)) throw fault('SnapshotCopyGrantAlreadyExistsFault', `Snapshot copy grant ${name} already exists in ${caller.region}.`);
    const quota = copyGrantsQuota(s.config);
    if ((p?.copyGrants.size ?? 0) >= quota) {
      throw fault('SnapshotCopyGrantQuotaExceededFault', `The account has reached its quota of ${quota} snapshot copy grants in ${caller.region}.`);
    }
    const kmsKeyId = key ?? defaultKmsKeyArn(caller.account, caller.region);
    return {
      events: [{ type: 'SnapshotCopyGrantCreated', ref: refOf(caller, name), kmsKeyId, tags: copyTags(input.Tags) }],
      reply: (after) => ({ SnapshotCopyGrant: copyGrantView(findCopyGrant(after, caller.account, caller.region, name)!) }),
    };
  },
});

/**
 * DeleteSnapshotCopyGrant: an unknown grant is SnapshotCopyGrantNotFoundFault; one a cluster copies
 * with ({@link grantInUse}) is InvalidSnapshotCopyGrantStateFault.
 */
const deleteSnapshotCopyGrant = command<'DeleteSnapshotCopyGrant'>({
  required: ['SnapshotCopyGrantName'],
  rules: { SnapshotCopyGrantName: 'string' },
  decide(s, input, caller) {
    const name = input.SnapshotCopyGrantName;
    if (!findCopyGrant(s, caller.account, caller.region, name)) throw grantNotFound(name, caller);
    if (grantInUse(s, caller.account, caller.region, name)) {
      throw fault('InvalidSnapshotCopyGrantStateFault', `Snapshot copy grant ${name} is used by a cluster copying snapshots into ${caller.region}; disable that copy first.`);
    }
    return { events: [{ type: 'SnapshotCopyGrantDeleted', ref: refOf(caller, name) }], reply: () => ({}) };
  },
});

/**
 * DescribeSnapshotCopyGrants: the caller's grants in its region, in creation order, paged by
 * `MaxRecords` (20..100, default 100) and `Marker`; `SnapshotCopyGrantName` names one (unknown:
 * SnapshotCopyGrantNotFoundFault) and may not come with a `Marker` (InvalidParameterCombination);
 * `TagKeys`/`TagValues` keep the grants with a matching tag (the semantics of every tag filter).
 */
const describeSnapshotCopyGrants = query<'DescribeSnapshotCopyGrants'>({
  required: [],
  rules: { SnapshotCopyGrantName: 'string', MaxRecords: 'maxRecords', Marker: 'string', TagKeys: 'stringList', TagValues: 'stringList' },
  run(s, input, caller) {
    const name = input.SnapshotCopyGrantName;
    if (name !== undefined && input.Marker !== undefined) throw fault('InvalidParameterCombination', 'You can specify either SnapshotCopyGrantName or Marker, but not both.');
    const match = (g: CopyGrantRecord) => matchesTagFilter(g.tags, input.TagKeys, input.TagValues);
    if (name !== undefined) {
      const g = findCopyGrant(s, caller.account, caller.region, name);
      if (!g) throw grantNotFound(name, caller);
      return { SnapshotCopyGrants: match(g) ? [copyGrantView(g)] : [] };
    }
    const after = input.Marker === undefined ? 0 : decodeMarker(input.Marker).after;
    const limit = pageSize(input.MaxRecords);
    const page: CopyGrantRecord[] = [];
    // a partition's map holds its grants in creation order (each is set once, when created)
    for (const g of findPartition(s, caller.account, caller.region)?.copyGrants.values() ?? []) {
      if (g.seq <= after || !match(g)) continue;
      if (page.length === limit) return { SnapshotCopyGrants: page.map(copyGrantView), Marker: encodeMarker({ after: page[page.length - 1]!.seq }) };
      page.push(g);
    }
    return { SnapshotCopyGrants: page.map(copyGrantView) };
  },
});

/** The snapshot copy grant operations, by AWS name. */
export const COPY_GRANT_OPERATIONS = {
  CreateSnapshotCopyGrant: createSnapshotCopyGrant,
  DeleteSnapshotCopyGrant: deleteSnapshotCopyGrant,
  DescribeSnapshotCopyGrants: describeSnapshotCopyGrants,
};
