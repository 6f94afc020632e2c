import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.ts';
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
