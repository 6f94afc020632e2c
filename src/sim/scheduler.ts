/**
 * The discrete-event scheduler: a min-heap of due times ordered by (time, entity sequence
 * number, kind). The order depends only on the entries, never on when they were pushed, so a
 * rebuilt scheduler (after replay) fires in exactly the same order as the live one.
 *
 * Built for the simulate benchmark, which pops millions of due times from a heap of thousands:
 * the heap is 4-ary (half the levels of a binary one), its two sort keys sit in typed arrays (a
 * sift reads contiguous doubles, not boxed fields), and records and partitions sit in parallel
 * arrays, so queuing a due time allocates nothing.
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

/** A min-heap of due times. */
export class Scheduler implements TimerSink {
  private at = new Float64Array(64);
  private rank = new Float64Array(64);
  private readonly records: (ClusterRecord | SnapshotRecord | undefined)[] = [];
  private readonly partitions: (Partition | undefined)[] = [];
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
    const { at: ats, rank, records, partitions } = this;
    const r = record.seq * KINDS + kind;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pa = ats[p]!;
      if (pa < at || (pa === at && rank[p]! <= r)) break;
      ats[i] = pa;
      rank[i] = rank[p]!;
      records[i] = records[p];
      partitions[i] = partitions[p];
      i = p;
    }
    ats[i] = at;
    rank[i] = r;
    records[i] = record;
    partitions[i] = partition;
  }

  /** Copies the earliest entry into `out`, without removing it; false when there is none. */
  peekInto(out: DueTimer): boolean {
    if (this.n === 0) return false;
    out.at = this.at[0]!;
    out.kind = (this.rank[0]! % KINDS) as TimerKind;
    out.record = this.records[0]!;
    out.partition = this.partitions[0]!;
    return true;
  }

  /** Removes the earliest entry. */
  pop(): void {
    if (this.n === 0) return;
    const { at, rank, records, partitions } = this;
    const n = --this.n;
    if (n > 0) {
      const a = at[n]!;
      const r = rank[n]!;
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
        records[i] = records[m];
        partitions[i] = partitions[m];
        i = m;
      }
      at[i] = a;
      rank[i] = r;
      records[i] = records[n];
      partitions[i] = partitions[n];
    }
    records[n] = undefined;
    partitions[n] = undefined;
  }

  private grow(): void {
    const at = new Float64Array(this.at.length * 2);
    at.set(this.at);
    this.at = at;
    const rank = new Float64Array(this.rank.length * 2);
    rank.set(this.rank);
    this.rank = rank;
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
