/**
 * RestoreTableFromClusterSnapshot, DescribeTableRestoreStatus and RebootCluster through real
 * clients over HTTP: the SDK v3 (its modeled faults, the DescribeTableRestoreStatus paginator) and
 * the AWS CLI v2, with a manual clock the test moves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableRestoreStatusCommand,
  InProgressTableRestoreQuotaExceededFault,
  InvalidClusterStateFault,
  InvalidTableRestoreArgumentFault,
  paginateDescribeTableRestoreStatus,
  RebootClusterCommand,
  RedshiftClient,
  RestoreTableFromClusterSnapshotCommand,
  TableRestoreNotFoundFault,
} from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from '../support/aws-cli.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import type { Simulator } from '../../src/sim/simulator.ts';

const ACCOUNT = '123456789012';
const ME = { account: ACCOUNT, region: 'us-east-1' };
const credentials = { accessKeyId: ACCOUNT, secretAccessKey: 'not-checked' };
const TABLE = { ClusterIdentifier: 'prod', SnapshotIdentifier: 'nightly', SourceDatabaseName: 'dev', SourceTableName: 'sales' };

/** A server with a manual clock, cluster `prod` available and its snapshot `nightly` taken. */
async function serverWithSnapshot(seed: number): Promise<{ server: RunningServer; sim: Simulator }> {
  const server = await startServer({ port: 0, seed, clock: 'manual' });
  const sim = server.endpoint.sim as Simulator;
  sim.createCluster({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin', NumberOfNodes: 2 }, ME);
  sim.runUntilIdle();
  sim.createClusterSnapshot({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'nightly' }, ME);
  sim.runUntilIdle();
  return { server, sim };
}

describe('table restore and reboot with the SDK v3 over HTTP', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let sim: Simulator;
  let client: RedshiftClient;
  beforeAll(async () => {
    ({ server, sim } = await serverWithSnapshot(5));
    client = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: server.url, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('restores a table PENDING → IN_PROGRESS → SUCCEEDED, progress up to the total, and refuses a second meanwhile and the same name after', async () => {
    const { TableRestoreStatus: started } = await client.send(new RestoreTableFromClusterSnapshotCommand({ ...TABLE, NewTableName: 'sales_restored' }));
    expect(started).toMatchObject({ Status: 'PENDING', ClusterIdentifier: 'prod', SourceSchemaName: 'public', NewTableName: 'sales_restored', ProgressInMegaBytes: 0 });
    expect(started?.TableRestoreRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(started?.RequestTime).toBeInstanceOf(Date);
    await expect(client.send(new RestoreTableFromClusterSnapshotCommand({ ...TABLE, NewTableName: 'other' }))).rejects.toBeInstanceOf(InProgressTableRestoreQuotaExceededFault);

    const id = started!.TableRestoreRequestId!;
    const seen: string[] = [];
    let last = -1;
    for (let i = 0; i < 500; i++) {
      const { TableRestoreStatusDetails } = await client.send(new DescribeTableRestoreStatusCommand({ TableRestoreRequestId: id }));
      const s = TableRestoreStatusDetails![0]!;
      if (seen[seen.length - 1] !== s.Status) seen.push(s.Status!);
      expect(s.ProgressInMegaBytes!).toBeGreaterThanOrEqual(last);
      last = s.ProgressInMegaBytes!;
      if (s.TotalDataInMegaBytes !== undefined) expect(s.ProgressInMegaBytes!).toBeLessThanOrEqual(s.TotalDataInMegaBytes);
      if (s.Status === 'SUCCEEDED') {
        expect(s.ProgressInMegaBytes).toBe(s.TotalDataInMegaBytes);
        break;
      }
      sim.advance(2);
    }
    expect(seen).toEqual(['PENDING', 'IN_PROGRESS', 'SUCCEEDED']);
    await expect(client.send(new RestoreTableFromClusterSnapshotCommand({ ...TABLE, NewTableName: 'SALES_RESTORED' }))).rejects.toBeInstanceOf(InvalidTableRestoreArgumentFault);
  });

  it('answers an unknown request id with TableRestoreNotFoundFault', async () => {
    await expect(client.send(new DescribeTableRestoreStatusCommand({ TableRestoreRequestId: '00000000-0000-4000-8000-000000000000' }))).rejects.toBeInstanceOf(TableRestoreNotFoundFault);
  });

  it('pages through every table restore with the SDK\'s paginator, oldest request first', async () => {
    for (let i = 0; i < 24; i++) {
      await client.send(new RestoreTableFromClusterSnapshotCommand({ ...TABLE, NewTableName: `t${i}` }));
      sim.runUntilIdle();
    }
    const names: string[] = [];
    for await (const page of paginateDescribeTableRestoreStatus({ client, pageSize: 20 }, { ClusterIdentifier: 'prod' })) {
      names.push(...(page.TableRestoreStatusDetails ?? []).map((s) => s.NewTableName!));
    }
    expect(names).toEqual(['sales_restored', ...Array.from({ length: 24 }, (_, i) => `t${i}`)]);
  });

  it('reboots: rebooting, refused again meanwhile (InvalidClusterState), then available', async () => {
    const { Cluster } = await client.send(new RebootClusterCommand({ ClusterIdentifier: 'prod' }));
    expect(Cluster?.ClusterStatus).toBe('rebooting');
    await expect(client.send(new RebootClusterCommand({ ClusterIdentifier: 'prod' }))).rejects.toBeInstanceOf(InvalidClusterStateFault);
    sim.advance(6 * 60);
    expect(sim.describeClusters({ ClusterIdentifier: 'prod' }, ME).Clusters?.[0]?.ClusterStatus).toBe('available');
  });
});

describe('table restore and reboot with the AWS CLI v2', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let sim: Simulator;
  let home: string;
  beforeAll(async () => {
    ({ server, sim } = await serverWithSnapshot(7));
    home = mkdtempSync(join(tmpdir(), 'snapsim-table-restore-cli-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const aws = awsCli(() => server.url, () => home, ACCOUNT);

  it('restore-table-from-cluster-snapshot, then describe-table-restore-status until SUCCEEDED', async () => {
    const started = await aws('restore-table-from-cluster-snapshot', '--cluster-identifier', 'prod', '--snapshot-identifier', 'nightly', '--source-database-name', 'dev', '--source-schema-name', 'sales', '--source-table-name', 'orders', '--target-schema-name', 'recovered', '--new-table-name', 'orders_copy');
    expect(started.code, started.stderr).toBe(0);
    const status = JSON.parse(started.stdout).TableRestoreStatus;
    expect(status).toMatchObject({ Status: 'PENDING', SourceSchemaName: 'sales', TargetSchemaName: 'recovered', NewTableName: 'orders_copy' });
    sim.runUntilIdle();
    const described = await aws('describe-table-restore-status', '--table-restore-request-id', status.TableRestoreRequestId);
    expect(described.code, described.stderr).toBe(0);
    const [done] = JSON.parse(described.stdout).TableRestoreStatusDetails;
    expect(done.Status).toBe('SUCCEEDED');
    expect(done.ProgressInMegaBytes).toBe(done.TotalDataInMegaBytes);
  });

  it('answers the codes a runbook matches: TableRestoreNotFoundFault, InvalidTableRestoreArgument', async () => {
    const unknown = await aws('describe-table-restore-status', '--table-restore-request-id', 'nope');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/TableRestoreNotFoundFault/);
    const again = await aws('restore-table-from-cluster-snapshot', '--cluster-identifier', 'prod', '--snapshot-identifier', 'nightly', '--source-database-name', 'dev', '--source-table-name', 'orders', '--target-schema-name', 'recovered', '--new-table-name', 'orders_copy');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/InvalidTableRestoreArgument/);
  });

  it('reboot-cluster: rebooting, then available', async () => {
    const rebooted = await aws('reboot-cluster', '--cluster-identifier', 'prod');
    expect(rebooted.code, rebooted.stderr).toBe(0);
    expect(JSON.parse(rebooted.stdout).Cluster.ClusterStatus).toBe('rebooting');
    sim.runUntilIdle();
    const described = JSON.parse((await aws('describe-clusters', '--cluster-identifier', 'prod')).stdout);
    expect(described.Clusters[0].ClusterStatus).toBe('available');
  });
});
