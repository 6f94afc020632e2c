/**
 * A snapshot schedule tightened before a migration, with the on-call told by event subscriptions:
 * prod takes automated snapshots every 12 hours on a schedule; before the migration the schedule
 * goes to every hour (and back after). A manual snapshot before the migration shows in
 * DescribeEvents (REDSHIFT-EVENT-2009 started, 3004 completed) and reaches the snapshots
 * subscription; a table dropped by the migration is restored from it; a reboot (3000) reaches the
 * cluster subscription.
 */
import { defineScenario, runIfMain } from '../src/entry/scenario.ts';

export default defineScenario({
  name: 'schedule-and-events',
  description: 'a schedule tightened to hourly before a migration, event subscriptions on the cluster and its snapshots, a table restored, a reboot',
  horizon: '2d',
  run(ctx) {
    const topic = `arn:aws:sns:${ctx.owner.region}:${ctx.owner.account}:prod-oncall`;
    const describe = () => ctx.call('DescribeClusters', { ClusterIdentifier: 'prod' }).Clusters[0];
    /** Waits until prod's schedule association is ACTIVE and returns when it became so. */
    const waitActive = (why: string): number => {
      ctx.waitFor(why, () => describe().SnapshotScheduleState === 'ACTIVE', { step: '30s', max: '15m' });
      return ctx.now();
    };
    /** prod's automated snapshots taken from `from` on. */
    const automatedSince = (from: number) =>
      ctx.snapshots({ ClusterIdentifier: 'prod', SnapshotType: 'automated' }).filter((s) => s.SnapshotCreateTime.getTime() >= from);
    /** Whether every instant is on the hour, at one of `hours` (UTC). */
    const onHours = (times: Date[], hours: (h: number) => boolean) => times.every((t) => t.getUTCMinutes() === 0 && t.getUTCSeconds() === 0 && hours(t.getUTCHours()));

    ctx.call('CreateSnapshotSchedule', { ScheduleIdentifier: 'prod-backups', ScheduleDefinitions: ['rate(12 hours)'], ScheduleDescription: 'twice a day' });
    ctx.cluster('prod', { nodes: 2, automatedRetention: 2 });
    ctx.call('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'prod', ScheduleIdentifier: 'prod-backups' });
    ctx.check(describe().SnapshotScheduleState === 'MODIFYING', 'the association is MODIFYING at first');
    const twiceDaily = waitActive('the 12-hour schedule to apply');

    ctx.call('CreateEventSubscription', { SubscriptionName: 'prod-cluster', SnsTopicArn: topic, SourceType: 'cluster', SourceIds: ['prod'] });
    ctx.call('CreateEventSubscription', { SubscriptionName: 'prod-snapshots', SnsTopicArn: topic, SourceType: 'cluster-snapshot', EventCategories: ['management', 'monitoring'] });
    const subs = ctx.call('DescribeEventSubscriptions', {}).EventSubscriptionsList as { CustSubscriptionId: string; Status: string }[];
    ctx.check(subs.length === 2 && subs.every((s) => s.Status === 'active'), 'both event subscriptions are active');

    ctx.advanceTo('1d6h');
    const daily = automatedSince(twiceDaily).map((s) => s.SnapshotCreateTime);
    ctx.check(daily.length >= 2 && onHours(daily, (h) => h % 12 === 0), `on the 12-hour schedule, prod took ${daily.length} automated snapshots, all at 00:00 or 12:00 UTC`);

    ctx.say('migration tomorrow: snapshots every hour until it is done');
    ctx.call('ModifySnapshotSchedule', { ScheduleIdentifier: 'prod-backups', ScheduleDefinitions: ['rate(1 hour)'] });
    ctx.check(describe().SnapshotScheduleState === 'MODIFYING', 'changing the schedule puts prod MODIFYING again');
    const hourly = waitActive('the hourly schedule to apply');
    ctx.advance('6h');
    const tight = automatedSince(hourly).map((s) => s.SnapshotCreateTime);
    ctx.check(tight.length >= 5 && onHours(tight, () => true), `on the hourly schedule, prod took ${tight.length} automated snapshots in 6 hours, each on the hour`);

    const noted = ctx.sim.notifications().length;
    const started = ctx.now();
    ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: 'before-migration' });
    const snap = ctx.waitForBackup('before-migration');
    ctx.check(snap?.Status === 'available', 'the manual snapshot before the migration is available');
    const events = ctx.call('DescribeEvents', { SourceType: 'cluster-snapshot', SourceIdentifier: 'before-migration', StartTime: new Date(started) }).Events as { EventId: string; Message: string }[];
    ctx.check(
      events.map((e) => e.EventId).join() === 'REDSHIFT-EVENT-2009,REDSHIFT-EVENT-3004',
      `DescribeEvents shows before-migration started (2009) and completed (3004): ${events.map((e) => e.EventId).join(', ') || 'nothing'}`,
    );
    const told = ctx.sim.notifications().slice(noted);
    ctx.check(
      told.filter((n) => n.subscription === 'prod-snapshots' && n.event.SourceIdentifier === 'before-migration').map((n) => n.event.EventId).join() === 'REDSHIFT-EVENT-2009,REDSHIFT-EVENT-3004',
      'the snapshots subscription was told of before-migration starting and completing',
    );
    ctx.check(told.every((n) => n.subscription !== 'prod-cluster'), 'the cluster subscription heard nothing of the snapshot');
    const automatedEvents = ctx.call('DescribeEvents', { SourceType: 'cluster-snapshot', Duration: 24 * 60 }).Events as { SourceIdentifier: string }[];
    ctx.check(automatedEvents.every((e) => !e.SourceIdentifier.startsWith('rs:')), 'the scheduled automated snapshots publish no events, as on AWS');

    ctx.say('the migration dropped a table: restore it from before-migration');
    const restore = ctx.call('RestoreTableFromClusterSnapshot', {
      ClusterIdentifier: 'prod',
      SnapshotIdentifier: 'before-migration',
      SourceDatabaseName: 'dev',
      SourceSchemaName: 'public',
      SourceTableName: 'orders',
      NewTableName: 'orders_restored',
    }).TableRestoreStatus as { TableRestoreRequestId: string; Status: string };
    ctx.check(restore.Status === 'PENDING', 'the table restore is PENDING at first');
    const status = () => ctx.call('DescribeTableRestoreStatus', { ClusterIdentifier: 'prod', TableRestoreRequestId: restore.TableRestoreRequestId }).TableRestoreStatusDetails[0];
    ctx.waitFor('the table restore', () => status().Status === 'SUCCEEDED' || status().Status === 'FAILED', { step: '30s', max: '6h' });
    const done = status();
    ctx.check(done.Status === 'SUCCEEDED' && done.ProgressInMegaBytes === done.TotalDataInMegaBytes, `orders is restored as ${done.NewTableName} (${done.TotalDataInMegaBytes} MB)`);

    const beforeReboot = ctx.sim.notifications().length;
    const rebootAt = ctx.now();
    ctx.call('RebootCluster', { ClusterIdentifier: 'prod' });
    ctx.check(describe().ClusterStatus === 'rebooting', 'prod is rebooting');
    ctx.waitFor('prod to come back', () => describe().ClusterStatus === 'available', { step: '30s', max: '1h' });
    const rebooted = ctx.call('DescribeEvents', { SourceType: 'cluster', SourceIdentifier: 'prod', StartTime: new Date(rebootAt) }).Events as { EventId: string; Message: string }[];
    ctx.check(rebooted.some((e) => e.EventId === 'REDSHIFT-EVENT-3000' && e.Message.includes('prod was rebooted')), 'DescribeEvents shows the reboot (REDSHIFT-EVENT-3000)');
    const toldReboot = ctx.sim.notifications().slice(beforeReboot);
    ctx.check(toldReboot.some((n) => n.subscription === 'prod-cluster' && n.event.EventId === 'REDSHIFT-EVENT-3000'), 'the cluster subscription was told of the reboot');

    ctx.say('migration done: back to twice a day');
    ctx.call('ModifySnapshotSchedule', { ScheduleIdentifier: 'prod-backups', ScheduleDefinitions: ['rate(12 hours)'] });
    const relaxed = waitActive('the 12-hour schedule to apply again');
    ctx.advance('14h');
    const after = automatedSince(relaxed).map((s) => s.SnapshotCreateTime);
    ctx.check(after.length >= 1 && onHours(after, (h) => h % 12 === 0), `back on the 12-hour schedule, prod took ${after.length} automated snapshot(s) in 14 hours, at 00:00 or 12:00 UTC`);
    ctx.metric('hourlySnapshots', tight.length);
  },
});

runIfMain(import.meta.url);
