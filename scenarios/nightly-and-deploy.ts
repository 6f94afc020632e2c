/**
 * Nightly automated snapshots plus a manual snapshot before a deploy, with retention expiring:
 * automated snapshots every 8 hours kept 2 days, a manual one kept 1 day.
 */
import { defineScenario, formatDuration, runIfMain } from '../src/entry/scenario.ts';

const RETENTION_DAYS = 2;

export default defineScenario({
  name: 'nightly-and-deploy',
  description: 'automated snapshots every 8 h kept 2 days, a manual snapshot before a deploy kept 1 day',
  horizon: '5d',
  run(ctx) {
    ctx.cluster('prod', { nodes: 2, automatedRetention: RETENTION_DAYS });
    ctx.advanceTo('1d18h');
    ctx.say('deploy window: taking a manual snapshot first, kept 1 day');
    ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: 'before-deploy-v42', ManualSnapshotRetentionPeriod: 1 });
    const creating = ctx.snapshot('before-deploy-v42')!;
    ctx.check(creating.Status === 'creating' && creating.EstimatedSecondsToCompletion === -1, 'a new snapshot is creating, with the ETA unknown (-1) at first');
    const snap = ctx.waitForBackup('before-deploy-v42')!;
    ctx.say(`before-deploy-v42 is ${snap.Status} after ${formatDuration(snap.ElapsedTimeInSeconds)}; deploying v42`);
    ctx.check(snap.Status === 'available', 'the pre-deploy snapshot became available');
    ctx.check(snap.BackupProgressInMegaBytes === snap.ActualIncrementalBackupSizeInMegaBytes && snap.EstimatedSecondsToCompletion === 0, 'an available snapshot reports full progress and ETA 0');
    ctx.check(snap.ManualSnapshotRemainingDays === 1, 'the manual snapshot has 1 day of retention left');

    ctx.advance('1d1h');
    ctx.check(ctx.snapshot('before-deploy-v42') === undefined, 'the manual snapshot was removed when its 1-day retention ended');

    ctx.advanceTo('5d');
    const autos = ctx.snapshots({ ClusterIdentifier: 'prod', SnapshotType: 'automated' });
    const taken = ctx.sim.entries().flatMap((e) => e.events).filter((e) => e.type === 'SnapshotCreated' && e.kind === 'automated').length;
    ctx.say(`${taken} automated snapshots taken so far, ${autos.length} kept`);
    ctx.check(taken >= 13 && taken <= 15, `about three automated snapshots a day were taken (${taken} in 5 days)`);
    const tooOld = autos.slice(0, -1).filter((s) => ctx.now() - s.SnapshotCreateTime.getTime() > (RETENTION_DAYS * 24 + 1) * 3_600_000);
    ctx.check(tooOld.length === 0, `no automated snapshot outlives its ${RETENTION_DAYS}-day retention (${autos.length} kept)`);
    ctx.check(autos.length >= 5 && autos.length <= 8, `about ${RETENTION_DAYS} days of automated snapshots are kept (${autos.length})`);
  },
});

runIfMain(import.meta.url);
