/**
 * AWS's waiters in virtual time (`sim.waitFor`): driven by the acceptors of AWS's waiters model,
 * advancing the clock by the waiter's delay between polls, so a test needs no polling loop.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/sim/simulator.ts';
import { WaiterError } from '../../src/sim/waiters.ts';

function withSnapshot(): Simulator {
  const sim = createSimulator({ seed: 4 });
  sim.createCluster({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'prod' });
  sim.createClusterSnapshot({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'nightly' });
  // a first (full) backup outlasts the waiter's own 20 polls 15 s apart, as it would on AWS
  sim.waitFor('SnapshotAvailable', { SnapshotIdentifier: 'nightly' }, undefined, { maxAttempts: 200 });
  return sim;
}

describe('waitFor', () => {
  it('ClusterAvailable polls every 60 virtual seconds until the cluster is available', () => {
    const sim = createSimulator({ seed: 4 });
    const t0 = sim.nowMs();
    sim.createCluster({ ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' });
    const r = sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'c' });
    expect(r.state).toBe('SUCCESS');
    expect(r.attempts).toBeGreaterThan(1);
    expect(sim.nowMs() - t0).toBe((r.attempts - 1) * 60_000);
    expect(sim.describeClusters({ ClusterIdentifier: 'c' }).Clusters?.[0]?.ClusterStatus).toBe('available');
  });

  it('ClusterRestored succeeds once the restore completed, after ClusterAvailable did', () => {
    const sim = withSnapshot();
    sim.restoreFromClusterSnapshot({ ClusterIdentifier: 'dr', SnapshotIdentifier: 'nightly' });
    sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'dr' });
    const available = sim.describeClusters({ ClusterIdentifier: 'dr' }).Clusters![0]!.RestoreStatus!.Status;
    expect(['restoring', 'completed']).toContain(available);
    sim.waitFor('ClusterRestored', { ClusterIdentifier: 'dr' });
    expect(sim.describeClusters({ ClusterIdentifier: 'dr' }).Clusters![0]!.RestoreStatus!.Status).toBe('completed');
  });

  it('ClusterRestored fails on deleting', () => {
    const sim = withSnapshot();
    sim.restoreFromClusterSnapshot({ ClusterIdentifier: 'dr', SnapshotIdentifier: 'nightly' });
    while (sim.describeClusters({ ClusterIdentifier: 'dr' }).Clusters![0]!.ClusterStatus !== 'available') sim.advance(5);
    sim.deleteCluster({ ClusterIdentifier: 'dr', SkipFinalClusterSnapshot: true });
    expect(() => sim.waitFor('ClusterRestored', { ClusterIdentifier: 'dr' })).toThrow(WaiterError);
    expect(() => sim.waitFor('ClusterRestored', { ClusterIdentifier: 'dr' })).toThrow(/failure acceptor/);
  });

  it('ClusterDeleted succeeds on ClusterNotFound (an error acceptor)', () => {
    const sim = withSnapshot();
    sim.deleteCluster({ ClusterIdentifier: 'prod', SkipFinalClusterSnapshot: true });
    expect(sim.waitFor('ClusterDeleted', { ClusterIdentifier: 'prod' }).state).toBe('SUCCESS');
  });

  it('times out after the attempts, and throws a service error no acceptor names', () => {
    const sim = createSimulator({ seed: 4 });
    sim.createCluster({ ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' });
    try {
      sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'c' }, undefined, { maxAttempts: 2, delaySeconds: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WaiterError);
      expect((e as WaiterError).state).toBe('TIMEOUT');
    }
    expect(() => sim.waitFor('SnapshotAvailable', { SnapshotIdentifier: 'nope' })).toThrow(expect.objectContaining({ code: 'ClusterSnapshotNotFound' }));
  });

  it('ends with TIMEOUT at the last poll before virtual time ends, never an error of advance', () => {
    const sim = createSimulator({ seed: 4, start: Date.UTC(9999, 11, 31, 23, 59, 59, 999) - 100_000 });
    sim.createCluster({ ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' });
    try {
      sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'c' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WaiterError);
      expect((e as WaiterError).state).toBe('TIMEOUT');
      expect((e as WaiterError).attempts).toBe(2);
    }
    expect(sim.nowMs()).toBe(Date.UTC(9999, 11, 31, 23, 59, 59, 999) - 100_000 + 60_000);
  });

  it('refuses a delay finer than a millisecond (virtual time moves in whole milliseconds) before polling', () => {
    const sim = createSimulator({ seed: 4 });
    for (const delaySeconds of [0.0004, 0.0015, -1, Number.NaN]) expect(() => sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'c' }, undefined, { delaySeconds })).toThrow(RangeError);
    expect(sim.entries()).toHaveLength(1);
    sim.createCluster({ ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' });
    expect(sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'c' }, undefined, { delaySeconds: 1.1, maxAttempts: 1000 }).state).toBe('SUCCESS');
  });

  it("refuses a waiter the model does not have with a RangeError naming the ones it has (also Object's own names)", () => {
    const sim = createSimulator({ seed: 4 });
    for (const name of ['Nope', 'constructor', 'toString']) {
      expect(() => sim.waitFor(name as 'ClusterAvailable', {})).toThrow(RangeError);
      expect(() => sim.waitFor(name as 'ClusterAvailable', {})).toThrow(/one of ClusterAvailable, ClusterDeleted, ClusterRestored, SnapshotAvailable/);
    }
  });
});
