/** Creating and navigating the domain {@link State}. */
import { clusterOfAutomatedId, isAutomatedId } from './automated-id.ts';
import type { SimConfig } from '../events/config.ts';
import { SeqIndex } from './seq-index.ts';
import type { Ref } from '../events/types.ts';
import { partitionKey, type AwsEventLedger, type ClusterRecord, type Partition, type SharedRef, type SnapshotRecord, type State } from './types.ts';

/**
 * Partitions by account, then region: a lookup without building and hashing a key string. Kept
 * beside the state (derived from `partitions`, which stays the one source for iteration).
 */
const byAccount = new WeakMap<State, Map<string, Map<string, Partition>>>();

/** An empty world. */
export function emptyState(seed: number, start: number, config: SimConfig): State {
  const s: State = { seed, start, config, nextSeq: 1, partitions: new Map(), shared: new Map(), apiErrors: [], regionOutages: [] };
  byAccount.set(s, new Map());
  return s;
}

/** The partition of (account, region), if it exists. */
export function findPartition(s: State, account: string, region: string): Partition | undefined {
  const index = byAccount.get(s);
  return index ? index.get(account)?.get(region) : s.partitions.get(partitionKey(account, region));
}

/** `hint` when it is the partition of (account, region), else undefined: a caller's guess, checked. */
export const hinted = (hint: Partition | undefined, account: string, region: string): Partition | undefined =>
  hint !== undefined && hint.account === account && hint.region === region ? hint : undefined;

/** An events ledger with no event yet. */
const emptyEventLedger = (): AwsEventLedger => ({ at: [], eventId: [], sourceId: [], cluster: [], snapshot: [], snapshotAt: [], from: [], to: [], saved: [], head: 0, size: 0, count: 0 });

/** The partition of (account, region), created on first use. */
export function partitionOf(s: State, account: string, region: string): Partition {
  let p = findPartition(s, account, region);
  if (!p) {
    p = { account, region, clusters: new Map(), manual: new Map(), order: new SeqIndex(), manualByCluster: new Map(), copiedAutomated: new Map(), heldAutomatedCopies: false, copyGrants: new Map(), schedules: new Map(), events: emptyEventLedger(), subscriptions: new Map() };
    s.partitions.set(partitionKey(account, region), p);
    const index = byAccount.get(s);
    if (index) {
      let regions = index.get(account);
      if (!regions) index.set(account, (regions = new Map()));
      regions.set(region, p);
    }
  }
  return p;
}

/** A cluster by reference. */
export const findCluster = (s: State, account: string, region: string, id: string): ClusterRecord | undefined =>
  findPartition(s, account, region)?.clusters.get(id);

/** A snapshot of partition `p` by identifier: a manual one from its map, an automated one from its cluster (or copied in from another region). */
export function snapshotIn(p: Partition, id: string): SnapshotRecord | undefined {
  const clusterId = clusterOfAutomatedId(id);
  return clusterId === undefined ? p.manual.get(id) : snapshotOfCluster(p, clusterId, id);
}

/** A snapshot by reference. */
export const findSnapshot = (s: State, account: string, region: string, id: string): SnapshotRecord | undefined => {
  const p = findPartition(s, account, region);
  return p && snapshotIn(p, id);
};

/**
 * The snapshot `id` of partition `p` taken from cluster `clusterId` (of this region or copied from
 * another): {@link snapshotIn} for a caller who knows the cluster, without reading it out of an
 * automated identifier (whose substring would be hashed afresh for each lookup).
 */
export function snapshotOfCluster(p: Partition, clusterId: string, id: string): SnapshotRecord | undefined {
  // a manual identifier has no ':' (an automated one is never in the manual map, which may be large)
  if (!isAutomatedId(id)) return p.manual.get(id);
  const automated = p.clusters.get(clusterId)?.automated;
  if (automated) for (const snap of automated) if (snap.id === id) return snap;
  const copied = p.copiedAutomated.size === 0 ? undefined : p.copiedAutomated.get(clusterId);
  if (copied) for (const snap of copied.snaps) if (snap.id === id) return snap;
  return undefined;
}

/**
 * Whether partition `p` holds an automated snapshot `id` of cluster `clusterId` (its own, or one
 * copied in) that could clash with a copy of identifier `id` created at `createTime`. An automated
 * identifier names the second its snapshot was taken, or the next one (see `automated` in
 * timers.ts), so two of one identifier were created less than two seconds apart: the copies'
 * times are scanned, and only a copy that near has its identifier compared.
 */
export function holdsAutomated(p: Partition, clusterId: string, id: string, createTime: number): boolean {
  if (p.clusters.get(clusterId)?.automated.some((snap) => snap.id === id)) return true;
  const copied = p.copiedAutomated.size === 0 ? undefined : p.copiedAutomated.get(clusterId);
  if (copied === undefined) return false;
  const times = copied.times;
  for (let i = 0; i < times.length; i++) if (Math.abs(times[i]! - createTime) < 2000 && copied.snaps[i]!.id === id) return true;
  return false;
}

/** Every snapshot of partition `p`: the manual ones, each cluster's automated ones, then automated ones copied in from other regions. */
export function* snapshotsOf(p: Partition): IterableIterator<SnapshotRecord> {
  yield* p.manual.values();
  for (const c of p.clusters.values()) yield* c.automated;
  for (const copied of p.copiedAutomated.values()) yield* copied.snaps;
}

/** Number of snapshots in partition `p`. */
export function snapshotCount(p: Partition): number {
  let n = p.manual.size;
  for (const copied of p.copiedAutomated.values()) n += copied.snaps.length;
  for (const c of p.clusters.values()) n += c.automated.length;
  return n;
}

/** Indexes manual snapshot `snap` of `p` under its cluster (see {@link Partition.manualByCluster}). */
export function indexByCluster(p: Partition, snap: SnapshotRecord): void {
  let idx = p.manualByCluster.get(snap.profile.clusterId);
  if (!idx) p.manualByCluster.set(snap.profile.clusterId, (idx = new SeqIndex()));
  idx.add(snap.seq, snap.id);
}

/** Removes manual snapshot `snap` of `p` from its cluster's index, and the index once empty. */
export function unindexByCluster(p: Partition, snap: SnapshotRecord): void {
  const idx = p.manualByCluster.get(snap.profile.clusterId);
  if (!idx) return;
  idx.remove(snap.seq);
  if (idx.size === 0) p.manualByCluster.delete(snap.profile.clusterId);
}

/** The index of snapshots shared with `grantee` in `region`, created on first use. */
export function sharedIndex(s: State, grantee: string, region: string): SeqIndex<SharedRef> {
  const key = partitionKey(grantee, region);
  let idx = s.shared.get(key);
  if (!idx) {
    idx = new SeqIndex();
    s.shared.set(key, idx);
  }
  return idx;
}

/** A reference to record `id` in the partition of `where` (a caller or a partition). */
export const refOf = (where: { readonly account: string; readonly region: string }, id: string): Ref => ({ account: where.account, region: where.region, id });
