/**
 * Times several workloads "paired": each runs in a worker thread of its own (its own V8 heap, as
 * in a run by itself), and they take turns of some simulated hours, one at a time. Each is
 * timed on its own turns only, so a change in this shared machine's speed, which lasts seconds
 * to minutes, slows all of them alike, where whole runs minutes apart can land in different modes.
 */
import { Worker } from 'node:worker_threads';
import type { WorkloadOptions } from './simulate-workload.ts';
import type { TurnReport } from './workload-turns.ts';

/** One workload running in a worker, answering one turn at a time. */
class TurnTaker {
  private readonly worker: Worker;
  report: TurnReport = { ms: 0, gcMs: 0, done: false };
  /** Settles when the worker has loaded its modules. */
  readonly ready: Promise<TurnReport>;

  constructor(workload: Omit<WorkloadOptions, 'log'>, entry: URL) {
    this.worker = new Worker(entry, { workerData: workload });
    this.ready = this.nextReport();
  }

  /** Asks the worker to run `hours` more simulated hours and waits for its report. */
  async turn(hours: number): Promise<TurnReport> {
    const next = this.nextReport();
    this.worker.postMessage(hours);
    this.report = await next;
    return this.report;
  }

  /** Ends the worker. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private nextReport(): Promise<TurnReport> {
    return new Promise<TurnReport>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.worker.once('error', onError);
      this.worker.once('message', (r: TurnReport) => {
        this.worker.off('error', onError);
        resolve(r);
      });
    });
  }
}

/** This tree's worker entry (another build's is the same file in that build's tree). */
export const WORKER_ENTRY = new URL('./workload-turns.mjs', import.meta.url);

/**
 * Runs `workloads` to their ends, taking turns of `turnHours` simulated hours, and returns each
 * one's last report: the milliseconds it took (its creation included) and its GC pauses.
 * `entries[i]`, when given, is the worker entry of workload i (to time another build).
 */
export async function runPaired(workloads: Omit<WorkloadOptions, 'log'>[], turnHours: number, entries: readonly URL[] = []): Promise<TurnReport[]> {
  const takers = workloads.map((w, i) => new TurnTaker(w, entries[i] ?? WORKER_ENTRY));
  try {
    await Promise.all(takers.map((t) => t.ready));
    // the order of turns reverses every round (A B, B A, A B, …), so going first or second favours none
    for (let order = takers; takers.some((t) => !t.report.done); order = [...order].reverse()) {
      for (const t of order) if (!t.report.done) await t.turn(turnHours);
    }
    return takers.map((t) => t.report);
  } finally {
    await Promise.all(takers.map((t) => t.stop()));
  }
}
