/**
 * The worker side of the paired scaling measurement: runs one workload in this thread's own
 * heap, a turn of simulated hours at a time, when the parent asks. Before its first report it
 * runs a small workload to warm the JIT, as the rounds of whole runs in the main thread are
 * warm after the first, and so no worker is still compiling while another is timed. The first
 * turn builds the workload. Each report carries the milliseconds this workload has taken so far,
 * its GC pauses, and whether it is done.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { runWorkload, WorkloadRun, type WorkloadOptions } from './simulate-workload.ts';
import { CountingLog } from './sinks.ts';

/** What the parent hears after each turn. */
export interface TurnReport {
  ms: number;
  /** Milliseconds of garbage-collection pauses so far (as reported by the time the turn ended). */
  gcMs: number;
  done: boolean;
}

const port = parentPort!;
runWorkload({ clusters: 100, days: 30, manual: 1_000, log: new CountingLog() });
(globalThis as { gc?: () => void }).gc?.();
let run: WorkloadRun | undefined;
let ms = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });
port.on('message', (hours: number) => {
  const t = performance.now();
  run ??= new WorkloadRun({ ...(workerData as Omit<WorkloadOptions, 'log'>), log: new CountingLog() });
  run.advanceHours(hours);
  ms += performance.now() - t;
  // GC entries arrive on the event loop: report after the ones of this turn are in
  setImmediate(() => port.postMessage({ ms, gcMs, done: run!.done } satisfies TurnReport));
});
port.postMessage({ ms, gcMs, done: false } satisfies TurnReport);
