/**
 * Writes a log fixture of the current schema: a short scripted run that produces every event type
 * (clusters created, paused and resumed (through pausing and resuming), deleted with a final snapshot, restored by another account;
 * manual, automated, copied, shared, modified and deleted snapshots; retention purges). Run it once when a schema version is
 * bumped and commit the file beside the older ones, which stay as they are:
 * `npx tsx scripts/write-log-fixture.ts test/reliability/fixtures/v<N>.ndjson`.
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

if (process.argv[1]?.endsWith('write-log-fixture.ts')) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: tsx scripts/write-log-fixture.ts <out.ndjson>');
  writeFileSync(out, fixtureRun().entries().map((e) => checksummedLine(e) + '\n').join(''));
  console.log(`wrote ${out}`);
}
