import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.ts';
import { copyGrantLifecycleCommands, InvariantTracker, lifecycleCommands, scheduleLifecycleCommands, seedWorld, subscriptionLifecycleCommands, tableRestoreLifecycleCommands, tagLifecycleCommands, type Model, type Real } from '../../src/testing/index.ts';
import { commandsReplayPath, propertiesOf } from './replayable.ts';

const property = propertiesOf(import.meta.url);

const world = (sim: Simulator, replayEveryStep = true): Real => ({ sim, tracker: new InvariantTracker(sim, { everyPrefix: replayEveryStep }), replayEveryStep });
const quotas = { manualSnapshots: 3, authorizationsPerSnapshot: 2, copyGrants: 2 };
const faults = { backupFailure: 0.15, clusterOutage: 0.15, throttle: 0.2, outageSeconds: [60, 1800] as [number, number], restoreFailure: 0.15, copyFailure: 0.15 };

describe('lifecycle invariants over random command sequences', () => {
  property('hold after every step, and replaying the log equals the live state at every prefix', () =>
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), lifecycleCommands(50, { replayPath: commandsReplayPath() }), (seed, cmds) => {
      const sim = createSimulator({ seed, quotas, faults });
      seedWorld(sim);
      fc.modelRun(() => ({ model: { accepted: 0, rejected: 0 } satisfies Model, real: world(sim) }), cmds);
    }),
  );

  property('hold under calls weighted to tagging, every refusal a code AWS declares for its operation', () =>
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), tagLifecycleCommands(40, { replayPath: commandsReplayPath() }), (seed, cmds) => {
      const sim = createSimulator({ seed, quotas, faults });
      seedWorld(sim);
      fc.modelRun(() => ({ model: { accepted: 0, rejected: 0 } satisfies Model, real: world(sim) }), cmds);
    }),
  );

  property('hold under calls weighted to snapshot copy grants: replaying rebuilds the grants at every prefix', () =>
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), copyGrantLifecycleCommands(40, { replayPath: commandsReplayPath() }), (seed, cmds) => {
      const sim = createSimulator({ seed, quotas, faults });
      seedWorld(sim);
      fc.modelRun(() => ({ model: { accepted: 0, rejected: 0 } satisfies Model, real: world(sim) }), cmds);
    }),
  );

  property('hold under calls weighted to table restores and reboots: one table restore per cluster, progress up to the total, reboots end on time', () =>
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), tableRestoreLifecycleCommands(40, { replayPath: commandsReplayPath() }), (seed, cmds) => {
      const sim = createSimulator({ seed, quotas, faults: { ...faults, tableRestoreFailure: 0.2 } });
      seedWorld(sim);
      fc.modelRun(() => ({ model: { accepted: 0, rejected: 0 } satisfies Model, real: world(sim) }), cmds);
    }),
  );

  property('hold under calls weighted to snapshot schedules: automated snapshots only at invocations, schedules in use never deleted, replay at every prefix', () =>
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), scheduleLifecycleCommands(40, { replayPath: commandsReplayPath() }), (seed, cmds) => {
      const sim = createSimulator({ seed, quotas: { ...quotas, snapshotSchedules: 3 }, faults });
      seedWorld(sim);
      fc.modelRun(() => ({ model: { accepted: 0, rejected: 0 } satisfies Model, real: world(sim) }), cmds);
    }),
  );

  property('hold under calls weighted to event subscriptions: notifications only for enabled subscriptions whose filters match, replay at every prefix', () =>
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), subscriptionLifecycleCommands(40, { replayPath: commandsReplayPath() }), (seed, cmds) => {
      const sim = createSimulator({ seed, quotas: { ...quotas, eventSubscriptions: 2 }, faults });
      seedWorld(sim);
      fc.modelRun(() => ({ model: { accepted: 0, rejected: 0 } satisfies Model, real: world(sim) }), cmds);
    }),
  );

  property('the same seed and the same commands give a byte-identical log', () =>
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), lifecycleCommands(40, { replayPath: commandsReplayPath() }), (seed, cmds) => {
      const logs = [0, 1].map(() => {
        const sim = createSimulator({ seed, quotas, faults });
        seedWorld(sim);
        fc.modelRun(() => ({ model: { accepted: 0, rejected: 0 }, real: world(sim, false) }), cmds);
        return sim.encodeLog();
      });
      expect(logs[1]).toBe(logs[0]);
    }),
  );
});

describe('seeds', () => {
  const story = (seed: number) => {
    const sim = createSimulator({ seed });
    sim.execute('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' });
    sim.runUntilIdle();
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 's1' });
    sim.advance(120);
    return sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 's1' }).Snapshots[0];
  };

  it('a different seed changes the progress figures', () => {
    const a = story(1);
    const b = story(2);
    expect([a.BackupProgressInMegaBytes, a.TotalBackupSizeInMegaBytes]).not.toEqual([b.BackupProgressInMegaBytes, b.TotalBackupSizeInMegaBytes]);
  });

  it("adding a snapshot does not change another snapshot's figures", () => {
    const run = (extra: boolean) => {
      const sim = createSimulator({ seed: 7 });
      sim.execute('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' });
      sim.execute('CreateCluster', { ClusterIdentifier: 'beta', NodeType: 'ra3.xlplus', MasterUsername: 'admin', NumberOfNodes: 2 });
      sim.runUntilIdle();
      if (extra) sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'beta', SnapshotIdentifier: 'extra' });
      sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 'watched' });
      const seen = [];
      for (let i = 0; i < 5; i++) {
        sim.advance(90);
        seen.push(sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 'watched' }).Snapshots[0]);
      }
      return seen;
    };
    expect(run(true)).toEqual(run(false));
  });
});
