/**
 * Cross-region snapshot copy through real clients over HTTP: the SDK v3 (a client per region, the
 * region read from SigV4) and the AWS CLI v2 enable, change and disable copy, see the copies in
 * the destination, restore one there, and get AWS's error codes and statuses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  CreateClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DisableSnapshotCopyCommand,
  EnableSnapshotCopyCommand,
  ModifySnapshotCopyRetentionPeriodCommand,
  RedshiftClient,
  RestoreFromClusterSnapshotCommand,
  UnknownSnapshotCopyRegionFault,
  SnapshotCopyAlreadyEnabledFault,
} from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from '../support/aws-cli.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import type { Simulator } from '../../src/sim/simulator.ts';

const ACCOUNT = '123456789012';
const credentials = { accessKeyId: ACCOUNT, secretAccessKey: 'not-checked' };

describe('cross-region copy with the SDK v3 over HTTP', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let east: RedshiftClient;
  let west: RedshiftClient;
  let sim: Simulator;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 11, clock: 'manual' });
    sim = server.endpoint.sim as Simulator;
    east = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: server.url, maxAttempts: 1 });
    west = new RedshiftClient({ region: 'us-west-2', credentials, endpoint: server.url, maxAttempts: 1 });
    await east.send(new CreateClusterCommand({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin', NumberOfNodes: 2 }));
    sim.runUntilIdle();
  });
  afterAll(async () => {
    east.destroy();
    west.destroy();
    await server.close();
  });

  it('copies a snapshot into us-west-2, where it is listed with SourceRegion and restored', async () => {
    const { Cluster } = await east.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'prod', DestinationRegion: 'us-west-2', RetentionPeriod: 3 }));
    expect(Cluster?.ClusterSnapshotCopyStatus).toEqual({ DestinationRegion: 'us-west-2', RetentionPeriod: 3, ManualSnapshotRetentionPeriod: -1 });
    await east.send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'nightly' }));
    sim.runUntilIdle();
    const { Snapshots } = await west.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'nightly' }));
    expect(Snapshots?.[0]).toMatchObject({ SnapshotIdentifier: 'nightly', ClusterIdentifier: 'prod', SourceRegion: 'us-east-1', Status: 'available', SnapshotType: 'manual' });
    const restored = await west.send(new RestoreFromClusterSnapshotCommand({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'nightly' }));
    expect(restored.Cluster?.RestoreStatus?.Status).toBe('starting');
    const changed = await east.send(new ModifySnapshotCopyRetentionPeriodCommand({ ClusterIdentifier: 'prod', RetentionPeriod: 10, Manual: true }));
    expect(changed.Cluster?.ClusterSnapshotCopyStatus?.ManualSnapshotRetentionPeriod).toBe(10);
  });

  it('answers AWS\'s codes: UnknownSnapshotCopyRegionFault (404), SnapshotCopyAlreadyEnabledFault (400)', async () => {
    const unknown = await east.send(new DisableSnapshotCopyCommand({ ClusterIdentifier: 'prod' })).then(() => east.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'prod', DestinationRegion: 'atlantis-1' }))).then(() => undefined, (e: unknown) => e).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(UnknownSnapshotCopyRegionFault);
    expect((unknown as UnknownSnapshotCopyRegionFault).$metadata.httpStatusCode).toBe(404);
    await east.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'prod', DestinationRegion: 'us-west-2' }));
    const again = await east.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'prod', DestinationRegion: 'eu-west-1' })).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(SnapshotCopyAlreadyEnabledFault);
  });
});

describe('cross-region copy with the AWS CLI v2', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let home: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 12, clock: 'manual' });
    home = mkdtempSync(join(tmpdir(), 'snapsim-copy-cli-'));
    const sim = server.endpoint.sim as Simulator;
    sim.createCluster({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' }, { account: ACCOUNT, region: 'us-east-1' });
    sim.runUntilIdle();
  });
  afterAll(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const aws = awsCli(() => server.url, () => home, ACCOUNT);

  it('enable-snapshot-copy, modify-snapshot-copy-retention-period, disable-snapshot-copy; the copy is in the destination', async () => {
    const enabled = await aws.in('us-east-1', 'enable-snapshot-copy', '--cluster-identifier', 'prod', '--destination-region', 'eu-west-1', '--retention-period', '2');
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(JSON.parse(enabled.stdout).Cluster.ClusterSnapshotCopyStatus).toEqual({ DestinationRegion: 'eu-west-1', RetentionPeriod: 2, ManualSnapshotRetentionPeriod: -1 });
    expect((await aws.in('us-east-1', 'create-cluster-snapshot', '--cluster-identifier', 'prod', '--snapshot-identifier', 'before-deploy')).code).toBe(0);
    const sim = server.endpoint.sim as Simulator;
    sim.runUntilIdle();
    const copies = JSON.parse((await aws.in('eu-west-1', 'describe-cluster-snapshots', '--cluster-identifier', 'prod')).stdout).Snapshots;
    expect(copies.map((s: { SnapshotIdentifier: string; SourceRegion: string }) => [s.SnapshotIdentifier, s.SourceRegion])).toEqual([['before-deploy', 'us-east-1']]);
    const modified = await aws.in('us-east-1', 'modify-snapshot-copy-retention-period', '--cluster-identifier', 'prod', '--retention-period', '5');
    expect(JSON.parse(modified.stdout).Cluster.ClusterSnapshotCopyStatus.RetentionPeriod).toBe(5);
    const disabled = await aws.in('us-east-1', 'disable-snapshot-copy', '--cluster-identifier', 'prod');
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(JSON.parse(disabled.stdout).Cluster.ClusterSnapshotCopyStatus).toBeUndefined();
  });

  it('reports the error code of a refusal', async () => {
    const refused = await aws.in('us-east-1', 'modify-snapshot-copy-retention-period', '--cluster-identifier', 'prod', '--retention-period', '5');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('SnapshotCopyDisabledFault');
  });
});
