/**
 * RestoreFromClusterSnapshot through real clients: the SDK v3's and the AWS CLI's ClusterRestored
 * waiters succeed with a moving clock (the ClusterAvailable waiter before them), and fail once the
 * cluster is deleting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  CreateClusterSnapshotCommand,
  DeleteClusterCommand,
  DescribeNodeConfigurationOptionsCommand,
  RedshiftClient,
  RestoreFromClusterSnapshotCommand,
  waitUntilClusterAvailable,
  waitUntilClusterRestored,
  waitUntilSnapshotAvailable,
} from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from '../support/aws-cli.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import type { Simulator } from '../../src/sim/simulator.ts';

const ACCOUNT = '123456789012';
const credentials = { accessKeyId: ACCOUNT, secretAccessKey: 'not-checked' };
const fast = { minDelay: 1, maxDelay: 1, maxWaitTime: 60 };

async function snapshotReady(client: RedshiftClient): Promise<void> {
  await client.send(new CreateClusterCommand({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin', NumberOfNodes: 2 }));
  await waitUntilClusterAvailable({ client, ...fast }, { ClusterIdentifier: 'prod' });
  await client.send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'nightly' }));
  await waitUntilSnapshotAvailable({ client, ...fast }, { SnapshotIdentifier: 'nightly' });
}

describe('restore with the SDK v3 over HTTP', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let client: RedshiftClient;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 5, clock: 'scaled:600' });
    client = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: server.url, maxAttempts: 1 });
    await snapshotReady(client);
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('is available (ClusterAvailable) before it is restored (ClusterRestored)', async () => {
    const { Cluster } = await client.send(new RestoreFromClusterSnapshotCommand({ ClusterIdentifier: 'dr', SnapshotIdentifier: 'NIGHTLY' }));
    expect(Cluster?.RestoreStatus?.Status).toBe('starting');
    await waitUntilClusterAvailable({ client, ...fast }, { ClusterIdentifier: 'dr' });
    const restored = await waitUntilClusterRestored({ client, ...fast }, { ClusterIdentifier: 'dr' });
    expect(restored.state).toBe('SUCCESS');
    const sim = server.endpoint.sim as Simulator;
    expect(sim.describeClusters({ ClusterIdentifier: 'dr' }, { account: ACCOUNT, region: 'us-east-1' }).Clusters?.[0]?.RestoreStatus?.Status).toBe('completed');
  });

  it("lists the snapshot's restore options through the model's filters, and refuses NodeType with eq (InvalidParameterValue)", async () => {
    const list = (Filters: { Name: 'NodeType' | 'NumberOfNodes'; Operator: 'in' | 'eq' | 'between'; Values: string[] }[]) =>
      client.send(new DescribeNodeConfigurationOptionsCommand({ ActionType: 'restore-cluster', SnapshotIdentifier: 'nightly', Filters }));
    const { NodeConfigurationOptionList: options = [] } = await list([
      { Name: 'NodeType', Operator: 'in', Values: ['dc2.large', 'ra3.xlplus'] },
      { Name: 'NumberOfNodes', Operator: 'between', Values: ['2', '4'] },
    ]);
    expect(options.length).toBeGreaterThan(0);
    expect(options.every((o) => ['dc2.large', 'ra3.xlplus'].includes(o.NodeType!) && o.NumberOfNodes! >= 2 && o.NumberOfNodes! <= 4)).toBe(true);
    expect(options).toContainEqual(expect.objectContaining({ NodeType: 'dc2.large', NumberOfNodes: 2 }));
    await expect(list([{ Name: 'NodeType', Operator: 'eq', Values: ['dc2.large'] }])).rejects.toMatchObject({ name: 'InvalidParameterValue', message: expect.stringMatching(/in only/) });
    await expect(list([{ Name: 'NumberOfNodes', Operator: 'eq', Values: ['2', '3'] }])).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

/** The served simulator with ACCOUNT's snapshot `nightly` of cluster `prod`, available (time moved in process). */
function withSnapshot(server: RunningServer): { sim: Simulator; me: { account: string; region: string } } {
  const sim = server.endpoint.sim as Simulator;
  const me = { account: ACCOUNT, region: 'us-east-1' };
  sim.createCluster({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' }, me);
  sim.runUntilIdle();
  sim.createClusterSnapshot({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'nightly' }, me);
  sim.runUntilIdle();
  return { sim, me };
}

describe('the ClusterRestored waiter fails on deleting', { timeout: 60_000 }, () => {
  it('with the SDK v3 (manual clock: the restore never completes, the cluster is deleted)', async () => {
    const server = await startServer({ port: 0, seed: 6, clock: 'manual' });
    const client = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: server.url, maxAttempts: 1 });
    try {
      const { sim, me } = withSnapshot(server);
      sim.restoreFromClusterSnapshot({ ClusterIdentifier: 'dr', SnapshotIdentifier: 'nightly' }, me);
      // provisioned (available) while the data still loads
      while (sim.describeClusters({ ClusterIdentifier: 'dr' }, me).Clusters?.[0]?.ClusterStatus !== 'available') sim.advance(5);
      expect(sim.describeClusters({ ClusterIdentifier: 'dr' }, me).Clusters?.[0]?.RestoreStatus?.Status).toBe('restoring');
      await client.send(new DeleteClusterCommand({ ClusterIdentifier: 'dr', SkipFinalClusterSnapshot: true }));
      await expect(waitUntilClusterRestored({ client, ...fast, maxWaitTime: 10 }, { ClusterIdentifier: 'dr' })).rejects.toThrow(/FAILURE|deleting/i);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('with the AWS CLI v2 (manual clock: the restore never completes, the cluster is deleted): wait cluster-restored exits non-zero', async () => {
    const server = await startServer({ port: 0, seed: 6, clock: 'manual' });
    const home = mkdtempSync(join(tmpdir(), 'snapsim-restore-cli-fail-'));
    const aws = awsCli(() => server.url, () => home, ACCOUNT);
    try {
      const { sim, me } = withSnapshot(server);
      const started = await aws('restore-from-cluster-snapshot', '--cluster-identifier', 'dr-cli', '--snapshot-identifier', 'nightly');
      expect(started.code, started.stderr).toBe(0);
      // provisioned (available) while the data still loads
      while (sim.describeClusters({ ClusterIdentifier: 'dr-cli' }, me).Clusters?.[0]?.ClusterStatus !== 'available') sim.advance(5);
      expect(sim.describeClusters({ ClusterIdentifier: 'dr-cli' }, me).Clusters?.[0]?.RestoreStatus?.Status).toBe('restoring');
      const deleted = await aws('delete-cluster', '--cluster-identifier', 'dr-cli', '--skip-final-cluster-snapshot');
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(JSON.parse(deleted.stdout).Cluster.ClusterStatus).toBe('deleting');
      const waited = await aws('wait', 'cluster-restored', '--cluster-identifier', 'dr-cli');
      expect(waited.code, waited.stdout).not.toBe(0);
      expect(waited.stderr).toMatch(/Waiter ClusterRestored failed: Waiter encountered a terminal failure state/);
      // the clock stood still: the cluster is still deleting, not gone
      expect(sim.describeClusters({ ClusterIdentifier: 'dr-cli' }, me).Clusters?.[0]?.ClusterStatus).toBe('deleting');
    } finally {
      await server.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('restore with the AWS CLI v2', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let home: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 7, clock: 'scaled:3000' });
    home = mkdtempSync(join(tmpdir(), 'snapsim-restore-cli-'));
    const client = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: server.url, maxAttempts: 1 });
    await snapshotReady(client);
    client.destroy();
  });
  afterAll(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const aws = awsCli(() => server.url, () => home, ACCOUNT);

  it('restore-from-cluster-snapshot, then wait cluster-restored returns once the restore completed', async () => {
    const started = await aws('restore-from-cluster-snapshot', '--cluster-identifier', 'dr-cli', '--snapshot-identifier', 'nightly');
    expect(started.code, started.stderr).toBe(0);
    expect(JSON.parse(started.stdout).Cluster.ClusterStatus).toBe('creating');
    const waited = await aws('wait', 'cluster-restored', '--cluster-identifier', 'dr-cli');
    expect(waited.code, waited.stderr).toBe(0);
    const described = JSON.parse((await aws('describe-clusters', '--cluster-identifier', 'dr-cli')).stdout);
    expect(described.Clusters[0].RestoreStatus.Status).toBe('completed');
  });
});
