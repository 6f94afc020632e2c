/**
 * Cross-account disaster recovery: share a manual snapshot with a DR account, the grantee sees it,
 * only the owner manages access, and access is revoked before the snapshot is deleted.
 */
import { defineScenario, runIfMain } from '../src/entry/scenario.ts';

const DR = '210987654321';
const ID = 'dr-weekly';

export default defineScenario({
  name: 'cross-account-dr',
  description: 'share a snapshot with a disaster-recovery account, then revoke before deleting it',
  horizon: '3d',
  run(ctx) {
    ctx.cluster('prod', { nodes: 4 });
    ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: ID });
    ctx.expectError('InvalidClusterSnapshotState', () => ctx.call('AuthorizeSnapshotAccess', { SnapshotIdentifier: ID, AccountWithRestoreAccess: DR }), 'a snapshot still being created cannot be shared');
    const snap = ctx.waitForBackup(ID)!;
    ctx.check(snap.Status === 'available', `${ID} is available`);
    ctx.check(ctx.snapshot(ID, DR) === undefined, 'the DR account cannot see it before it is shared');

    ctx.call('AuthorizeSnapshotAccess', { SnapshotIdentifier: ID, AccountWithRestoreAccess: DR });
    const theirs = ctx.snapshot(ID, DR);
    ctx.check(theirs?.OwnerAccount === ctx.owner.account, 'the DR account now sees the shared snapshot, owned by production');
    ctx.check(theirs?.AccountsWithRestoreAccess === undefined, 'the grantee does not see who else has access');
    ctx.check(ctx.snapshots({}, DR).length === 1, 'it is the only snapshot the DR account sees');
    const ours = ctx.snapshot(ID)!;
    ctx.check(JSON.stringify(ours.AccountsWithRestoreAccess) === JSON.stringify([{ AccountId: DR }]), 'the owner sees the DR account in AccountsWithRestoreAccess');
    ctx.expectError('AccessToSnapshotDenied', () => ctx.call('RevokeSnapshotAccess', { SnapshotArn: ours.SnapshotArn, AccountWithRestoreAccess: DR }, DR), 'the grantee cannot change access');

    ctx.advance('2d');
    ctx.say('the DR drill is over; cleaning up');
    ctx.expectError('InvalidClusterSnapshotState', () => ctx.call('DeleteClusterSnapshot', { SnapshotIdentifier: ID }), 'a shared snapshot cannot be deleted');
    ctx.call('RevokeSnapshotAccess', { SnapshotIdentifier: ID, AccountWithRestoreAccess: DR });
    ctx.check(ctx.snapshot(ID, DR) === undefined, 'after revocation the DR account no longer sees it');
    ctx.call('DeleteClusterSnapshot', { SnapshotIdentifier: ID });
    ctx.check(ctx.snapshot(ID) === undefined, 'the snapshot is deleted');
  },
});

runIfMain(import.meta.url);
