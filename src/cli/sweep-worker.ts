/**
 * A sweep worker thread: loads the scenario once, then runs each seed it is sent and posts back
 * its {@link SeedRecord}. Started by `sweep.ts` with tsx's loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../scenario/load.ts';
import { runScenario } from '../scenario/runner.ts';
import { seedRecord } from './sweep-stats.ts';

/** Messages a worker receives: a seed to run, or null to stop. */
export type WorkerRequest = number | null;

const port = parentPort!;
const scenario = await loadScenario((workerData as { file: string }).file);
port.on('message', (seed: WorkerRequest) => {
  if (seed === null) return port.close();
  port.postMessage(seedRecord(runScenario(scenario, { seed })));
});
port.postMessage('ready');
