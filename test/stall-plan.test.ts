/**
 * stallPlan: a running transfer's plan re-planned around a stall (a reboot; later a region
 * outage). Progress holds through the stall, every later breakpoint moves by its length, and the
 * stalled plan agrees with the one drawn with the stall from the start (drawPlan's outage).
 */
import { describe, expect, it } from 'vitest';
import { stallPlan } from '../src/model/stall.ts';
import { planSeconds, pointOnPlan } from '../src/model/progress.ts';
import type { TransferPlan } from '../src/model/types.ts';

const T = Date.UTC(2025, 0, 1);
const s = (sec: number) => T + sec * 1000;
/** 10 s sizing, then 600 MB in two parts: 300 MB by 40 s, 600 MB by 100 s. */
const PLAN: TransferPlan = { points: [0, 0, 10, 0, 40, 300, 100, 600], knownAt: 10, outcome: 'available' };

describe('stallPlan(plan, createTime, from, to)', () => {
  it('holds progress from the stall\'s start to its end inside a segment, then goes on as planned, later', () => {
    const p = stallPlan(PLAN, T, s(25), s(85));
    expect(p).toEqual({ points: [0, 0, 10, 0, 25, 150, 85, 150, 100, 300, 160, 600], knownAt: 10, outcome: 'available' });
    expect(planSeconds(p)).toBe(planSeconds(PLAN) + 60);
  });

  it('stalls on a breakpoint without a point twice', () => {
    expect(stallPlan(PLAN, T, s(40), s(70)).points).toEqual([0, 0, 10, 0, 40, 300, 70, 300, 130, 600]);
  });

  it('delays the sizes too when the stall starts in the sizing phase', () => {
    const p = stallPlan(PLAN, T, s(4), s(64));
    expect(p.points).toEqual([0, 0, 4, 0, 64, 0, 70, 0, 100, 300, 160, 600]);
    expect(p.knownAt).toBe(70);
  });

  it('counts a stall that started before the transfer from the transfer\'s start', () => {
    expect(stallPlan(PLAN, T, s(-30), s(20)).points).toEqual([0, 0, 20, 0, 30, 0, 60, 300, 120, 600]);
  });

  it('keeps the outcome: a failing plan still fails, later', () => {
    const failing: TransferPlan = { points: [0, 0, 10, 0, 40, 300], knownAt: 10, outcome: 'failed' };
    expect(stallPlan(failing, T, s(20), s(50))).toEqual({ points: [0, 0, 10, 0, 20, 100, 50, 100, 70, 300], knownAt: 10, outcome: 'failed' });
  });

  it('leaves a plan that ended before the stall, and an empty stall, as they are (the same object)', () => {
    expect(stallPlan(PLAN, T, s(100), s(200))).toBe(PLAN);
    expect(stallPlan(PLAN, T, s(30), s(30))).toBe(PLAN);
  });

  it('never moves progress back, is never behind the plan it replaces before the stall, nor ahead of it by a rounding unit', () => {
    // 700 MB over 30 s: fractional progress, whose third decimal rounds down at some of these starts
    const odd: TransferPlan = { points: [0, 0, 10, 0, 40, 233.333, 100, 700], knownAt: 10, outcome: 'available' };
    for (const plan of [PLAN, odd]) {
      for (const from of [0.001, 12.345, 13.337, 39.999, 57.5, 57.501]) {
        const start = T + Math.round(from * 1000);
        const p = stallPlan(plan, T, start, start + 90_000);
        let last = 0;
        for (let sec = 0; sec <= planSeconds(p); sec += 0.25) {
          const now = pointOnPlan(p, sec).progress;
          const old = pointOnPlan(plan, sec).progress;
          expect(now).toBeGreaterThanOrEqual(last - 1e-9);
          // what was read before the stall is never undone by it
          if (T + sec * 1000 <= start) expect(now).toBeGreaterThanOrEqual(old - 1e-9);
          expect(now).toBeLessThan(old + 0.001 + 1e-9);
          last = now;
        }
        expect(pointOnPlan(p, planSeconds(p)).progress).toBe(plan.points.at(-1));
      }
    }
  });

  it('does not change the plan given', () => {
    const before = structuredClone(PLAN);
    stallPlan(PLAN, T, s(25), s(85));
    expect(PLAN).toEqual(before);
  });
});
