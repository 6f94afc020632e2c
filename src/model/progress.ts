/**
 * Transfer figures at a virtual time, read off a {@link TransferPlan}'s piecewise linear curve:
 * exact, constant memory, and O(segments) per query. Every kind of transfer reads its progress,
 * rate, ETA and elapsed time here; `backupFigures` names them as a snapshot does.
 */
import type { SnapshotRecord, TransferPlan } from './types.ts';

/** The AWS backup fields of a snapshot at one instant. */
export interface BackupFigures {
  TotalBackupSizeInMegaBytes: number;
  ActualIncrementalBackupSizeInMegaBytes: number;
  BackupProgressInMegaBytes: number;
  CurrentBackupRateInMegaBytesPerSecond: number;
  EstimatedSecondsToCompletion: number;
  ElapsedTimeInSeconds: number;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** MB transferred and current rate (MB/s) at `sec` seconds into the plan. */
export function pointOnPlan(plan: TransferPlan, sec: number): { progress: number; rate: number } {
  const p = plan.points;
  const last = p.length - 2;
  if (sec >= p[last]!) return { progress: p[last + 1]!, rate: 0 };
  for (let i = 0; i < last; i += 2) {
    const t0 = p[i]!;
    const t1 = p[i + 2]!;
    if (sec < t1) {
      const rate = (p[i + 3]! - p[i + 1]!) / (t1 - t0);
      return { progress: p[i + 1]! + rate * (sec - t0), rate };
    }
  }
  return { progress: p[last + 1]!, rate: 0 };
}

/** Length of a plan in seconds. */
export const planSeconds = (plan: TransferPlan): number => plan.points[plan.points.length - 2]!;

/** MB transferred when the plan ends. */
export const planFinalProgress = (plan: TransferPlan): number => plan.points[plan.points.length - 1]!;

/**
 * A transfer as a record keeps it (a snapshot's backup; a restore's or a copy's): its plan while it
 * runs, else the time it ended and the MB it had moved.
 */
export interface TransferState {
  readonly createTime: number;
  readonly plan: TransferPlan | null;
  readonly endTime: number;
  readonly finalProgressMb: number;
}

/** Where a transfer of `sizeMb` stands at one instant: the figures every kind of transfer reports. */
export interface TransferFigures {
  /** Whether the size is known yet (AWS reports -1 before). */
  readonly sized: boolean;
  readonly progressMb: number;
  readonly rateMbPerSecond: number;
  /** -1 while unknown or stalled; 0 once done. */
  readonly etaSeconds: number;
  readonly elapsedSeconds: number;
}

/**
 * The figures of transfer `t` of `sizeMb` at virtual time `now` (ms): exact, read off its plan.
 * `succeeded` says how an ended transfer ended: done (progress = size, ETA 0) or not (progress
 * where it stopped, ETA -1).
 */
export function transferFigures(t: TransferState, sizeMb: number, succeeded: boolean, now: number): TransferFigures {
  const elapsedMs = Math.max(0, Math.min(now, t.endTime) - t.createTime);
  const elapsedSeconds = Math.floor(elapsedMs / 1000);
  if (t.plan === null) {
    return { sized: true, progressMb: succeeded ? sizeMb : t.finalProgressMb, rateMbPerSecond: 0, etaSeconds: succeeded ? 0 : -1, elapsedSeconds };
  }
  const sec = elapsedMs / 1000;
  if (sec < t.plan.knownAt) return { sized: false, progressMb: 0, rateMbPerSecond: 0, etaSeconds: -1, elapsedSeconds };
  const { progress, rate } = pointOnPlan(t.plan, sec);
  return {
    sized: true,
    progressMb: Math.min(round3(progress), sizeMb),
    rateMbPerSecond: round3(rate),
    etaSeconds: rate > 0 ? Math.ceil((sizeMb - progress) / rate) : -1,
    elapsedSeconds,
  };
}

/**
 * The backup figures of snapshot `s` at virtual time `now` (ms), with AWS's sentinels: sizes `-1`
 * and ETA `-1` until sizes are known (and while the transfer is stalled); on completion progress
 * equals the incremental size, rate 0, ETA 0, elapsed the real duration.
 */
export function backupFigures(s: SnapshotRecord, now: number): BackupFigures {
  const f = transferFigures(s, s.incrementalMb, s.status !== 'failed' && s.status !== 'cancelled', now);
  return {
    TotalBackupSizeInMegaBytes: f.sized ? s.totalMb : -1,
    ActualIncrementalBackupSizeInMegaBytes: f.sized ? s.incrementalMb : -1,
    BackupProgressInMegaBytes: f.progressMb,
    CurrentBackupRateInMegaBytesPerSecond: f.rateMbPerSecond,
    EstimatedSecondsToCompletion: f.etaSeconds,
    ElapsedTimeInSeconds: f.elapsedSeconds,
  };
}
