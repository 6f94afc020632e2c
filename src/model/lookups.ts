/**
 * Looking records up the way a caller names them, failing with AWS's codes: a cluster, a snapshot
 * the caller owns, and the one lookup of what a caller may see (its own snapshots and those shared
 * with it, by identifier, ARN or owner account).
 */
import { fault, type ServiceError } from './errors.ts';
import { parseSnapshotArn } from './arns.ts';
import { findCluster, findPartition, findSnapshot, snapshotsOf } from './state.ts';
import { partitionKey, type Caller, type ClusterRecord, type SnapshotRecord, type State } from './types.ts';

/** ClusterSnapshotNotFound for the snapshot the caller named (identifier or ARN). */
export const snapshotNotFound = (name: string): ServiceError => fault('ClusterSnapshotNotFound', `Snapshot ${name} not found.`);

/** The cluster named by `ClusterIdentifier`, or ClusterNotFound. */
export function requireCluster(s: State, caller: Caller, id: string): ClusterRecord {
  const c = findCluster(s, caller.account, caller.region, id);
  if (!c) throw fault('ClusterNotFound', `Cluster ${id} not found.`);
  return c;
}

/** A snapshot the caller owns, by identifier (and optional cluster), or ClusterSnapshotNotFound. */
export function requireOwnSnapshot(s: State, caller: Caller, id: string, clusterId?: string): SnapshotRecord {
  const snap = findSnapshot(s, caller.account, caller.region, id);
  if (!snap || (clusterId !== undefined && snap.profile.clusterId !== clusterId)) throw snapshotNotFound(id);
  return snap;
}

/** Whether `caller` may see `snap`: it owns it, or the owner authorized it. */
export const maySee = (snap: SnapshotRecord, caller: Caller): boolean =>
  snap.region === caller.region && (snap.owner === caller.account || snap.grants.includes(caller.account));

/** Snapshots other accounts share with the caller, after sequence number `after`, in creation order. */
export function* sharedWith(s: State, caller: Caller, after: number): Generator<SnapshotRecord> {
  const idx = s.shared.get(partitionKey(caller.account, caller.region));
  if (!idx) return;
  for (const ref of idx.after(after)) yield findSnapshot(s, ref.owner, caller.region, ref.id)!;
}

/** How a request names a snapshot: `SnapshotIdentifier`, `SnapshotArn`, `OwnerAccount`. */
export interface SnapshotName {
  readonly id?: string | undefined;
  readonly arn?: string | undefined;
  readonly owner?: string | undefined;
}

/**
 * Every snapshot the caller may see that `name` names, in creation order, or ClusterSnapshotNotFound
 * when there is none. By ARN: that snapshot (its identifier must match `id` when both are given).
 * By identifier: the caller's own of that name and those shared with it (several accounts may
 * share snapshots of one name), narrowed to `owner`'s when given.
 */
export function visibleSnapshots(s: State, caller: Caller, name: SnapshotName): SnapshotRecord[] {
  const { id, arn, owner } = name;
  if (arn !== undefined) {
    const a = parseSnapshotArn(arn);
    const snap = a && a.region === caller.region ? findSnapshot(s, a.account, a.region, a.id) : undefined;
    const ok = snap !== undefined && snap.profile.clusterId === a!.clusterId && (id === undefined || id === snap.id) && (owner === undefined || owner === snap.owner) && maySee(snap, caller);
    if (!ok) throw snapshotNotFound(arn);
    return [snap];
  }
  const found: SnapshotRecord[] = [];
  if (id !== undefined) {
    const own = owner === undefined || owner === caller.account ? findSnapshot(s, caller.account, caller.region, id) : undefined;
    if (own) found.push(own);
    if (owner !== caller.account) for (const snap of sharedWith(s, caller, 0)) if (snap.id === id && (owner === undefined || snap.owner === owner)) found.push(snap);
  }
  if (found.length === 0) throw snapshotNotFound(id ?? '');
  return found.sort((a, b) => a.seq - b.seq); // creation order, as every other source (paging relies on it)
}

/**
 * The one snapshot a restore names (reference §4.1: identifiers are not case sensitive there):
 * by ARN, or by identifier in the caller's account or `owner`'s (shared with the caller). An
 * exact match first, else the unique case-insensitive match, else ClusterSnapshotNotFound.
 */
export function restorableSnapshot(s: State, caller: Caller, name: SnapshotName): SnapshotRecord {
  if (name.arn !== undefined) return visibleSnapshots(s, caller, name)[0]!;
  const id = name.id ?? '';
  const account = name.owner ?? caller.account;
  const exact = findSnapshot(s, account, caller.region, id);
  if (exact && maySee(exact, caller)) return exact;
  let match: SnapshotRecord | undefined;
  for (const snap of namedIgnoringCase(s, account, caller.region, id)) {
    if (!maySee(snap, caller)) continue;
    if (match) throw snapshotNotFound(id); // more than one: no unique match
    match = snap;
  }
  if (!match) throw snapshotNotFound(id);
  return match;
}

/**
 * {@link restorableSnapshot}, but a snapshot of another account that exists and was not shared
 * with the caller is AccessToSnapshotDenied ("the owner has not authorized your account"), not
 * ClusterSnapshotNotFound.
 */
export function restorableOrDenied(s: State, caller: Caller, name: SnapshotName): SnapshotRecord {
  try {
    return restorableSnapshot(s, caller, name);
  } catch (e) {
    const parsed = name.arn === undefined ? undefined : parseSnapshotArn(name.arn);
    const account = parsed?.account ?? name.owner;
    const id = parsed?.id ?? name.id ?? '';
    if (account !== undefined && account !== caller.account && hiddenFrom(s, caller, account, id)) {
      throw fault('AccessToSnapshotDenied', `Account ${caller.account} is not authorized to restore snapshot ${id} of account ${account}.`);
    }
    throw e;
  }
}

/**
 * Whether `account` holds, in the caller's region, a snapshot named `id` (ignoring case, as
 * restore's lookups do) that the caller may not see: one it could see was not found for another
 * reason (no unique match), which stays ClusterSnapshotNotFound.
 */
function hiddenFrom(s: State, caller: Caller, account: string, id: string): boolean {
  for (const snap of namedIgnoringCase(s, account, caller.region, id)) if (!maySee(snap, caller)) return true;
  return false;
}

/** The snapshots of (account, region) named `id`, ignoring case (restore's identifiers are not case sensitive). */
function* namedIgnoringCase(s: State, account: string, region: string, id: string): IterableIterator<SnapshotRecord> {
  const wanted = id.toLowerCase();
  const p = findPartition(s, account, region);
  if (p) for (const snap of snapshotsOf(p)) if (snap.id.toLowerCase() === wanted) yield snap;
}
