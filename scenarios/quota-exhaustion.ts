/**
 * Quota exhaustion and recovery: the manual snapshot quota (set to 5 here) and the 20-account
 * sharing limit, hit, refused with AWS's codes, and recovered from by deleting and revoking.
 */
import { defineScenario, runIfMain } from '../src/entry/scenario.ts';

const QUOTA = 5;
const account = (i: number) => String(100_000_000_000 + i);

export default defineScenario({
  name: 'quota-exhaustion',
  description: 'hit the manual snapshot quota and the 20-account sharing limit, then recover',
  horizon: '1d',
  config: { quotas: { manualSnapshots: QUOTA } },
  run(ctx) {
    ctx.cluster('prod');
    for (let i = 1; i <= QUOTA; i++) {
      ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: `daily-${i}` });
      ctx.waitForBackup(`daily-${i}`);
      ctx.advance('1h');
    }
    ctx.expectError('ClusterSnapshotQuotaExceeded', () => ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: 'daily-6' }), `snapshot ${QUOTA + 1} is refused`);
    ctx.advanceTo('9h');
    const auto = ctx.snapshots({ SnapshotType: 'automated' }).find((s) => s.Status === 'available');
    if (ctx.check(auto !== undefined, 'an automated snapshot exists (automated ones do not count toward the quota)')) {
      ctx.expectError('ClusterSnapshotQuotaExceeded', () => ctx.call('CopyClusterSnapshot', { SourceSnapshotIdentifier: auto!.SnapshotIdentifier, TargetSnapshotIdentifier: 'keep-auto' }), 'copying to a manual snapshot counts too');
    }

    ctx.say('recovering: deleting the two oldest manual snapshots');
    const out = ctx.call('BatchDeleteClusterSnapshots', { Identifiers: [{ SnapshotIdentifier: 'daily-1' }, { SnapshotIdentifier: 'daily-2' }] });
    ctx.check(out.Resources.length === 2 && out.Errors.length === 0, 'both deletions succeeded');
    ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: 'daily-6' });
    ctx.check(ctx.waitForBackup('daily-6')?.Status === 'available', 'with room again, a new snapshot is taken');

    ctx.say('sharing daily-3 with 20 accounts');
    for (let i = 1; i <= 20; i++) ctx.sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'daily-3', AccountWithRestoreAccess: account(i) });
    ctx.check(ctx.snapshot('daily-3')!.AccountsWithRestoreAccess.length === 20, 'daily-3 is shared with 20 accounts');
    ctx.expectError('AuthorizationQuotaExceeded', () => ctx.call('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'daily-3', AccountWithRestoreAccess: account(21) }), 'a 21st account is refused');
    ctx.call('RevokeSnapshotAccess', { SnapshotIdentifier: 'daily-3', AccountWithRestoreAccess: account(1) });
    ctx.call('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'daily-3', AccountWithRestoreAccess: account(21) });
    ctx.check(ctx.snapshot('daily-3', account(21))?.Status === 'available', 'after a revocation the 21st account gets access');
    ctx.check(ctx.snapshot('daily-3', account(1)) === undefined, 'the revoked account lost it');
  },
});

runIfMain(import.meta.url);
