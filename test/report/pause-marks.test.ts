/** The timeline marks a cluster's pausing and resuming on its lane (no browser needed). */
import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/report/timeline.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

describe('the timeline of a paused and resumed cluster', () => {
  it('marks pausing, paused, resuming and available, in order', () => {
    const sim = createSimulator({ seed: 3 });
    sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
    sim.runUntilIdle();
    sim.pauseCluster({ ClusterIdentifier: 'c1' });
    sim.runUntilIdle();
    sim.resumeCluster({ ClusterIdentifier: 'c1' });
    sim.runUntilIdle();
    const marks = buildTimeline(sim.entries()).marks.filter((m) => m.kind === 'pause' || m.kind === 'resume');
    expect(marks.map((m) => `${m.kind} ${m.detail}`)).toEqual(['pause pausing', 'pause paused', 'resume resuming', 'resume available']);
  });
});
