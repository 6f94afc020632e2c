/**
 * `dr`: the simulate workload (1,000 clusters, 365 days, 100,000 manual snapshots) and its
 * disaster-recovery variant (cross-region copy on every cluster; once a month per cluster the
 * newest copy is restored in the destination region and the restored cluster deleted when its
 * restore ends), paired in worker threads taking turns of thirty simulated days (see
 * `paired-turns.ts`). Reports the time ratio DR / plain per run and the median of DR_RUNS runs
 * (default 5). Goal: ≤ 2.5.
 */
import { runPaired } from './paired-turns.ts';
import type { WorkloadOptions } from './simulate-workload.ts';
import { median } from './stats.ts';

const RUNS = Number(process.env.DR_RUNS ?? 5);
const WORKLOAD: Omit<WorkloadOptions, 'log'> = { clusters: 1000, days: 365, manual: 100_000 };
const TURN_HOURS = 30 * 24;

export default async function drBench(): Promise<Record<string, unknown>> {
  const ratios: number[] = [];
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  for (let i = 0; i < RUNS; i++) {
    // which workload goes first alternates between runs
    const pair = i % 2 === 0 ? [WORKLOAD, { ...WORKLOAD, dr: true }] : [{ ...WORKLOAD, dr: true }, WORKLOAD];
    const [a, b] = await runPaired(pair, TURN_HOURS);
    const [plain, dr] = i % 2 === 0 ? [a!, b!] : [b!, a!];
    ratios.push(dr.ms / plain.ms);
    console.error(`dr: plain ${s(plain.ms)}, DR ${s(dr.ms)}, ratio ${(dr.ms / plain.ms).toFixed(3)}`);
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { bench: 'dr', ratio: r3(median(ratios)), ratios: ratios.map(r3), goalsMet: median(ratios) <= 2.5 };
}
