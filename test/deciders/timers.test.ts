/**
 * Decider specifications of scheduled service work: the exact events `decideTimer` decides when a
 * record's due time comes (a cluster ready or gone, a backup ending, a retention ending, an
 * automated snapshot due). Drawn figures are pinned for seed 7.
 */
import { describe, expect, it } from 'vitest';
import { given } from './spec.ts';
import {
  at,
  availableCluster,
  availableSnapshot,
  clusterCreated,
  clusterTransitioned,
  DONE,
  HOUR,
  PAUSE_SNAPSHOT,
  pausedCluster,
  pausingCluster,
  DAY,
  MINUTE,
  READY,
  ref,
  snapshotCreated,
  snapshotTransitioned,
  TAKEN,
} from './events.ts';

const alpha = availableCluster('alpha');
const AUTO = 'rs:alpha-2025-01-01-08-05-00';
/** An automated snapshot of alpha with a one-day retention, taken 8 hours after it became ready. */
const auto = availableSnapshot(AUTO, 'alpha', { kind: 'automated', createTime: READY + 8 * HOUR, retention: 1 });
const failedPlan = { points: [0, 0, 10, 0, 40, 2000], knownAt: 10, outcome: 'failed' as const };
const deletingWithFinal = [...alpha, at(TAKEN, clusterTransitioned('alpha', 'DELETE_WITH_FINAL_SNAPSHOT', { finalSnapshotId: 'alpha-final' }))];

describe('a cluster due time', () => {
  it('makes a creating cluster available at its ready time', () => {
    given(clusterCreated('alpha')).whenTimer('ClusterDue', 'alpha').then([clusterTransitioned('alpha', 'READY')]);
  });

  it('removes a deleting cluster: its automated snapshots are purged and its running manual backup cancelled', () => {
    given(...alpha, ...auto, snapshotCreated('s1', 'alpha', { createTime: READY + 10 * HOUR }), clusterTransitioned('alpha', 'DELETE', { dueAt: READY + 10 * HOUR + 2 * MINUTE }))
      .whenTimer('ClusterDue', 'alpha')
      .then([snapshotTransitioned(AUTO, 'PURGE'), snapshotTransitioned('s1', 'CANCEL'), { type: 'ClusterRemoved', ref: ref('alpha') }]);
  });
});

describe('pausing and resuming', () => {
  it('waits, at the end of the pausing time, for a pause snapshot still running', () => {
    given(...alpha, ...pausingCluster({ plan: { points: [0, 0, 10, 0, 600, 8000], knownAt: 10, outcome: 'available' } }))
      .whenTimer('ClusterDue', 'alpha')
      .then([]);
  });

  it('pauses the cluster when its pause snapshot ends after the pausing time', () => {
    given(...alpha, ...pausingCluster({ plan: { points: [0, 0, 10, 0, 600, 8000], knownAt: 10, outcome: 'available' } }))
      .whenTimer('SnapshotDue', PAUSE_SNAPSHOT)
      .then([snapshotTransitioned(PAUSE_SNAPSHOT, 'COMPLETE'), clusterTransitioned('alpha', 'PAUSE_DONE')]);
  });

  it('leaves the cluster pausing when its pause snapshot ends first; the pausing time then pauses it', () => {
    given(...alpha, ...pausingCluster()).whenTimer('SnapshotDue', PAUSE_SNAPSHOT).then([snapshotTransitioned(PAUSE_SNAPSHOT, 'COMPLETE')]);
    given(...alpha, ...pausingCluster(), at(DONE, snapshotTransitioned(PAUSE_SNAPSHOT, 'COMPLETE'))).whenTimer('ClusterDue', 'alpha').then([clusterTransitioned('alpha', 'PAUSE_DONE')]);
  });

  it('pauses the cluster even when its pause snapshot fails', () => {
    given(...alpha, ...pausingCluster({ plan: { ...failedPlan, points: [0, 0, 10, 0, 600, 2000] } }))
      .whenTimer('SnapshotDue', PAUSE_SNAPSHOT)
      .then([snapshotTransitioned(PAUSE_SNAPSHOT, 'FAIL'), clusterTransitioned('alpha', 'PAUSE_DONE')]);
  });

  it('makes a resuming cluster available at the end of its resuming time', () => {
    given(...alpha, ...pausedCluster(), at(TAKEN + HOUR, clusterTransitioned('alpha', 'BEGIN_RESUME', { dueAt: TAKEN + HOUR + 10 * MINUTE })))
      .whenTimer('ClusterDue', 'alpha')
      .then([clusterTransitioned('alpha', 'RESUME_DONE')]);
  });

  it('has no automated snapshot due while pausing or paused (not even after the pause snapshot)', () => {
    expect(() => given(...alpha, ...pausingCluster()).whenTimer('Automated', 'alpha')).toThrow(/has no Automated due time/);
    expect(() => given(...alpha, ...pausedCluster()).whenTimer('Automated', 'alpha')).toThrow(/has no Automated due time/);
  });
});

describe('a snapshot due time', () => {
  it('completes a backup whose plan succeeds', () => {
    given(...alpha, snapshotCreated('s1', 'alpha')).whenTimer('SnapshotDue', 's1').then([snapshotTransitioned('s1', 'COMPLETE')]);
  });

  it('fails a backup whose plan fails', () => {
    given(...alpha, snapshotCreated('s1', 'alpha', { plan: failedPlan })).whenTimer('SnapshotDue', 's1').then([snapshotTransitioned('s1', 'FAIL')]);
  });

  it('completes a final snapshot and sends its cluster deleting, with a drawn end time', () => {
    given(...deletingWithFinal, snapshotCreated('alpha-final', 'alpha', { kind: 'final' }))
      .whenTimer('SnapshotDue', 'alpha-final')
      .then([snapshotTransitioned('alpha-final', 'COMPLETE'), clusterTransitioned('alpha', 'FINAL_SNAPSHOT_TAKEN', { dueAt: 1735693331000 })]); // end + 61 s
  });

  it('sends the cluster deleting even when its final snapshot fails (pinned as it is today)', () => {
    given(...deletingWithFinal, snapshotCreated('alpha-final', 'alpha', { kind: 'final', plan: failedPlan }))
      .whenTimer('SnapshotDue', 'alpha-final')
      .then([snapshotTransitioned('alpha-final', 'FAIL'), clusterTransitioned('alpha', 'FINAL_SNAPSHOT_TAKEN', { dueAt: 1735693405000 })]); // end + 165 s
  });

  it('purges a manual snapshot whose retention period has ended', () => {
    given(...alpha, ...availableSnapshot('s1', 'alpha', { retention: 1 })).whenTimer('SnapshotDue', 's1').then([snapshotTransitioned('s1', 'PURGE')]);
  });

  it('keeps the latest automated snapshot past its retention period', () => {
    given(...alpha, ...auto).whenTimer('SnapshotDue', AUTO).then([]);
  });

  it('once a newer automated backup completes, purges the older ones whose retention has ended', () => {
    const AUTO2 = 'rs:alpha-2025-01-03-08-05-00';
    given(...alpha, ...auto, snapshotCreated(AUTO2, 'alpha', { kind: 'automated', createTime: READY + 8 * HOUR + 2 * DAY, retention: 1 }))
      .whenTimer('SnapshotDue', AUTO2)
      .then([snapshotTransitioned(AUTO2, 'COMPLETE'), snapshotTransitioned(AUTO, 'PURGE')]);
  });
});

describe('an automated schedule due time', () => {
  it('takes an automated snapshot eight hours after the cluster became ready, with drawn figures', () => {
    given(...alpha)
      .whenTimer('Automated', 'alpha')
      .then([
        {
          type: 'SnapshotCreated',
          ref: ref(AUTO),
          clusterId: 'alpha',
          kind: 'automated',
          createTime: READY + 8 * HOUR,
          totalMb: 8080.8, // 8000 + 0.5 × 20 MB/h × 8 h 5 min
          incrementalMb: 8080.8,
          plan: {
            points: [0, 0, 27, 0, 149, 1346.8, 244, 2693.6, 416, 4040.4, 589, 5387.2, 686, 6734, 792, 8080.8],
            knownAt: 27,
            outcome: 'available',
          },
          retention: 1,
          tags: [],
        },
      ]);
  });
});
