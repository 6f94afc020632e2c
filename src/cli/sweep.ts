/**
 * `snapsim sweep <scenario> --seeds A..B [--workers N]`: runs many seeds in worker processes and
 * prints distributions. Results are merged by seed, so they do not depend on the worker count;
 * `--out` writes them as JSON and `--merge` combines such files from several machines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { formatDuration } from '../format/duration.ts';
import { intFlag, parse, seedRange } from './args.ts';
import type { Command, Io } from './command.ts';
import { UsageError } from './errors.ts';
import { replayCommand } from './summary.ts';
import { bundleWorker, OWN_EXT } from './sweep-bundle.ts';
import { checkShards, parseShard, seedSpec, shardBlock } from './sweep-shard.ts';
import { mergeResults, sweepFigures, type Distribution, type SeedRecord, type SweepResult } from './sweep-stats.ts';
import { table } from './table.ts';
import type { WorkerReply, WorkerRequest } from './sweep-worker.ts';

/** A finished sweep run: the scenario's name and the records, sorted by seed. */
export interface SweepRun {
  scenario: string;
  records: SeedRecord[];
}

/**
 * Runs `seeds` of the scenario at `file` on `workers` processes; records come back sorted by seed.
 * Each worker loads the scenario once and is handed seeds in chunks that shrink as the queue
 * empties (a quarter of the remaining seeds' share per worker), two chunks in flight so it never
 * waits for the parent; it answers each chunk with its records. Which worker ran a seed never
 * shows in the results. Workers load a bundle of plain JavaScript when one can be made
 * (`sweep-bundle.ts`), else the TypeScript through tsx.
 */
export async function runSweep(file: string, seeds: number[], workers: number, onRecord?: (r: SeedRecord, done: number) => void): Promise<SweepRun> {
  debug('bundling the worker (or finding it in the cache)');
  const made = await bundleWorker(file);
  if (typeof made !== 'string') {
    debug(`workers load ${made.cached ? 'the cached' : 'a new'} bundle ${made.url.href}`);
    const run = await pool(seeds, workers, bundleBoot(made.url), true, onRecord);
    if (run !== LOAD_FAILED) return run;
    made.discard();
    debug('the bundle did not load; workers load the TypeScript through tsx');
  } else debug(`workers load the TypeScript through tsx (no bundle: ${made})`);
  const run = await pool(seeds, workers, tsxBoot(file), false, onRecord);
  if (run === LOAD_FAILED) throw new Error('a sweep worker could not load the scenario');
  return run;
}

/** With SNAPSIM_DEBUG set: a line on stderr, stamped with the seconds since the process started. */
function debug(line: string): void {
  if (process.env.SNAPSIM_DEBUG) process.stderr.write(`sweep: ${(performance.now() / 1000).toFixed(3)} s: ${line}\n`);
}

/** A worker failed before its scenario was loaded: with a bundle, retry through tsx. */
const LOAD_FAILED = Symbol('load failed');

/**
 * Node's flags for worker processes. A worker is one busy thread, and the sweep starts one per
 * core: V8's collector and optimizing compiler on helper threads (its default) would only take
 * those cores from other workers, and cost more CPU in all than doing that work on the worker's
 * own thread (`--single-threaded`). Measured on 2 cores, 300 seeds of failure-storm: two workers
 * 1.68x faster than one with it, 1.52x with the collector alone on the worker's thread; a lone
 * worker is about 7% slower without helper threads on the idle core (the price of one policy for
 * every worker count: a sweep normally fills the cores). Worker threads cannot have flags of
 * their own (V8's flags are per process), so workers are processes.
 *
 * Each worker warms its own JIT, and two workers pay that twice. On V8 11 (Node 20), whose
 * optimizing compiler comes straight after the baseline one, a worker waits about three times
 * V8's default before optimizing a function (`--interrupt-budget`): fewer lukewarm functions
 * are compiled, so the second worker's warm-up costs less (measured, interleaved pairs: two
 * workers' CPU 1.08-1.12x one worker's instead of 1.17-1.19x, a lone worker as fast). Later V8s
 * (Node 22 and up) put Maglev in between and warm up cheaply without it (measured on Node 24:
 * 1.12x with no flag), and no longer have the flag.
 */
const WORKER_FLAGS = ['--single-threaded', ...(v8Major() === 11 ? ['--interrupt-budget=200000'] : [])];

/** The major version of this Node's V8 (11 on Node 20). */
function v8Major(): number {
  return Number(process.versions.v8.split('.')[0]);
}

/** A failed import of the bundle, reported as a load error (the parent then falls back to tsx). */
function bundleBoot(bundle: URL): string {
  return `import(${JSON.stringify(bundle.href)}).catch((e) => process.send({ loadError: String(e && e.message).split('\\n')[0] }, () => process.disconnect()))`;
}

/** Workers started through tsx: each registers tsx, then loads the worker module and the scenario. */
function tsxBoot(file: string): string {
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL(`./sweep-worker${OWN_EXT}`, import.meta.url).href);
  const load = JSON.stringify(new URL(`../scenario/load${OWN_EXT}`, import.meta.url).href);
  const f = JSON.stringify(file);
  return `import(${api}).then((m) => { m.register(); return Promise.all([import(${entry}), import(${load})]); })
    .then(([w, l]) => w.serveSweep(${f}, () => l.loadScenario(${f})))`;
}

/** Starts a worker process running the module code `boot`, with an IPC channel (structured clone, as worker threads post). */
function startWorker(boot: string): ChildProcess {
  return spawn(process.execPath, [...WORKER_FLAGS, '--input-type=module', '--eval', boot], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
}

async function pool(seeds: number[], workers: number, boot: string, bundle: boolean, onRecord?: (r: SeedRecord, done: number) => void): Promise<SweepRun | typeof LOAD_FAILED> {
  const records: SeedRecord[] = [];
  let name = '';
  let next = 0;
  const n = Math.max(1, Math.min(workers, seeds.length));
  const chunk = (): WorkerRequest => {
    if (next >= seeds.length) return { stop: true };
    const size = Math.max(1, Math.ceil((seeds.length - next) / (4 * n)));
    return { seeds: seeds.slice(next, (next += size)) };
  };
  const live = new Set<ChildProcess>();
  let loadFailed = false;
  const one = () =>
    new Promise<void>((done, fail) => {
      const w = startWorker(boot);
      live.add(w);
      let ready = false;
      let stopped = false;
      let failed = false;
      const send = () => {
        if (stopped) return;
        const m = chunk();
        if ('stop' in m) stopped = true;
        // a worker that went away (its channel closed, EPIPE) says why in its last message or
        // its exit, which come next: a failed write is not the reason to report
        w.send(m, () => {});
      };
      const failAll = (e: Error) => {
        failed = true;
        for (const other of live) if (other !== w) other.kill();
        fail(e);
      };
      w.on('message', (m: WorkerReply) => {
        if ('ready' in m) {
          debug(`worker ${w.pid} ready`);
          ready = true;
          name = m.ready;
          send();
          send();
        } else if ('records' in m) {
          for (const r of m.records) {
            records.push(r);
            onRecord?.(r, records.length);
          }
          send();
        } else if ('crashed' in m) {
          failAll(new Error(`a sweep worker failed: ${m.crashed}`));
        } else if (bundle) {
          loadFailed = true;
          failAll(new Error(m.loadError));
        } else {
          failAll(new UsageError(`sweep: ${m.loadError}`));
        }
      });
      w.on('error', (e) => failAll(new Error(`a sweep worker failed: ${e.message.split('\n')[0]}`)));
      // 'close', not 'exit': it comes after the channel's last message is read
      w.on('close', (code, signal) => {
        debug(`worker ${w.pid} done`);
        live.delete(w);
        if (!failed && (code !== 0 || !stopped)) {
          if (!ready && bundle) loadFailed = true;
          failAll(new Error(`a sweep worker failed: it exited ${signal ? `on ${signal}` : `with code ${code}`}`));
        } else done();
      });
    });
  try {
    await Promise.all(Array.from({ length: n }, one));
  } catch (e) {
    for (const w of live) w.kill();
    if (loadFailed) return LOAD_FAILED;
    throw e;
  }
  if (records.length !== seeds.length) throw new Error(`a sweep worker stopped early (${records.length}/${seeds.length} seeds done)`);
  return { scenario: name, records: records.sort((a, b) => a.seed - b.seed) };
}

const secs = (d: Distribution) => (d.n === 0 ? ['–', '–', '–'] : [formatDuration(d.p50), formatDuration(d.p95), formatDuration(d.max)]);
const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`);
const num = (x: number) => (Number.isNaN(x) ? '–' : String(Math.round(x * 100) / 100));

/** The printed figures of a sweep (identical for any worker count). */
export function sweepText(r: SweepResult): string {
  const f = sweepFigures(r);
  // as --seeds writes them: ranges of consecutive seeds, the rest listed (1,20 is two seeds, not 1..20)
  const seeds = r.seeds.length ? seedSpec(r.seeds.map((s) => s.seed).sort((a, b) => a - b)) : 'none';
  const shard = r.shard ? `shard ${r.shard.index}/${r.shard.count} of seeds ${r.shard.of}: ` : '';
  let out = `sweep ${r.file}: ${shard}${f.runs} runs (seeds ${seeds}), ${f.passedRuns} passed, ${f.failedSeeds.length} failed; ${f.backups} backups\n\n`;
  out += table(['figure', 'p50', 'p95', 'max', 'mean'], [
    ['backup duration', ...secs(f.backupSeconds), Number.isNaN(f.backupSeconds.mean) ? '–' : formatDuration(f.backupSeconds.mean)],
    ['failure rate per run', pct(f.failureRate.p50), pct(f.failureRate.p95), pct(f.failureRate.max), pct(f.failureRate.mean)],
    ['backups per run', num(f.backupsPerRun.p50), num(f.backupsPerRun.p95), num(f.backupsPerRun.max), num(f.backupsPerRun.mean)],
    ['cluster outages per run', num(f.outagesPerRun.p50), num(f.outagesPerRun.p95), num(f.outagesPerRun.max), num(f.outagesPerRun.mean)],
    // figures the story recorded: a name ending in Seconds is a duration
    ...Object.entries(f.metrics).map(([name, d]) =>
      name.endsWith('Seconds') ? [name.slice(0, -'Seconds'.length), ...secs(d), Number.isNaN(d.mean) ? '–' : formatDuration(d.mean)] : [name, num(d.p50), num(d.p95), num(d.max), num(d.mean)],
    ),
  ]);
  out += `pooled failure rate: ${pct(f.pooledFailureRate)} of ${f.backupSeconds.n + r.seeds.reduce((a, x) => a + x.failed, 0)} ended backups\n`;
  const failing = r.seeds.filter((x) => !x.passed);
  for (const x of failing.slice(0, 20)) out += `seed ${x.seed} FAILED: ${x.failure}\n  replay: ${replayCommand(r.file, x.seed)}\n`;
  if (failing.length > 20) out += `… and ${failing.length - 20} more failing seeds: ${failing.slice(20).map((x) => x.seed).join(' ')}\n`;
  return out;
}

function readResult(file: string): SweepResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`sweep --merge: ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`}`);
  }
  let r: SweepResult;
  try {
    r = JSON.parse(text) as SweepResult;
  } catch (e) {
    throw new UsageError(`sweep --merge: ${file}: not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
  if (typeof r !== 'object' || r === null || typeof r.scenario !== 'string' || !Array.isArray(r.seeds)) throw new UsageError(`sweep --merge: ${file}: not a sweep result (expected { scenario, file, seeds }, as --out writes)`);
  return r;
}

/** Joins result files: shards of one sweep (each once, all of them), or plain results of one scenario. */
export function mergeFiles(files: string[]): SweepResult {
  const parts = files.map((name) => ({ name, result: readResult(name) }));
  try {
    checkShards(parts);
    return mergeResults(parts.map((p) => p.result));
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError(`sweep --merge: ${(e as Error).message}`);
  }
}

/** The `sweep` command. */
export const sweepCommand: Command = {
  name: 'sweep',
  usage: `usage: snapsim sweep <scenario> --seeds A..B [--workers N] [--shard k/n | index/n] [--out FILE] [--json]
       snapsim sweep --merge <result.json>... [--out FILE] [--json]

Runs every seed in worker processes and prints p50/p95/max backup duration, failure rate,
backups and cluster outages per run, and the seed and replay command of every failing run.
The figures are a function of the seeds only, never of the number of workers or shards.

  --seeds A..B   seeds to run: a range, a seed, or a comma list (1..500,900)
  --workers N    worker processes (default: the number of CPUs)
  --shard k/n    run only block k (1..n) of n contiguous blocks of the seeds, for n machines;
                 index/n takes k from JOB_COMPLETION_INDEX + 1 (Kubernetes Indexed Jobs)
  --out FILE     also write the per-seed results as JSON (for --merge)
  --json         print the results JSON instead of the table
  --merge        combine result files: all n shards of one sweep, or runs of split ranges;
                 prints what one run of all the seeds prints

Exit code 0 when every run passed its checks, 1 when some did not, 2 on a usage error.
See docs/sweeps.md.
`,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals: p } = parse('sweep', argv, {
      seeds: { type: 'string' }, workers: { type: 'string' }, shard: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, merge: { type: 'boolean' },
    });
    let result: SweepResult;
    if (values.merge === true) {
      if (p.length === 0) throw new UsageError('sweep --merge: name the result files to merge (see snapsim sweep --help)');
      for (const flag of ['seeds', 'workers', 'shard'] as const) if (values[flag] !== undefined) throw new UsageError(`sweep --merge: --${flag} does not apply when merging results`);
      result = mergeFiles(p);
    } else {
      if (p.length !== 1) throw new UsageError(p.length === 0 ? 'sweep: missing <scenario> (see snapsim sweep --help)' : `sweep: unexpected argument "${p[1]}"`);
      const file = p[0]!;
      const all = seedRange('sweep', values.seeds);
      const workers = intFlag('sweep', 'workers', values.workers, availableParallelism(), 1);
      const shard = parseShard(values.shard, process.env);
      const seeds = shard ? shardBlock(all, shard.index, shard.count) : all;
      const tty = io.stderr.isTTY === true;
      const run = await runSweep(file, seeds, workers, (_r, done) => {
        if (tty && (done % 10 === 0 || done === seeds.length)) io.stderr.write(`\r\x1b[2Ksweep ${file}: ${done}/${seeds.length} seeds`);
      });
      if (tty) io.stderr.write('\r\x1b[2K');
      result = shard
        ? { scenario: run.scenario, file, shard: { index: shard.index, count: shard.count, of: seedSpec(all) }, seeds: run.records }
        : { scenario: run.scenario, file, seeds: run.records };
    }
    const json = JSON.stringify({ ...result, figures: sweepFigures(result) }) + '\n';
    if (typeof values.out === 'string') {
      try {
        writeFileSync(values.out, json);
      } catch (e) {
        throw new UsageError(`sweep: --out ${values.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }
    io.stdout.write(values.json === true ? json : sweepText(result));
    return result.seeds.every((x) => x.passed) ? 0 : 1;
  },
};
