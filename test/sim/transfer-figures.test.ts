import { describe, expect, it } from 'vitest';
import { createSimulator, type Faults, type Simulator, type SnapshotCreated } from '../../src/index.ts';
import type { BackupFigures } from '../../src/model/progress.ts';

/**
 * The progress figures a snapshot reports while its backup runs, read at chosen virtual instants
 * and checked against the backup's transfer plan as the log records it (`SnapshotCreated.plan`:
 * breakpoints [seconds, MB] of a piecewise linear curve). Expected values are computed here from
 * that plan and the snapshot's own figures; nothing is copied from a run's output.
 */

const SEED = 7;

type Plan = SnapshotCreated['plan'];

/** The six AWS backup figures of a snapshot, and its status. */
type Figures = BackupFigures & { Status: string };

/** One straight piece of a plan: from `from` to `to` seconds, `mbFrom` to `mbTo` MB. */
interface Segment {
  from: number;
  to: number;
  mbFrom: number;
  mbTo: number;
  /** MB/s over the piece (0 while sizing or stalled). */
  rate: number;
}

/** The pieces of a plan, in order. */
function segmentsOf(plan: Plan): Segment[] {
  const p = plan.points;
  const out: Segment[] = [];
  for (let i = 0; i + 3 < p.length; i += 2) {
    const [from, mbFrom, to, mbTo] = [p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!];
    out.push({ from, to, mbFrom, mbTo, rate: (mbTo - mbFrom) / (to - from) });
  }
  return out;
}

/** The pieces that move data. */
const transferring = (plan: Plan): Segment[] => segmentsOf(plan).filter((s) => s.rate > 0);

/** Seconds from the backup's start to the plan's last breakpoint. */
const planEnd = (plan: Plan): number => plan.points[plan.points.length - 2]!;

/** MB transferred `sec` seconds into a plan, by its own breakpoints. */
function progressOnPlan(plan: Plan, sec: number): number {
  const seg = segmentsOf(plan).find((s) => sec >= s.from && sec < s.to);
  return seg ? seg.mbFrom + seg.rate * (sec - seg.from) : plan.points[plan.points.length - 1]!;
}

/** Two instants (ms after the start) inside a segment, at neither end and never on a whole second. */
const instantsIn = (s: Segment): [number, number] => {
  const len = (s.to - s.from) * 1000;
  return [s.from * 1000 + len / 4 + 100, s.from * 1000 + (3 * len) / 4 + 100];
};

/** Asserts |actual − expected| ≤ tolerance. */
function expectNear(actual: number, expected: number, tolerance: number, what = ''): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance + 1e-9);
}

/** Figures are reported to 3 decimals (half a unit of the last place). */
const ROUNDING = 0.0005;

interface Backup {
  sim: Simulator;
  /** The backup's SnapshotCreated event: sizes, plan, any outage. */
  created: SnapshotCreated;
  /** SnapshotCreateTime, ms. */
  t0: number;
}

/** A simulator with one dc2.large cluster `c1` made available, then a manual snapshot `s1` of it. */
function startBackup(seed: number, faults: Partial<Faults> = {}): Backup {
  const sim = createSimulator({ seed, faults });
  sim.execute('CreateCluster', { ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
  const reply = sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' }).Snapshot;
  const created = sim
    .entries()
    .flatMap((e) => e.events)
    .find((e): e is SnapshotCreated => e.type === 'SnapshotCreated' && e.ref.id === 's1');
  if (!created) throw new Error('no SnapshotCreated for s1');
  const t0 = (reply.SnapshotCreateTime as Date).getTime();
  expect(t0).toBe(created.createTime);
  return { sim, created, t0 };
}

/** The figures of `s1` at virtual time `ms` (time only moves forward). */
function figuresAt(sim: Simulator, ms: number): Figures {
  sim.advanceTo(ms);
  const s = sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 's1' }).Snapshots[0];
  return {
    Status: s.Status,
    TotalBackupSizeInMegaBytes: s.TotalBackupSizeInMegaBytes,
    ActualIncrementalBackupSizeInMegaBytes: s.ActualIncrementalBackupSizeInMegaBytes,
    BackupProgressInMegaBytes: s.BackupProgressInMegaBytes,
    CurrentBackupRateInMegaBytesPerSecond: s.CurrentBackupRateInMegaBytesPerSecond,
    EstimatedSecondsToCompletion: s.EstimatedSecondsToCompletion,
    ElapsedTimeInSeconds: s.ElapsedTimeInSeconds,
  };
}

const clusterStatus = (sim: Simulator): string => sim.execute('DescribeClusters', { ClusterIdentifier: 'c1' }).Clusters[0].ClusterStatus;

/** Whole seconds since the snapshot's create time. */
const elapsedAt = (t0: number, ms: number): number => Math.floor((ms - t0) / 1000);

/** Reference §2.4: what a `creating` snapshot reports before its sizes are known. */
const sizingFigures = (elapsed: number): Figures => ({
  Status: 'creating',
  TotalBackupSizeInMegaBytes: -1,
  ActualIncrementalBackupSizeInMegaBytes: -1,
  BackupProgressInMegaBytes: 0,
  CurrentBackupRateInMegaBytesPerSecond: 0,
  EstimatedSecondsToCompletion: -1,
  ElapsedTimeInSeconds: elapsed,
});

// A fault-free manual backup: sizing at rate 0, then six straight segments to the incremental size.
describe('a manual backup in progress', () => {
  it('reports the "sizes unknown" sentinels of reference §2.4 while sizing', () => {
    const { sim, created, t0 } = startBackup(SEED);
    const knownAtMs = t0 + created.plan.knownAt * 1000;
    expect(created.plan.knownAt).toBeGreaterThan(1);
    expect(segmentsOf(created.plan)[0]).toMatchObject({ from: 0, to: created.plan.knownAt, rate: 0 });
    for (const ms of [t0, t0 + 1000, t0 + 1500, knownAtMs - 1]) {
      expect(figuresAt(sim, ms), `at +${ms - t0} ms`).toEqual(sizingFigures(elapsedAt(t0, ms)));
    }
    // once sized: the sizes appear, nothing moved yet, at the first segment's rate
    const first = transferring(created.plan)[0]!;
    const sized = figuresAt(sim, knownAtMs);
    expect(sized).toMatchObject({
      Status: 'creating',
      TotalBackupSizeInMegaBytes: created.totalMb,
      ActualIncrementalBackupSizeInMegaBytes: created.incrementalMb,
      BackupProgressInMegaBytes: 0,
      ElapsedTimeInSeconds: created.plan.knownAt,
      EstimatedSecondsToCompletion: Math.ceil(created.incrementalMb / first.rate),
    });
    expectNear(sized.CurrentBackupRateInMegaBytesPerSecond, first.rate, ROUNDING, 'rate');
  });

  it('grows progress linearly at each segment’s rate; elapsed and ETA follow the clock', () => {
    const { sim, created, t0 } = startBackup(SEED);
    const inc = created.incrementalMb;
    const segs = transferring(created.plan);
    expect(segs).toHaveLength(6);
    expect(new Set(segs.map((s) => s.rate.toFixed(6))).size, 'segments run at varied rates').toBeGreaterThan(1);
    const last = segs[segs.length - 1]!;
    for (const seg of segs) {
      const [a, b] = instantsIn(seg).map((off) => ({ off, f: figuresAt(sim, t0 + off) }));
      for (const { off, f } of [a!, b!]) {
        const sec = off / 1000;
        const progress = seg.mbFrom + seg.rate * (sec - seg.from);
        const what = `segment ${seg.from}–${seg.to} s, at +${sec} s`;
        expect(f.Status).toBe('creating');
        expect(f.TotalBackupSizeInMegaBytes).toBe(created.totalMb);
        expect(f.ActualIncrementalBackupSizeInMegaBytes).toBe(inc);
        expect(f.ElapsedTimeInSeconds, what).toBe(Math.floor(sec));
        expectNear(f.CurrentBackupRateInMegaBytesPerSecond, seg.rate, ROUNDING, `${what}: rate`);
        expectNear(f.BackupProgressInMegaBytes, progress, ROUNDING, `${what}: progress`);
        // ETA: the MB left at the current rate (reference §2.4: (incremental − progress) / rate), rounded up
        expect(f.EstimatedSecondsToCompletion, what).toBe(Math.ceil((inc - progress) / seg.rate));
        expectNear(f.EstimatedSecondsToCompletion, (f.ActualIncrementalBackupSizeInMegaBytes - f.BackupProgressInMegaBytes) / f.CurrentBackupRateInMegaBytesPerSecond, 1, `${what}: ETA from the reported figures`);
        // in the last segment the current rate holds to the end, so the ETA is the plan's remaining time
        if (seg === last) expect(f.EstimatedSecondsToCompletion, what).toBe(Math.ceil(planEnd(created.plan) - sec));
      }
      // between the two instants, progress grew by the reported rate × the seconds between them
      const dt = (b!.off - a!.off) / 1000;
      const grown = b!.f.BackupProgressInMegaBytes - a!.f.BackupProgressInMegaBytes;
      expect(b!.f.CurrentBackupRateInMegaBytesPerSecond).toBe(a!.f.CurrentBackupRateInMegaBytesPerSecond);
      expectNear(grown, a!.f.CurrentBackupRateInMegaBytesPerSecond * dt, 2 * ROUNDING + ROUNDING * dt, `segment ${seg.from}–${seg.to} s: growth`);
      expectNear(grown, seg.rate * dt, 2 * ROUNDING, `segment ${seg.from}–${seg.to} s: growth by the plan`);
    }
  });

  it('ends available at the plan’s end: progress = incremental size, rate 0, ETA 0, elapsed = duration', () => {
    const { sim, created, t0 } = startBackup(SEED);
    const end = planEnd(created.plan);
    const endMs = t0 + end * 1000;
    expect(created.plan.outcome).toBe('available');
    expect(progressOnPlan(created.plan, end), 'the plan moves exactly the incremental size').toBe(created.incrementalMb);
    const before = figuresAt(sim, endMs - 1);
    expect(before.Status).toBe('creating');
    expect(before.BackupProgressInMegaBytes).toBeLessThan(created.incrementalMb);
    const done: Figures = {
      Status: 'available',
      TotalBackupSizeInMegaBytes: created.totalMb,
      ActualIncrementalBackupSizeInMegaBytes: created.incrementalMb,
      BackupProgressInMegaBytes: created.incrementalMb,
      CurrentBackupRateInMegaBytesPerSecond: 0,
      EstimatedSecondsToCompletion: 0,
      ElapsedTimeInSeconds: end,
    };
    expect(figuresAt(sim, endMs)).toEqual(done);
    // and so it stays: elapsed is the backup's duration, not the time since it started
    expect(figuresAt(sim, endMs + 3_600_000)).toEqual(done);
  });
});

// clusterOutage 1 + outageFailureShare 1: every backup runs into an outage and fails when it ends.
describe('a cluster outage mid-backup that fails it', () => {
  it('stalls the transfer (rate 0, ETA -1, progress frozen) while the cluster is rebooting, then fails', () => {
    const { sim, created, t0 } = startBackup(SEED, { clusterOutage: 1, outageFailureShare: 1 });
    expect(created.outage, 'the backup runs into an outage').toBeDefined();
    const [from, to] = created.outage!;
    expect(created.plan.outcome).toBe('failed');
    expect(t0 + planEnd(created.plan) * 1000, 'the backup ends when the outage does').toBe(to);
    expect(from, 'the outage starts after sizing').toBeGreaterThan(t0 + created.plan.knownAt * 1000);

    // a second before: transferring at the plan's rate
    const running = figuresAt(sim, from - 1000);
    expect(clusterStatus(sim)).toBe('available');
    expect(running.Status).toBe('creating');
    expect(running.CurrentBackupRateInMegaBytesPerSecond).toBeGreaterThan(0);

    // during the outage: the progress reached at its start, frozen
    const frozen = progressOnPlan(created.plan, (from - t0) / 1000);
    expect(frozen).toBeGreaterThan(0);
    expect(frozen).toBeLessThan(created.incrementalMb);
    expectNear(frozen - running.BackupProgressInMegaBytes, running.CurrentBackupRateInMegaBytesPerSecond, 2 * ROUNDING, 'the last second before the outage');
    for (const ms of [from, Math.round((from + to) / 2), to - 1]) {
      const f = figuresAt(sim, ms);
      expect(clusterStatus(sim), `at +${ms - t0} ms`).toBe('rebooting');
      expect(f).toMatchObject({
        Status: 'creating',
        TotalBackupSizeInMegaBytes: created.totalMb,
        ActualIncrementalBackupSizeInMegaBytes: created.incrementalMb,
        CurrentBackupRateInMegaBytesPerSecond: 0,
        EstimatedSecondsToCompletion: -1,
        ElapsedTimeInSeconds: elapsedAt(t0, ms),
      });
      expectNear(f.BackupProgressInMegaBytes, frozen, ROUNDING, `progress at +${ms - t0} ms`);
    }

    // when the outage ends: the cluster is back, the snapshot failed where it stalled
    const failed: Figures = {
      Status: 'failed',
      TotalBackupSizeInMegaBytes: created.totalMb,
      ActualIncrementalBackupSizeInMegaBytes: created.incrementalMb,
      BackupProgressInMegaBytes: frozen,
      CurrentBackupRateInMegaBytesPerSecond: 0,
      EstimatedSecondsToCompletion: -1,
      ElapsedTimeInSeconds: (to - t0) / 1000,
    };
    expect(figuresAt(sim, to)).toEqual(failed);
    expect(clusterStatus(sim)).toBe('available');
    expect(figuresAt(sim, to + 3_600_000)).toEqual(failed);
  });
});

// throttle 1: every backup has one segment at throttleFactor × its rate; the plan's other draws are the same.
describe('a throttled backup', () => {
  /** The reported rate in the middle of each transferring segment of `b`. */
  const observedRates = (b: Backup): number[] =>
    transferring(b.created.plan).map((s) => figuresAt(b.sim, b.t0 + ((s.from + s.to) / 2) * 1000).CurrentBackupRateInMegaBytesPerSecond);

  it('runs exactly one segment at the unthrottled rate × throttleFactor, the others unchanged', () => {
    const plain = startBackup(SEED);
    const throttled = startBackup(SEED, { throttle: 1 });
    const factor = throttled.sim.config.faults.throttleFactor;
    expect(factor).toBeGreaterThan(0);
    expect(factor).toBeLessThan(1);
    expect(throttled.t0).toBe(plain.t0);
    expect(throttled.created.incrementalMb).toBe(plain.created.incrementalMb);
    expect(throttled.created.plan.knownAt).toBe(plain.created.plan.knownAt);

    const p = transferring(plain.created.plan);
    const t = transferring(throttled.created.plan);
    expect(t).toHaveLength(p.length);
    const slowed = t.map((s, i) => i).filter((i) => t[i]!.rate !== p[i]!.rate);
    expect(slowed, 'exactly one segment is throttled').toHaveLength(1);
    const k = slowed[0]!;
    for (let i = 0; i < p.length; i++) expect(t[i]!.mbTo - t[i]!.mbFrom).toBe(p[i]!.mbTo - p[i]!.mbFrom);

    // Segment lengths are whole seconds (each rounded from MB / rate), so the throttled one is
    // the plain one / factor up to half a second of rounding on each: |dT·f − dP| ≤ (1 + f) / 2.
    const dP = p[k]!.to - p[k]!.from;
    const dT = t[k]!.to - t[k]!.from;
    expectNear(dT * factor, dP, (1 + factor) / 2, 'throttled segment length × factor');
    expect(planEnd(throttled.created.plan) - planEnd(plain.created.plan)).toBe(dT - dP);

    // as reported: the same rates but one, which is the plain rate × factor (up to that rounding)
    const ratesP = observedRates(plain);
    const ratesT = observedRates(throttled);
    for (let i = 0; i < p.length; i++) if (i !== k) expect(ratesT[i], `segment ${i}`).toBe(ratesP[i]);
    expectNear(ratesT[k]!, ratesP[k]! * factor, (ratesT[k]! * (1 + factor)) / (2 * dP) + 2 * ROUNDING, 'throttled rate');
    expect(ratesT[k]!).toBeLessThan(ratesP[k]! * (factor + 0.05));
  });
});

// The figures derive from the seed: the same seed repeats them, another one changes them.
describe('progress figures and the seed', () => {
  /** The figures of the same scenario `offsets` seconds after the snapshot started. */
  const figuresAfter = (seed: number, offsets: number[]): Figures[] => {
    const { sim, t0 } = startBackup(seed);
    return offsets.map((s) => figuresAt(sim, t0 + s * 1000));
  };
  const OFFSETS = [60, 120, 300];

  it('are the same for the same seed and differ for another', () => {
    const a = figuresAfter(SEED, OFFSETS);
    expect(figuresAfter(SEED, OFFSETS)).toEqual(a);
    const b = figuresAfter(SEED + 1, OFFSETS);
    for (let i = 0; i < OFFSETS.length; i++) {
      expect(a[i]!.Status).toBe('creating');
      expect(b[i]!.Status).toBe('creating');
      expect(b[i]!.BackupProgressInMegaBytes, `progress at +${OFFSETS[i]} s`).not.toBe(a[i]!.BackupProgressInMegaBytes);
      expect(b[i]!.CurrentBackupRateInMegaBytesPerSecond, `rate at +${OFFSETS[i]} s`).not.toBe(a[i]!.CurrentBackupRateInMegaBytesPerSecond);
    }
    expect(b[0]!.ActualIncrementalBackupSizeInMegaBytes).not.toBe(a[0]!.ActualIncrementalBackupSizeInMegaBytes);
  });
});
