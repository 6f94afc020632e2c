/**
 * Decider specifications of RebootCluster: `rebooting` for a seeded time (pinned for seed 7), the
 * backups running then stalled until it ends (one SnapshotTransferStalled each), the reboot's end
 * a logged REBOOTED; refused unless the cluster is available.
 */
import { describe, it } from 'vitest';
import { given } from './spec.ts';
import { at, availableCluster, clusterTransitioned, DONE, MINUTE, ref, snapshotCreated, TAKEN } from './events.ts';

const REBOOT_AT = TAKEN + 20_000;
/** The seeded end of a reboot of alpha at REBOOT_AT (196 s later). */
const REBOOTED_AT = 1735693416000;

describe('RebootCluster', () => {
  it('reboots an available cluster for a seeded time, and stalls the backup running until then', () => {
    given(...availableCluster('alpha'), snapshotCreated('s2', 'alpha'))
      .at(REBOOT_AT)
      .when('RebootCluster', { ClusterIdentifier: 'alpha' })
      .then([
        clusterTransitioned('alpha', 'REBOOT', { dueAt: REBOOTED_AT }),
        { type: 'SnapshotTransferStalled', ref: ref('s2'), from: REBOOT_AT, to: REBOOTED_AT },
      ]);
  });

  it('stalls no backup that has ended', () => {
    given(...availableCluster('alpha'), snapshotCreated('s2', 'alpha'), at(DONE, { type: 'SnapshotTransitioned', ref: ref('s2'), event: 'COMPLETE' }))
      .at(REBOOT_AT + 60 * MINUTE)
      .when('RebootCluster', { ClusterIdentifier: 'alpha' })
      .then([clusterTransitioned('alpha', 'REBOOT', { dueAt: 1735697075000 })]);
  });

  it('ends with REBOOTED when its time is up', () => {
    given(...availableCluster('alpha'), at(REBOOT_AT, clusterTransitioned('alpha', 'REBOOT', { dueAt: REBOOTED_AT }))).whenTimer('ClusterDue', 'alpha').then([clusterTransitioned('alpha', 'REBOOTED')]);
  });

  it('is refused while the cluster is rebooting already, or not available: InvalidClusterState', () => {
    given(...availableCluster('alpha'), at(REBOOT_AT, clusterTransitioned('alpha', 'REBOOT', { dueAt: REBOOTED_AT }))).when('RebootCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
    given(...availableCluster('alpha'), at(REBOOT_AT, clusterTransitioned('alpha', 'OUTAGE'))).when('RebootCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
  });

  it('an injected outage\'s end does not end a reboot (only REBOOTED does)', () => {
    const outage = { ...snapshotCreated('s2', 'alpha'), outage: [REBOOT_AT + 60_000, REBOOT_AT + 120_000] as [number, number] };
    // the reboot moved the outage ahead of it to after its end, so the outage's end is no longer due during it
    given(...availableCluster('alpha'), outage, at(REBOOT_AT, clusterTransitioned('alpha', 'REBOOT', { dueAt: REBOOTED_AT }))).whenTimer('OutageEnd', 'alpha').then([]);
  });

  it('refuses an unknown cluster: ClusterNotFound', () => {
    given(...availableCluster('alpha')).when('RebootCluster', { ClusterIdentifier: 'nope' }).thenError('ClusterNotFound');
  });
});
