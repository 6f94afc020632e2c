/**
 * Disaster recovery across regions: production in us-east-1 copies every backup to us-west-2;
 * after a seeded stretch of normal days, us-east-1 goes down for half a day. The runbook finds the
 * newest restorable copy in us-west-2 and restores production there. Records the RPO (age of the
 * data restored when the region was lost) and the RTO (from the loss to the restore completed);
 * `snapsim sweep` prints their distributions.
 */
import { defineScenario, formatDuration, runIfMain, type SnapshotView } from '../src/entry/scenario.ts';

const SOURCE = 'us-east-1';
const DR = 'us-west-2';
const HOUR = 3_600_000;

export default defineScenario({
  name: 'region-outage-dr',
  description: 'lose the primary region, restore the newest cross-region copy in the DR region: RPO and RTO',
  horizon: '5d',
  config: { faults: { backupFailure: 0.05, throttle: 0.2 }, copyRates: { [`${SOURCE}>${DR}`]: 40 } },
  run(ctx) {
    const dr = { account: ctx.owner.account, region: DR };
    ctx.cluster('prod', { nodes: 2, nodeType: 'ra3.xlplus', automatedRetention: 3 });
    ctx.call('EnableSnapshotCopy', { ClusterIdentifier: 'prod', DestinationRegion: DR, RetentionPeriod: 3 });
    ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: 'before-migration' });

    // the loss comes at a seeded moment of the second or third day
    ctx.advance(24 * 3600 + ((ctx.seed * 7_919) % (48 * 3600)));
    const lost = ctx.now();
    ctx.sim.scheduleRegionOutage({ region: SOURCE, to: lost + 12 * HOUR, failure: 0.5 });
    ctx.say(`${SOURCE} is down for 12 hours`);
    ctx.expectError('ServiceUnavailable', () => ctx.call('DescribeClusters', { ClusterIdentifier: 'prod' }), `${SOURCE} answers 503 ServiceUnavailable`);

    const copies = ctx.snapshots({ ClusterIdentifier: 'prod' }, dr).filter((s) => s.Status === 'available');
    ctx.check(copies.length > 0, `${DR} holds ${copies.length} restorable copies of prod`);
    const newest = copies.reduce<SnapshotView | undefined>((a, s) => (a === undefined || s.SnapshotCreateTime > a.SnapshotCreateTime ? s : a), undefined);
    if (newest === undefined) return;
    ctx.check(newest.SourceRegion === SOURCE, `the newest copy, ${newest.SnapshotIdentifier}, came from ${SOURCE}`);
    const rpo = (lost - newest.SnapshotCreateTime.getTime()) / 1000;
    ctx.metric('rpoSeconds', rpo);
    ctx.say(`restoring ${newest.SnapshotIdentifier} (${formatDuration(rpo)} old) in ${DR}`);

    ctx.call('RestoreFromClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: newest.SnapshotIdentifier }, dr);
    ctx.waitFor('the restore in the DR region', () => {
      const c = ctx.call('DescribeClusters', { ClusterIdentifier: 'prod' }, dr).Clusters[0];
      return c.RestoreStatus?.Status === 'completed' || c.RestoreStatus?.Status === 'failed';
    }, { step: '5m', max: '2d' });
    const restored = ctx.call('DescribeClusters', { ClusterIdentifier: 'prod' }, dr).Clusters[0];
    ctx.check(restored.ClusterStatus === 'available' && restored.RestoreStatus.Status === 'completed', `prod is restored in ${DR} (${restored.NodeType} × ${restored.NumberOfNodes})`);
    // the RTO ends when the restore did (the log's ClusterRestoreEnded), not at the poll that saw it
    const ended = [...ctx.sim.entries()].reverse().find((e) => e.events.some((ev) => ev.type === 'ClusterRestoreEnded' && ev.ref.id === 'prod' && ev.ref.region === DR));
    ctx.metric('rtoSeconds', ((ended?.at ?? ctx.now()) - lost) / 1000);
    ctx.check(rpo <= 24 * 3600, `RPO ${formatDuration(rpo)} is within a day (the copies kept cover it)`);

    ctx.advanceTo((lost + 12 * HOUR - ctx.sim.state.start) / 1000);
    ctx.check(ctx.call('DescribeClusters', { ClusterIdentifier: 'prod' }).Clusters[0].ClusterStatus === 'available', `${SOURCE} answers again once the outage is over`);
  },
});

runIfMain(import.meta.url);
