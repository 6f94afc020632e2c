/**
 * Figures of one run, computed from its {@link Timeline}: snapshots by status, backup durations,
 * failure rate, sharing and deletion counts, restores, cross-region copies and region outages.
 * Plain numbers, so sweeps can pool them. The backup figures are of the snapshots taken in their
 * cluster's region (same-region copies included); cross-region copies have figures of their own.
 */
import type { Timeline } from './timeline.ts';

/** The figures of one run. */
export interface RunStats {
  /**
   * Virtual seconds from the start to the timeline's end: where a run's clock stood when its story
   * ended (`run`), or the last entry of a log (`report`, which knows no more; a story that waited
   * past its last event spans more in `run` than in the report of its log).
   */
  spanSeconds: number;
  /** Cluster lanes (incarnations), not the lanes of cross-region copies. */
  clusters: number;
  /** Backups started (snapshots of every kind, same-region copies included, cross-region copies not). */
  backups: number;
  completed: number;
  failed: number;
  /** Cancelled, or removed while still running. */
  cancelled: number;
  /** Still running at the end. */
  running: number;
  /** failed / (completed + failed); 0 when none ended. */
  failureRate: number;
  /** Seconds each completed backup took, in completion order. */
  durations: number[];
  /** Cluster outages that began. */
  outages: number;
  authorizations: number;
  revocations: number;
  /** Same-region copies (CopyClusterSnapshot). */
  copies: number;
  /** Deleted by a user. */
  deletions: number;
  /** Removed by the service (retention, cluster deletion). */
  purges: number;
  /** Live snapshots at the end (not cross-region copies), by status. */
  byStatus: Record<string, number>;
  /** Cluster restores requested. */
  restores: number;
  restoresCompleted: number;
  /** Restores whose data transfer failed (the cluster is `incompatible-restore`). */
  restoresFailed: number;
  /** Cross-region copies started. */
  regionCopies: number;
  regionCopiesCompleted: number;
  regionCopiesFailed: number;
  /** Completed backups not copied to the destination region (a snapshot of that name there, or its quota full). */
  regionCopiesSkipped: number;
  /** Seconds each completed cross-region copy took, from when it began (its source completed), in completion order. */
  regionCopyDurations: number[];
  /** Region outages scheduled. */
  regionOutages: number;
}

/** The q-quantile (0..1) of `sorted` (ascending), nearest-rank; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** Computes the figures of a run. */
export function runStats(t: Timeline): RunStats {
  let completed = 0;
  let failed = 0;
  let cancelled = 0;
  let running = 0;
  const durations: number[] = [];
  const byStatus: Record<string, number> = {};
  const local = t.bars.filter((b) => b.kind !== 'region-copy');
  const copies = t.bars.filter((b) => b.kind === 'region-copy');
  const byEnd = (bars: typeof t.bars) => bars.filter((b) => b.end !== null).sort((a, b) => a.end! - b.end! || (a.key < b.key ? -1 : 1));
  const ended = byEnd(local);
  for (const b of local) {
    if (b.outcome === 'available') completed++;
    else if (b.outcome === 'failed') failed++;
    else if (b.outcome === 'cancelled') cancelled++;
    else running++;
    if (b.deletedAt === null) {
      const status = b.outcome ?? (b.kind === 'final' ? 'final snapshot' : 'creating');
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
  }
  for (const b of ended) if (b.outcome === 'available') durations.push((b.end! - b.start) / 1000);
  const count = (kind: string) => t.marks.filter((m) => m.kind === kind).length;
  return {
    spanSeconds: (t.end - t.start) / 1000,
    clusters: t.lanes.filter((l) => l.copiesFrom === null).length,
    backups: local.length,
    completed,
    failed,
    cancelled,
    running,
    failureRate: completed + failed === 0 ? 0 : failed / (completed + failed),
    durations,
    outages: count('outage'),
    authorizations: count('authorize'),
    revocations: count('revoke'),
    copies: count('copy'),
    deletions: count('delete'),
    purges: count('purge'),
    byStatus,
    restores: t.restores.length,
    restoresCompleted: t.restores.filter((r) => r.outcome === 'completed').length,
    restoresFailed: t.restores.filter((r) => r.outcome === 'failed').length,
    regionCopies: copies.length,
    regionCopiesCompleted: copies.filter((b) => b.outcome === 'available').length,
    regionCopiesFailed: copies.filter((b) => b.outcome === 'failed').length,
    regionCopiesSkipped: count('copy-skipped'),
    regionCopyDurations: byEnd(copies).filter((b) => b.outcome === 'available').map((b) => (b.end! - b.start) / 1000),
    regionOutages: t.regionOutages.length,
  };
}
