/**
 * `simulate`: 1,000 clusters with default automated snapshots for 365 simulated days plus
 * 100,000 manual snapshots, then the same with 2,000 clusters. Reports the 1,000-cluster run's
 * wall time, the retained heap per live snapshot (the state; the log streams to a counting
 * sink), and the time ratio of the doubled run. Goals: ≤ 10 s, ≤ 1 KB per snapshot, scaling
 * ≤ 2.2. The two sizes alternate for SIMULATE_ROUNDS rounds (default 5) and the best time of each
 * size counts, so a burst of load on this shared machine does not decide the ratio. The ratio is
 * also measured paired (`pairedScaling`: both sizes taking turns in one process), which a burst
 * slows alike.
 */
import { liveSnapshots, runWorkload, WorkloadRun, type WorkloadOptions } from './simulate-workload.ts';
import { CountingLog } from './sinks.ts';

/** The workload of both sizes. */
const WORKLOAD: WorkloadOptions = { clusters: 1000, days: 365, manual: 100_000 };

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

function run(clusters: number) {
  const before = heapAfterGc();
  const log = new CountingLog();
  const t0 = performance.now();
  const sim = runWorkload({ ...WORKLOAD, clusters, log });
  const wallSeconds = (performance.now() - t0) / 1000;
  const live = liveSnapshots(sim);
  const retained = heapAfterGc() - before;
  console.error(`simulate: ${clusters} clusters, ${log.events} events, ${live} live snapshots, ${wallSeconds.toFixed(2)} s, ${(retained / 1e6).toFixed(0)} MB retained`);
  return { wallSeconds, bytesPerSnapshot: Math.round(retained / live), events: log.events, live, keep: sim };
}

/** Simulated hours per turn of the paired measurement. */
const TURN_HOURS = 7 * 24;

/**
 * The doubled run's time ratio, measured paired: both sizes in one process take turns a
 * simulated week at a time, and each is timed on its own turns (its creation included). A burst
 * of load on this shared machine then slows both alike, where whole runs minutes apart can land
 * in different bursts. The two share one heap, so each pays part of the other's GC.
 */
function pairedScaling(): number {
  const sizes = [1000, 2000];
  const ms = sizes.map(() => 0);
  const timed = <T>(i: number, f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    ms[i]! += performance.now() - t0;
    return out;
  };
  const runs = sizes.map((clusters, i) => timed(i, () => new WorkloadRun({ ...WORKLOAD, clusters, log: new CountingLog() })));
  while (runs.some((r) => !r.done)) runs.forEach((r, i) => timed(i, () => r.advanceHours(TURN_HOURS)));
  console.error(`simulate: paired, ${(ms[0]! / 1000).toFixed(2)} s and ${(ms[1]! / 1000).toFixed(2)} s`);
  return ms[1]! / ms[0]!;
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
  const paired = pairedScaling();
  const wallSeconds = Math.min(...singles);
  const doubledWallSeconds = Math.min(...doubles);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    bench: 'simulate',
    wallSeconds: r2(wallSeconds),
    bytesPerSnapshot: first!.bytesPerSnapshot,
    scaling: r2(doubledWallSeconds / wallSeconds),
    pairedScaling: r2(paired),
    events: first!.events,
    eventsPerSec: Math.round(first!.events / wallSeconds),
    liveSnapshots: first!.live,
    doubledWallSeconds: r2(doubledWallSeconds),
    rounds: singles.map((s, i) => ({ wallSeconds: r2(s), doubledWallSeconds: r2(doubles[i]!) })),
  };
}
