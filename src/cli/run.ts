/** `snapsim run <scenario> [--seed N] [--log FILE] [--json]`: plays a scenario under a seed. */
import { writeFileSync } from 'node:fs';
import { checksummedLog } from '../events/file-log.ts';
import { loadScenario } from '../scenario/load.ts';
import { runScenario } from '../scenario/runner.ts';
import { parseDuration } from '../format/duration.ts';
import { intFlag, parse, positionals } from './args.ts';
import type { Command, Io } from './command.ts';
import { LiveDisplay } from './terminal.ts';
import { resultJson, summaryText } from './summary.ts';
import { UsageError } from './errors.ts';
import { supportTypeScript } from './typescript.ts';

/** The `run` command. */
export const runCommand: Command = {
  name: 'run',
  usage: `usage: snapsim run <scenario.ts|scenario.json|scenario.yaml> [--seed N] [--log FILE] [--json]

Runs the scenario and checks its expectations (exit 0 when they hold, 1 when not).
On a terminal: the timeline, a progress bar of simulated time and live snapshot counts.
Otherwise plain timeline lines. A summary table at the end.

  --seed N      root seed (default: the scenario's, else 1); equal seeds give equal runs
  --log FILE    write the run's event log (NDJSON); byte-identical for equal seeds
  --json        print one JSON result object instead of the timeline and table
`,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals: p } = parse('run', argv, { seed: { type: 'string' }, log: { type: 'string' }, json: { type: 'boolean' } });
    const [file] = positionals('run', p, ['scenario']);
    await supportTypeScript(file!);
    const scenario = await loadScenario(file!);
    // the scenario's own seed obeys --seed's rule, so the replay command a run prints works
    if (scenario.seed !== undefined && !(Number.isSafeInteger(scenario.seed) && scenario.seed >= 0)) throw new UsageError(`run: ${file}: seed must be an integer from 0 to 2^53 - 1, got ${String(scenario.seed)}`);
    const seed = intFlag('run', 'seed', values.seed, scenario.seed ?? 1);
    const json = values.json === true;
    const horizon = scenario.horizon === undefined ? undefined : parseDuration(scenario.horizon);
    if (!json) io.stdout.write(`snapsim run ${file} --seed ${seed} — ${scenario.name}${scenario.description ? `: ${scenario.description}` : ''}\n`);
    const display = new LiveDisplay(io.stdout, { lines: !json, ...(horizon !== undefined ? { horizonMs: horizon * 1000 } : {}) });
    const result = runScenario(scenario, { seed, observer: display });
    display.finish();
    if (typeof values.log === 'string') {
      try {
        // the one log format (a checksum per line): `serve --log` continues it, `replay` and `report` read it
        writeFileSync(values.log, checksummedLog(result.sim.entries()));
      } catch (e) {
        throw new UsageError(`run: cannot write --log ${values.log} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }
    io.stdout.write(json ? JSON.stringify(resultJson(result, file!), null, 2) + '\n' : summaryText(result, file!));
    return result.passed ? 0 : 1;
  },
};
