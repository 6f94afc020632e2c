/**
 * The discrete-event scheduler: a min-heap of due times ordered by (time, entity sequence
 * number, kind). The order depends only on the entries, never on when they were pushed, so a
 * rebuilt scheduler (after replay) fires in exactly the same order as the live one.
 *
 * Built for the simulate benchmark, which pops millions of due times from a heap of thousands:
 * the heap is 4-ary (half the levels of a binary one), its two sort keys and a slot number sit
 * in typed arrays (a sift moves numbers, not pointers), and records and partitions sit in
 * arrays by slot, so queuing a due time allocates nothing.
 */
import { isWork, type Timer, type TimerKind, type TimerSink } from '../model/timers.ts';
import type { ClusterRecord, Partition, SnapshotRecord } from '../model/types.ts';

/** Room for this many kinds per entity in an entry's rank (`seq * KINDS + kind`). */
const KINDS = 8;

/** A reusable, mutable {@link Timer} that {@link Scheduler.peekInto} fills. */
export class DueTimer implements Timer {
  at = 0;
  kind: TimerKind = 0;
  partition!: Partition;
  record!: ClusterRecord | SnapshotRecord;
}

/** A typed array twice as long as `a`, starting with its contents. */
function doubled<T extends Float64Array | Int32Array>(a: T): T {
  const b = new (a.constructor as new (length: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** A min-heap of due times. */
export class Scheduler implements TimerSink {
  // the heap: position -> (time, rank, slot); sifting moves numbers only (no write barriers)
  private at = new Float64Array(64);
  private rank = new Float64Array(64);
  private slot = new Int32Array(64);
  // each entry's record and partition, by slot; a popped entry's slot is reused
  private readonly records: (ClusterRecord | SnapshotRecord | undefined)[] = [];
  private readonly partitions: (Partition | undefined)[] = [];
  private free = new Int32Array(64);
  private freeCount = 0;
  private n = 0;

  /** Number of queued entries (current or stale). */
  get size(): number {
    return this.n;
  }

  /** When the earliest entry is due; Infinity when there is none. */
  nextAt(): number {
    return this.n > 0 ? this.at[0]! : Infinity;
  }

  /** Queues `record`'s due time `at` of `kind`. */
  add(at: number, kind: TimerKind, record: ClusterRecord | SnapshotRecord, partition: Partition): void {
    if (this.n === this.at.length) this.grow();
    const { at: ats, rank, slot } = this;
    const r = record.seq * KINDS + kind;
    const k = this.freeCount > 0 ? this.free[--this.freeCount]! : this.n;
    this.records[k] = record;
    this.partitions[k] = partition;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pa = ats[p]!;
      if (pa < at || (pa === at && rank[p]! <= r)) break;
      ats[i] = pa;
      rank[i] = rank[p]!;
      slot[i] = slot[p]!;
      i = p;
    }
    ats[i] = at;
    rank[i] = r;
    slot[i] = k;
  }

  /** Copies the earliest entry into `out`, without removing it; false when there is none. */
  peekInto(out: DueTimer): boolean {
    if (this.n === 0) return false;
    const k = this.slot[0]!;
    out.at = this.at[0]!;
    out.kind = (this.rank[0]! % KINDS) as TimerKind;
    out.record = this.records[k]!;
    out.partition = this.partitions[k]!;
    return true;
  }

  /** Removes the earliest entry. */
  pop(): void {
    if (this.n === 0) return;
    const { at, rank, slot } = this;
    const top = slot[0]!;
    this.records[top] = undefined;
    this.partitions[top] = undefined;
    this.free[this.freeCount++] = top;
    const n = --this.n;
    if (n === 0) return;
    const a = at[n]!;
    const r = rank[n]!;
    const k = slot[n]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      const end = first + 4 < n ? first + 4 : n;
      let m = first;
      let ma = at[first]!;
      let mr = rank[first]!;
      for (let j = first + 1; j < end; j++) {
        const ja = at[j]!;
        if (ja < ma || (ja === ma && rank[j]! < mr)) {
          m = j;
          ma = ja;
          mr = rank[j]!;
        }
      }
      if (a < ma || (a === ma && r <= mr)) break;
      at[i] = ma;
      rank[i] = mr;
      slot[i] = slot[m]!;
      i = m;
    }
    at[i] = a;
    rank[i] = r;
    slot[i] = k;
  }

  private grow(): void {
    this.at = doubled(this.at);
    this.rank = doubled(this.rank);
    this.slot = doubled(this.slot);
    this.free = doubled(this.free);
  }
}

/**
 * The simulator's due times: every one in `all`, and, once {@link TimerQueues.trackWork} has
 * been called (the first `runUntilIdle`), the in-flight work among them also in `work`, so the
 * next work is found without scanning the recurring schedule. A simulation that never waits for
 * idleness never pays for the second queue.
 */
export class TimerQueues implements TimerSink {
  readonly all = new Scheduler();
  /** In-flight work, while tracked. */
  work: Scheduler | undefined;

  /** Queues a due time, and also as work when it is in-flight work and work is tracked. */
  add(at: number, kind: TimerKind, record: ClusterRecord | SnapshotRecord, partition: Partition): void {
    this.all.add(at, kind, record, partition);
    if (this.work !== undefined && isWork(kind, record)) this.work.add(at, kind, record, partition);
  }

  /** Starts tracking work; `queueCurrent` queues every current due time into the sink it is given. */
  trackWork(queueCurrent: (sink: TimerSink) => void): Scheduler {
    const work = new Scheduler();
    queueCurrent({
      add: (at, kind, record, partition) => {
        if (isWork(kind, record)) work.add(at, kind, record, partition);
      },
    });
    this.work = work;
    return work;
  }
}
