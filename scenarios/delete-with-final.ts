/**
 * Deleting a cluster with a final snapshot while automated snapshots exist: the final snapshot
 * is taken and outlives the cluster with the manual ones; the automated ones go with the cluster.
 */
import { defineScenario, runIfMain } from '../src/entry/scenario.ts';

export default defineScenario({
  name: 'delete-with-final',
  description: 'delete a cluster with a final snapshot while it has automated snapshots',
  horizon: '12d',
  run(ctx) {
    ctx.cluster('legacy', { nodes: 2, automatedRetention: 7 });
    ctx.advanceTo('2d');
    ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'legacy', SnapshotIdentifier: 'legacy-keep' });
    ctx.waitForBackup('legacy-keep');
    const autos = ctx.snapshots({ ClusterIdentifier: 'legacy', SnapshotType: 'automated' });
    ctx.check(autos.length >= 5, `the cluster has automated snapshots (${autos.length})`);

    ctx.say('decommissioning legacy');
    ctx.expectError('InvalidParameterCombination', () => ctx.call('DeleteCluster', { ClusterIdentifier: 'legacy' }), 'deleting needs a final snapshot identifier or SkipFinalClusterSnapshot');
    ctx.call('DeleteCluster', { ClusterIdentifier: 'legacy', FinalClusterSnapshotIdentifier: 'legacy-final' });
    ctx.check(ctx.call('DescribeClusters', { ClusterIdentifier: 'legacy' }).Clusters[0].ClusterStatus === 'final-snapshot', 'the cluster is taking its final snapshot');
    ctx.check(ctx.snapshot('legacy-final')?.Status === 'final snapshot', "the final snapshot's status is `final snapshot`");
    ctx.expectError('InvalidClusterState', () => ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'legacy', SnapshotIdentifier: 'too-late' }), 'no new snapshots while it is being deleted');

    ctx.idle();
    ctx.expectError('ClusterNotFound', () => ctx.call('DescribeClusters', { ClusterIdentifier: 'legacy' }), 'the cluster is gone');
    ctx.check(ctx.snapshots({ SnapshotType: 'automated' }).length === 0, 'its automated snapshots went with it');
    const final = ctx.snapshot('legacy-final');
    ctx.check(final?.Status === 'available' && final.SnapshotType === 'manual' && final.ManualSnapshotRetentionPeriod === -1, 'the final snapshot is an available manual snapshot kept indefinitely');
    ctx.check(ctx.snapshot('legacy-keep')?.Status === 'available', 'the earlier manual snapshot is kept');

    ctx.advance('10d');
    const left = ctx.snapshots({ ClusterIdentifier: 'legacy', ClusterExists: false }).map((s) => s.SnapshotIdentifier).sort();
    ctx.check(JSON.stringify(left) === JSON.stringify(['legacy-final', 'legacy-keep']), `ten days later both manual snapshots remain (${left.join(', ')})`);
  },
});

runIfMain(import.meta.url);
