/**
 * Writes a log fixture of the current schema: a short scripted run that produces every event type
 * (clusters created, paused and resumed (through pausing and resuming), deleted with a final snapshot, restored by another account;
 * manual, automated, copied, shared, modified and deleted snapshots; retention purges). Run it once when a schema version is
 * bumped and commit the file beside the older ones, which stay as they are:
 * `npx tsx scripts/write-log-fixture.ts test/reliability/fixtures/v<N>.ndjson`; with `recovery`
 * after the path, the recovery run ({@link recoveryFixtureRun}).
 */
import { writeFileSync } from 'node:fs';
import { checksummedLine } from '../src/events/file-log.ts';
import { createSimulator, type Simulator } from '../src/sim/simulator.ts';

const OTHER = { account: '210987654321', region: 'us-east-1' };

/** The scripted run (the same calls always give the same log). */
export function fixtureRun(): Simulator {
  const sim = createSimulator({ seed: 5 });
  sim.createCluster({ ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin', ClusterType: 'multi-node', NumberOfNodes: 2 });
  sim.createCluster({ ClusterIdentifier: 'beta', NodeType: 'ra3.xlplus', MasterUsername: 'admin', AutomatedSnapshotRetentionPeriod: 1 });
  sim.advance(3_600);
  sim.createClusterSnapshot({ SnapshotIdentifier: 's1', ClusterIdentifier: 'alpha', Tags: [{ Key: 'env', Value: 'prod' }] });
  sim.createClusterSnapshot({ SnapshotIdentifier: 's2', ClusterIdentifier: 'beta', ManualSnapshotRetentionPeriod: 1 });
  sim.runUntilIdle();
  sim.authorizeSnapshotAccess({ SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER.account });
  sim.restoreFromClusterSnapshot({ ClusterIdentifier: 'dr', SnapshotIdentifier: 'S1', OwnerAccount: '123456789012' }, OTHER);
  sim.modifyClusterSnapshot({ SnapshotIdentifier: 's2', ManualSnapshotRetentionPeriod: 3 });
  sim.pauseCluster({ ClusterIdentifier: 'beta' }); // pausing: its pause snapshot, then paused
  sim.advance(1_800);
  const beta = () => (sim.describeClusters({ ClusterIdentifier: 'beta' }).Clusters as { ClusterStatus: string }[])[0]!.ClusterStatus;
  if (beta() !== 'paused') throw new Error(`the fixture run expects beta paused, not ${beta()}`);
  sim.resumeCluster({ ClusterIdentifier: 'beta' }); // resuming, then available
  sim.advance(10 * 3_600);
  const automated = sim.describeClusterSnapshots({ ClusterIdentifier: 'alpha', SnapshotType: 'automated' }).Snapshots as { SnapshotIdentifier: string; Status: string }[];
  const done = automated.find((s) => s.Status === 'available');
  if (!done) throw new Error('the fixture run expects an available automated snapshot of alpha');
  sim.copyClusterSnapshot({ SourceSnapshotIdentifier: done.SnapshotIdentifier, TargetSnapshotIdentifier: 'alpha-copy' });
  sim.runUntilIdle();
  sim.revokeSnapshotAccess({ SnapshotIdentifier: 's1', AccountWithRestoreAccess: OTHER.account });
  sim.deleteClusterSnapshot({ SnapshotIdentifier: 's1' });
  sim.batchModifyClusterSnapshots({ SnapshotIdentifierList: ['alpha-copy', 'missing'], ManualSnapshotRetentionPeriod: 2 });
  sim.deleteCluster({ ClusterIdentifier: 'alpha', FinalClusterSnapshotIdentifier: 'alpha-final' });
  sim.runUntilIdle();
  sim.advance(3 * 86_400);
  sim.batchDeleteClusterSnapshots({ Identifiers: [{ SnapshotIdentifier: 'alpha-final' }, { SnapshotIdentifier: 'nope' }] });
  sim.advance(3_600);
  return sim;
}

/**
 * The recovery run: the events of disaster recovery and of the runbooks around it — a snapshot
 * copy grant, cross-region copy of a KMS cluster's backups (automated and manual, a skipped one,
 * the copy retention lowered), a region outage that re-plans a running backup, a restore in the
 * destination, a reboot that stalls a backup, a table restore, a snapshot schedule associated and
 * changed, an event subscription, tags on a grant and a schedule, and each of them changed and
 * deleted again, with an injected API error.
 */
export function recoveryFixtureRun(): Simulator {
  const west = { account: '123456789012', region: 'us-west-2' };
  const sim = createSimulator({ seed: 9 });
  sim.createCluster({ ClusterIdentifier: 'prod', NodeType: 'ra3.xlplus', MasterUsername: 'admin', NumberOfNodes: 2, KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1' });
  sim.createSnapshotCopyGrant({ SnapshotCopyGrantName: 'dr-grant', KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/k2', Tags: [{ Key: 'team', Value: 'dr' }] }, west);
  sim.createEventSubscription({ SubscriptionName: 'ops', SnsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops', SourceType: 'cluster-snapshot' });
  sim.runUntilIdle();
  sim.enableSnapshotCopy({ ClusterIdentifier: 'prod', DestinationRegion: 'us-west-2', RetentionPeriod: 3, SnapshotCopyGrantName: 'dr-grant' });
  sim.createSnapshotSchedule({ ScheduleIdentifier: 'every12', ScheduleDefinitions: ['rate(12 hours)'], Tags: [{ Key: 'k', Value: 'v' }] });
  sim.modifyClusterSnapshotSchedule({ ClusterIdentifier: 'prod', ScheduleIdentifier: 'every12' });
  sim.createClusterSnapshot({ SnapshotIdentifier: 'm1', ClusterIdentifier: 'prod' });
  sim.runUntilIdle();
  sim.createTags({ ResourceName: 'arn:aws:redshift:us-west-2:123456789012:snapshotcopygrant:dr-grant', Tags: [{ Key: 'env', Value: 'prod' }] }, west);
  sim.advance(2 * 86_400);
  sim.modifySnapshotSchedule({ ScheduleIdentifier: 'every12', ScheduleDefinitions: ['rate(6 hours)'] });
  sim.modifySnapshotCopyRetentionPeriod({ ClusterIdentifier: 'prod', RetentionPeriod: 1 });
  sim.restoreTableFromClusterSnapshot({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'm1', SourceDatabaseName: 'dev', SourceTableName: 'sales', NewTableName: 'sales_restored' });
  sim.createClusterSnapshot({ SnapshotIdentifier: 'm2', ClusterIdentifier: 'prod' });
  sim.scheduleRegionOutage({ region: 'us-east-1', from: sim.nowMs() + 10_000, to: sim.nowMs() + 3_600_000, failure: 0 });
  sim.advance(2 * 3_600);
  sim.createClusterSnapshot({ SnapshotIdentifier: 'm3', ClusterIdentifier: 'prod' });
  sim.rebootCluster({ ClusterIdentifier: 'prod' });
  sim.runUntilIdle();
  sim.restoreFromClusterSnapshot({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'm1' }, west);
  sim.runUntilIdle();
  sim.createClusterSnapshot({ SnapshotIdentifier: 'm4', ClusterIdentifier: 'prod' }, west);
  sim.runUntilIdle();
  sim.createClusterSnapshot({ SnapshotIdentifier: 'm4', ClusterIdentifier: 'prod' }); // its copy is skipped: west has an m4
  sim.runUntilIdle();
  sim.disableSnapshotCopy({ ClusterIdentifier: 'prod' });
  sim.deleteSnapshotCopyGrant({ SnapshotCopyGrantName: 'dr-grant' }, west); // no longer in use
  sim.modifyClusterSnapshotSchedule({ ClusterIdentifier: 'prod', DisassociateSchedule: true });
  sim.deleteSnapshotSchedule({ ScheduleIdentifier: 'every12' });
  sim.modifyCluster({ ClusterIdentifier: 'prod', AutomatedSnapshotRetentionPeriod: 2 });
  sim.modifyEventSubscription({ SubscriptionName: 'ops', Severity: 'ERROR' });
  sim.deleteEventSubscription({ SubscriptionName: 'ops' });
  sim.injectApiError({ operation: 'ResumeCluster', code: 'InsufficientClusterCapacity', count: 1 });
  try {
    sim.resumeCluster({ ClusterIdentifier: 'prod' });
  } catch {
    // answered by the injected error (and logged)
  }
  sim.advance(86_400);
  return sim;
}

if (process.argv[1]?.endsWith('write-log-fixture.ts')) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: tsx scripts/write-log-fixture.ts <out.ndjson> [recovery]');
  const run = process.argv[3] === 'recovery' ? recoveryFixtureRun() : fixtureRun();
  writeFileSync(out, run.entries().map((e) => checksummedLine(e) + '\n').join(''));
  console.log(`wrote ${out}`);
}
