/**
 * `simulate`: 1,000 clusters with default automated snapshots for 365 simulated days plus
 * 100,000 manual snapshots, then the same with 2,000 clusters. Reports the first run's wall
 * time, the retained heap per live snapshot (the state; the log streams to a counting sink), and
 * the time ratio of the doubled run. Goals: ≤ 10 s, ≤ 1 KB per snapshot, scaling ≤ 2.2.
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

export default async function simulateBench(): Promise<Record<string, unknown>> {
  if (!gc) console.error('simulate: run with --expose-gc (npm run bench does) for a retained-heap figure');
  const first = run(1000);
  const firstSummary = { wallSeconds: first.wallSeconds, bytesPerSnapshot: first.bytesPerSnapshot, events: first.events, live: first.live };
  first.keep = undefined as never;
  const second = run(2000);
  return {
    bench: 'simulate',
    wallSeconds: Math.round(firstSummary.wallSeconds * 100) / 100,
    bytesPerSnapshot: firstSummary.bytesPerSnapshot,
    scaling: Math.round((second.wallSeconds / firstSummary.wallSeconds) * 100) / 100,
    events: firstSummary.events,
    liveSnapshots: firstSummary.live,
    doubledWallSeconds: Math.round(second.wallSeconds * 100) / 100,
  };
}
