/**
 * Shared fixtures of the rule tests: callers, a simulator with ready clusters, snapshots in a
 * chosen state, and `refuses`, which asserts AWS's exact error code and HTTP status and that a
 * refused call changed nothing.
 */
import { expect } from 'vitest';
import { createSimulator, replay, DEFAULT_CALLER, isServiceError, type Caller, type ErrorCode, type Simulator, type SimulatorOptions } from '../../src/index.ts';

export type { Simulator };
/** An AWS output / input record. */
export type Rec = Record<string, any>;

/** The account and region calls default to (the snapshot owner in most tests). */
export const OWNER: Caller = DEFAULT_CALLER;
/** Another account in the owner's region. */
export const OTHER: Caller = { account: '210987654321', region: OWNER.region };
/** A third account in the owner's region. */
export const THIRD: Caller = { account: '555555555555', region: OWNER.region };
/** The owner's account in another region. */
export const OWNER_ELSEWHERE: Caller = { account: OWNER.account, region: 'eu-west-1' };

const HOUR = 3_600;
/** Seconds in an hour and a day, for `advance`. */
export const HOURS = (n: number): number => n * HOUR;
export const DAYS = (n: number): number => n * 24 * HOUR;

/** A valid CreateCluster input. */
export const clusterInput = (id: string, extra: Rec = {}): Rec => ({ ClusterIdentifier: id, NodeType: 'dc2.large', MasterUsername: 'admin', ...extra });

/** A fresh simulator (seed 1 unless told otherwise). */
export const newSim = (opts: SimulatorOptions = {}): Simulator => createSimulator({ seed: 1, ...opts });

/** Creates a cluster and runs until it is `available`. */
export function availableCluster(sim: Simulator, id = 'c1', extra: Rec = {}, caller: Caller = OWNER): Rec {
  sim.execute('CreateCluster', clusterInput(id, extra), caller);
  sim.runUntilIdle();
  return cluster(sim, id, caller);
}

/** Advances in steps of `step` seconds (at most a day) until cluster `id` is in `status`; throws if it never is. */
export function advanceUntilStatus(sim: Simulator, id: string, status: string, caller: Caller = OWNER, step = 10): Rec {
  for (let waited = 0; waited <= 86_400; waited += step) {
    const c = cluster(sim, id, caller);
    if (c.ClusterStatus === status) return c;
    sim.advance(step);
  }
  throw new Error(`cluster ${id} never became ${status} (is ${cluster(sim, id, caller).ClusterStatus})`);
}

/** PauseCluster, then time until the cluster is `paused` (its pause snapshot ended, its pausing time passed). */
export function pause(sim: Simulator, id = 'c1', caller: Caller = OWNER): Rec {
  sim.execute('PauseCluster', { ClusterIdentifier: id }, caller);
  return advanceUntilStatus(sim, id, 'paused', caller);
}

/** ResumeCluster, then time until the cluster is `available` again. */
export function resume(sim: Simulator, id = 'c1', caller: Caller = OWNER): Rec {
  sim.execute('ResumeCluster', { ClusterIdentifier: id }, caller);
  return advanceUntilStatus(sim, id, 'available', caller);
}

/** A simulator with one available cluster per id in `clusters` (default `c1`), owned by OWNER. */
export function world(opts: SimulatorOptions & { clusters?: string[] } = {}): Simulator {
  const { clusters = ['c1'], ...rest } = opts;
  const sim = newSim(rest);
  for (const id of clusters) sim.execute('CreateCluster', clusterInput(id), OWNER);
  sim.runUntilIdle();
  return sim;
}

/** The cluster as DescribeClusters returns it. */
export const cluster = (sim: Simulator, id: string, caller: Caller = OWNER): Rec => sim.execute('DescribeClusters', { ClusterIdentifier: id }, caller).Clusters[0];

/** The snapshot as DescribeClusterSnapshots returns it to `caller`. */
export const snapshot = (sim: Simulator, id: string, caller: Caller = OWNER): Rec => sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: id }, caller).Snapshots[0];

/** Identifiers of the snapshots a DescribeClusterSnapshots call returns. */
export const ids = (out: Rec): string[] => (out.Snapshots as Rec[]).map((s) => s.SnapshotIdentifier);

/** Every page of a DescribeClusterSnapshots call, following markers. */
export function allPages(sim: Simulator, input: Rec = {}, caller: Caller = OWNER): Rec[] {
  const pages: Rec[] = [];
  let marker: string | undefined;
  do {
    const out = sim.execute('DescribeClusterSnapshots', { ...input, ...(marker ? { Marker: marker } : {}) }, caller);
    pages.push(out);
    marker = out.Marker;
  } while (marker !== undefined && pages.length < 1000);
  return pages;
}

/** Takes a manual snapshot (`creating`, unless `settle` runs it to its end). */
export function manualSnapshot(sim: Simulator, id: string, opts: { cluster?: string; caller?: Caller; settle?: boolean; input?: Rec } = {}): Rec {
  const { cluster: clusterId = 'c1', caller = OWNER, settle = true, input = {} } = opts;
  const out = sim.execute('CreateClusterSnapshot', { ClusterIdentifier: clusterId, SnapshotIdentifier: id, ...input }, caller).Snapshot;
  if (!settle) return out;
  sim.runUntilIdle();
  return snapshot(sim, id, caller);
}

/** Takes `n` available manual snapshots `<prefix>1..n` of cluster `c1`. */
export function manualSnapshots(sim: Simulator, n: number, prefix = 'm', caller: Caller = OWNER): string[] {
  const made: string[] = [];
  for (let i = 1; i <= n; i++) {
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: `${prefix}${i}` }, caller);
    made.push(`${prefix}${i}`);
  }
  sim.runUntilIdle();
  return made;
}

/** The caller's automated snapshots (oldest first), optionally of one cluster. */
export const automatedSnapshots = (sim: Simulator, clusterId?: string, caller: Caller = OWNER): Rec[] =>
  allPages(sim, { SnapshotType: 'automated', ...(clusterId ? { ClusterIdentifier: clusterId } : {}) }, caller).flatMap((p) => p.Snapshots as Rec[]);

/**
 * Moves time to the cluster's next scheduled automated snapshot and returns it, still
 * `creating` (or run to its end with `settle`).
 */
export function automatedSnapshot(sim: Simulator, clusterId = 'c1', opts: { settle?: boolean; caller?: Caller } = {}): Rec {
  const { settle = true, caller = OWNER } = opts;
  const next = cluster(sim, clusterId, caller).ExpectedNextSnapshotScheduleTime as Date | undefined;
  if (!next) throw new Error(`cluster ${clusterId} has no automated snapshot scheduled`);
  sim.advanceTo(next);
  const taken = automatedSnapshots(sim, clusterId, caller).find((s) => (s.SnapshotCreateTime as Date).getTime() === next.getTime());
  if (!taken) throw new Error(`no automated snapshot of ${clusterId} at ${next.toISOString()}`);
  if (!settle) return taken;
  sim.runUntilIdle();
  return snapshot(sim, taken.SnapshotIdentifier, caller);
}

/**
 * When a running backup will end (ms): found on a replayed copy of `sim`, which is run until
 * idle, so `sim` itself does not move.
 */
export function backupEnd(sim: Simulator, id: string, caller: Caller = OWNER): number {
  const probe = replay(sim.entries());
  probe.runUntilIdle();
  const s = snapshot(probe, id, caller);
  return (s.SnapshotCreateTime as Date).getTime() + (s.ElapsedTimeInSeconds as number) * 1000;
}

/** A snapshot id of `length` characters that follows every identifier rule. */
export const longId = (length: number): string => 's' + 'a1'.repeat(length).slice(0, length - 1);

/** `n` tags `k1=v1 … kn=vn`. */
export const someTags = (n: number): { Key: string; Value: string }[] => Array.from({ length: n }, (_, i) => ({ Key: `k${i + 1}`, Value: `v${i + 1}` }));

/**
 * Asserts that `call` is refused with AWS's `code` and HTTP `status` (400 unless told), and,
 * when `sim` is given, that the refusal appended nothing to the log (a refused call changes
 * nothing). Returns the error for further checks.
 */
export function refuses(sim: Simulator | undefined, call: () => unknown, code: ErrorCode, status = 400): Error {
  const before = sim?.entries().length;
  let thrown: unknown;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected ${code}, but the call succeeded`).toBeDefined();
  if (!isServiceError(thrown)) throw thrown;
  expect({ code: thrown.code, status: thrown.status }, thrown.message).toEqual({ code, status });
  if (sim) expect(sim.entries().length, 'a refused call must not append to the log').toBe(before);
  return thrown;
}
