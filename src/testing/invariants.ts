/**
 * The lifecycle invariants of design.md as executable checks. An {@link InvariantTracker}
 * watches a simulator across steps (progress and elapsed never decrease, `deleted` never comes
 * back) and `check()` throws an Error naming the first violated invariant.
 */
import { SNAPSHOT_TABLE, type SnapshotStatus } from '../machines/index.ts';
import { replay, type Simulator } from '../sim/simulator.ts';
import { isAutomatedIdOf } from '../model/automated-id.ts';
import { expiryOf, sameIncarnation } from '../model/evolve.ts';
import { snapshotsOf } from '../model/state.ts';
import { NEVER, type ClusterRecord, type SnapshotRecord } from '../model/types.ts';
import { snapshotView } from '../model/views.ts';

/** Every status reachable from `from` along the snapshot machine's edges (including itself). */
function reachable(from: SnapshotStatus): Set<SnapshotStatus> {
  const seen = new Set<SnapshotStatus>([from]);
  const todo = [from];
  while (todo.length > 0) {
    const s = todo.pop()!;
    for (const next of Object.values(SNAPSHOT_TABLE[s]) as SnapshotStatus[]) {
      if (!seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
    }
  }
  return seen;
}

interface Seen {
  status: SnapshotStatus;
  progress: number;
  elapsed: number;
}

const keyOf = (s: SnapshotRecord) => `${s.owner}/${s.region}/${s.id}@${s.createTime}`;

/** Raised when an invariant does not hold. */
export class InvariantViolation extends Error {
  constructor(invariant: string, detail: string) {
    super(`invariant violated: ${invariant}: ${detail}`);
    this.name = 'InvariantViolation';
  }
}

/** Tracks one simulator across steps and checks every invariant after each. */
export class InvariantTracker {
  private readonly seen = new Map<string, Seen>();
  private readonly gone = new Set<string>();
  private checkedEntries = 0;

  constructor(private readonly sim: Simulator) {}

  /** Checks every invariant now; `replayCheck` also rebuilds the state from the log and compares. */
  check(opts: { replayCheck?: boolean } = {}): void {
    const sim = this.sim;
    const now = sim.nowMs();
    const live = new Set<string>();
    for (const p of sim.state.partitions.values()) {
      const ids = new Set<string>();
      const all = [...snapshotsOf(p)];
      for (const s of all) {
        const key = keyOf(s);
        live.add(key);
        if (ids.has(s.id)) throw new InvariantViolation('snapshot ids unique per account and region', s.id);
        ids.add(s.id);
        if (this.gone.has(key)) throw new InvariantViolation('deleted never comes back', key);
        this.checkFigures(s, key, now);
        this.checkGrants(s);
      }
      for (const [id, s] of p.manual) {
        if (s.type !== 'manual' || s.id !== id) throw new InvariantViolation('the partition map holds manual snapshots by id', `${id}: ${s.type} ${s.id}`);
      }
      for (const c of p.clusters.values()) this.checkAutomated(c);
      const order = all.sort((a, b) => a.seq - b.seq).map((s) => s.id);
      if ([...p.order.after(0)].join() !== order.join()) throw new InvariantViolation('the creation-order index lists every snapshot', `${p.account}/${p.region}`);
    }
    for (const key of this.seen.keys()) {
      if (!live.has(key)) {
        this.gone.add(key);
        this.seen.delete(key);
      }
    }
    this.checkLog();
    if (opts.replayCheck) this.checkReplay();
  }

  private checkFigures(s: SnapshotRecord, key: string, now: number): void {
    const v = snapshotView(s, now, s.owner);
    const total = v.TotalBackupSizeInMegaBytes as number;
    const inc = v.ActualIncrementalBackupSizeInMegaBytes as number;
    const progress = v.BackupProgressInMegaBytes as number;
    const elapsed = v.ElapsedTimeInSeconds as number;
    const eta = v.EstimatedSecondsToCompletion as number;
    if (total !== -1 && !(progress >= 0 && progress <= inc && inc <= total)) {
      throw new InvariantViolation('0 <= progress <= incremental <= total', `${key}: ${progress} / ${inc} / ${total}`);
    }
    if (s.status === 'available' && (progress !== inc || eta !== 0)) {
      throw new InvariantViolation('available => progress = incremental and ETA = 0', `${key}: ${progress} / ${inc}, ETA ${eta}`);
    }
    const before = this.seen.get(key);
    if (before) {
      if (!reachable(before.status).has(s.status)) throw new InvariantViolation('status changes only along machine edges', `${key}: ${before.status} -> ${s.status}`);
      if (progress < before.progress) throw new InvariantViolation('progress never decreases', `${key}: ${before.progress} -> ${progress}`);
      if (elapsed < before.elapsed) throw new InvariantViolation('elapsed never decreases', `${key}: ${before.elapsed} -> ${elapsed}`);
    }
    this.seen.set(key, { status: s.status, progress, elapsed });
  }

  /** A cluster keeps its own automated snapshots, oldest first, and knows the latest available one. */
  private checkAutomated(c: ClusterRecord): void {
    const own = c.automated;
    own.forEach((s, i) => {
      if (s.type !== 'automated' || !isAutomatedIdOf(s.id, c.id) || !sameIncarnation(c, s) || (i > 0 && own[i - 1]!.seq >= s.seq)) {
        throw new InvariantViolation('a cluster keeps its own automated snapshots, oldest first', `${c.id}: ${s.id}`);
      }
    });
    const latest = own.filter((s) => s.status === 'available').at(-1);
    if ((latest?.seq ?? 0) !== c.latestAutoSeq || (latest ? expiryOf(latest) : NEVER) !== c.latestAutoExpiry) {
      throw new InvariantViolation('latest automated snapshot', `${c.id}: ${c.latestAutoSeq} (expiring ${c.latestAutoExpiry}) != ${latest?.seq ?? 0}`);
    }
  }

  private checkGrants(s: SnapshotRecord): void {
    if (s.grants.length === 0) return;
    if (s.type !== 'manual') throw new InvariantViolation('authorized accounts: manual snapshots only', s.id);
    if (s.grants.includes(s.owner)) throw new InvariantViolation('authorized accounts: never the owner', s.id);
    if (s.grants.length > 20) throw new InvariantViolation('authorized accounts: at most 20', `${s.id}: ${s.grants.length}`);
  }

  /** Automated snapshots only by the service; manual ones only by a caller. */
  private checkLog(): void {
    const entries = this.sim.entries();
    for (let i = this.checkedEntries; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.seq !== i) throw new InvariantViolation('dense sequence numbers', `entry ${i} has seq ${entry.seq}`);
      for (const e of entry.events) {
        if (e.type !== 'SnapshotCreated') continue;
        if (e.kind === 'automated' && entry.command !== null) throw new InvariantViolation('automated snapshots only by the service', e.ref.id);
        if (e.kind !== 'automated' && entry.command === null) throw new InvariantViolation('manual snapshots only by a caller', e.ref.id);
      }
    }
    this.checkedEntries = entries.length;
  }

  /** Replaying the log rebuilds a state deep-equal to the live one. */
  private checkReplay(): void {
    const rebuilt = replay(this.sim.entries());
    if (!deepEqual(rebuilt.state, this.sim.state)) throw new InvariantViolation('replay equals live', `after ${this.sim.entries().length} entries`);
  }
}

/** Structural equality over plain data, Maps, Sets, arrays and class instances (own fields). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return false;
    const ka = [...a.keys()];
    const kb = [...m.keys()];
    return ka.every((k, i) => Object.is(k, kb[i]) && deepEqual(a.get(k), m.get(k)));
  }
  if (Array.isArray(a)) {
    const arr = b as unknown[];
    return a.length === arr.length && a.every((x, i) => deepEqual(x, arr[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
