/**
 * Tagging by ARN (reference §1.5, §4.3): CreateTags, DeleteTags and DescribeTags on the caller's
 * clusters, snapshots, snapshot copy grants, snapshot schedules and event subscriptions. A changed tag set is one `ResourceTagsChanged` event holding the whole
 * new set; the tag filters of DescribeClusters, DescribeClusterSnapshots and DescribeSnapshotCopyGrants
 * read the same records.
 */
import type { ResourceTagsChanged } from '../events/types.ts';
import type { TaggedResource } from '../shapes/redshift.ts';
import { clusterArn, copyGrantArn, eventSubscriptionArn, scheduleArn, snapshotArn } from './arns.ts';
import { fault, type ServiceError } from './errors.ts';
import { copyTags } from './input.ts';
import { command, query } from './operation.ts';
import { decodeMarker, encodeMarker, matchesTagFilter } from './paging.ts';
import { meets, NEEDS } from './preconditions.ts';
import { findCluster, findPartition, findSnapshot, snapshotIn } from './state.ts';
import type { Caller, ClusterRecord, CopyGrantRecord, Partition, ScheduleRecord, SnapshotRecord, State, SubscriptionRecord, Tag } from './types.ts';

/** The most tags a resource holds (reference §4.3). */
export const MAX_TAGS_PER_RESOURCE = 50;

/** A resource that takes tags: one of the caller's clusters, snapshots, snapshot copy grants, snapshot schedules or event subscriptions. */
export type TaggedRecord = ClusterRecord | SnapshotRecord | CopyGrantRecord | ScheduleRecord | SubscriptionRecord;

/** The kind of a tagged record, as `ResourceTagsChanged` names it. */
type TaggedKind = TaggedRecord['kind'];

/** The resource type of each kind's ARN: the `ResourceType` AWS shows for it in `TaggedResources`. */
const ARN_TYPE: Readonly<Record<TaggedKind, string>> = { cluster: 'cluster', snapshot: 'snapshot', 'copy-grant': 'snapshotcopygrant', schedule: 'snapshotschedule', 'event-subscription': 'eventsubscription' };

/** The `ResourceType` AWS shows for a record in `TaggedResources`. */
const typeOf = (r: TaggedRecord): string => ARN_TYPE[r.kind];

/** The identifier of a record in its partition (a grant's and a subscription's is its name). */
const idOf = (r: TaggedRecord): string => (r.kind === 'copy-grant' || r.kind === 'event-subscription' ? r.name : r.id);

/** The ARN of a record of partition `p`. */
function arnOf(r: TaggedRecord, p: Partition): string {
  if (r.kind === 'cluster') return clusterArn(p.account, p.region, r.id);
  if (r.kind === 'copy-grant') return copyGrantArn(p.account, p.region, r.name);
  if (r.kind === 'schedule') return scheduleArn(p.account, p.region, r.id);
  if (r.kind === 'event-subscription') return eventSubscriptionArn(p.account, p.region, r.name);
  return snapshotArn(r);
}

const notFound = (arn: string, why: string): ServiceError => fault('ResourceNotFoundFault', `The resource ${arn} could not be found: ${why}.`);

/** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]*):([a-z0-9-]*):(\d*):(.+)$/;

/**
 * The caller's cluster, snapshot, snapshot copy grant, snapshot schedule or event subscription `arn` names. A string that is no Redshift ARN is
 * InvalidParameterValue; a Redshift ARN of another account or region, of a resource type snapsim
 * does not hold (parameter groups, subnet groups, …), or of no live record is ResourceNotFoundFault.
 * A snapshot ARN names the cluster it was taken from: `snapshot:<cluster>/<snapshot>`.
 */
export function resourceNamed(s: State, caller: Caller, arn: string): TaggedRecord {
  const m = ARN.exec(arn);
  if (!m || m[2] !== 'redshift') throw fault('InvalidParameterValue', `Invalid ResourceName: ${arn.slice(0, 256)} is not an Amazon Redshift ARN`);
  const [, partition, , region, account, resource] = m as unknown as [string, string, string, string, string, string];
  if (partition !== 'aws' || region !== caller.region || account !== caller.account) throw notFound(arn, `it is not of account ${caller.account} in ${caller.region}`);
  const colon = resource.indexOf(':');
  const type = colon < 0 ? resource : resource.slice(0, colon);
  const name = colon < 0 ? '' : resource.slice(colon + 1);
  if (type === 'cluster') {
    const c = findCluster(s, account, region, name);
    if (c) return c;
    throw notFound(arn, `no cluster ${name}`);
  }
  if (type === 'snapshot') {
    const slash = name.indexOf('/');
    const snap = slash < 0 ? undefined : findSnapshot(s, account, region, name.slice(slash + 1));
    if (snap && snap.profile.clusterId === name.slice(0, slash)) return snap;
    throw notFound(arn, `no snapshot ${slash < 0 ? name : `${name.slice(slash + 1)} of cluster ${name.slice(0, slash)}`}`);
  }
  if (type === 'snapshotcopygrant') {
    const g = findPartition(s, account, region)?.copyGrants.get(name);
    if (g) return g;
    throw notFound(arn, `no snapshot copy grant ${name}`);
  }
  if (type === 'snapshotschedule') {
    const sched = findPartition(s, account, region)?.schedules.get(name);
    if (sched) return sched;
    throw notFound(arn, `no snapshot schedule ${name}`);
  }
  if (type === 'eventsubscription') {
    const sub = findPartition(s, account, region)?.subscriptions.get(name);
    if (sub) return sub;
    throw notFound(arn, `no event subscription ${name}`);
  }
  throw notFound(arn, `snapsim holds no resources of type ${type}`);
}

/** The event setting `r`'s tags to `tags`, or none when they are its tags already. */
function tagsChanged(caller: Caller, r: TaggedRecord, tags: Tag[]): ResourceTagsChanged[] {
  const same = tags.length === r.tags.length && tags.every((t, i) => t.Key === r.tags[i]!.Key && t.Value === r.tags[i]!.Value);
  return same ? [] : [{ type: 'ResourceTagsChanged', ref: { account: caller.account, region: caller.region, id: idOf(r) }, resource: r.kind, tags }];
}

/**
 * CreateTags: adds tags to a taggable resource (see {@link TaggedRecord}), overwriting the value of a key it has; at most
 * 50 tags on the resource after the change. A cluster on its way out (final snapshot, deleting)
 * takes none: InvalidClusterState.
 */
const createTags = command<'CreateTags'>({
  required: ['ResourceName', 'Tags'],
  rules: { ResourceName: 'string', Tags: 'tags' },
  decide(s, input, caller) {
    const given = copyTags(input.Tags);
    if (given.length === 0) throw fault('InvalidParameterValue', 'Tags must hold at least one tag');
    const r = resourceNamed(s, caller, input.ResourceName);
    if (r.kind === 'cluster' && !meets(r, NEEDS.tagCluster)) throw fault('InvalidClusterState', `The cluster ${r.id} cannot be tagged while it is ${r.status}.`);
    const tags = r.tags.map((t) => ({ Key: t.Key, Value: t.Value }));
    for (const t of given) {
      const kept = tags.find((x) => x.Key === t.Key);
      if (kept) kept.Value = t.Value;
      else tags.push(t);
    }
    if (tags.length > MAX_TAGS_PER_RESOURCE) {
      throw fault('TagLimitExceededFault', `You have exceeded the number of tags allowed: ${input.ResourceName} would hold ${tags.length} tags (at most ${MAX_TAGS_PER_RESOURCE}).`);
    }
    return { events: tagsChanged(caller, r, tags), reply: () => ({}) };
  },
});

/** DeleteTags: removes the keys named from a taggable resource; keys it does not have are ignored. */
const deleteTags = command<'DeleteTags'>({
  required: ['ResourceName', 'TagKeys'],
  rules: { ResourceName: 'string', TagKeys: 'tagKeys' },
  decide(s, input, caller) {
    const r = resourceNamed(s, caller, input.ResourceName);
    const drop = new Set(input.TagKeys);
    return { events: tagsChanged(caller, r, r.tags.filter((t) => !drop.has(t.Key))), reply: () => ({}) };
  },
});

/**
 * `ResourceType` values of DescribeTags, compared without case and spaces: the names AWS
 * documents and the resource types of its ARNs. Only clusters, snapshots, snapshot copy grants,
 * snapshot schedules and event subscriptions are held by snapsim; the others list nothing.
 */
const RESOURCE_TYPES: Readonly<Record<string, TaggedKind | null>> = {
  cluster: 'cluster',
  snapshot: 'snapshot',
  'cidr/ip': null,
  ec2securitygroup: null,
  clustersecuritygroup: null,
  securitygroup: null,
  subnetgroup: null,
  hsmconnection: null,
  hsmconfiguration: null,
  hsmcertificate: null,
  hsmclientcertificate: null,
  parametergroup: null,
  snapshotcopygrant: 'copy-grant',
  snapshotschedule: 'schedule',
  eventsubscription: 'event-subscription',
  integration: null,
};

/** Where a DescribeTags page starts: after the tag of key `key` of the resource numbered `seq` (every tag of it when undefined). */
interface Position {
  readonly seq: number;
  readonly key: string | undefined;
}

/** `tags` by key (code unit order), as DescribeTags lists a resource's tags: a marker then names a place no other change moves. */
const byKey = (tags: readonly Tag[]): readonly Tag[] => (tags.length < 2 ? tags : [...tags].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0)));

/** The caller's resources of `kind` (all kinds when undefined) with sequence number ≥ `from`, in creation order. */
function* resourcesFrom(p: Partition, kind: TaggedKind | undefined, from: number): Generator<TaggedRecord> {
  // clusters, grants and schedules are few: gathered and sorted; snapshots are many: read in order from their index
  const few: TaggedRecord[] = kind === undefined || kind === 'cluster' ? [...p.clusters.values()].filter((c) => c.seq >= from) : [];
  if (kind === undefined || kind === 'copy-grant') for (const g of p.copyGrants.values()) if (g.seq >= from) few.push(g);
  if (kind === undefined || kind === 'schedule') for (const x of p.schedules.values()) if (x.seq >= from) few.push(x);
  if (kind === undefined || kind === 'event-subscription') for (const x of p.subscriptions.values()) if (x.seq >= from) few.push(x);
  if (kind === undefined || kind === 'schedule' || kind === 'event-subscription') few.sort((a, b) => a.seq - b.seq);
  const snapshots: Iterator<SnapshotRecord> = kind === undefined || kind === 'snapshot' ? snapshotsFrom(p, from) : [].values();
  let i = 0;
  let next = snapshots.next();
  while (i < few.length || !next.done) {
    if (next.done || (i < few.length && few[i]!.seq < next.value.seq)) yield few[i++]!;
    else {
      yield next.value;
      next = snapshots.next();
    }
  }
}

/** The snapshots of `p` with sequence number ≥ `from`, in creation order. */
function* snapshotsFrom(p: Partition, from: number): Generator<SnapshotRecord> {
  for (const id of p.order.after(from - 1)) yield snapshotIn(p, id)!;
}

/**
 * DescribeTags: one `TaggedResource` per tag of the caller's taggable resources in its region,
 * by resource in creation order, then by tag key. `ResourceName` names one
 * resource (no paging then); `ResourceType` keeps one type. The tag filters keep the tags that
 * match them (AWS's semantics, `matchesTagFilter`, applied to each tag).
 */
const describeTags = query<'DescribeTags'>({
  required: [],
  rules: { ResourceName: 'string', ResourceType: 'string', MaxRecords: 'tagMaxRecords', Marker: 'string', TagKeys: 'stringList', TagValues: 'stringList' },
  run(s, input, caller) {
    const { ResourceName: arn, ResourceType: type, TagKeys: keys, TagValues: values } = input;
    if (arn !== undefined && type !== undefined) throw fault('InvalidParameterCombination', 'You cannot specify both ResourceName and ResourceType.');
    if (arn !== undefined && (input.MaxRecords !== undefined || input.Marker !== undefined)) {
      throw fault('InvalidParameterCombination', 'You cannot use MaxRecords or Marker together with ResourceName.');
    }
    const entry = (r: TaggedRecord, p: Partition, t: Tag): TaggedResource => ({ Tag: { Key: t.Key, Value: t.Value }, ResourceName: arnOf(r, p), ResourceType: typeOf(r) });
    const matches = (t: Tag) => matchesTagFilter([t], keys, values);
    if (arn !== undefined) {
      const r = resourceNamed(s, caller, arn);
      const p = findPartition(s, caller.account, caller.region)!;
      return { TaggedResources: byKey(r.tags).filter(matches).map((t) => entry(r, p, t)) };
    }
    let kind: TaggedKind | undefined;
    if (type !== undefined) {
      const name = type.toLowerCase().replace(/\s+/g, '');
      const known = Object.hasOwn(RESOURCE_TYPES, name) ? RESOURCE_TYPES[name] : undefined; // not Object's own names
      if (known === undefined) throw fault('InvalidParameterValue', `Invalid ResourceType ${type.slice(0, 64)}: use Cluster, Snapshot, Snapshot copy grant or another Amazon Redshift resource type`);
      if (known === null) return { TaggedResources: [] };
      kind = known;
    }
    const start: Position = input.Marker === undefined ? { seq: 0, key: undefined } : positionOf(input.Marker);
    const limit = input.MaxRecords ?? MAX_TAGS_PER_RESOURCE;
    const p = findPartition(s, caller.account, caller.region);
    const page: TaggedResource[] = [];
    if (!p) return { TaggedResources: page };
    let last: Position = start;
    for (const r of resourcesFrom(p, kind, start.seq)) {
      for (const t of byKey(r.tags)) {
        if (r.seq === start.seq && start.key !== undefined && t.Key <= start.key) continue;
        if (!matches(t)) continue;
        if (page.length === limit) return { TaggedResources: page, Marker: encodeMarker({ after: last.seq, key: last.key }) };
        page.push(entry(r, p, t));
        last = { seq: r.seq, key: t.Key };
      }
    }
    return { TaggedResources: page };
  },
});

/** The position a DescribeTags marker holds (issued as `{ after: seq, key }`); any other marker is InvalidParameterValue. */
function positionOf(marker: string): Position {
  const m = decodeMarker(marker);
  if (m.key === undefined || m.offset !== undefined || m.sort !== undefined) throw fault('InvalidParameterValue', `Invalid Marker for DescribeTags: ${marker.slice(0, 64)}`);
  return { seq: m.after, key: m.key };
}

/** The tagging operations, by AWS name. */
export const TAG_OPERATIONS = {
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
};
