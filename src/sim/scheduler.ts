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
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (!before(t, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = t;
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
    const n = h.length;
    if (n > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[m]!, last)) break;
        h[i] = h[m]!;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }

  /** Drops every timer. */
  clear(): void {
    this.heap = [];
  }
}
