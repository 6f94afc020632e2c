import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.ts';
import { emptyState } from '../src/model/state.ts';
import { apply, evolve } from '../src/model/evolve.ts';
import { deepEqual } from '../src/testing/invariants.ts';

describe('evolve: the pure form of apply', () => {
  const sim = createSimulator({ seed: 3 });
  sim.createCluster({ ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
  sim.createClusterSnapshot({ ClusterIdentifier: 'alpha', SnapshotIdentifier: 's1' });
  sim.runUntilIdle();
  sim.authorizeSnapshotAccess({ SnapshotIdentifier: 's1', AccountWithRestoreAccess: '210987654321' });
  const entries = sim.entries();
  const started = entries[0]!.events[0]!;
  if (started.type !== 'SimulationStarted') throw new Error('log must start with SimulationStarted');

  it('folds the log into a state deep-equal to apply, leaving every earlier state untouched', () => {
    let pure = emptyState(started.seed, started.start, started.config);
    const mutable = emptyState(started.seed, started.start, started.config);
    const snapshots: string[] = [];
    for (const entry of entries) {
      for (const e of entry.events) {
        const before = JSON.stringify([...pure.partitions.keys()]);
        const next = evolve(pure, e, entry.at);
        expect(JSON.stringify([...pure.partitions.keys()])).toBe(before);
        pure = next;
        apply(mutable, e, entry.at);
      }
      snapshots.push(String(pure.nextSeq));
    }
    expect(deepEqual(pure.partitions, mutable.partitions)).toBe(true);
    expect(deepEqual(pure.partitions, sim.state.partitions)).toBe(true);
  });
});
