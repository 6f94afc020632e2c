/**
 * The timeline and its SVG for disaster recovery (no browser needed): a restore's data transfer is
 * a bar on the restored cluster's lane, from the end of provisioning to its end; each cross-region
 * copy is a bar on a lane of its destination region and source cluster, from when it began (its
 * source completed, not the source's create time) to its end, linked to its source; a skipped copy
 * is a mark there; a region outage is a band over every lane of its region; a transfer replanned
 * by an outage draws its new curve; the run's figures count restores, copies and outages apart
 * from the backups.
 */
import { describe, expect, it } from 'vitest';
import type { DomainEvent, LogEntry } from '../../src/events/types.ts';
import { renderReport } from '../../src/report/html.ts';
import { runStats } from '../../src/report/metrics.ts';
import { timelineSvg } from '../../src/report/svg.ts';
import { buildTimeline, curveOf, type Bar, type Timeline } from '../../src/report/timeline.ts';
import { createSimulator, DEFAULT_CALLER, type Simulator, type SimulatorOptions } from '../../src/sim/simulator.ts';

const WEST = { account: DEFAULT_CALLER.account, region: 'us-west-2' };
const HOUR = 3_600_000;

type Found<T extends DomainEvent['type']> = { at: number; e: Extract<DomainEvent, { type: T }> };

/** Every event of a type in the log, with its entry's time. */
function eventsOf<T extends DomainEvent['type']>(entries: readonly LogEntry[], type: T, where: (e: Extract<DomainEvent, { type: T }>) => boolean = () => true): Found<T>[] {
  const out: Found<T>[] = [];
  for (const entry of entries) for (const e of entry.events) if (e.type === type && where(e as Extract<DomainEvent, { type: T }>)) out.push({ at: entry.at, e: e as Extract<DomainEvent, { type: T }> });
  return out;
}

/** The one event of a type (matching `where`) in the log. */
function only<T extends DomainEvent['type']>(entries: readonly LogEntry[], type: T, where?: (e: Extract<DomainEvent, { type: T }>) => boolean): Found<T> {
  const found = eventsOf(entries, type, where);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

/** A simulator with available cluster `c1` in us-east-1. */
function withCluster(opts: SimulatorOptions = {}): Simulator {
  const sim = createSimulator({ seed: 7, ...opts });
  sim.execute('CreateCluster', { ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle(3600);
  return sim;
}

/** `c1` copying to us-west-2, with manual snapshot `m1` taken (and copied, unless `settle` is false). */
function copied(opts: SimulatorOptions = {}, settle = true): Simulator {
  const sim = withCluster(opts);
  sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: 'us-west-2' });
  sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'm1' });
  if (settle) sim.runUntilIdle(2 * 86_400);
  return sim;
}

/** The SVG group of each lane, in order. */
const laneGroups = (svg: string): string[] => svg.split('<g class="lane').slice(1);

const regionCopy = (t: Timeline, id: string): Bar => t.bars.find((b) => b.kind === 'region-copy' && b.id === id)!;

describe('restores in the timeline', () => {
  function restored(opts: SimulatorOptions = {}) {
    const sim = withCluster(opts);
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'm1' });
    sim.runUntilIdle(86_400);
    sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: 'r1', SnapshotIdentifier: 'm1' });
    sim.runUntilIdle(2 * 86_400);
    const entries = [...sim.entries()];
    return { entries, t: buildTimeline(entries) };
  }

  it('draws the data transfer as a bar on the restored cluster\'s lane, from the end of provisioning to its end, linked to the snapshot', () => {
    const { entries, t } = restored();
    const started = only(entries, 'ClusterRestoreStarted');
    const ended = only(entries, 'ClusterRestoreEnded');
    const lane = t.lanes.find((l) => l.id === 'r1')!;
    const source = t.bars.find((b) => b.id === 'm1')!;
    expect(t.restores).toHaveLength(1);
    const r = t.restores[0]!;
    expect(r).toMatchObject({ lane: lane.key, id: 'r1', requestedAt: started.at, start: started.e.readyAt, end: ended.at, outcome: 'completed', sizeMb: started.e.sizeMb, sourceBar: source.key });
    expect(r.source).toEqual(started.e.source);
    expect(r.start).toBeGreaterThan(r.requestedAt);
    expect(curveOf(r).at(-1)).toEqual([(ended.at - r.start) / 1000, started.e.sizeMb]);
    // the marks stay
    expect(t.marks.filter((m) => m.lane === lane.key && m.kind.startsWith('restore')).map((m) => [m.kind, m.at])).toEqual([['restore-start', started.at], ['restore-end', ended.at]]);

    const svg = timelineSvg(t);
    const group = laneGroups(svg).find((g) => g.includes('data-cluster="r1"'))!;
    expect(group).toContain(`class="bar restore restore-completed" data-key="${r.key}" data-status="completed"`);
    expect(group).toContain('restore-rect');
    expect(svg).toContain(`class="link restore-link" data-from="${source.key}" data-to="${r.key}"`);
    const figures = JSON.parse(group.match(/class="bar restore[^>]*data-figures="([^"]*)"/)![1]!.replace(/&quot;/g, '"')) as Record<string, string>;
    expect(figures).toMatchObject({ restore: 'restore of r1', 'from snapshot': `${DEFAULT_CALLER.account}/us-east-1/m1`, status: 'completed' });
    expect(figures.took).toMatch(/\d/);

    const s = runStats(t);
    expect([s.restores, s.restoresCompleted, s.restoresFailed]).toEqual([1, 1, 0]);
    expect(s.clusters).toBe(2);
    expect(renderReport(t, { title: 'restore' })).toMatch(/restores<\/td><td>1: 1 completed, 0 failed/);
  });

  it('styles a failed restore apart', () => {
    const { t } = restored({ faults: { restoreFailure: 1 } });
    expect(t.restores.map((r) => r.outcome)).toEqual(['failed']);
    expect(timelineSvg(t)).toContain('class="bar restore restore-failed"');
    expect(runStats(t)).toMatchObject({ restores: 1, restoresCompleted: 0, restoresFailed: 1 });
  });
});

describe('cross-region copies in the timeline', () => {
  it('draws each copy from when it began to its end on a lane of the destination region and source cluster, linked to its source', () => {
    const sim = copied();
    const entries = [...sim.entries()];
    const start = only(entries, 'SnapshotCopyStarted', (e) => e.ref.id === 'm1');
    const done = only(entries, 'SnapshotTransitioned', (e) => e.ref.region === 'us-west-2' && e.ref.id === 'm1' && e.event === 'COMPLETE');
    const t = buildTimeline(entries);
    const source = t.bars.find((b) => b.id === 'm1' && b.kind === 'manual')!;
    const copy = regionCopy(t, 'm1');
    expect(start.e.createTime).toBe(source.start);
    expect(copy).toMatchObject({ region: 'us-west-2', start: start.at, end: done.at, outcome: 'available', incrementalMb: start.e.incrementalMb });
    expect(copy.start).toBe(source.end); // it begins when its source completes, not at the source's create time
    expect(copy.copiedFrom).toEqual({ account: WEST.account, region: 'us-east-1', id: 'm1', snapshotType: 'manual', bar: source.key, createTime: start.e.createTime });
    // its curve counts from its start: no wait for the source, all of it moved by the end
    const curve = curveOf(copy);
    expect(curve[0]).toEqual([0, 0]);
    expect(curve.at(-1)).toEqual([(done.at - start.at) / 1000, start.e.incrementalMb]);

    const lane = t.lanes.find((l) => l.key === copy.lane)!;
    expect(lane).toMatchObject({ region: 'us-west-2', id: 'c1', copiesFrom: 'us-east-1', createdAt: start.at, removedAt: null });
    expect(t.lanes.map((l) => l.copiesFrom === null ? l.id : `${l.region} ← ${l.id}`)).toEqual(['c1', 'us-west-2 ← c1']);

    const svg = timelineSvg(t);
    const [, copies] = laneGroups(svg);
    expect(copies).toContain('lane-copies');
    expect(copies).toContain('>us-west-2 ← c1<');
    expect(copies).toContain(`class="bar bar-available kind-region-copy" data-key="${copy.key}"`);
    expect(svg).toContain(`class="link copy-link" data-from="${source.key}" data-to="${copy.key}"`);

    const s = runStats(t);
    expect(s).toMatchObject({ clusters: 1, regionCopies: 1, regionCopiesCompleted: 1, regionCopiesFailed: 0, regionCopiesSkipped: 0, copies: 0 });
    expect(s.backups).toBe(t.bars.length - 1); // the copy is not a backup
    expect(s.regionCopyDurations).toEqual([(done.at - start.at) / 1000]);
  });

  it('styles a failed copy as a failed backup, counted apart from the backups', () => {
    const t = buildTimeline(copied({ faults: { copyFailure: 1 } }).entries());
    const copy = regionCopy(t, 'm1');
    expect(copy.outcome).toBe('failed');
    expect(timelineSvg(t)).toContain(`class="bar bar-failed kind-region-copy" data-key="${copy.key}"`);
    expect(runStats(t)).toMatchObject({ regionCopies: 1, regionCopiesFailed: 1, failed: 0 });
  });

  it('marks a backup not copied on the copies lane, which the skip creates', () => {
    const sim = withCluster();
    sim.execute('CreateCluster', { ClusterIdentifier: 'w1', NodeType: 'dc2.large', MasterUsername: 'admin' }, WEST);
    sim.runUntilIdle(3600);
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'w1', SnapshotIdentifier: 'm1' }, WEST);
    sim.runUntilIdle(86_400);
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: 'us-west-2' });
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'm1' });
    sim.runUntilIdle(86_400);
    const entries = [...sim.entries()];
    const skipped = only(entries, 'SnapshotCopySkipped');
    expect(skipped.e.reason).toBe('exists');
    const t = buildTimeline(entries);
    const lane = t.lanes.find((l) => l.copiesFrom !== null)!;
    expect(lane).toMatchObject({ region: 'us-west-2', id: 'c1', createdAt: skipped.at });
    expect(t.marks.filter((m) => m.kind === 'copy-skipped')).toEqual([{ kind: 'copy-skipped', at: skipped.at, lane: lane.key, bar: null, detail: 'm1: a snapshot of that name exists' }]);
    // after its cluster's lane, before the later lanes
    expect(t.lanes.map((l) => l.copiesFrom === null ? l.id : `${l.region} ← ${l.id}`)).toEqual(['c1', 'us-west-2 ← c1', 'w1']);
    expect(laneGroups(timelineSvg(t))[1]).toContain('class="mark mark-copy-skipped"');
    expect(runStats(t)).toMatchObject({ regionCopies: 0, regionCopiesSkipped: 1, clusters: 2 });
  });
});

describe('region outages in the timeline', () => {
  it('shades [from, to) over every lane of the region, and no other', () => {
    const sim = copied();
    sim.execute('CreateCluster', { ClusterIdentifier: 'c2', NodeType: 'dc2.large', MasterUsername: 'admin' });
    sim.execute('CreateCluster', { ClusterIdentifier: 'w1', NodeType: 'dc2.large', MasterUsername: 'admin' }, WEST);
    const from = sim.nowMs();
    sim.scheduleRegionOutage({ region: 'us-east-1', to: from + HOUR });
    sim.advance(2 * 3600);
    const t = buildTimeline(sim.entries());
    expect(t.regionOutages).toEqual([expect.objectContaining({ region: 'us-east-1', from, to: from + HOUR })]);

    const lanes = laneGroups(timelineSvg(t));
    expect(t.lanes.map((l) => l.region)).toEqual(['us-east-1', 'us-west-2', 'us-east-1', 'us-west-2']);
    const bands = lanes.map((g) => g.match(/class="region-outage"[^>]*/g) ?? []);
    expect(bands.map((b) => b.length)).toEqual([1, 0, 1, 0]);
    for (const b of bands.flat()) expect(b).toContain(`data-region="us-east-1" data-from="${from}" data-to="${from + HOUR}"`);
    expect(runStats(t).regionOutages).toBe(1);
  });

  it('draws a transfer replanned by an outage with its new curve: a stall of the outage\'s length', () => {
    const sim = copied({}, false);
    // the backup m1 runs now; then its copy: stall both through outages of their regions
    const at = sim.nowMs();
    sim.scheduleRegionOutage({ region: 'us-east-1', from: at + 1000, to: at + 1000 + HOUR, failure: 0 });
    sim.runUntilIdle(86_400);
    let entries = [...sim.entries()];
    const replanned = only(entries, 'SnapshotTransferReplanned');
    let t = buildTimeline(entries);
    const backup = t.bars.find((b) => b.id === 'm1' && b.kind === 'manual')!;
    expect(backup.points).toEqual(replanned.e.plan.points);
    const flat = (curve: [number, number][]) => curve.some(([s, mb], i) => i > 0 && mb === curve[i - 1]![1] && s - curve[i - 1]![0] >= 3600);
    expect(flat(curveOf(backup))).toBe(true);
    expect(curveOf(backup).at(-1)).toEqual([(backup.end! - backup.start) / 1000, backup.incrementalMb]);

    // a copy running when its destination goes down
    const copy0 = regionCopy(t, 'm1');
    expect(copy0.outcome).toBe('available');
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'm2' });
    sim.runUntilIdle(86_400);
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'm3' });
    const m3 = only([...sim.entries()], 'SnapshotCreated', (e) => e.ref.id === 'm3');
    sim.advanceTo(m3.e.createTime + Math.round(m3.e.plan.points.at(-2)! * 1000)); // m3 completes, its copy begins
    const copyAt = sim.nowMs();
    sim.scheduleRegionOutage({ region: 'us-west-2', from: copyAt + 1000, to: copyAt + 1000 + HOUR, failure: 0 });
    sim.runUntilIdle(86_400);
    entries = [...sim.entries()];
    const copyReplan = only(entries, 'SnapshotTransferReplanned', (e) => e.ref.region === 'us-west-2');
    expect(copyReplan.e.ref.id).toBe('m3');
    t = buildTimeline(entries);
    const copy = regionCopy(t, 'm3');
    expect(copy.start).toBe(copyAt);
    expect(flat(curveOf(copy))).toBe(true);
    expect(curveOf(copy).at(-1)).toEqual([(copy.end! - copy.start) / 1000, copy.incrementalMb]);
    const band = laneGroups(timelineSvg(t)).find((g) => g.includes('lane-copies'))!;
    expect(band).toContain(`data-region="us-west-2" data-from="${copyAt + 1000}"`);
  });
});
