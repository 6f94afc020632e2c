/**
 * The discrete-event scheduler: a binary min-heap of timers ordered by (time, entity sequence
 * number, kind). The order depends only on the timers, never on when they were pushed, so a
 * rebuilt scheduler (after replay) fires in exactly the same order as the live one.
 */
import type { Timer } from '../model/timers.ts';

const before = (a: Timer, b: Timer): boolean => a.at < b.at || (a.at === b.at && (a.seq < b.seq || (a.seq === b.seq && a.kind < b.kind)));

/** A min-heap of {@link Timer}s. */
export class Scheduler {
  private heap: Timer[] = [];

  /** Number of queued timers (current or stale). */
  get size(): number {
    return this.heap.length;
  }

  /** Queues a timer. */
  push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** The earliest timer, without removing it. */
  peek(): Timer | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest timer. */
  pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  /** Every queued timer, in no particular order. */
  all(): readonly Timer[] {
    return this.heap;
  }

  /** Drops every timer. */
  clear(): void {
    this.heap = [];
  }
}
