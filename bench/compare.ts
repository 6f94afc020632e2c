/**
 * `compare`: the simulate workload (1,000 clusters, 365 days, 100,000 manual snapshots) on this
 * build against an older one, paired (see `paired-turns.ts`): each build runs in a worker thread
 * of its own, taking turns of thirty simulated days, each timed on its own turns. Reports the
 * ratio this build's time / the older build's, per run and as the median of COMPARE_RUNS runs
 * (default 5). The older build is `COMPARE_AGAINST` (a git revision; default the commit the
 * current work started from), checked out once into `.bench/<rev>` with this tree's node_modules.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runPaired, WORKER_ENTRY } from './paired-turns.ts';
import type { WorkloadOptions } from './simulate-workload.ts';
import { median } from './stats.ts';

/** The older build compared against. */
const AGAINST = process.env.COMPARE_AGAINST ?? '452444c';
/** Paired runs; their median ratio counts. */
const RUNS = Number(process.env.COMPARE_RUNS ?? 5);
const WORKLOAD: Omit<WorkloadOptions, 'log'> = { clusters: 1000, days: 365, manual: 100_000 };
const TURN_HOURS = 30 * 24;

/** A checkout of `rev` beside this tree's bench output, sharing its node_modules. */
function checkout(rev: string): string {
  const root = join(import.meta.dirname, '..');
  const sha = execFileSync('git', ['rev-parse', '--short', rev], { cwd: root, encoding: 'utf8' }).trim();
  const dir = join(root, '.bench', `build-${sha}`);
  if (!existsSync(dir)) {
    execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { cwd: root, stdio: 'ignore' });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  }
  return dir;
}

export default async function compareBench(): Promise<Record<string, unknown>> {
  const old = pathToFileURL(join(checkout(AGAINST), 'bench', 'workload-turns.mjs'));
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // which build goes first alternates between runs
    const [a, b] = i % 2 === 0 ? [WORKER_ENTRY, old] : [old, WORKER_ENTRY];
    const [ra, rb] = await runPaired([WORKLOAD, WORKLOAD], TURN_HOURS, [a, b]);
    const [mine, theirs] = i % 2 === 0 ? [ra!, rb!] : [rb!, ra!];
    ratios.push(mine.ms / theirs.ms);
    console.error(`compare: this build ${(mine.ms / 1000).toFixed(2)} s, ${AGAINST} ${(theirs.ms / 1000).toFixed(2)} s, ratio ${(mine.ms / theirs.ms).toFixed(3)}`);
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { bench: 'compare', against: AGAINST, ratio: r3(median(ratios)), ratios: ratios.map(r3) };
}
