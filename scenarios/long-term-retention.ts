/**
 * Long-term retention: automated snapshots are kept 1 day, so each day the newest one is copied
 * to a manual snapshot kept a year, before it expires.
 */
import { defineScenario, runIfMain, type SnapshotView } from '../src/entry/scenario.ts';

const DAYS = 5;

export default defineScenario({
  name: 'long-term-retention',
  description: 'copy the newest automated snapshot to a manual one kept a year, every day',
  horizon: `${DAYS + 2}d`,
  run(ctx) {
    ctx.cluster('warehouse', { nodes: 2, automatedRetention: 1 });
    const copies: { id: string; source: SnapshotView }[] = [];
    for (let day = 1; day <= DAYS; day++) {
      ctx.advanceTo(`${day}d`);
      const latest = ctx.snapshots({ ClusterIdentifier: 'warehouse', SnapshotType: 'automated' }).filter((s) => s.Status === 'available').at(-1);
      if (!ctx.check(latest !== undefined, `day ${day}: an available automated snapshot exists to copy`)) continue;
      const id = `ltr-${new Date(ctx.now()).toISOString().slice(0, 10)}`;
      ctx.call('CopyClusterSnapshot', { SourceSnapshotIdentifier: latest!.SnapshotIdentifier, TargetSnapshotIdentifier: id, ManualSnapshotRetentionPeriod: 365 });
      copies.push({ id, source: latest! });
      ctx.waitForBackup(id);
    }
    ctx.expectError('InvalidClusterSnapshotState', () => ctx.call('CopyClusterSnapshot', { SourceSnapshotIdentifier: copies[0]!.id, TargetSnapshotIdentifier: 'copy-of-copy' }), 'only automated snapshots can be copied');

    ctx.advance('2d');
    for (const { id, source } of copies) {
      const copy = ctx.snapshot(id);
      ctx.check(copy?.Status === 'available' && copy.SnapshotType === 'manual' && copy.ManualSnapshotRetentionPeriod === 365, `${id} is a manual snapshot kept 365 days`);
      ctx.check(copy?.TotalBackupSizeInMegaBytes === source.TotalBackupSizeInMegaBytes, `${id} holds the data of ${source.SnapshotIdentifier}`);
    }
    const gone = copies.filter(({ source }) => ctx.snapshot(source.SnapshotIdentifier) === undefined).length;
    ctx.check(gone === copies.length, `every copied automated snapshot has since expired (${gone}/${copies.length}); the copies remain`);
  },
});

runIfMain(import.meta.url);
