/**
 * The AWS SDK v3 against the real engine, over HTTP (startServer) and in process
 * (simRequestHandler): the lifecycle a user's test suite would drive.
 */
import {
  AuthorizeSnapshotAccessCommand,
  ClusterNotFoundFault,
  ClusterSnapshotAlreadyExistsFault,
  ClusterSnapshotNotFoundFault,
  CopyClusterSnapshotCommand,
  CreateClusterCommand,
  CreateClusterSnapshotCommand,
  DeleteClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  RedshiftClient,
  RevokeSnapshotAccessCommand,
  paginateDescribeClusterSnapshots,
  waitUntilClusterAvailable,
  waitUntilSnapshotAvailable,
} from '@aws-sdk/client-redshift';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simRequestHandler } from '../../src/api/sdk-handler.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const newCluster = (id: string) =>
  new CreateClusterCommand({ ClusterIdentifier: id, NodeType: 'dc2.large', NumberOfNodes: 2, MasterUsername: 'admin', MasterUserPassword: 'Passw0rd1' });

describe('the SDK v3 over HTTP with a scaled clock', () => {
  let server: RunningServer;
  let client: RedshiftClient;

  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 11, clock: 'scaled:600' });
    client = new RedshiftClient({ region: 'us-east-2', credentials, endpoint: server.url, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('creates a cluster and waits until it is available', async () => {
    const created = await client.send(newCluster('c1'));
    expect(created.Cluster?.ClusterStatus).toBe('creating');
    const waited = await waitUntilClusterAvailable({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { ClusterIdentifier: 'c1' });
    expect(waited.state).toBe('SUCCESS');
    const { Clusters } = await client.send(new DescribeClustersCommand({ ClusterIdentifier: 'c1' }));
    expect(Clusters?.[0]?.ClusterStatus).toBe('available');
  });

  it('creates, describes, shares, unshares and deletes a manual snapshot', async () => {
    const { Snapshot } = await client.send(
      new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'snap-1', ClusterIdentifier: 'c1', Tags: [{ Key: 'env', Value: 'test' }] }),
    );
    expect(Snapshot).toMatchObject({ SnapshotIdentifier: 'snap-1', Status: 'creating', SnapshotType: 'manual', TotalBackupSizeInMegaBytes: -1 });
    expect(Snapshot?.SnapshotCreateTime).toBeInstanceOf(Date);
    const waited = await waitUntilSnapshotAvailable({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { SnapshotIdentifier: 'snap-1' });
    expect(waited.state).toBe('SUCCESS');
    const { Snapshots } = await client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'snap-1' }));
    const snap = Snapshots?.[0];
    expect(snap?.Status).toBe('available');
    expect(snap?.BackupProgressInMegaBytes).toBe(snap?.ActualIncrementalBackupSizeInMegaBytes);
    expect(snap?.Tags).toEqual([{ Key: 'env', Value: 'test' }]);

    const shared = await client.send(new AuthorizeSnapshotAccessCommand({ SnapshotIdentifier: 'snap-1', AccountWithRestoreAccess: '210987654321' }));
    expect(shared.Snapshot?.AccountsWithRestoreAccess).toEqual([{ AccountId: '210987654321' }]);
    const unshared = await client.send(new RevokeSnapshotAccessCommand({ SnapshotIdentifier: 'snap-1', AccountWithRestoreAccess: '210987654321' }));
    expect(unshared.Snapshot?.AccountsWithRestoreAccess ?? []).toEqual([]);

    const deleted = await client.send(new DeleteClusterSnapshotCommand({ SnapshotIdentifier: 'snap-1' }));
    expect(deleted.Snapshot?.Status).toBe('deleted');
    await expect(client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'snap-1' }))).rejects.toBeInstanceOf(ClusterSnapshotNotFoundFault);
  });

  it('copies an automated snapshot into a manual one', async () => {
    const advanced = await fetch(`${server.url}/_snapsim/clock/advance?seconds=${9 * 3600}`, { method: 'POST' });
    expect(advanced.status).toBe(200);
    await fetch(`${server.url}/_snapsim/clock/run-until-idle`, { method: 'POST' });
    const { Snapshots } = await client.send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'c1', SnapshotType: 'automated' }));
    const source = Snapshots?.find((s) => s.Status === 'available');
    expect(source?.SnapshotIdentifier).toMatch(/^rs:c1-/);
    const copy = await client.send(new CopyClusterSnapshotCommand({ SourceSnapshotIdentifier: source?.SnapshotIdentifier, TargetSnapshotIdentifier: 'copy-1' }));
    expect(copy.Snapshot).toMatchObject({ SnapshotIdentifier: 'copy-1', SnapshotType: 'manual' });
  });

  it('raises the SDK typed exceptions with AWS codes and statuses', async () => {
    const dup = await client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'copy-1', ClusterIdentifier: 'c1' })).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ClusterSnapshotAlreadyExistsFault);
    expect((dup as ClusterSnapshotAlreadyExistsFault).$metadata.httpStatusCode).toBe(400);
    const missing = await client.send(new DescribeClustersCommand({ ClusterIdentifier: 'nope' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ClusterNotFoundFault);
    expect((missing as ClusterNotFoundFault).$metadata.httpStatusCode).toBe(404);
  });

  it('logs each accepted command with the RequestId it answered with', async () => {
    const out = await client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'logged-1', ClusterIdentifier: 'c1' }));
    const log = await (await fetch(`${server.url}/_snapsim/log`)).text();
    expect(log).toContain(out.$metadata.requestId as string);
  });

  it('answers unknown and unimplemented actions with XML errors', async () => {
    const unknown = await fetch(`${server.url}/?Action=Nope&Version=2012-12-01`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>');
    const missing = await fetch(`${server.url}/?Action=DescribeHsmConfigurations&Version=2012-12-01`);
    expect(missing.status).toBe(501);
    expect(await missing.text()).toContain('<Code>NotImplemented</Code>');
  });
});

describe('the server configured with quotas, accounts and a log file', () => {
  it('pages 250 snapshots over HTTP, maps access keys to accounts, keeps the log file and continues from it', async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), 'snapsim-')), 'run.ndjson');
    const config = { quotas: { manualSnapshots: 300 }, accounts: { AKIDALICE: '111111111111' } };
    const server = await startServer({ port: 0, seed: 21, clock: 'instant', logFile, config });
    const alice = new RedshiftClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDALICE', secretAccessKey: 'x' }, endpoint: server.url, maxAttempts: 1 });
    try {
      await alice.send(newCluster('c9'));
      for (let i = 0; i < 250; i++) await alice.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: `p${i}`, ClusterIdentifier: 'c9' }));
      let count = 0;
      for await (const page of paginateDescribeClusterSnapshots({ client: alice, pageSize: 20 }, { SnapshotType: 'manual' })) {
        count += page.Snapshots?.length ?? 0;
        expect(page.Snapshots?.every((s) => s.OwnerAccount === '111111111111')).toBe(true);
      }
      expect(count).toBe(250);
      const served = await (await fetch(`${server.url}/_snapsim/log`)).text();
      // the log as stored, checksums and all: what serve --log, replay and report read
      expect(served).toBe(readFileSync(logFile, 'utf8'));
    } finally {
      alice.destroy();
      await server.close();
    }

    const resumed = await startServer({ port: 0, clock: 'manual', logFile });
    const again = new RedshiftClient({ region: 'eu-west-1', credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' }, endpoint: resumed.url, maxAttempts: 1 });
    try {
      const { Snapshots } = await again.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'p249' }));
      expect(Snapshots?.[0]?.Status).toBe('available');
      expect((await (await fetch(`${resumed.url}/_snapsim/health`)).json()) as unknown).toMatchObject({ seed: 21, clock: 'manual' });
    } finally {
      again.destroy();
      await resumed.close();
    }
  });
});

describe('the SDK v3 in process', () => {
  it('pages through 260 snapshots with paginateDescribeClusterSnapshots under a raised quota', async () => {
    const sim = createSimulator({ seed: 3, quotas: { manualSnapshots: 300 } });
    const client = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: 'http://snapsim.local', requestHandler: simRequestHandler(sim, { clock: 'instant' }) });
    await client.send(newCluster('big'));
    for (let i = 0; i < 260; i++) {
      await client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: `s-${String(i).padStart(3, '0')}`, ClusterIdentifier: 'big' }));
    }
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeClusterSnapshots({ client, pageSize: 100 }, { SnapshotType: 'manual' })) {
      pages += 1;
      ids.push(...(page.Snapshots ?? []).map((s) => s.SnapshotIdentifier as string));
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(260);
    expect([...ids].sort()).toEqual(Array.from({ length: 260 }, (_, i) => `s-${String(i).padStart(3, '0')}`));
  });

  it('is deterministic: the same seed and requests give the same log and request ids', async () => {
    const run = async () => {
      const sim = createSimulator({ seed: 5 });
      const client = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: 'http://snapsim.local', requestHandler: simRequestHandler(sim, { clock: 'instant' }), maxAttempts: 1 });
      const a = await client.send(newCluster('d1'));
      const b = await client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'x', ClusterIdentifier: 'd1' }));
      return { ids: [a.$metadata.requestId, b.$metadata.requestId], log: sim.encodeLog() };
    };
    const first = await run();
    expect(await run()).toEqual(first);
  });
});
