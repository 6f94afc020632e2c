/** A sweep prints the distribution of each figure its scenario records with `ctx.metric`. */
import { describe, expect, it } from 'vitest';
import { sweepFigures, type SeedRecord } from '../../src/cli/sweep-stats.ts';
import { sweepText } from '../../src/cli/sweep.ts';

const rec = (seed: number, metrics?: Record<string, number>): SeedRecord => ({
  seed, passed: true, failure: null, backups: 1, completed: 1, failed: 0, cancelled: 0, outages: 0, durations: [60], spanSeconds: 3600, ...(metrics ? { metrics } : {}),
});

describe('sweep metrics', () => {
  it('summarize each recorded figure over the runs that recorded it', () => {
    const f = sweepFigures({ scenario: 's', file: 's.ts', seeds: [rec(1, { rpoSeconds: 60, restores: 1 }), rec(2, { rpoSeconds: 180 }), rec(3)] });
    expect(Object.keys(f.metrics)).toEqual(['restores', 'rpoSeconds']);
    expect(f.metrics.rpoSeconds).toMatchObject({ n: 2, max: 180, mean: 120 });
    expect(f.metrics.restores).toMatchObject({ n: 1, p50: 1 });
  });

  it('print a row per figure, durations for names ending in Seconds', () => {
    const text = sweepText({ scenario: 's', file: 's.ts', seeds: [rec(1, { rtoSeconds: 3600 }), rec(2, { rtoSeconds: 7200 })] });
    expect(text).toMatch(/^rto\s+1h00m\s+2h00m\s+2h00m\s+1h30m$/m);
  });

  it('name the seeds as --seeds writes them: a gap is no range', () => {
    const header = (seeds: number[]) => sweepText({ scenario: 's', file: 's.ts', seeds: seeds.map((n) => rec(n, {})) }).split('\n')[0];
    expect(header([1, 20])).toMatch(/2 runs \(seeds 1,20\)/);
    expect(header([1, 2, 3, 7])).toMatch(/4 runs \(seeds 1\.\.3,7\)/);
  });
});
