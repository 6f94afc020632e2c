/**
 * `snapsim sweep <scenario> --seeds A..B [--workers N]`: runs many seeds in worker threads and
 * prints distributions. Results are merged by seed, so they do not depend on the worker count;
 * `--out` writes them as JSON and `--merge` combines such files from several machines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadScenario } from '../scenario/load.ts';
import { formatDuration } from '../format/duration.ts';
import { intFlag, parse, seedRange } from './args.ts';
import type { Command, Io } from './command.ts';
import { UsageError } from './errors.ts';
import { replayCommand } from './summary.ts';
import { mergeResults, sweepFigures, type Distribution, type SeedRecord, type SweepResult } from './sweep-stats.ts';
import { table } from './table.ts';

/** Runs `seeds` of the scenario at `file` on `workers` threads; records come back sorted by seed. */
export async function runSweep(file: string, seeds: number[], workers: number, onRecord?: (r: SeedRecord, done: number) => void): Promise<SeedRecord[]> {
  const records = new Map<number, SeedRecord>();
  const queue = [...seeds];
  const abs = resolve(file);
  // tsx's loader is registered inside each worker (an `--import` in execArgv is not honoured by
  // Node 20's workers), then the TypeScript worker module is imported.
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./sweep-worker.ts', import.meta.url).href);
  const boot = `import(${api}).then((m) => { m.register(); return import(${entry}); })`;
  const one = () =>
    new Promise<void>((done, fail) => {
      const w = new Worker(boot, { eval: true, workerData: { file: abs } });
      const next = () => w.postMessage(queue.length ? queue.shift()! : null);
      w.on('message', (m: 'ready' | SeedRecord) => {
        if (m !== 'ready') {
          records.set(m.seed, m);
          onRecord?.(m, records.size);
        }
        next();
      });
      w.on('error', (e) => fail(new Error(`a sweep worker failed: ${e.message.split('\n')[0]}`)));
      w.on('exit', () => done());
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, seeds.length)) }, one));
  if (records.size !== seeds.length) throw new Error(`a sweep worker stopped early (${records.size}/${seeds.length} seeds done)`);
  return [...records.values()].sort((a, b) => a.seed - b.seed);
}

const secs = (d: Distribution) => (d.n === 0 ? ['–', '–', '–'] : [formatDuration(d.p50), formatDuration(d.p95), formatDuration(d.max)]);
const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`);
const num = (x: number) => (Number.isNaN(x) ? '–' : String(Math.round(x * 100) / 100));

/** The printed figures of a sweep (identical for any worker count). */
export function sweepText(r: SweepResult): string {
  const f = sweepFigures(r);
  const seeds = r.seeds.length ? `${r.seeds[0]!.seed}..${r.seeds[r.seeds.length - 1]!.seed}` : 'none';
  let out = `sweep ${r.file}: ${f.runs} runs (seeds ${seeds}), ${f.passedRuns} passed, ${f.failedSeeds.length} failed; ${f.backups} backups\n\n`;
  out += table(['figure', 'p50', 'p95', 'max', 'mean'], [
    ['backup duration', ...secs(f.backupSeconds), Number.isNaN(f.backupSeconds.mean) ? '–' : formatDuration(f.backupSeconds.mean)],
    ['failure rate per run', pct(f.failureRate.p50), pct(f.failureRate.p95), pct(f.failureRate.max), pct(f.failureRate.mean)],
    ['backups per run', num(f.backupsPerRun.p50), num(f.backupsPerRun.p95), num(f.backupsPerRun.max), num(f.backupsPerRun.mean)],
    ['outages per run', num(f.outagesPerRun.p50), num(f.outagesPerRun.p95), num(f.outagesPerRun.max), num(f.outagesPerRun.mean)],
  ]);
  out += `pooled failure rate: ${pct(f.pooledFailureRate)} of ${f.backupSeconds.n + r.seeds.reduce((a, x) => a + x.failed, 0)} ended backups\n`;
  const failing = r.seeds.filter((x) => !x.passed);
  for (const x of failing.slice(0, 20)) out += `seed ${x.seed} FAILED: ${x.failure}\n  replay: ${replayCommand(r.file, x.seed)}\n`;
  if (failing.length > 20) out += `… and ${failing.length - 20} more failing seeds: ${failing.slice(20).map((x) => x.seed).join(' ')}\n`;
  return out;
}

function readResult(file: string): SweepResult {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as SweepResult;
    if (typeof r.scenario !== 'string' || !Array.isArray(r.seeds)) throw new Error('not a sweep result (expected { scenario, file, seeds })');
    return r;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`sweep --merge: ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** The `sweep` command. */
export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'run a scenario under many seeds in parallel and print distributions',
  usage: `usage: snapsim sweep <scenario> --seeds A..B [--workers N] [--out FILE] [--json]
       snapsim sweep --merge <result.json>... [--out FILE] [--json]

Runs every seed in worker threads and prints p50/p95/max backup duration, failure rate,
backups and outages per run, and the seed and replay command of every failing run.
The figures are a function of the seeds only, never of the number of workers.

  --seeds A..B   seeds to run: a range, a seed, or a comma list (1..500,900)
  --workers N    worker threads (default: the number of CPUs)
  --out FILE     also write the per-seed results as JSON (for --merge)
  --json         print the results JSON instead of the table
  --merge        combine result files, e.g. from machines that ran 1..500 and 501..1000

Exit code 0 when every run passed its checks, 1 when some did not.
`,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals: p } = parse('sweep', argv, {
      seeds: { type: 'string' }, workers: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, merge: { type: 'boolean' },
    });
    let result: SweepResult;
    if (values.merge === true) {
      if (p.length === 0) throw new UsageError('sweep --merge: name the result files to merge (see snapsim sweep --help)');
      try {
        result = mergeResults(p.map(readResult));
      } catch (e) {
        throw e instanceof UsageError ? e : new UsageError(`sweep --merge: ${(e as Error).message}`);
      }
    } else {
      if (p.length !== 1) throw new UsageError(p.length === 0 ? 'sweep: missing <scenario> (see snapsim sweep --help)' : `sweep: unexpected argument "${p[1]}"`);
      const file = p[0]!;
      const seeds = seedRange('sweep', values.seeds);
      const workers = intFlag('sweep', 'workers', values.workers, availableParallelism(), 1);
      const scenario = await loadScenario(file);
      const tty = io.stderr.isTTY === true;
      const records = await runSweep(file, seeds, workers, (r, done) => {
        if (tty && (done % 10 === 0 || done === seeds.length)) io.stderr.write(`\r\x1b[2Ksweep ${scenario.name}: ${done}/${seeds.length} seeds`);
      });
      if (tty) io.stderr.write('\r\x1b[2K');
      result = { scenario: scenario.name, file, seeds: records };
    }
    const json = JSON.stringify({ ...result, figures: sweepFigures(result) }) + '\n';
    if (typeof values.out === 'string') writeFileSync(values.out, json);
    io.stdout.write(values.json === true ? json : sweepText(result));
    return result.seeds.every((x) => x.passed) ? 0 : 1;
  },
};
