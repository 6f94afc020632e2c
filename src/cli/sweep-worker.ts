/**
 * A sweep worker process: loads the scenario once, then runs every chunk of seeds it is sent and
 * posts back one small message per chunk: the chunk's {@link SeedRecord}s (figures, not logs).
 * Started by `sweep.ts` as a child process with an IPC channel, from a bundle of this module and
 * the scenario (`sweep-bundle.ts`) or, failing that, through tsx.
 */
import { runScenario } from '../scenario/runner.ts';
import type { Scenario } from '../scenario/types.ts';
import { seedRecord, type SeedRecord } from './sweep-stats.ts';

/** What the parent sends: a chunk of seeds to run, or that there are no more. */
export type WorkerRequest = { seeds: number[] } | { stop: true };

/**
 * What a worker sends: its scenario's name once loaded, each chunk's records, why it could not
 * load, or the one line of an error that stopped it afterwards.
 */
export type WorkerReply = { ready: string } | { records: SeedRecord[] } | { loadError: string } | { crashed: string };

const isScenario = (v: unknown): v is Scenario =>
  typeof v === 'object' && v !== null && typeof (v as Scenario).name === 'string' && typeof (v as Scenario).run === 'function';

/** The first line of an error's message. */
const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/**
 * The parent's end of the channel: `send` queues a message; `end` closes the channel once every
 * queued message is written (closing it at once could drop the last chunk's records), and with
 * nothing else to do the process then exits.
 */
function channel(): { send(m: WorkerReply): void; end(): void } {
  let written: Promise<void> = Promise.resolve();
  return {
    send(m) {
      written = new Promise((done) => process.send!(m, undefined, {}, () => done()));
    },
    end() {
      void written.then(() => process.connected && process.disconnect());
    },
  };
}

/**
 * Serves the parent: `load` gives the scenario at `file` (a script's default export, or the
 * result of loading a declarative file); a load failure is reported as `snapsim run` words it.
 */
export async function serveSweep(file: string, load: () => unknown): Promise<void> {
  const port = channel();
  process.on('uncaughtException', (e) => {
    port.send({ crashed: firstLine(e) });
    port.end();
    process.exitCode = 1;
  });
  let scenario: unknown;
  try {
    scenario = await load();
  } catch (e) {
    port.send({ loadError: firstLine(e) });
    return port.end();
  }
  if (!isScenario(scenario)) {
    port.send({ loadError: `${file}: default export: must be a scenario: { name, run(ctx) } (see src/scenario/types.ts)` });
    return port.end();
  }
  const sc = scenario;
  process.on('message', (m: WorkerRequest) => {
    if ('stop' in m) return port.end();
    port.send({ records: m.seeds.map((seed) => seedRecord(runScenario(sc, { seed }))) });
  });
  port.send({ ready: sc.name });
}
