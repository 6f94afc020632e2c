import { describe, expect, it } from 'vitest';
import { createSimulator, replayNdjson } from '../src/index.ts';
import { DEFAULT_CONFIG } from '../src/events/config.ts';

describe("a simulator's configuration", () => {
  it('is its own: changing it changes neither the defaults, nor the input, nor another simulator', () => {
    const input = { timings: { sizingSeconds: [10, 20] as [number, number] } };
    const a = createSimulator({ seed: 1, ...input });
    const b = createSimulator({ seed: 1 });
    a.config.timings.sizingSeconds[1] = 99;
    a.config.timings.rateVariation[0] = 0.1;
    b.config.timings.sizingSeconds[0] = 1;
    expect(input.timings.sizingSeconds).toEqual([10, 20]);
    expect(DEFAULT_CONFIG.timings.sizingSeconds).toEqual([5, 30]);
    expect(DEFAULT_CONFIG.timings.rateVariation).toEqual([0.6, 1.4]);
    expect(createSimulator({ seed: 1 }).config.timings.sizingSeconds).toEqual([5, 30]);
  });
});

describe('a configuration with a setting out of its range', () => {
  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['a range given as one number', { timings: { scheduleModifyingSeconds: 120 } }, /^config timings\.scheduleModifyingSeconds: must be a \[min, max\] pair of numbers, got 120$/],
    ['a range of strings', { timings: { scheduleModifyingSeconds: ['a', 'b'] } }, /timings\.scheduleModifyingSeconds: must be a \[min, max\] pair of numbers/],
    ['a negative range', { timings: { clusterRebootSeconds: [-500, -100] } }, /timings\.clusterRebootSeconds: must not start below 0/],
    ['a range that ends before it starts', { faults: { outageSeconds: [300, 60] } }, /faults\.outageSeconds: must not start after it ends, got \[300, 60\]/],
    ['a rate variation from 0 (an endless transfer)', { timings: { rateVariation: [0, 1] } }, /timings\.rateVariation: must start above 0/],
    ['a probability above 1', { faults: { backupFailure: 2 } }, /faults\.backupFailure: must be a probability between 0 and 1, got 2/],
    ['a throttle factor of 0', { faults: { throttleFactor: 0 } }, /faults\.throttleFactor: must be a number above 0/],
    ['a zero rate', { rates: { 'dc2.large': 0 } }, /rates\.dc2\.large: must be a number above 0, got 0/],
    ['a copy rate that is no number', { copyRates: { default: '50' } }, /copyRates\.default: must be a number, got "50"/],
    ['a fractional quota', { quotas: { clusters: 1.5 } }, /quotas\.clusters: must be a whole number from 0 to 2\^53 - 1/],
    ['an infinite quota (a log, JSON, cannot hold it)', { quotas: { manualSnapshots: Infinity } }, /quotas\.manualSnapshots: must be a whole number .*a log cannot hold Infinity/],
    ['a misspelt fault', { faults: { backupFailur: 0.2 } }, /faults\.backupFailur: unknown setting \(known: backupFailure, /],
    ['a section that is no object', { timings: [1, 2] }, /^config timings: must be an object, got a list$/],
    ['a NaN cadence', { timings: { automatedEveryHours: NaN } }, /timings\.automatedEveryHours: must be a number, got NaN/],
  ];
  for (const [what, config, message] of refused) {
    it(`is refused with a RangeError naming the setting: ${what}`, () => {
      expect(() => createSimulator({ seed: 1, ...config })).toThrow(RangeError);
      expect(() => createSimulator({ seed: 1, ...config })).toThrow(message);
    });
  }

  it('accepts the ranges, tables and quotas users set (a large number for no quota, 0 for none allowed)', () => {
    const sim = createSimulator({
      seed: 1,
      quotas: { manualSnapshots: Number.MAX_SAFE_INTEGER, clusters: 0 },
      rates: { 'x.small': 3 },
      copyRates: { default: 10, 'us-east-1>eu-west-1': 5 },
      faults: { backupFailure: 0, clusterOutage: 1, outageSeconds: [0, 0] },
      timings: { sizingSeconds: [0, 0], automatedMinMinutes: 0, scheduleModifyingSeconds: [1, 1] },
    });
    expect(sim.config.quotas.manualSnapshots).toBe(Number.MAX_SAFE_INTEGER);
    // and its log replays
    expect(replayNdjson(sim.encodeLog()).config).toEqual(sim.config);
    expect(sim.config.rates['x.small']).toBe(3);
  });
});
