/** Creating and navigating the domain {@link State}. */
import type { SimConfig } from './config.ts';
import { SeqIndex } from './seq-index.ts';
import { partitionKey, type ClusterRecord, type Partition, type SnapshotRecord, type State } from './types.ts';

/** An empty world. */
export const emptyState = (seed: number, start: number, config: SimConfig): State => ({
  seed,
  start,
  config,
  nextSeq: 1,
  partitions: new Map(),
  shared: new Map(),
});

/**
 * The last partition looked up. Partitions are never removed and lookups come in runs for the
 * same caller, so this saves building and hashing a key string on most calls.
 */
let last: { state: State; account: string; region: string; partition: Partition } | undefined;

/** The partition of (account, region), if it exists. */
export function findPartition(s: State, account: string, region: string): Partition | undefined {
  if (last !== undefined && last.state === s && last.account === account && last.region === region) return last.partition;
  const partition = s.partitions.get(partitionKey(account, region));
  if (partition) last = { state: s, account, region, partition };
  return partition;
}

/** The partition of (account, region), created on first use. */
export function partitionOf(s: State, account: string, region: string): Partition {
  let p = findPartition(s, account, region);
  if (!p) {
    const key = partitionKey(account, region);
    p = { account, region, clusters: new Map(), snapshots: new Map(), manualCount: 0, order: new SeqIndex() };
    s.partitions.set(key, p);
  }
  return p;
}

/** A cluster by reference. */
export const findCluster = (s: State, account: string, region: string, id: string): ClusterRecord | undefined =>
  findPartition(s, account, region)?.clusters.get(id);

/** A snapshot by reference. */
export const findSnapshot = (s: State, account: string, region: string, id: string): SnapshotRecord | undefined =>
  findPartition(s, account, region)?.snapshots.get(id);

/** The index of snapshots shared with `grantee` in `region`, created on first use. */
export function sharedIndex(s: State, grantee: string, region: string): SeqIndex<SnapshotRecord> {
  const key = partitionKey(grantee, region);
  let idx = s.shared.get(key);
  if (!idx) {
    idx = new SeqIndex();
    s.shared.set(key, idx);
  }
  return idx;
}
