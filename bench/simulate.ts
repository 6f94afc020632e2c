/**
 * `simulate`: 1,000 clusters with default automated snapshots for 365 simulated days plus
 * 100,000 manual snapshots, then the same with 2,000 clusters. Reports the 1,000-cluster run's
 * wall time, the retained heap per live snapshot (the state; the log streams to a counting
 * sink), and the time ratio of the doubled run. Goals: ≤ 10 s, ≤ 1 KB per snapshot, scaling
 * ≤ 2.2. The two sizes alternate for SIMULATE_ROUNDS rounds (default 5) and the best time of each
 * size counts, so a burst of load on this shared machine does not decide the ratio.
 */
import { liveSnapshots, runWorkload } from './simulate-workload.ts';
import { CountingLog } from './sinks.ts';

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

function run(clusters: number) {
  const before = heapAfterGc();
  const log = new CountingLog();
  const t0 = performance.now();
  const sim = runWorkload({ clusters, days: 365, manual: 100_000, log });
  const wallSeconds = (performance.now() - t0) / 1000;
  const live = liveSnapshots(sim);
  const retained = heapAfterGc() - before;
  console.error(`simulate: ${clusters} clusters, ${log.events} events, ${live} live snapshots, ${wallSeconds.toFixed(2)} s, ${(retained / 1e6).toFixed(0)} MB retained`);
  return { wallSeconds, bytesPerSnapshot: Math.round(retained / live), events: log.events, live, keep: sim };
}

/** Rounds of (1,000 clusters, 2,000 clusters), alternated; the best of each counts (noise only adds time). */
const ROUNDS = Number(process.env.SIMULATE_ROUNDS ?? 5);

export default async function simulateBench(): Promise<Record<string, unknown>> {
  if (!gc) console.error('simulate: run with --expose-gc (npm run bench does) for a retained-heap figure');
  const singles: number[] = [];
  const doubles: number[] = [];
  let first: { bytesPerSnapshot: number; events: number; live: number } | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const one = run(1000);
    singles.push(one.wallSeconds);
    first ??= { bytesPerSnapshot: one.bytesPerSnapshot, events: one.events, live: one.live };
    one.keep = undefined as never;
    doubles.push(run(2000).wallSeconds);
  }
  const wallSeconds = Math.min(...singles);
  const doubledWallSeconds = Math.min(...doubles);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    bench: 'simulate',
    wallSeconds: r2(wallSeconds),
    bytesPerSnapshot: first!.bytesPerSnapshot,
    scaling: r2(doubledWallSeconds / wallSeconds),
    events: first!.events,
    eventsPerSec: Math.round(first!.events / wallSeconds),
    liveSnapshots: first!.live,
    doubledWallSeconds: r2(doubledWallSeconds),
    rounds: singles.map((s, i) => ({ wallSeconds: r2(s), doubledWallSeconds: r2(doubles[i]!) })),
  };
}
