/**
 * `npm run bench -- [--full] [<name>...]`: runs `bench/<name>.ts` (its default export) and prints
 * each result as one JSON line.
 *
 * - `npm run bench`: simulate (a cold run and a short scaling measurement), replay and http; within
 *   5 minutes on a 2-core machine.
 * - `npm run bench -- --full`: every bench, simulate with its long paired scaling runs.
 * - `npm run bench -- <name>...`: those benches (`--full` makes simulate's the long one).
 */
import type { BenchOptions } from './options.ts';

// simulate first: its wallSeconds is a cold first run, which an earlier bench would warm up
const DEFAULT = ['simulate', 'replay', 'http'];
/**
 * Benches run only when named or with --full: `compare` pairs this build with an older one; `events`
 * pairs the simulate workload with and without the AWS events projection; `memory`
 * runs ten virtual years; `sweep` times worker threads; `startup` times `snapsim serve` to its
 * first answer against a bare node:http server (and moto), and `snapsim --help`; `dr` pairs the
 * simulate workload with its disaster-recovery variant.
 */
const NAMES = [...DEFAULT, 'compare', 'events', 'memory', 'sweep', 'startup', 'dr'];

const args = process.argv.slice(2);
const options: BenchOptions = { full: args.includes('--full') };
const names = args.filter((a) => !a.startsWith('-'));
const todo = names.length > 0 ? names : options.full ? NAMES : DEFAULT;
const t0 = performance.now();
for (const name of todo) {
  if (!NAMES.includes(name)) {
    console.error(`unknown benchmark ${name}; choose from ${NAMES.join(', ')}`);
    process.exit(2);
  }
  const mod = (await import(`./${name}.ts`)) as { default: (o: BenchOptions) => Promise<Record<string, unknown>> };
  const result = await mod.default(options);
  console.log(JSON.stringify(result));
}
console.error(`bench: ${todo.join(', ')}${options.full ? ' (--full)' : ''} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
