/**
 * Decider specifications of the snapshot commands: the exact events each decides from a history
 * (drawn transfer plans pinned for seed 7), or the exact code it refuses with.
 */
import { describe, expect, it } from 'vitest';
import { given } from './spec.ts';
import {
  accessAuthorized,
  at,
  availableCluster,
  availableSnapshot,
  clusterPaused,
  DAY,
  DONE,
  HOUR,
  PAUSE_SNAPSHOT,
  pausedCluster,
  OTHER,
  OWNER,
  READY,
  ref,
  snapshotCreated,
  snapshotTransitioned,
  TAKEN,
  THIRD,
} from './events.ts';

const alpha = availableCluster('alpha');
/** Cluster alpha with an available manual snapshot s1 (taken at TAKEN, done at DONE). */
const s1 = [...alpha, ...availableSnapshot('s1', 'alpha')];
/** The same, s1 shared with OTHER. */
const shared = [...s1, accessAuthorized('s1', OTHER)];
/** An automated snapshot of alpha, taken 8 hours after it became ready. */
const AUTO = 'rs:alpha-2025-01-01-08-05-00';
const auto = availableSnapshot(AUTO, 'alpha', { kind: 'automated', createTime: READY + 8 * HOUR, retention: 1 });
const S1_ARN = 'arn:aws:redshift:us-east-1:123456789012:snapshot:alpha/s1';

describe('CreateClusterSnapshot', () => {
  it('starts a full backup of an available cluster, with a drawn transfer plan', () => {
    given(...alpha)
      .at(TAKEN)
      .when('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 's1' })
      .then([
        {
          type: 'SnapshotCreated',
          ref: ref('s1'),
          clusterId: 'alpha',
          kind: 'manual',
          createTime: TAKEN,
          totalMb: 8010,
          incrementalMb: 8010,
          plan: { points: [0, 0, 24, 0, 206, 1335, 350, 2670, 460, 4005, 549, 5340, 631, 6675, 748, 8010], knownAt: 24, outcome: 'available' },
          retention: -1,
          tags: [],
        },
      ]);
  });

  it('after a completed backup, backs up only what changed since, with the cluster retention and the tags given', () => {
    given(...availableCluster('alpha', { manualRetention: 10 }), ...availableSnapshot('s1', 'alpha'))
      .at(TAKEN + 3 * HOUR)
      .when('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 's2', Tags: [{ Key: 'k', Value: 'v' }] })
      .then([
        {
          type: 'SnapshotCreated',
          ref: ref('s2'),
          clusterId: 'alpha',
          kind: 'manual',
          createTime: TAKEN + 3 * HOUR,
          totalMb: 8040, // 8000 + 0.5 × 20 MB/h × 4 h
          incrementalMb: 60, // 20 MB/h × 3 h since s1 started
          plan: { points: [0, 0, 21, 0, 22, 10, 23, 20, 24, 30, 25, 40, 26, 50, 27, 60], knownAt: 21, outcome: 'available' },
          retention: 10,
          tags: [{ Key: 'k', Value: 'v' }],
        },
      ]);
  });

  it('refuses a cluster that is not available (paused)', () => {
    given(...alpha, clusterPaused('alpha')).when('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 's1' }).thenError('InvalidClusterState');
  });

  it('refuses an identifier already taken', () => {
    given(...s1).when('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 's1' }).thenError('ClusterSnapshotAlreadyExists');
  });

  it('refuses a snapshot beyond the manual snapshot quota', () => {
    given(...s1)
      .withConfig({ quotas: { manualSnapshots: 1 } })
      .when('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 's2' })
      .thenError('ClusterSnapshotQuotaExceeded');
  });

  it('refuses a cluster that does not exist', () => {
    given().when('CreateClusterSnapshot', { ClusterIdentifier: 'ghost', SnapshotIdentifier: 's1' }).thenError('ClusterNotFound');
  });
});

describe('CopyClusterSnapshot', () => {
  it('copies an available automated snapshot into a new manual one, with a drawn plan and the source recorded', () => {
    given(...alpha, ...auto)
      .at(READY + 9 * HOUR)
      .when('CopyClusterSnapshot', { SourceSnapshotIdentifier: AUTO, TargetSnapshotIdentifier: 'keep' })
      .then([
        {
          type: 'SnapshotCreated',
          ref: ref('keep'),
          clusterId: 'alpha',
          kind: 'copy',
          createTime: READY + 9 * HOUR,
          totalMb: 8000,
          incrementalMb: 8000,
          plan: {
            points: [0, 0, 16, 0, 128, 1333.333, 308, 2666.666, 478, 3999.999, 560, 5333.332, 641, 6666.665, 791, 8000],
            knownAt: 16,
            outcome: 'available',
          },
          retention: -1,
          tags: [],
          source: AUTO,
        },
      ]);
  });

  it('refuses a manual source', () => {
    given(...s1).when('CopyClusterSnapshot', { SourceSnapshotIdentifier: 's1', TargetSnapshotIdentifier: 'keep' }).thenError('InvalidClusterSnapshotState');
  });

  it('refuses an automated source still creating', () => {
    given(...alpha, snapshotCreated(AUTO, 'alpha', { kind: 'automated', createTime: READY + 8 * HOUR, retention: 1 }))
      .when('CopyClusterSnapshot', { SourceSnapshotIdentifier: AUTO, TargetSnapshotIdentifier: 'keep' })
      .thenError('InvalidClusterSnapshotState');
  });

  it('refuses the latest automated snapshot of a paused cluster (its pause snapshot)', () => {
    given(...alpha, ...pausedCluster())
      .at(TAKEN + HOUR)
      .when('CopyClusterSnapshot', { SourceSnapshotIdentifier: PAUSE_SNAPSHOT, TargetSnapshotIdentifier: 'keep' })
      .thenError('InvalidClusterSnapshotState');
  });

  it('refuses a target identifier already taken', () => {
    given(...s1, ...auto).when('CopyClusterSnapshot', { SourceSnapshotIdentifier: AUTO, TargetSnapshotIdentifier: 's1' }).thenError('ClusterSnapshotAlreadyExists');
  });
});

describe('DeleteClusterSnapshot', () => {
  it('deletes an available manual snapshot', () => {
    given(...s1).when('DeleteClusterSnapshot', { SnapshotIdentifier: 's1' }).then([snapshotTransitioned('s1', 'DELETE')]);
  });

  it('deletes a failed manual snapshot', () => {
    const failed = { points: [0, 0, 10, 0, 40, 2000], knownAt: 10, outcome: 'failed' as const };
    given(...alpha, snapshotCreated('s1', 'alpha', { plan: failed }), at(TAKEN + 40_000, snapshotTransitioned('s1', 'FAIL')))
      .when('DeleteClusterSnapshot', { SnapshotIdentifier: 's1' })
      .then([snapshotTransitioned('s1', 'DELETE')]);
  });

  it('refuses while the snapshot is shared with another account', () => {
    given(...shared).when('DeleteClusterSnapshot', { SnapshotIdentifier: 's1' }).thenError('InvalidClusterSnapshotState');
  });

  it('refuses while the backup is still running', () => {
    given(...alpha, snapshotCreated('s1', 'alpha')).when('DeleteClusterSnapshot', { SnapshotIdentifier: 's1' }).thenError('InvalidClusterSnapshotState');
  });

  it('refuses an automated snapshot', () => {
    given(...alpha, ...auto).when('DeleteClusterSnapshot', { SnapshotIdentifier: AUTO }).thenError('InvalidClusterSnapshotState');
  });

  it('refuses a snapshot named with another cluster', () => {
    given(...s1).when('DeleteClusterSnapshot', { SnapshotIdentifier: 's1', SnapshotClusterIdentifier: 'beta' }).thenError('ClusterSnapshotNotFound');
  });
});

describe('ModifyClusterSnapshot', () => {
  it('changes the retention period of an available manual snapshot', () => {
    given(...s1)
      .when('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 7 })
      .then([{ type: 'SnapshotRetentionChanged', ref: ref('s1'), retention: 7 }]);
  });

  it('decides nothing when the retention period is already the one asked', () => {
    given(...availableCluster('alpha'), ...availableSnapshot('s1', 'alpha', { retention: 7 }))
      .when('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 7 })
      .then([]);
  });

  it('with Force, purges a snapshot whose new retention period has already ended', () => {
    given(...s1)
      .at(DONE + 2 * DAY)
      .when('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 1, Force: true })
      .then([snapshotTransitioned('s1', 'PURGE')]);
  });

  it('without Force, refuses a retention period that has already ended', () => {
    given(...s1)
      .at(DONE + 2 * DAY)
      .when('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 1 })
      .thenError('InvalidRetentionPeriodFault');
  });

  it('with Force, still refuses to purge a shared snapshot', () => {
    given(...shared)
      .at(DONE + 2 * DAY)
      .when('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 1, Force: true })
      .thenError('InvalidClusterSnapshotState');
  });

  it('refuses a retention period out of range (the rules table)', () => {
    given(...s1).when('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 0 }).thenError('InvalidRetentionPeriodFault');
  });

  it('refuses a snapshot still creating', () => {
    given(...alpha, snapshotCreated('s1', 'alpha'))
      .when('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 7 })
      .thenError('InvalidClusterSnapshotState');
  });
});

describe('AuthorizeSnapshotAccess', () => {
  it('authorizes another account to restore an available manual snapshot', () => {
    given(...s1)
      .when('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER })
      .then([{ type: 'SnapshotAccessAuthorized', ref: ref('s1'), grantee: OTHER }]);
  });

  it('finds the snapshot by its ARN as well', () => {
    given(...s1)
      .when('AuthorizeSnapshotAccess', { SnapshotArn: S1_ARN, AccountWithRestoreAccess: OTHER })
      .then([{ type: 'SnapshotAccessAuthorized', ref: ref('s1'), grantee: OTHER }]);
  });

  it('refuses an account already authorized', () => {
    given(...shared).when('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER }).thenError('AuthorizationAlreadyExists');
  });

  it('refuses the owner itself', () => {
    given(...s1).when('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OWNER.account }).thenError('InvalidParameterValue');
  });

  it('refuses an account beyond the authorization quota', () => {
    given(...shared)
      .withConfig({ quotas: { authorizationsPerSnapshot: 1 } })
      .when('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: THIRD })
      .thenError('AuthorizationQuotaExceeded');
  });

  it('refuses a snapshot still creating', () => {
    given(...alpha, snapshotCreated('s1', 'alpha'))
      .when('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER })
      .thenError('InvalidClusterSnapshotState');
  });

  it('refuses an automated snapshot', () => {
    given(...alpha, ...auto).when('AuthorizeSnapshotAccess', { SnapshotIdentifier: AUTO, AccountWithRestoreAccess: OTHER }).thenError('InvalidClusterSnapshotState');
  });
});

describe('RevokeSnapshotAccess', () => {
  it("revokes an account's authorization", () => {
    given(...shared)
      .when('RevokeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER })
      .then([{ type: 'SnapshotAccessRevoked', ref: ref('s1'), grantee: OTHER }]);
  });

  it('refuses an account that is not authorized', () => {
    given(...shared).when('RevokeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: THIRD }).thenError('AuthorizationNotFound');
  });

  it("denies a grantee revoking on the owner's snapshot by ARN", () => {
    given(...shared)
      .when('RevokeSnapshotAccess', { SnapshotArn: S1_ARN, AccountWithRestoreAccess: OTHER }, { account: OTHER, region: OWNER.region })
      .thenError('AccessToSnapshotDenied');
  });
});

describe('BatchDeleteClusterSnapshots', () => {
  it('deletes what it can and reports each failure in the reply, not as a refusal', () => {
    const reply = given(...s1, snapshotCreated('s2', 'alpha', { createTime: DONE }))
      .when('BatchDeleteClusterSnapshots', { Identifiers: [{ SnapshotIdentifier: 's1' }, { SnapshotIdentifier: 's2' }] })
      .then([snapshotTransitioned('s1', 'DELETE')]);
    expect(reply).toEqual({
      Resources: ['s1'],
      Errors: [{ SnapshotIdentifier: 's2', FailureCode: 'InvalidClusterSnapshotState', FailureReason: expect.any(String) }],
    });
  });

  it('deletes a snapshot named twice once, the second time not found', () => {
    const reply = given(...s1)
      .when('BatchDeleteClusterSnapshots', { Identifiers: [{ SnapshotIdentifier: 's1' }, { SnapshotIdentifier: 's1' }] })
      .then([snapshotTransitioned('s1', 'DELETE')]);
    expect(reply).toEqual({
      Resources: ['s1'],
      Errors: [{ SnapshotIdentifier: 's1', FailureCode: 'ClusterSnapshotNotFound', FailureReason: expect.any(String) }],
    });
  });
});

describe('BatchModifyClusterSnapshots', () => {
  it('changes the retention of the snapshots it finds and reports the others', () => {
    const reply = given(...s1)
      .when('BatchModifyClusterSnapshots', { SnapshotIdentifierList: ['s1', 'ghost'], ManualSnapshotRetentionPeriod: 7 })
      .then([{ type: 'SnapshotRetentionChanged', ref: ref('s1'), retention: 7 }]);
    expect(reply).toEqual({
      Resources: ['s1'],
      Errors: [{ SnapshotIdentifier: 'ghost', FailureCode: 'ClusterSnapshotNotFound', FailureReason: expect.any(String) }],
    });
  });
});
