/**
 * Two accounts and two regions over HTTP, each an SDK v3 client with its own access key and
 * region: each sees only its own snapshots and clusters plus the snapshots shared with it in
 * that region; the grantee sees a shared snapshot with its OwnerAccount but not who else may
 * restore it; after a revoke it no longer sees it.
 */
import {
  AuthorizeSnapshotAccessCommand,
  ClusterNotFoundFault,
  ClusterSnapshotNotFoundFault,
  CreateClusterCommand,
  CreateClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  RedshiftClient,
  RevokeSnapshotAccessCommand,
  type Snapshot,
} from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.ts';

const ALICE = '111111111111';
const BOB = '222222222222';
const CAROL = '333333333333';

let server: RunningServer;
const clients: RedshiftClient[] = [];

/** An SDK client signing with `accessKeyId` in `region`. */
function as(accessKeyId: string, region: string): RedshiftClient {
  const c = new RedshiftClient({ region, credentials: { accessKeyId, secretAccessKey: 'x' }, endpoint: server.url, maxAttempts: 1 });
  clients.push(c);
  return c;
}

let aliceUs: RedshiftClient, aliceEu: RedshiftClient, bobUs: RedshiftClient, bobEu: RedshiftClient, carolUs: RedshiftClient;

const runUntilIdle = async () => expect((await fetch(`${server.url}/_snapsim/clock/run-until-idle`, { method: 'POST' })).status).toBe(200);
const cluster = (id: string) =>
  new CreateClusterCommand({ ClusterIdentifier: id, NodeType: 'ra3.xlplus', NumberOfNodes: 2, MasterUsername: 'admin', MasterUserPassword: 'Passw0rd1' });
const snapshot = (id: string, clusterId: string) => new CreateClusterSnapshotCommand({ SnapshotIdentifier: id, ClusterIdentifier: clusterId });
async function visible(c: RedshiftClient, input: ConstructorParameters<typeof DescribeClusterSnapshotsCommand>[0] = {}): Promise<Snapshot[]> {
  return (await c.send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'manual', ...input }))).Snapshots ?? [];
}
const ids = (snaps: Snapshot[]) => snaps.map((s) => `${s.OwnerAccount}:${s.SnapshotIdentifier}`).sort();

beforeAll(async () => {
  // AKIDALICE is mapped by the config; Bob and Carol sign with 12-digit keys (the key is the account).
  server = await startServer({ port: 0, seed: 33, clock: 'manual', config: { accounts: { AKIDALICE: ALICE } } });
  aliceUs = as('AKIDALICE', 'us-east-1');
  aliceEu = as('AKIDALICE', 'eu-west-1');
  bobUs = as(BOB, 'us-east-1');
  bobEu = as(BOB, 'eu-west-1');
  carolUs = as(CAROL, 'us-east-1');

  await aliceUs.send(cluster('shared-name')); // the same cluster and snapshot names in every partition
  await aliceEu.send(cluster('shared-name'));
  await bobUs.send(cluster('shared-name'));
  await bobEu.send(cluster('bob-eu'));
  await runUntilIdle();
  await aliceUs.send(snapshot('same-id', 'shared-name'));
  await aliceUs.send(snapshot('alice-us-2', 'shared-name'));
  await aliceEu.send(snapshot('same-id', 'shared-name'));
  await bobUs.send(snapshot('same-id', 'shared-name'));
  await bobEu.send(snapshot('bob-eu-1', 'bob-eu'));
  await runUntilIdle();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
});

describe('accounts and regions are isolated over HTTP', () => {
  it('each account and region sees only its own snapshots', async () => {
    expect(ids(await visible(aliceUs))).toEqual([`${ALICE}:alice-us-2`, `${ALICE}:same-id`]);
    expect(ids(await visible(aliceEu))).toEqual([`${ALICE}:same-id`]);
    expect(ids(await visible(bobUs))).toEqual([`${BOB}:same-id`]);
    expect(ids(await visible(bobEu))).toEqual([`${BOB}:bob-eu-1`]);
    expect(await visible(carolUs)).toEqual([]);
    // Same identifier, different snapshots: ARNs name the owner and the region.
    const [a] = await visible(aliceEu, { SnapshotIdentifier: 'same-id' });
    expect(a?.SnapshotArn).toBe(`arn:aws:redshift:eu-west-1:${ALICE}:snapshot:shared-name/same-id`);
  });

  it('another account or region cannot name them either', async () => {
    await expect(bobUs.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'alice-us-2' }))).rejects.toBeInstanceOf(ClusterSnapshotNotFoundFault);
    await expect(aliceEu.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'alice-us-2' }))).rejects.toBeInstanceOf(ClusterSnapshotNotFoundFault);
    await expect(carolUs.send(new DescribeClustersCommand({ ClusterIdentifier: 'shared-name' }))).rejects.toBeInstanceOf(ClusterNotFoundFault);
    await expect(aliceUs.send(new DescribeClustersCommand({ ClusterIdentifier: 'bob-eu' }))).rejects.toBeInstanceOf(ClusterNotFoundFault);
    const clusters = (await bobEu.send(new DescribeClustersCommand({}))).Clusters ?? [];
    expect(clusters.map((c) => c.ClusterIdentifier)).toEqual(['bob-eu']);
  });

  it('a shared snapshot is visible to the grantee in that region, with OwnerAccount but without AccountsWithRestoreAccess', async () => {
    const granted = await aliceUs.send(new AuthorizeSnapshotAccessCommand({ SnapshotIdentifier: 'alice-us-2', AccountWithRestoreAccess: BOB }));
    expect(granted.Snapshot?.AccountsWithRestoreAccess).toEqual([{ AccountId: BOB }]);

    expect(ids(await visible(bobUs))).toEqual([`${ALICE}:alice-us-2`, `${BOB}:same-id`]);
    const [shared] = await visible(bobUs, { SnapshotIdentifier: 'alice-us-2' });
    expect(shared).toMatchObject({ SnapshotIdentifier: 'alice-us-2', OwnerAccount: ALICE, Status: 'available', ClusterIdentifier: 'shared-name' });
    expect(shared?.AccountsWithRestoreAccess).toBeUndefined();
    expect(ids(await visible(bobUs, { OwnerAccount: ALICE }))).toEqual([`${ALICE}:alice-us-2`]);

    // The owner still sees who may restore it; other accounts and regions see nothing new.
    const [own] = await visible(aliceUs, { SnapshotIdentifier: 'alice-us-2' });
    expect(own?.AccountsWithRestoreAccess).toEqual([{ AccountId: BOB }]);
    expect(ids(await visible(bobEu))).toEqual([`${BOB}:bob-eu-1`]);
    expect(await visible(carolUs)).toEqual([]);
    expect(ids(await visible(aliceEu))).toEqual([`${ALICE}:same-id`]);
  });

  it('after a revoke the grantee no longer sees it', async () => {
    const revoked = await aliceUs.send(new RevokeSnapshotAccessCommand({ SnapshotIdentifier: 'alice-us-2', AccountWithRestoreAccess: BOB }));
    expect(revoked.Snapshot?.AccountsWithRestoreAccess ?? []).toEqual([]);
    expect(ids(await visible(bobUs))).toEqual([`${BOB}:same-id`]);
    await expect(bobUs.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'alice-us-2' }))).rejects.toBeInstanceOf(ClusterSnapshotNotFoundFault);
    expect(ids(await visible(aliceUs))).toEqual([`${ALICE}:alice-us-2`, `${ALICE}:same-id`]);
  });
});
