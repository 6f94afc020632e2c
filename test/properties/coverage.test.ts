/**
 * The lifecycle arbitraries reach the paths the invariants guard: a property that never shares a
 * snapshot proves nothing about sharing. Counts outcomes over a fixed seed (deterministic), so a
 * change to the arbitraries that starves a path fails here. SHOW_OUTCOMES=1 prints the counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/index.ts';
import { copyGrantLifecycleCommands, InvariantTracker, lifecycleCommands, scheduleLifecycleCommands, seedWorld, subscriptionLifecycleCommands, tableRestoreLifecycleCommands, tagLifecycleCommands, type Model } from '../../src/testing/index.ts';

const quotas = { manualSnapshots: 3, authorizationsPerSnapshot: 2, copyGrants: 2 };
const faults = { backupFailure: 0.15, clusterOutage: 0.15, throttle: 0.2, outageSeconds: [60, 1800] as [number, number] };

/**
 * Runs one sampled command sequence; a failure (an invariant the tracker finds broken) names the
 * run — its simulator seed and commands — and the command that reruns this test (the sample's
 * seed is fixed, so the same run fails again).
 */
function runNamed(seed: number, cmds: Iterable<unknown>, run: () => void): void {
  try {
    run();
  } catch (e) {
    const test = expect.getState().currentTestName ?? '';
    const title = test.split(' > ').at(-1) ?? test;
    throw new Error(`${(e as Error).message}\n  in the sampled run with simulator seed ${seed}: ${[...cmds].map(String).join(', ')}\n  rerun: npx vitest run test/properties/coverage.test.ts -t '${title.replace(/'/g, "'\\''")}'`, { cause: e });
  }
}

describe('the lifecycle arbitraries', () => {
  it('authorize, hit the authorization quota and revoke, often, over a fixed seed', () => {
    const outcomes: Record<string, number> = {};
    const runs = fc.sample(fc.tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), lifecycleCommands(50)), { seed: 42, numRuns: 130 });
    for (const [seed, cmds] of runs) {
      const sim = createSimulator({ seed, quotas, faults });
      seedWorld(sim);
      const model: Model = { accepted: 0, rejected: 0, outcomes };
      runNamed(seed, cmds, () => fc.modelRun(() => ({ model, real: { sim, tracker: new InvariantTracker(sim), replayEveryStep: false } }), cmds));
      // restores that ended, by target family (an RA3 target shows no figures: the checks read its transfer)
      for (const p of sim.state.partitions.values()) {
        for (const c of p.clusters.values()) {
          if (c.restore === null || c.restore.outcome === 'restoring') continue;
          const key = `restore ${c.restore.outcome} into ${c.profile.nodeType.slice(0, 3)}`;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
        }
      }
    }
    if (process.env.SHOW_OUTCOMES) console.log(Object.entries(outcomes).sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
    expect(outcomes['AuthorizeSnapshotAccess ok'] ?? 0).toBeGreaterThanOrEqual(50);
    expect(outcomes['AuthorizeSnapshotAccess AuthorizationQuotaExceeded'] ?? 0).toBeGreaterThanOrEqual(5);
    expect(outcomes['RevokeSnapshotAccess ok'] ?? 0).toBeGreaterThanOrEqual(20);
    expect(outcomes['DescribeStorage ok'] ?? 0).toBeGreaterThanOrEqual(20);
    expect(outcomes['RestoreFromClusterSnapshot ok'] ?? 0).toBeGreaterThanOrEqual(10);
    expect(outcomes['RestoreFromClusterSnapshot AccessToSnapshotDenied'] ?? 0).toBeGreaterThanOrEqual(1);
    expect(outcomes['restore completed into dc2'] ?? 0).toBeGreaterThanOrEqual(3);
    expect(outcomes['restore completed into ra3'] ?? 0).toBeGreaterThanOrEqual(3);
    expect(outcomes['EnableSnapshotCopy ok'] ?? 0).toBeGreaterThanOrEqual(10);
    expect(outcomes['EnableSnapshotCopy SnapshotCopyAlreadyEnabledFault'] ?? 0).toBeGreaterThanOrEqual(1);
    expect(outcomes['DisableSnapshotCopy ok'] ?? 0).toBeGreaterThanOrEqual(3);
    expect(outcomes['ModifySnapshotCopyRetentionPeriod ok'] ?? 0).toBeGreaterThanOrEqual(3);
    expect(outcomes['PauseCluster ok'] ?? 0).toBeGreaterThanOrEqual(5);
    expect(outcomes['ResumeCluster ok'] ?? 0).toBeGreaterThanOrEqual(1);
    expect(outcomes['BatchDeleteClusterSnapshots ok'] ?? 0).toBeGreaterThanOrEqual(10);
    expect(outcomes['BatchModifyClusterSnapshots ok'] ?? 0).toBeGreaterThanOrEqual(10);
    expect(outcomes['RebootCluster ok'] ?? 0).toBeGreaterThanOrEqual(10);
    // injected API errors (logged answers, replayed as they were)
    expect(outcomes['RestoreFromClusterSnapshot InsufficientClusterCapacity'] ?? 0).toBeGreaterThanOrEqual(2);
    expect(outcomes['ResumeCluster InsufficientClusterCapacity'] ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('tag, untag, meet the tag limit and describe tags, often, over a fixed seed', () => {
    const outcomes: Record<string, number> = {};
    const runs = fc.sample(fc.tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), tagLifecycleCommands(40)), { seed: 42, numRuns: 30 });
    for (const [seed, cmds] of runs) {
      const sim = createSimulator({ seed, quotas, faults });
      seedWorld(sim);
      const model: Model = { accepted: 0, rejected: 0, outcomes };
      runNamed(seed, cmds, () => fc.modelRun(() => ({ model, real: { sim, tracker: new InvariantTracker(sim), replayEveryStep: false } }), cmds));
    }
    if (process.env.SHOW_OUTCOMES) console.log(Object.entries(outcomes).filter(([k]) => k.includes('Tags')).sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
    expect(outcomes['CreateTags ok'] ?? 0).toBeGreaterThanOrEqual(100);
    expect(outcomes['CreateTags TagLimitExceededFault'] ?? 0).toBeGreaterThanOrEqual(3);
    expect(outcomes['CreateTags ResourceNotFoundFault'] ?? 0).toBeGreaterThanOrEqual(5);
    expect(outcomes['DeleteTags ok'] ?? 0).toBeGreaterThanOrEqual(20);
    expect(outcomes['DescribeTags ok'] ?? 0).toBeGreaterThanOrEqual(20);
  });

  it('create grants to the quota, tag, describe and delete them, often, over a fixed seed', () => {
    const outcomes: Record<string, number> = {};
    const runs = fc.sample(fc.tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), copyGrantLifecycleCommands(40)), { seed: 42, numRuns: 50 });
    for (const [seed, cmds] of runs) {
      const sim = createSimulator({ seed, quotas, faults });
      seedWorld(sim);
      const model: Model = { accepted: 0, rejected: 0, outcomes };
      runNamed(seed, cmds, () => fc.modelRun(() => ({ model, real: { sim, tracker: new InvariantTracker(sim), replayEveryStep: false } }), cmds));
    }
    if (process.env.SHOW_OUTCOMES) console.log(Object.entries(outcomes).filter(([k]) => k.includes('Grant') || k.includes('Tags') || k.includes('SnapshotCopy')).sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
    expect(outcomes['CreateSnapshotCopyGrant ok'] ?? 0).toBeGreaterThanOrEqual(40);
    expect(outcomes['CreateSnapshotCopyGrant SnapshotCopyGrantAlreadyExistsFault'] ?? 0).toBeGreaterThanOrEqual(5);
    expect(outcomes['CreateSnapshotCopyGrant SnapshotCopyGrantQuotaExceededFault'] ?? 0).toBeGreaterThanOrEqual(5);
    expect(outcomes['DeleteSnapshotCopyGrant ok'] ?? 0).toBeGreaterThanOrEqual(10);
    expect(outcomes['DescribeSnapshotCopyGrants ok'] ?? 0).toBeGreaterThanOrEqual(10);
    expect(outcomes['EnableSnapshotCopy ok'] ?? 0).toBeGreaterThanOrEqual(5);
    expect(outcomes['DeleteSnapshotCopyGrant InvalidSnapshotCopyGrantStateFault'] ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('restore tables, meet one in progress and a name created already, and reboot, often, over a fixed seed', () => {
    const outcomes: Record<string, number> = {};
    const runs = fc.sample(fc.tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), tableRestoreLifecycleCommands(40)), { seed: 42, numRuns: 40 });
    for (const [seed, cmds] of runs) {
      const sim = createSimulator({ seed, quotas, faults: { ...faults, tableRestoreFailure: 0.2 } });
      seedWorld(sim);
      const model: Model = { accepted: 0, rejected: 0, outcomes };
      runNamed(seed, cmds, () => fc.modelRun(() => ({ model, real: { sim, tracker: new InvariantTracker(sim), replayEveryStep: false } }), cmds));
    }
    if (process.env.SHOW_OUTCOMES) console.log(Object.entries(outcomes).filter(([k]) => k.includes('Table') || k.includes('Reboot')).sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
    expect(outcomes['RestoreTableFromClusterSnapshot ok'] ?? 0).toBeGreaterThanOrEqual(40);
    expect(outcomes['RestoreTableFromClusterSnapshot InProgressTableRestoreQuotaExceededFault'] ?? 0).toBeGreaterThanOrEqual(5);
    expect(outcomes['RestoreTableFromClusterSnapshot InvalidTableRestoreArgument'] ?? 0).toBeGreaterThanOrEqual(5);
    expect(outcomes['DescribeTableRestoreStatus ok'] ?? 0).toBeGreaterThanOrEqual(10);
    expect(outcomes['DescribeTableRestoreStatus TableRestoreNotFoundFault'] ?? 0).toBeGreaterThanOrEqual(5);
    expect(outcomes['RebootCluster ok'] ?? 0).toBeGreaterThanOrEqual(20);
    expect(outcomes['RebootCluster InvalidClusterState'] ?? 0).toBeGreaterThanOrEqual(3);
  });

  it('create schedules to the quota, associate clusters, modify, delete and describe them, often, over a fixed seed', () => {
    const outcomes: Record<string, number> = {};
    const runs = fc.sample(fc.tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), scheduleLifecycleCommands(40)), { seed: 42, numRuns: 40 });
    for (const [seed, cmds] of runs) {
      const sim = createSimulator({ seed, quotas: { ...quotas, snapshotSchedules: 3 }, faults });
      seedWorld(sim);
      const model: Model = { accepted: 0, rejected: 0, outcomes };
      runNamed(seed, cmds, () => fc.modelRun(() => ({ model, real: { sim, tracker: new InvariantTracker(sim), replayEveryStep: false } }), cmds));
    }
    if (process.env.SHOW_OUTCOMES) console.log(Object.entries(outcomes).filter(([k]) => k.includes('Schedule')).sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
    for (const outcome of [
      'CreateSnapshotSchedule ok',
      'CreateSnapshotSchedule SnapshotScheduleAlreadyExists',
      'CreateSnapshotSchedule InvalidSchedule',
      'ModifyClusterSnapshotSchedule ok',
      'ModifySnapshotSchedule ok',
      'DeleteSnapshotSchedule ok',
      'DeleteSnapshotSchedule InvalidClusterSnapshotScheduleState',
      'DescribeSnapshotSchedules ok',
    ]) expect(outcomes[outcome] ?? 0, outcome).toBeGreaterThanOrEqual(3);
  });
  it('create subscriptions to the quota, modify, delete and describe them, and notify, often, over a fixed seed', () => {
    const outcomes: Record<string, number> = {};
    let notified = 0;
    const runs = fc.sample(fc.tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), subscriptionLifecycleCommands(40)), { seed: 42, numRuns: 40 });
    for (const [seed, cmds] of runs) {
      const sim = createSimulator({ seed, quotas: { ...quotas, eventSubscriptions: 2 }, faults });
      seedWorld(sim);
      const model: Model = { accepted: 0, rejected: 0, outcomes };
      runNamed(seed, cmds, () => fc.modelRun(() => ({ model, real: { sim, tracker: new InvariantTracker(sim), replayEveryStep: false } }), cmds));
      notified += sim.notifications().length;
    }
    if (process.env.SHOW_OUTCOMES) console.log(Object.entries(outcomes).filter(([k]) => k.includes('Event')).sort().map(([k, v]) => `${k}: ${v}`).join('\n'), `\nnotifications: ${notified}`);
    for (const outcome of [
      'CreateEventSubscription ok',
      'CreateEventSubscription SubscriptionAlreadyExist',
      'CreateEventSubscription EventSubscriptionQuotaExceeded',
      'CreateEventSubscription SNSInvalidTopic',
      'CreateEventSubscription SubscriptionCategoryNotFound',
      'CreateEventSubscription SubscriptionSeverityNotFound',
      'CreateEventSubscription InvalidParameterValue',
      'CreateEventSubscription SourceNotFound',
      'ModifyEventSubscription ok',
      'ModifyEventSubscription SubscriptionNotFound',
      'DeleteEventSubscription ok',
      'DeleteEventSubscription SubscriptionNotFound',
      'DescribeEventSubscriptions ok',
      'DescribeEvents ok',
    ]) expect(outcomes[outcome] ?? 0, outcome).toBeGreaterThanOrEqual(3);
    expect(notified).toBeGreaterThanOrEqual(20);
  });
});
