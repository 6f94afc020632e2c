/**
 * The discrete-event scheduler: a priority queue of due times ordered by (time, entity sequence
 * number, kind). The order depends only on the entries, never on when they were pushed, so a
 * rebuilt scheduler (after replay) fires in exactly the same order as the live one.
 *
 * Built for the simulate benchmark, which pops millions of due times out of thousands queued:
 * near due times go on a timing wheel (see {@link Scheduler}), far ones in a heap
 * ({@link DueHeap}). Keys and slot numbers sit in typed arrays, records and partitions in arrays
 * by slot, so queuing a due time allocates nothing.
 */
import { isWork, type Timer, type TimerKind, type TimerSink } from '../model/timers.ts';
import type { Partition, TimedRecord } from '../model/types.ts';
import { doubled, DueHeap } from './due-heap.ts';

/** Room for this many kinds per entity in an entry's rank (`seq * KINDS + kind`). */
const KINDS = 8;

/** A reusable, mutable {@link Timer} that {@link Scheduler.peekInto} fills. */
export class DueTimer implements Timer {
  at = 0;
  kind: TimerKind = 0;
  partition!: Partition;
  record!: TimedRecord;
}

/** Width of a wheel bucket in ms (a power of two, about 4 seconds: measured faster than 16). */
const BUCKET_MS = 2 ** 12;
/** Buckets on the wheel (a power of two): a horizon of 2^28 ms, about three days. */
const BUCKETS = 2 ** 16;
const MASK = BUCKETS - 1;
/** Bucket number of time `at` (exact: the width is a power of two). */
const bucketOf = (at: number): number => Math.floor(at / BUCKET_MS);

/**
 * A priority queue of due times, ordered by (time, rank). Due times within about three days go
 * on a timing wheel of buckets a few seconds wide: queuing one is a push onto its bucket's list,
 * and a bucket (a handful of entries) is sorted only when time reaches it, so neither costs more
 * with more entries queued, as a heap's sift does. Later ones wait in a heap and move onto the
 * wheel as it turns.
 *
 * Where an entry of bucket `b` sits, with `cur` the current bucket: `b <= cur` in the sorted run;
 * `cur < b < cur + BUCKETS` in list `b & MASK` (one bucket per list at a time); later in the heap,
 * which `turn` drains up to the new horizon each time `cur` moves. The wheel's fixed arrays take
 * about 264 KB per scheduler.
 */
export class Scheduler implements TimerSink {
  // entries on the wheel, by slot: keys, the next entry of the same bucket, record, partition
  private at = new Float64Array(256);
  private rank = new Float64Array(256);
  private next = new Int32Array(256);
  private readonly records: (TimedRecord | undefined)[] = [];
  private readonly partitions: (Partition | undefined)[] = [];
  private free = new Int32Array(256);
  private freeCount = 0;
  private used = 0;
  /** First slot of each bucket's list, or -1. */
  private readonly heads = new Int32Array(BUCKETS).fill(-1);
  /** One bit per bucket, set while its list holds entries: empty buckets are skipped 32 at a time. */
  private readonly occupied = new Int32Array(BUCKETS / 32);
  /** Entries in bucket lists. */
  private listed = 0;
  /** The current bucket (absolute number): its entries, and any earlier ones, sit in `run`. */
  private cur = -Infinity;
  /** Slots of the current bucket, sorted latest first (the earliest is popped off the end). */
  private run = new Int32Array(64);
  private runLen = 0;
  private readonly far = new DueHeap();

  /** Number of queued entries (current or stale). */
  get size(): number {
    return this.runLen + this.listed + this.far.size;
  }

  /** When the earliest entry is due; Infinity when there is none. */
  nextAt(): number {
    return this.runLen > 0 || this.turn() ? this.at[this.run[this.runLen - 1]!]! : Infinity;
  }

  /** Queues `record`'s due time `at` of `kind`. */
  add(at: number, kind: TimerKind, record: TimedRecord, partition: Partition): void {
    const r = record.seq * KINDS + kind;
    const b = bucketOf(at);
    if (b >= this.cur + BUCKETS) this.far.add(at, r, record, partition);
    else this.place(b, this.store(at, r, record, partition));
  }

  /** Copies the earliest entry into `out`, without removing it; false when there is none. */
  peekInto(out: DueTimer): boolean {
    if (this.runLen === 0 && !this.turn()) return false;
    this.copyInto(this.run[this.runLen - 1]!, out);
    return true;
  }

  /**
   * Removes the earliest entry into `out` if it is due at or before `limit`; false otherwise
   * (nothing is removed). One call where advancing time would take three (nextAt, peekInto, pop).
   */
  popDueInto(limit: number, out: DueTimer): boolean {
    if (this.runLen === 0 && !this.turn()) return false;
    const k = this.run[this.runLen - 1]!;
    if (this.at[k]! > limit) return false;
    this.copyInto(k, out);
    this.runLen--;
    this.release(k);
    return true;
  }

  /** Copies the entry in slot `k` into `out`. */
  private copyInto(k: number, out: DueTimer): void {
    out.at = this.at[k]!;
    out.kind = (this.rank[k]! % KINDS) as TimerKind;
    out.record = this.records[k]!;
    out.partition = this.partitions[k]!;
  }

  /** Removes the earliest entry. */
  pop(): void {
    if (this.runLen === 0 && !this.turn()) return;
    this.release(this.run[--this.runLen]!);
  }

  /** Frees slot `k`, which has left the run, for reuse. */
  private release(k: number): void {
    this.records[k] = undefined;
    this.partitions[k] = undefined;
    this.free[this.freeCount++] = k;
  }

  /** Takes a slot for an entry. */
  private store(at: number, r: number, record: TimedRecord, partition: Partition): number {
    let k: number;
    if (this.freeCount > 0) k = this.free[--this.freeCount]!;
    else {
      k = this.used++;
      if (k === this.at.length) this.grow();
    }
    this.at[k] = at;
    this.rank[k] = r;
    this.records[k] = record;
    this.partitions[k] = partition;
    return k;
  }

  /** Puts slot `k` of bucket `b` where it belongs: the sorted run (current or earlier bucket) or its bucket's list. */
  private place(b: number, k: number): void {
    if (b > this.cur) {
      const i = b & MASK;
      this.next[k] = this.heads[i]!;
      this.heads[i] = k;
      this.occupied[i >> 5]! |= 1 << (i & 31);
      this.listed++;
      return;
    }
    if (this.runLen === this.run.length) this.run = doubled(this.run);
    // insertion from the earliest end: a new entry usually sorts near it
    const { at, rank, run } = this;
    const a = at[k]!;
    const r = rank[k]!;
    let i = this.runLen++;
    while (i > 0) {
      const j = run[i - 1]!;
      const ja = at[j]!;
      if (ja > a || (ja === a && rank[j]! >= r)) break;
      run[i] = j;
      i--;
    }
    run[i] = k;
  }

  /**
   * Turns the wheel to the next bucket that holds entries (jumping straight to the heap's
   * earliest when the wheel is empty), moving heap entries that came within the horizon onto
   * it, and sorts that bucket into the run. False when nothing is queued at all.
   */
  private turn(): boolean {
    const { far, heads } = this;
    while (this.runLen === 0) {
      if (this.listed === 0) {
        if (far.size === 0) return false;
        this.cur = bucketOf(far.topAt());
      } else this.cur = this.nextListed();
      const horizon = (this.cur + BUCKETS) * BUCKET_MS;
      while (far.size > 0 && far.topAt() < horizon) {
        const at = far.topAt();
        const k = this.store(at, far.topRank(), far.topRecord(), far.topPartition());
        far.pop();
        this.place(bucketOf(at), k);
      }
      const i = this.cur & MASK;
      for (let k = heads[i]!; k >= 0; ) {
        const following = this.next[k]!;
        this.listed--;
        this.place(this.cur, k);
        k = following;
      }
      heads[i] = -1;
      this.occupied[i >> 5]! &= ~(1 << (i & 31));
    }
    return true;
  }

  /** The first bucket after the current one whose list holds entries (only when some list does). */
  private nextListed(): number {
    const occupied = this.occupied;
    for (let b = this.cur + 1; ; ) {
      const i = b & MASK;
      const bits = occupied[i >> 5]! >>> (i & 31); // this bucket's bit and the word's later ones
      if (bits !== 0) return b + 31 - Math.clz32(bits & -bits); // the lowest one set
      b += 32 - (i & 31);
    }
  }

  private grow(): void {
    this.at = doubled(this.at);
    this.rank = doubled(this.rank);
    this.next = doubled(this.next);
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
  add(at: number, kind: TimerKind, record: TimedRecord, partition: Partition): void {
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
