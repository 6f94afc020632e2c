import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stream, windowedStream } from '../../src/sim/random.ts';
import { createSimulator } from '../../src/index.ts';
import { DEFAULT_START, replayNdjson } from '../../src/sim/simulator.ts';

const draws = (s: { next(): number }, n: number) => Array.from({ length: n }, () => s.next());
const filledWith = (s: { fill(out: Float64Array): void }, n: number) => {
  const out = new Float64Array(n);
  s.fill(out);
  return [...out];
};

describe('keyed streams', () => {
  it('give the same numbers for the same key, and different ones for another key', () => {
    expect(draws(stream(1, 'backup', 'a', 7), 5)).toEqual(draws(stream(1, 'backup', 'a', 7), 5));
    expect(draws(stream(1, 'backup', 'a', 7), 5)).not.toEqual(draws(stream(1, 'backup', 'a', 8), 5));
    expect(draws(stream(1, 'backup', 'a', 7), 5)).not.toEqual(draws(stream(2, 'backup', 'a', 7), 5));
  });

  it('read in windows: window k holds the same numbers whatever was read before it, by next() or fill()', () => {
    const size = 4;
    const whole = draws(stream(3, 'w', 'c1', 5), 12 * size);
    const window = fc.record({ k: fc.integer({ min: 0, max: 11 }), filled: fc.boolean() });
    fc.assert(
      fc.property(fc.array(window, { minLength: 1, maxLength: 30 }), (order) => {
        const w = windowedStream(3, 'w', 'c1', 5);
        for (const { k, filled } of order) expect(filled ? filledWith(w.window(k, size), size) : draws(w.window(k, size), size)).toEqual(whole.slice(k * size, (k + 1) * size));
      }),
    );
  });

  it('fill(out) takes the numbers that as many next() calls would, and moves on past them', () => {
    const a = stream(4, 'f', 'x');
    const b = stream(4, 'f', 'x');
    expect([...filledWith(a, 7), ...filledWith(a, 5)]).toEqual(draws(b, 12));
  });
});

describe("an automated backup's figures", () => {
  /** The first automated snapshots of cluster `alpha`, as described after two days. */
  const automatedOfAlpha = (withOthers: boolean) => {
    const sim = createSimulator({ seed: 11 });
    if (withOthers) sim.execute('CreateCluster', { ClusterIdentifier: 'beta', NodeType: 'ra3.xlplus', MasterUsername: 'admin', NumberOfNodes: 2 });
    sim.execute('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' });
    sim.runUntilIdle();
    if (withOthers) sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'beta', SnapshotIdentifier: 'extra' });
    sim.advanceTo(DEFAULT_START + 2 * 86_400_000); // the same instant either way
    return sim.execute('DescribeClusterSnapshots', { ClusterIdentifier: 'alpha', SnapshotType: 'automated' }).Snapshots;
  };

  it('do not change when other clusters and their snapshots are added', () => {
    const alone = automatedOfAlpha(false);
    expect(alone.length).toBeGreaterThan(2);
    expect(automatedOfAlpha(true)).toEqual(alone);
  });
});

describe('a simulator rebuilt from its log', () => {
  it('continues exactly as the uninterrupted one: the same automated figures after reopening the streams', () => {
    const start = (sim: ReturnType<typeof createSimulator>) => {
      sim.execute('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' });
      sim.execute('CreateCluster', { ClusterIdentifier: 'beta', NodeType: 'ra3.4xlarge', MasterUsername: 'admin', NumberOfNodes: 3 });
      sim.advanceTo(DEFAULT_START + 2 * 86_400_000);
    };
    const finish = (sim: ReturnType<typeof createSimulator>) => {
      sim.advanceTo(DEFAULT_START + 2 * 86_400_000); // a log keeps commands, not idle clock moves
      sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 'mid' });
      sim.advanceTo(DEFAULT_START + 5 * 86_400_000);
    };
    const whole = createSimulator({ seed: 5 });
    start(whole);
    finish(whole);
    const first = createSimulator({ seed: 5 });
    start(first);
    const resumed = replayNdjson(first.encodeLog());
    finish(resumed);
    expect(resumed.encodeLog()).toBe(whole.encodeLog());
    const automatedAfterResume = whole
      .entries()
      .filter((entry) => entry.at > DEFAULT_START + 2 * 86_400_000)
      .flatMap((entry) => entry.events)
      .filter((e) => e.type === 'SnapshotCreated' && e.kind === 'automated');
    expect(automatedAfterResume.length).toBeGreaterThan(10);
  });
});
