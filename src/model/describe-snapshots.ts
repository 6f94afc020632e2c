/**
 * DescribeClusterSnapshots: the caller's snapshots plus those shared with it, every filter of the
 * reference (§4.6) combined with AND, optional sorting, and paging. Unsorted pages seek by
 * sequence number, so a page costs the same with 1,000 or 100,000 of the caller's snapshots, also
 * one filtered by cluster (its snapshots are indexed); snapshots shared with the caller are
 * scanned. Other filters skip what they reject, and a sorted query sorts every match, so those
 * cost what they read.
 */
import { fault } from './errors.ts';
import { livingCluster } from './records.ts';
import { ms } from './input.ts';
import type { DescribeClusterSnapshotsMessage as Input } from '../shapes/redshift.ts';
import { query } from './operation.ts';
import { decodeMarker, encodeMarker, matchesTagFilter, pageSize } from './paging.ts';
import { findPartition, snapshotIn } from './state.ts';
import { sharedWith, visibleSnapshots } from './lookups.ts';
import { snapshotView } from './views.ts';
import { backupFigures } from './progress.ts';
import type { Caller, Partition, SnapshotRecord, State } from './types.ts';

type Filter = (s: SnapshotRecord) => boolean;

/** Each sort attribute's key of a snapshot at `now`: what the view shows (a size not known yet is -1). */
const SORT_KEYS: Readonly<Record<string, (s: SnapshotRecord, now: number) => number | string>> = {
  SOURCE_TYPE: (s) => s.type,
  TOTAL_SIZE: (s, now) => backupFigures(s, now).TotalBackupSizeInMegaBytes,
  CREATE_TIME: (s) => s.createTime,
};

/** Whether the cluster a snapshot was taken from still exists. */
const clusterExists = (st: State, s: SnapshotRecord): boolean => {
  const p = findPartition(st, s.owner, s.region);
  return p !== undefined && livingCluster(p, s) !== undefined;
};

/** Builds the AND of every filter present in the input. */
function filtersOf(st: State, input: Input, caller: Caller): { filter: Filter; ownOnly: boolean } {
  const fs: Filter[] = [];
  const clusterId = input.ClusterIdentifier;
  const type = input.SnapshotType;
  const start = ms(input.StartTime);
  const end = ms(input.EndTime);
  const owner = input.OwnerAccount;
  const keys = input.TagKeys;
  const values = input.TagValues;
  const exists = input.ClusterExists;
  if (exists === true && clusterId === undefined) throw fault('InvalidParameterCombination', 'ClusterIdentifier is required when ClusterExists is true');
  if (clusterId !== undefined) fs.push((s) => s.profile.clusterId === clusterId);
  if (type !== undefined) fs.push((s) => s.type === type);
  if (start !== undefined) fs.push((s) => s.createTime >= start);
  if (end !== undefined) fs.push((s) => s.createTime <= end);
  if (owner !== undefined) fs.push((s) => s.owner === owner);
  const tagged = (keys?.length ?? 0) > 0 || (values?.length ?? 0) > 0;
  // Tag filters return only the caller's own snapshots, also when one is named explicitly.
  if (tagged) fs.push((s) => s.owner === caller.account && matchesTagFilter(s.tags, keys, values));
  if (exists !== undefined) fs.push((s) => clusterExists(st, s) === exists);
  return { filter: (s) => fs.every((f) => f(s)), ownOnly: tagged || (owner !== undefined && owner === caller.account) };
}

/** The snapshots named by SnapshotIdentifier / SnapshotArn, visible to the caller (or not found); undefined when none is named. */
function named(st: State, input: Input, caller: Caller): SnapshotRecord[] | undefined {
  const id = input.SnapshotIdentifier;
  const arn = input.SnapshotArn;
  return id === undefined && arn === undefined ? undefined : visibleSnapshots(st, caller, { id, arn });
}

/** The caller's own snapshots after sequence number `after`, in order. */
function* ownAfter(st: State, caller: Caller, after: number): Generator<SnapshotRecord> {
  const p = findPartition(st, caller.account, caller.region);
  if (!p) return;
  for (const id of p.order.after(after)) yield snapshotIn(p, id)!;
}

/**
 * The caller's own snapshots taken from cluster `clusterId` after sequence number `after`, in
 * order: its manual ones (copies included) from their index, its automated ones from the cluster
 * and those copied in from another region.
 * A page filtered by cluster thus reads the cluster's own snapshots, not the partition's.
 */
function* ownOfClusterAfter(st: State, caller: Caller, clusterId: string, after: number, type: string | undefined): Generator<SnapshotRecord> {
  const p = findPartition(st, caller.account, caller.region);
  if (!p) return;
  const manual = p.manualByCluster.get(clusterId);
  // a page of one type reads only that type's snapshots
  if (type === 'manual') {
    if (manual) yield* manualOf(p, manual.after(after));
    return;
  }
  let automated = (p.clusters.get(clusterId)?.automated ?? []).filter((snap) => snap.seq > after);
  // and automated snapshots copied in from a cluster of that name in another region
  const copied = p.copiedAutomated.size === 0 ? undefined : p.copiedAutomated.get(clusterId)?.snaps.filter((snap) => snap.seq > after);
  if (copied !== undefined && copied.length > 0) automated = [...merged(automated.values(), copied.values())];
  if (manual && type !== 'automated') yield* merged(manualOf(p, manual.after(after)), automated.values());
  else yield* automated;
}

/** The manual snapshots of `p` that `ids` name. */
function* manualOf(p: Partition, ids: Iterable<string>): Generator<SnapshotRecord> {
  for (const id of ids) yield p.manual.get(id)!;
}

/** Merges two sequence-ordered streams. */
function* merged(a: Iterator<SnapshotRecord>, b: Iterator<SnapshotRecord>): Generator<SnapshotRecord> {
  let x = a.next();
  let y = b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.seq < y.value.seq)) {
      yield x.value as SnapshotRecord;
      x = a.next();
    } else {
      yield y.value;
      y = b.next();
    }
  }
}

/** A snapshot's place in a sorted query: its sort keys, then its sequence number (which breaks ties). */
type Place = (number | string)[];

/** A sorted query's order: each snapshot's place, how two places compare, and whether a place (a marker's) is one of this order. */
interface SortOrder {
  readonly place: (s: SnapshotRecord) => Place;
  readonly compare: (a: Place, b: Place) => number;
  readonly holds: (p: Place) => boolean;
}

/**
 * The order `SortingEntities` asks for at `now`, or undefined for none (creation order). A sorted
 * query sorts every match, CREATE_TIME ascending too: a snapshot copied in from another region
 * keeps its source's creation time but arrives later, so the creation order is not it. Ties go
 * by sequence number, so every snapshot has a place no other shares: a marker names the last
 * one listed, and snapshots created or deleted between pages move no other across it.
 */
function sortOf(input: Input, now: number): SortOrder | undefined {
  const entities: { Attribute?: string; SortOrder?: string }[] | undefined = input.SortingEntities;
  if (!Array.isArray(entities) || entities.length === 0) return undefined;
  const keys = entities.map((e) => {
    const attribute = e?.Attribute ?? '';
    const key = Object.hasOwn(SORT_KEYS, attribute) ? SORT_KEYS[attribute] : undefined; // not Object's own names
    if (!key) throw fault('InvalidParameterValue', `Invalid sort attribute ${String(e?.Attribute)}: use SOURCE_TYPE, TOTAL_SIZE or CREATE_TIME`);
    if (e.SortOrder !== undefined && e.SortOrder !== 'ASC' && e.SortOrder !== 'DESC') throw fault('InvalidParameterValue', `Invalid SortOrder ${e.SortOrder}: use ASC or DESC`);
    return { key, kind: attribute === 'SOURCE_TYPE' ? 'string' : 'number', dir: e.SortOrder === 'DESC' ? -1 : 1 };
  });
  return {
    place: (s) => [...keys.map(({ key }) => key(s, now)), s.seq],
    compare: (a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const x = a[i]!;
        const y = b[i]!;
        if (x !== y) return (x < y ? -1 : 1) * keys[i]!.dir;
      }
      return (a[keys.length] as number) - (b[keys.length] as number);
    },
    holds: (p) => p.length === keys.length + 1 && keys.every(({ kind }, i) => typeof p[i] === kind),
  };
}

/** DescribeClusterSnapshots. */
export const describeClusterSnapshots = query<'DescribeClusterSnapshots'>({
  required: [],
  rules: {
    ClusterIdentifier: 'string', SnapshotIdentifier: 'string', SnapshotArn: 'string', SnapshotType: 'snapshotType', StartTime: 'timestamp', EndTime: 'timestamp',
    MaxRecords: 'maxRecords', Marker: 'string', OwnerAccount: 'string', TagKeys: 'stringList', TagValues: 'stringList', ClusterExists: 'boolean', SortingEntities: 'sortingEntities',
  },
  run(st, input, caller, now) {
    const { filter, ownOnly } = filtersOf(st, input, caller);
    const limit = pageSize(input.MaxRecords);
    const markerText = input.Marker;
    const marker = markerText === undefined ? { after: 0 } : decodeMarker(markerText);
    const sort = sortOf(input, now);
    // a marker resumes the query that issued it: a place in the same sort, or a sequence number
    const order = sort === undefined ? undefined : (input.SortingEntities as { Attribute?: string; SortOrder?: string }[]).map((e) => `${e.Attribute}:${e.SortOrder ?? 'ASC'}`).join(',');
    const after = marker.keys === undefined ? undefined : [...marker.keys, marker.after];
    // a sorted query's marker holds a place of its own sort; an unsorted one's a sequence number only
    const resumable = sort === undefined ? after === undefined && marker.sort === undefined : after !== undefined && marker.sort === order && sort.holds(after);
    if (markerText !== undefined && (!resumable || marker.offset !== undefined || marker.key !== undefined)) {
      throw fault('InvalidParameterValue', `Invalid Marker for this query's sorting: ${markerText.slice(0, 64)}`);
    }
    const view = (s: SnapshotRecord) => snapshotView(s, now, caller.account);
    const explicit = named(st, input, caller);
    const from = sort ? 0 : marker.after;
    const clusterId = input.ClusterIdentifier;
    const own = clusterId === undefined ? ownAfter(st, caller, from) : ownOfClusterAfter(st, caller, clusterId, from, input.SnapshotType);
    const source: Iterable<SnapshotRecord> = explicit ?? (ownOnly ? own : merged(own, sharedWith(st, caller, from)));
    if (sort) {
      const rest = [...source].filter(filter).map((s) => ({ s, place: sort.place(s) })).filter((x) => after === undefined || sort.compare(x.place, after) > 0);
      rest.sort((a, b) => sort.compare(a.place, b.place));
      const page = rest.slice(0, limit);
      const last = page[page.length - 1];
      const more = rest.length > limit && last !== undefined;
      return { Snapshots: page.map((x) => view(x.s)), Marker: more ? encodeMarker({ after: last.s.seq, sort: order, keys: last.place.slice(0, -1) }) : undefined };
    }
    const page: SnapshotRecord[] = [];
    let more = false;
    for (const s of source) {
      if (explicit && s.seq <= marker.after) continue;
      if (!filter(s)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(s);
    }
    const last = page[page.length - 1];
    return { Snapshots: page.map(view), Marker: more && last ? encodeMarker({ after: last.seq }) : undefined };
  },
});
