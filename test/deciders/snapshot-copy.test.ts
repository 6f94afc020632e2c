/**
 * Decider specifications of cross-region snapshot copy: the events EnableSnapshotCopy and
 * ModifySnapshotCopyRetentionPeriod decide, and what a completed backup of a copy-enabled
 * cluster starts in the destination (drawn transfer plan pinned for seed 7), or why it is skipped.
 */
import { describe, it } from 'vitest';
import type { SnapshotCopyEnabled, SnapshotCopyStarted } from '../../src/events/types.ts';
import { given } from './spec.ts';
import { at, availableCluster, availableSnapshot, DAY, DONE, OWNER, PLAN, ref, snapshotCompleted, snapshotCreated, snapshotTransitioned, TAKEN } from './events.ts';

const WEST = { account: OWNER.account, region: 'us-west-2' };
const alpha = availableCluster('alpha');
const copyOn = (o: Partial<SnapshotCopyEnabled> = {}): SnapshotCopyEnabled => ({ type: 'SnapshotCopyEnabled', ref: ref('alpha'), destinationRegion: 'us-west-2', retention: 7, manualRetention: -1, ...o });
/** The copy of `id` (taken at TAKEN, 8000 MB) that starts in us-west-2 when its backup completes at DONE. */
const copyStarted = (id: string, o: Partial<SnapshotCopyStarted> = {}): SnapshotCopyStarted => ({
  type: 'SnapshotCopyStarted',
  ref: ref(id, WEST),
  source: ref(id),
  snapshotType: 'manual',
  createTime: TAKEN,
  totalMb: 8000,
  incrementalMb: 8000,
  // 70 s of waiting for the source (no progress), then the drawn copy: window 0 of alpha's copy stream
  plan: { points: [0, 0, 70, 0, 99, 0, 119, 1333.333, 143, 2666.666, 174, 3999.999, 217, 5333.332, 243, 6666.665, 271, 8000], knownAt: 99, outcome: 'available' },
  retention: -1,
  ...o,
});

describe('EnableSnapshotCopy', () => {
  it('decides the copy settings, with AWS\'s defaults', () => {
    given(...alpha).at(DONE).when('EnableSnapshotCopy', { ClusterIdentifier: 'alpha', DestinationRegion: 'us-west-2' }).then([copyOn()]);
  });

  it('names the grant and both periods when given', () => {
    given(...alpha)
      .at(DONE)
      .when('EnableSnapshotCopy', { ClusterIdentifier: 'alpha', DestinationRegion: 'us-west-2', RetentionPeriod: 3, ManualSnapshotRetentionPeriod: 30 })
      .then([copyOn({ retention: 3, manualRetention: 30 })]);
  });

  it('refuses a second destination: SnapshotCopyAlreadyEnabledFault', () => {
    given(...alpha, copyOn()).at(DONE).when('EnableSnapshotCopy', { ClusterIdentifier: 'alpha', DestinationRegion: 'eu-west-1' }).thenError('SnapshotCopyAlreadyEnabledFault');
  });
});

describe('a backup completing with copy enabled', () => {
  it('starts its copy in the destination: same identifier and type, the source\'s create time, the whole snapshot first', () => {
    given(...alpha, copyOn(), snapshotCreated('s1', 'alpha')).whenTimer('SnapshotDue', 's1').then([snapshotCompleted('s1'), copyStarted('s1')]);
  });

  it('copies only the increment once a copy has arrived, and keeps a copied manual snapshot for the manual copy period', () => {
    given(...alpha, copyOn({ manualRetention: 5 }), ...availableSnapshot('s1', 'alpha'), at(DONE, copyStarted('s1')), at(DONE + 3_600_000, snapshotTransitioned('s1', 'COMPLETE', WEST)), snapshotCreated('s2', 'alpha', { createTime: TAKEN + DAY, incrementalMb: 300 }))
      .whenTimer('SnapshotDue', 's2')
      .then([
        snapshotCompleted('s2'),
        copyStarted('s2', { createTime: TAKEN + DAY, incrementalMb: 300, retention: 5, plan: { points: [0, 0, 70, 0, 75, 0, 76, 50, 77, 100, 78, 150, 79, 200, 80, 250, 81, 300], knownAt: 75, outcome: 'available' } }),
      ]);
  });

  it('keeps a copied automated snapshot for the automated copy period', () => {
    const AUTO = 'rs:alpha-2025-01-01-01-00-00';
    given(...alpha, copyOn({ retention: 3 }), snapshotCreated(AUTO, 'alpha', { kind: 'automated', retention: 1 }))
      .whenTimer('SnapshotDue', AUTO)
      .then([snapshotCompleted(AUTO), copyStarted(AUTO, { snapshotType: 'automated', retention: 3, plan: { points: [0, 0, 70, 0, 99, 0, 119, 1333.333, 143, 2666.666, 174, 3999.999, 217, 5333.332, 243, 6666.665, 271, 8000], knownAt: 99, outcome: 'available' } })]);
  });

  it('skips the copy when the destination holds a snapshot of that identifier', () => {
    const west = availableCluster('w1', { caller: WEST });
    given(...alpha, ...west, ...availableSnapshot('s1', 'w1', { caller: WEST }), copyOn(), snapshotCreated('s1', 'alpha'))
      .whenTimer('SnapshotDue', 's1')
      .then([snapshotCompleted('s1'), { type: 'SnapshotCopySkipped', ref: ref('s1', WEST), source: ref('s1'), reason: 'exists' }]);
  });

  it('copies nothing of a failed backup, nor of a same-region copy', () => {
    const failed = { points: [0, 0, 10, 0, 40, 2000], knownAt: 10, outcome: 'failed' as const };
    given(...alpha, copyOn(), snapshotCreated('s1', 'alpha', { plan: failed })).whenTimer('SnapshotDue', 's1').then([snapshotTransitioned('s1', 'FAIL')]);
    given(...alpha, ...availableSnapshot('s0', 'alpha'), copyOn(), snapshotCreated('s1', 'alpha', { kind: 'copy', source: 's0', plan: PLAN }))
      .whenTimer('SnapshotDue', 's1')
      .then([snapshotCompleted('s1')]);
  });
});

describe('ModifySnapshotCopyRetentionPeriod', () => {
  const AUTO = 'rs:alpha-2025-01-01-01-00-00';
  const copied = [...alpha, copyOn({ retention: 10 }), ...availableSnapshot(AUTO, 'alpha', { kind: 'automated' }), at(DONE, copyStarted(AUTO, { snapshotType: 'automated', retention: 10 }))];
  it('gives existing automated copies the new period', () => {
    given(...copied, at(DONE + 300_000, snapshotCompleted(AUTO, WEST)))
      .at(DONE + DAY)
      .when('ModifySnapshotCopyRetentionPeriod', { ClusterIdentifier: 'alpha', RetentionPeriod: 2 })
      .then([{ type: 'SnapshotCopyRetentionChanged', ref: ref('alpha'), retention: 2, manual: false }, { type: 'SnapshotRetentionChanged', ref: ref(AUTO, WEST), retention: 2 }]);
  });

  it('deletes at once the automated copies outside a lowered period', () => {
    given(...copied, at(DONE + 300_000, snapshotCompleted(AUTO, WEST)))
      .at(DONE + 2 * DAY)
      .when('ModifySnapshotCopyRetentionPeriod', { ClusterIdentifier: 'alpha', RetentionPeriod: 1 })
      .then([{ type: 'SnapshotCopyRetentionChanged', ref: ref('alpha'), retention: 1, manual: false }, snapshotTransitioned(AUTO, 'PURGE', WEST)]);
  });

  it('with Manual, changes only the period of manual snapshots copied from now on', () => {
    given(...copied)
      .at(DONE + DAY)
      .when('ModifySnapshotCopyRetentionPeriod', { ClusterIdentifier: 'alpha', RetentionPeriod: 30, Manual: true })
      .then([{ type: 'SnapshotCopyRetentionChanged', ref: ref('alpha'), retention: 30, manual: true }]);
  });
});
