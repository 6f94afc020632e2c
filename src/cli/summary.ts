/** The end-of-run summary of `snapsim run`: a table for people, an object for `--json`. */
import type { RunResult } from '../scenario/runner.ts';
import { formatDuration, formatOffset } from '../format/duration.ts';
import { quantile } from '../report/metrics.ts';
import { table } from './table.ts';

/** p50/p95/max of a list of seconds (NaN when empty). */
export function durationFigures(durations: readonly number[]): { p50: number; p95: number; max: number } {
  const sorted = [...durations].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.length ? sorted[sorted.length - 1]! : NaN };
}

const dur = (s: number) => (Number.isNaN(s) ? '–' : formatDuration(s));

/** The machine-readable result of a run (`--json`). */
export function resultJson(r: RunResult, file: string) {
  const { durations, regionCopyDurations, ...stats } = r.stats;
  return {
    scenario: r.scenario,
    file,
    seed: r.seed,
    passed: r.passed,
    error: r.error,
    checks: r.checks.map((c) => ({ ok: c.ok, message: c.message, at: new Date(c.at).toISOString() })),
    metrics: r.metrics,
    stats: { ...stats, backupSeconds: durationFigures(durations), regionCopySeconds: durationFigures(regionCopyDurations) },
    replay: replayCommand(file, r.seed),
  };
}

/** The command that replays a run byte for byte. */
export const replayCommand = (file: string, seed: number): string => `npx snapsim run ${file} --seed ${seed} --log seed-${seed}.ndjson`;

/** The summary table of a run. */
export function summaryText(r: RunResult, file: string): string {
  const s = r.stats;
  const d = durationFigures(s.durations);
  const passed = r.checks.filter((c) => c.ok).length;
  const rows: (string | number)[][] = [
    ['scenario', `${r.scenario} (seed ${r.seed})`],
    ['virtual span', formatOffset(s.spanSeconds * 1000)],
    ['checks', `${passed}/${r.checks.length} passed${r.error ? ' — stopped early' : ''}`],
    ['backups', `${s.backups} started: ${s.completed} completed, ${s.failed} failed, ${s.cancelled} cancelled, ${s.running} running`],
    ['backup time', `p50 ${dur(d.p50)}, p95 ${dur(d.p95)}, max ${dur(d.max)}`],
    ['failure rate', `${(s.failureRate * 100).toFixed(1)}%`],
    ['outages', String(s.outages)],
    ['sharing', `${s.authorizations} authorized, ${s.revocations} revoked`],
    ['copies / deletes / purges', `${s.copies} / ${s.deletions} / ${s.purges}`],
    ['live snapshots', Object.entries(s.byStatus).sort().map(([k, n]) => `${k} ${n}`).join(', ') || 'none'],
  ];
  // rows of disaster recovery, when the run had any
  if (s.restores > 0) rows.push(['restores', `${s.restores}: ${s.restoresCompleted} completed, ${s.restoresFailed} failed`]);
  if (s.regionCopies + s.regionCopiesSkipped > 0) {
    const c = durationFigures(s.regionCopyDurations);
    rows.push(['region copies', `${s.regionCopies}: ${s.regionCopiesCompleted} completed, ${s.regionCopiesFailed} failed; ${s.regionCopiesSkipped} skipped`]);
    rows.push(['region copy time', `p50 ${dur(c.p50)}, p95 ${dur(c.p95)}, max ${dur(c.max)}`]);
  }
  if (s.regionOutages > 0) rows.push(['region outages', String(s.regionOutages)]);
  // the figures the story recorded (ctx.metric), by name
  for (const name of Object.keys(r.metrics).sort()) rows.push([name, String(r.metrics[name])]);
  let out = '\n' + table(['figure', 'value'], rows);
  for (const c of r.checks.filter((c) => !c.ok)) out += `✗ ${c.message}\n`;
  if (r.error) out += `✗ stopped: ${r.error}\n`;
  out += r.passed ? `PASSED ${r.scenario} seed ${r.seed}\n` : `FAILED ${r.scenario} seed ${r.seed} — replay: ${replayCommand(file, r.seed)}\n`;
  return out;
}
