/**
 * Sweep results: the per-seed record a worker returns, and the distributions over many seeds.
 * Records are merged by seed, so the figures do not depend on worker count or machine split.
 */
import type { RunResult } from '../scenario/runner.ts';
import { quantile } from '../report/metrics.ts';
import type { ShardInfo } from './sweep-shard.ts';

/** What one seed's run contributes to a sweep. */
export interface SeedRecord {
  seed: number;
  passed: boolean;
  /** The first failed check or the error that stopped the run. */
  failure: string | null;
  backups: number;
  completed: number;
  failed: number;
  cancelled: number;
  outages: number;
  /** Seconds of each completed backup. */
  durations: number[];
  spanSeconds: number;
  /** The figures the story recorded (`ctx.metric`), by name; absent when it recorded none. */
  metrics?: Record<string, number>;
}

/** A sweep's results: mergeable across machines (`snapsim sweep --merge a.json b.json`). */
export interface SweepResult {
  scenario: string;
  file: string;
  /** Set on the result of `--shard k/n`: which block of which seeds it holds. */
  shard?: ShardInfo;
  seeds: SeedRecord[];
}

/** Reduces a run to its sweep record. */
export function seedRecord(r: RunResult): SeedRecord {
  const firstFailed = r.checks.find((c) => !c.ok);
  return {
    seed: r.seed,
    passed: r.passed,
    failure: r.error ?? firstFailed?.message ?? null,
    backups: r.stats.backups,
    completed: r.stats.completed,
    failed: r.stats.failed,
    cancelled: r.stats.cancelled,
    outages: r.stats.outages,
    durations: r.stats.durations,
    spanSeconds: r.stats.spanSeconds,
    ...(Object.keys(r.metrics).length > 0 ? { metrics: { ...r.metrics } } : {}),
  };
}

/** Merges results (of one scenario), sorted by seed; a seed present twice must agree. */
export function mergeResults(parts: SweepResult[]): SweepResult {
  const bySeed = new Map<number, SeedRecord>();
  for (const part of parts) {
    if (part.scenario !== parts[0]!.scenario) throw new Error(`cannot merge sweeps of different scenarios (${parts[0]!.scenario}, ${part.scenario})`);
    for (const rec of part.seeds) {
      const prev = bySeed.get(rec.seed);
      if (prev && JSON.stringify(prev) !== JSON.stringify(rec)) throw new Error(`seed ${rec.seed} appears twice with different results`);
      bySeed.set(rec.seed, rec);
    }
  }
  return { scenario: parts[0]!.scenario, file: parts[0]!.file, seeds: [...bySeed.values()].sort((a, b) => a.seed - b.seed) };
}

/** A distribution's summary. */
export interface Distribution {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

/** Summarizes numbers (any order). */
export function distribution(xs: readonly number[]): Distribution {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
  return { n: s.length, mean, p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s.length ? s[s.length - 1]! : NaN };
}

/** The figures a sweep prints. */
export interface SweepFigures {
  runs: number;
  passedRuns: number;
  failedSeeds: number[];
  backups: number;
  /** Every completed backup's duration, pooled over seeds. */
  backupSeconds: Distribution;
  /** Per run: failed / (completed + failed). */
  failureRate: Distribution;
  /** Over all runs: failed / (completed + failed). */
  pooledFailureRate: number;
  outagesPerRun: Distribution;
  backupsPerRun: Distribution;
  /** Each figure the story recorded (`ctx.metric`), over the runs that recorded it, by name in order. */
  metrics: Record<string, Distribution>;
}

/** Computes a sweep's figures (a pure function of the sorted records). */
export function sweepFigures(r: SweepResult): SweepFigures {
  const recs = r.seeds;
  let completed = 0;
  let failed = 0;
  for (const x of recs) {
    completed += x.completed;
    failed += x.failed;
  }
  return {
    runs: recs.length,
    passedRuns: recs.filter((x) => x.passed).length,
    failedSeeds: recs.filter((x) => !x.passed).map((x) => x.seed),
    backups: recs.reduce((a, x) => a + x.backups, 0),
    backupSeconds: distribution(recs.flatMap((x) => x.durations)),
    failureRate: distribution(recs.map((x) => (x.completed + x.failed === 0 ? 0 : x.failed / (x.completed + x.failed)))),
    pooledFailureRate: completed + failed === 0 ? 0 : failed / (completed + failed),
    outagesPerRun: distribution(recs.map((x) => x.outages)),
    backupsPerRun: distribution(recs.map((x) => x.backups)),
    metrics: Object.fromEntries(
      [...new Set(recs.flatMap((x) => Object.keys(x.metrics ?? {})))].sort().map((name) => [name, distribution(recs.flatMap((x) => (x.metrics?.[name] === undefined ? [] : [x.metrics[name]])))]),
    ),
  };
}
