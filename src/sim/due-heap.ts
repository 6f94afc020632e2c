/**
 * A 4-ary min-heap of due times keyed by (time, rank), the part of the scheduler that holds the
 * due times beyond its timing wheel's horizon. Its two sort keys and a slot number sit in typed
 * arrays (a sift moves numbers, not pointers), records and partitions in arrays by slot, so
 * queuing allocates nothing.
 */
import type { Partition, TimedRecord } from '../model/types.ts';

/** A typed array twice as long as `a`, starting with its contents. */
export function doubled<T extends Float64Array | Int32Array>(a: T): T {
  const b = new (a.constructor as new (length: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** A 4-ary min-heap of due times keyed by (time, rank). */
export class DueHeap {
  // the heap: position -> (time, rank, slot); sifting moves numbers only (no write barriers)
  private at = new Float64Array(64);
  private rank = new Float64Array(64);
  private slot = new Int32Array(64);
  // each entry's record and partition, by slot; a popped entry's slot is reused
  private readonly records: (TimedRecord | undefined)[] = [];
  private readonly partitions: (Partition | undefined)[] = [];
  private free = new Int32Array(64);
  private freeCount = 0;
  private n = 0;

  /** Number of entries. */
  get size(): number {
    return this.n;
  }

  /** When the earliest entry is due (only when there is one). */
  topAt(): number {
    return this.at[0]!;
  }

  /** The earliest entry's rank (only when there is one). */
  topRank(): number {
    return this.rank[0]!;
  }

  /** The earliest entry's record (only when there is one). */
  topRecord(): TimedRecord {
    return this.records[this.slot[0]!]!;
  }

  /** The earliest entry's partition (only when there is one). */
  topPartition(): Partition {
    return this.partitions[this.slot[0]!]!;
  }

  /** Queues an entry of rank `r`. */
  add(at: number, r: number, record: TimedRecord, partition: Partition): void {
    if (this.n === this.at.length) this.grow();
    const { at: ats, rank, slot } = this;
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
