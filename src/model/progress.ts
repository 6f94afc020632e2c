/**
 * Backup figures at a virtual time, read off a {@link TransferPlan}'s piecewise linear curve:
 * exact, constant memory, and O(segments) per query.
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
 * The backup figures of `s` at virtual time `now` (ms), with AWS's sentinels: sizes `-1` and ETA
 * `-1` until sizes are known (and while the transfer is stalled); on completion progress equals
 * the incremental size, rate 0, ETA 0, elapsed the real duration.
 */
export function backupFigures(s: SnapshotRecord, now: number): BackupFigures {
  const elapsedMs = Math.max(0, Math.min(now, s.endTime) - s.createTime);
  const elapsed = Math.floor(elapsedMs / 1000);
  if (s.plan === null) {
    const done = s.status !== 'failed' && s.status !== 'cancelled';
    return {
      TotalBackupSizeInMegaBytes: s.totalMb,
      ActualIncrementalBackupSizeInMegaBytes: s.incrementalMb,
      BackupProgressInMegaBytes: done ? s.incrementalMb : s.finalProgressMb,
      CurrentBackupRateInMegaBytesPerSecond: 0,
      EstimatedSecondsToCompletion: done ? 0 : -1,
      ElapsedTimeInSeconds: elapsed,
    };
  }
  const sec = elapsedMs / 1000;
  if (sec < s.plan.knownAt) {
    return {
      TotalBackupSizeInMegaBytes: -1,
      ActualIncrementalBackupSizeInMegaBytes: -1,
      BackupProgressInMegaBytes: 0,
      CurrentBackupRateInMegaBytesPerSecond: 0,
      EstimatedSecondsToCompletion: -1,
      ElapsedTimeInSeconds: elapsed,
    };
  }
  const { progress, rate } = pointOnPlan(s.plan, sec);
  const remaining = s.incrementalMb - progress;
  return {
    TotalBackupSizeInMegaBytes: s.totalMb,
    ActualIncrementalBackupSizeInMegaBytes: s.incrementalMb,
    BackupProgressInMegaBytes: Math.min(round3(progress), s.incrementalMb),
    CurrentBackupRateInMegaBytesPerSecond: round3(rate),
    EstimatedSecondsToCompletion: rate > 0 ? Math.ceil(remaining / rate) : -1,
    ElapsedTimeInSeconds: elapsed,
  };
}
