/**
 * A sweep worker thread: loads the scenario once, then runs every chunk of seeds it is sent and
 * posts back one small message per chunk: the chunk's {@link SeedRecord}s (figures, not logs).
 * Started by `sweep.ts`, from a bundle of this module and the scenario (`sweep-bundle.ts`) or,
 * failing that, through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { runScenario } from '../scenario/runner.ts';
import type { Scenario } from '../scenario/types.ts';
import { seedRecord, type SeedRecord } from './sweep-stats.ts';

/** What the parent sends: a chunk of seeds to run, or null to stop. */
export type WorkerRequest = { seeds: number[] } | null;

/** What a worker sends: its scenario's name once loaded, each chunk's records, or why it could not load. */
export type WorkerReply = { ready: string } | { records: SeedRecord[] } | { loadError: string };

const isScenario = (v: unknown): v is Scenario =>
  typeof v === 'object' && v !== null && typeof (v as Scenario).name === 'string' && typeof (v as Scenario).run === 'function';

/**
 * Serves the parent: `load` gives the scenario at `file` (a script's default export, or the
 * result of loading a declarative file); a load failure is reported as `snapsim run` words it.
 */
export async function serveSweep(file: string, load: () => unknown): Promise<void> {
  const port = parentPort!;
  const send = (m: WorkerReply) => port.postMessage(m);
  let scenario: unknown;
  try {
    scenario = await load();
  } catch (e) {
    send({ loadError: (e as Error).message.split('\n')[0]! });
    return port.close();
  }
  if (!isScenario(scenario)) {
    send({ loadError: `${file}: default export: must be a scenario: { name, run(ctx) } (see src/scenario/types.ts)` });
    return port.close();
  }
  const sc = scenario;
  port.on('message', (m: WorkerRequest) => {
    if (m === null) return port.close();
    send({ records: m.seeds.map((seed) => seedRecord(runScenario(sc, { seed }))) });
  });
  send({ ready: sc.name });
}
