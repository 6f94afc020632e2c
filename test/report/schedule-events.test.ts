/**
 * The report shows snapshot schedules and AWS events: schedule marks on a cluster's lane when it is
 * associated, becomes ACTIVE and is disassociated; the AWS events the run published (recomputed
 * from the log) as ticks on their cluster's lane and as a table; no browser needed.
 */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/html.ts';
import { timelineSvg } from '../../src/report/svg.ts';
import { buildTimeline, TimelineBuilder } from '../../src/report/timeline.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

/** A cluster on a schedule (changed, then removed), a manual snapshot, a reboot and a deletion. */
function run() {
  const sim = createSimulator({ seed: 5 });
  sim.createSnapshotSchedule({ ScheduleIdentifier: 'twice-daily', ScheduleDefinitions: ['rate(12 hours)'] });
  sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
  sim.modifyClusterSnapshotSchedule({ ClusterIdentifier: 'c1', ScheduleIdentifier: 'twice-daily' });
  sim.advance(600);
  sim.modifySnapshotSchedule({ ScheduleIdentifier: 'twice-daily', ScheduleDefinitions: ['rate(1 hour)'] });
  sim.advance(3 * 3600);
  sim.modifyClusterSnapshotSchedule({ ClusterIdentifier: 'c1', DisassociateSchedule: true });
  sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
  sim.runUntilIdle();
  sim.rebootCluster({ ClusterIdentifier: 'c1' });
  sim.runUntilIdle();
  sim.deleteCluster({ ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
  sim.runUntilIdle();
  return sim;
}

describe('the report of schedules and AWS events', () => {
  it('marks the schedule associated, ACTIVE, changed, ACTIVE again and removed, in order', () => {
    const t = buildTimeline(run().entries());
    expect(t.marks.filter((m) => m.kind === 'schedule').map((m) => m.detail)).toEqual([
      'schedule twice-daily associated: MODIFYING',
      'schedule twice-daily: ACTIVE',
      'schedule twice-daily changed: MODIFYING',
      'schedule twice-daily: ACTIVE',
      'schedule twice-daily removed: default automated snapshots',
    ]);
  });

  it("keeps every AWS event DescribeEvents showed, on its cluster's lane, with its message", () => {
    const sim = run();
    const t = buildTimeline(sim.entries());
    const lane = t.lanes.find((l) => l.id === 'c1')!.key;
    expect(t.awsEvents.map((e) => e.eventId)).toEqual(['REDSHIFT-EVENT-2000', 'REDSHIFT-EVENT-2009', 'REDSHIFT-EVENT-3004', 'REDSHIFT-EVENT-3000', 'REDSHIFT-EVENT-2001']);
    expect(t.awsEvents.every((e) => e.lane === lane)).toBe(true);
    const described = sim.describeEvents({ StartTime: new Date(0) }).Events!;
    expect(t.awsEvents.map((e) => [e.eventId, e.sourceId, e.message, e.at])).toEqual(described.map((e) => [e.EventId, e.SourceIdentifier, e.Message, e.Date!.getTime()]));
  });

  it('draws a tick per AWS event on the lane and lists them in a table; the live builder skips them unless asked', () => {
    const sim = run();
    const t = buildTimeline(sim.entries());
    const svg = timelineSvg(t);
    expect(svg.match(/class="aws-event"/g)).toHaveLength(5);
    expect(svg).toContain('data-event-id="REDSHIFT-EVENT-3000"');
    expect(svg).toMatch(/class="mark mark-schedule"/);
    const html = renderReport(t, { title: 'schedules and events' });
    expect(html.match(/class="aws-event-row"/g)).toHaveLength(5);
    expect(html).toContain('Your Amazon Redshift cluster c1 was rebooted at');
    expect(html).toMatch(/AWS events<\/td><td>5: 0 ERROR/);
    const live = new TimelineBuilder();
    for (const e of sim.entries()) live.add(e);
    expect(live.timeline.awsEvents).toEqual([]);
    expect(buildTimeline(sim.entries(), {}).awsEvents).toEqual([]);
  });

  it('still draws a log it cannot replay, without AWS events', () => {
    const entries = run().entries().slice(1); // no SimulationStarted
    const t = buildTimeline(entries);
    expect(t.awsEvents).toEqual([]);
    expect(t.marks.some((m) => m.kind === 'schedule')).toBe(true);
  });
});
