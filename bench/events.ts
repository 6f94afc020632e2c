/**
 * `events`: what the AWS events projection (DescribeEvents, notifications) costs the simulation.
 * The simulate workload (1,000 clusters, 365 days, 100,000 manual snapshots) runs paired (see
 * `paired-turns.ts`) with the projection and without it (the simulator's bench-only
 * `eventProjection: false`), each in a worker thread of its own, taking turns of thirty simulated
 * days, each timed on its own turns. Reports the ratio with / without, per run and as the median of
 * EVENTS_RUNS runs (default 5). Goal: ≤ 1.05.
 */
import { runPaired } from './paired-turns.ts';
import type { WorkloadOptions } from './simulate-workload.ts';
import { median } from './stats.ts';

/** Paired runs; their median ratio counts. */
const RUNS = Number(process.env.EVENTS_RUNS ?? 5);
const WORKLOAD: Omit<WorkloadOptions, 'log'> = { clusters: 1000, days: 365, manual: 100_000 };
const TURN_HOURS = 30 * 24;

export default async function eventsBench(): Promise<Record<string, unknown>> {
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // which one goes first alternates between runs
    const on = { ...WORKLOAD };
    const off = { ...WORKLOAD, events: false };
    const [ra, rb] = await runPaired(i % 2 === 0 ? [on, off] : [off, on], TURN_HOURS);
    const [withEvents, without] = i % 2 === 0 ? [ra!, rb!] : [rb!, ra!];
    ratios.push(withEvents.ms / without.ms);
    console.error(`events: with the projection ${(withEvents.ms / 1000).toFixed(2)} s, without ${(without.ms / 1000).toFixed(2)} s, ratio ${(withEvents.ms / without.ms).toFixed(3)}`);
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { bench: 'events', ratio: r3(median(ratios)), ratios: ratios.map(r3) };
}
