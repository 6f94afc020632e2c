/** The timeline marks a reboot and a table restore on the cluster's lane, and redraws a backup the reboot stalled. */
import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/report/timeline.ts';
import { narrate } from '../../src/scenario/narrate.ts';
import { TimelineBuilder } from '../../src/report/timeline.ts';
import { createSimulator, type Simulator } from '../../src/sim/simulator.ts';

/** Cluster c1: a table restored from s1, then a reboot while backup s2 runs (stalling it); run to the end. */
function tableRestoredThenRebooted(): Simulator {
    const sim = createSimulator({ seed: 3 });
    sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
    sim.runUntilIdle();
    sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
    sim.runUntilIdle();
    sim.restoreTableFromClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's1', SourceDatabaseName: 'dev', SourceTableName: 'sales', NewTableName: 'sales2' });
    sim.runUntilIdle();
    sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's2' });
    sim.advance(10);
    sim.rebootCluster({ ClusterIdentifier: 'c1' });
    sim.runUntilIdle();
  return sim;
}

describe('the timeline of a reboot and a table restore', () => {
  it('marks rebooting and rebooted, a table restore requested and ended, and the stalled backup\'s later end', () => {
    const sim = tableRestoredThenRebooted();
    const timeline = buildTimeline(sim.entries());
    const marks = timeline.marks.filter((m) => m.kind === 'reboot' || m.kind === 'table-restore');
    expect(marks.map((m) => `${m.kind} ${m.detail.replace(/, .*/, '')}`)).toEqual(['table-restore sales from s1 as sales2', 'table-restore table restore succeeded', 'reboot rebooting', 'reboot rebooted: available']);
    const bar = timeline.bars.find((b) => b.id === 's2')!;
    expect(bar.start + bar.points[bar.points.length - 2]! * 1000).toBe(bar.end);
  });

  it('narrates the stall and the table restore\'s end', () => {
    const sim = tableRestoredThenRebooted();
    const builder = new TimelineBuilder();
    const lines = sim.entries().flatMap((e) => {
      const out = narrate(e, builder);
      builder.add(e);
      return out;
    });
    expect(lines.some((l) => /table restore .* into c1 succeeded/.test(l))).toBe(true);
    expect(lines.some((l) => /^s2 stalls for/.test(l))).toBe(true);
    expect(lines).toContain('cluster c1 rebooted: available');
  });
});
