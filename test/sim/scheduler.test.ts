import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DueTimer, Scheduler } from '../../src/sim/scheduler.ts';
import { DueHeap } from '../../src/sim/due-heap.ts';
import type { TimerKind } from '../../src/model/timers.ts';
import type { ClusterRecord, Partition } from '../../src/model/types.ts';

const partition = { account: '123456789012', region: 'us-east-1' } as Partition;
const record = (seq: number) => ({ seq, id: `r${seq}` }) as unknown as ClusterRecord;

/** (at, seq, kind) as the scheduler must order them. */
type Key = [number, number, number];
const compare = (a: Key, b: Key) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

function drain(s: Scheduler): Key[] {
  const out: Key[] = [];
  const t = new DueTimer();
  while (s.peekInto(t)) {
    out.push([t.at, t.record.seq, t.kind]);
    s.pop();
  }
  return out;
}

describe('Scheduler', () => {
  it('pops in (time, sequence, kind) order whatever the push order, duplicates included', () => {
    const key = fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), (keys) => {
        const s = new Scheduler();
        const records = new Map<number, ClusterRecord>();
        for (const [at, seq, kind] of keys) {
          if (!records.has(seq)) records.set(seq, record(seq));
          s.add(1.7e12 + at, kind as TimerKind, records.get(seq)!, partition);
        }
        expect(s.size).toBe(keys.length);
        const want = keys.map(([at, seq, kind]): Key => [1.7e12 + at, seq, kind]).sort(compare);
        expect(drain(s)).toEqual(want);
        expect(s.nextAt()).toBe(Infinity);
      }),
    );
  });

  it('keeps its order when pushes and pops interleave (as a simulation does)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constant(-1)), { maxLength: 400 }), (ops) => {
        const s = new Scheduler();
        const model: Key[] = [];
        const t = new DueTimer();
        let seq = 0;
        for (const op of ops) {
          if (op < 0) {
            model.sort(compare);
            const want = model.shift();
            expect(s.peekInto(t)).toBe(want !== undefined);
            if (want) expect([t.at, t.record.seq, t.kind]).toEqual(want);
            s.pop();
          } else {
            seq++;
            s.add(op, (seq % 5) as TimerKind, record(seq), partition);
            model.push([op, seq, seq % 5]);
          }
        }
        expect(drain(s)).toEqual(model.sort(compare));
      }),
    );
  });

  it('keeps its order for due times from milliseconds to years apart, queued while popping', () => {
    // scales put due times at the same instant, seconds, days and weeks apart
    const scale = fc.constantFrom(1, 997, 65_536, 3_600_000, 86_400_000, 40 * 86_400_000);
    const op = fc.oneof(fc.tuple(fc.integer({ min: 0, max: 60 }), scale), fc.constant(null));
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 400, size: 'max' }), fc.integer({ min: 0, max: 2 ** 20 }), (ops, offset) => {
        const s = new Scheduler();
        const model: Key[] = [];
        const t = new DueTimer();
        let seq = 0;
        for (const o of ops) {
          if (o === null) {
            model.sort(compare);
            const want = model.shift();
            expect(s.nextAt()).toBe(want ? want[0] : Infinity);
            expect(s.peekInto(t)).toBe(want !== undefined);
            if (want) expect([t.at, t.record.seq, t.kind]).toEqual(want);
            s.pop();
          } else {
            seq++;
            const at = 1.7e12 + offset + o[0] * o[1];
            s.add(at, (seq % 5) as TimerKind, record(seq % 7), partition);
            model.push([at, seq % 7, seq % 5]);
          }
          expect(s.size).toBe(model.length);
        }
        expect(drain(s)).toEqual(model.sort(compare));
      }),
      { numRuns: 200 },
    );
  });

  it('popDueInto removes exactly the entries due up to its limit, in order, as time advances', () => {
    const add = fc.tuple(fc.constant('add' as const), fc.integer({ min: 0, max: 40 }), fc.constantFrom(1, 4_096, 86_400_000));
    const advance = fc.tuple(fc.constant('advance' as const), fc.integer({ min: 0, max: 40 }), fc.constantFrom(1, 4_096, 86_400_000));
    fc.assert(
      fc.property(fc.array(fc.oneof(add, advance), { maxLength: 300 }), (ops) => {
        const s = new Scheduler();
        const model: Key[] = [];
        const t = new DueTimer();
        let now = 1.7e12;
        let seq = 0;
        for (const [op, n, unit] of ops) {
          if (op === 'add') {
            seq++;
            s.add(now + n * unit, (seq % 5) as TimerKind, record(seq), partition);
            model.push([now + n * unit, seq, seq % 5]);
            continue;
          }
          now += n * unit;
          model.sort(compare);
          const popped: Key[] = [];
          while (s.popDueInto(now, t)) popped.push([t.at, t.record.seq, t.kind]);
          const due = model.filter((k) => k[0] <= now);
          expect(popped).toEqual(due);
          model.splice(0, due.length);
          expect(s.size).toBe(model.length);
        }
        expect(drain(s)).toEqual(model.sort(compare));
      }),
    );
  });

  it('hands back the record and partition it was given', () => {
    const s = new Scheduler();
    const r = record(7);
    s.add(5, 3, r, partition);
    const t = new DueTimer();
    expect(s.peekInto(t)).toBe(true);
    expect(t.record).toBe(r);
    expect(t.partition).toBe(partition);
    expect(t.kind).toBe(3);
    expect(s.nextAt()).toBe(5);
  });
});

describe('DueHeap (the scheduler’s far due times)', () => {
  it('pops in (time, rank) order, with each entry’s record and partition', () => {
    const entry = fc.tuple(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 50 }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 300 }), (entries) => {
        const h = new DueHeap();
        entries.forEach(([at, rank], i) => h.add(at, rank, record(i), partition));
        expect(h.size).toBe(entries.length);
        const popped: [number, number, number][] = [];
        while (h.size > 0) {
          expect(h.topPartition()).toBe(partition);
          popped.push([h.topAt(), h.topRank(), h.topRecord().seq]);
          h.pop();
        }
        const want = entries.map(([at, rank], i): [number, number, number] => [at, rank, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped.map(([at, rank]) => [at, rank])).toEqual(want.map(([at, rank]) => [at, rank]));
        expect(new Set(popped.map(([, , seq]) => seq)).size).toBe(entries.length);
      }),
    );
  });
});
