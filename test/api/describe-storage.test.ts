/**
 * DescribeStorage per caller account and region, in process, over HTTP with the SDK v3, through
 * the SDK's in-process handler and with the AWS CLI v2: the backup size is the data of the
 * caller's own available snapshots there (snapshots shared with it excluded), per cluster the
 * oldest one's whole size and the later ones' increments; the provisioned storage is node
 * capacity × nodes over its clusters.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStorageCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simRequestHandler } from '../../src/api/sdk-handler.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { createSimulator, type Simulator } from '../../src/sim/simulator.ts';

const OWNER = { account: '123456789012', region: 'us-east-1' };
const OTHER = { account: '210987654321', region: 'us-east-1' };

/** Two clusters of the owner with manual and automated snapshots, one manual snapshot failing, and another account sharing one with the owner. */
function storyWorld(sim: Simulator): void {
  sim.createCluster({ ClusterIdentifier: 'a', NodeType: 'dc2.large', MasterUsername: 'admin', ClusterType: 'multi-node', NumberOfNodes: 3 }, OWNER);
  sim.createCluster({ ClusterIdentifier: 'b', NodeType: 'ra3.xlplus', MasterUsername: 'admin' }, OWNER);
  sim.createCluster({ ClusterIdentifier: 'x', NodeType: 'dc2.large', MasterUsername: 'admin' }, OTHER);
  sim.advance(12 * 3600);
  sim.createClusterSnapshot({ SnapshotIdentifier: 'm1', ClusterIdentifier: 'a' }, OWNER);
  sim.createClusterSnapshot({ SnapshotIdentifier: 'shared', ClusterIdentifier: 'x' }, OTHER);
  sim.runUntilIdle();
  sim.authorizeSnapshotAccess({ SnapshotIdentifier: 'shared', AccountWithRestoreAccess: OWNER.account }, OTHER);
  sim.createClusterSnapshot({ SnapshotIdentifier: 'still-creating', ClusterIdentifier: 'b' }, OWNER);
}

/** What DescribeStorage must answer, computed from the describe calls alone. */
function expected(sim: Simulator, caller = OWNER): { backup: number; provisioned: number } {
  const snaps = sim.describeClusterSnapshots({ OwnerAccount: caller.account }, caller).Snapshots ?? [];
  const own = snaps.filter((s) => s.OwnerAccount === caller.account && s.Status === 'available');
  const clusters = sim.describeClusters({}, caller).Clusters ?? [];
  const oldest = new Map<string, (typeof own)[number]>();
  for (const s of own) {
    const lineage = `${s.ClusterIdentifier}@${s.ClusterCreateTime!.getTime()}`;
    const o = oldest.get(lineage);
    if (o === undefined || s.SnapshotCreateTime!.getTime() < o.SnapshotCreateTime!.getTime()) oldest.set(lineage, s);
  }
  const increments = own.reduce((sum, s) => sum + (s.ActualIncrementalBackupSizeInMegaBytes ?? 0), 0);
  const wholes = [...oldest.values()].reduce((sum, s) => sum + s.TotalBackupSizeInMegaBytes! - s.ActualIncrementalBackupSizeInMegaBytes!, 0);
  return {
    backup: Math.round((increments + wholes) * 10) / 10,
    provisioned: clusters.reduce((sum, c) => sum + sim.config.nodeCapacityMb[c.NodeType!]! * c.NumberOfNodes!, 0),
  };
}

describe('DescribeStorage in process', () => {
  it('sums the caller\'s own available snapshots and its clusters\' capacity, not what is shared with it', () => {
    const sim = createSimulator({ seed: 3 });
    storyWorld(sim);
    const { backup, provisioned } = expected(sim);
    expect(backup).toBeGreaterThan(0);
    expect(sim.describeStorage({}, OWNER)).toEqual({ TotalBackupSizeInMegaBytes: backup, TotalProvisionedStorageInMegaBytes: provisioned });
    // the shared snapshot is the other account's storage
    const shared = sim.describeClusterSnapshots({ SnapshotIdentifier: 'shared' }, OWNER).Snapshots![0]!;
    expect(shared.OwnerAccount).toBe(OTHER.account);
    expect(sim.describeStorage({}, OTHER).TotalBackupSizeInMegaBytes).toBe(expected(sim, OTHER).backup);
    expect(provisioned).toBe(3 * 160_000 + 4_000_000);
  });

  it("keeps a deleted snapshot's data counted while a later snapshot of its cluster needs it (snapshots are incremental)", () => {
    const sim = createSimulator({ seed: 3 });
    sim.createCluster({ ClusterIdentifier: 'a', NodeType: 'dc2.large', MasterUsername: 'admin', AutomatedSnapshotRetentionPeriod: 0 }, OWNER);
    sim.runUntilIdle();
    sim.createClusterSnapshot({ SnapshotIdentifier: 's1', ClusterIdentifier: 'a' }, OWNER);
    sim.runUntilIdle();
    sim.advance(6 * 3600);
    sim.createClusterSnapshot({ SnapshotIdentifier: 's2', ClusterIdentifier: 'a' }, OWNER);
    sim.runUntilIdle();
    const [s1, s2] = sim.describeClusterSnapshots({ ClusterIdentifier: 'a' }, OWNER).Snapshots!;
    expect(s2!.ActualIncrementalBackupSizeInMegaBytes).toBeLessThan(s1!.TotalBackupSizeInMegaBytes! / 10);
    expect(sim.describeStorage({}, OWNER).TotalBackupSizeInMegaBytes).toBe(Math.round((s1!.TotalBackupSizeInMegaBytes! + s2!.ActualIncrementalBackupSizeInMegaBytes!) * 10) / 10);
    sim.deleteClusterSnapshot({ SnapshotIdentifier: 's1' }, OWNER);
    // s2 still holds all of the cluster's data: its whole size, not its increment
    expect(sim.describeStorage({}, OWNER).TotalBackupSizeInMegaBytes).toBe(s2!.TotalBackupSizeInMegaBytes);
    expect(sim.describeStorage({}, OWNER)).toEqual({ TotalBackupSizeInMegaBytes: expected(sim).backup, TotalProvisionedStorageInMegaBytes: expected(sim).provisioned });
  });

  it('is zero in a region where the caller has nothing', () => {
    const sim = createSimulator();
    expect(sim.describeStorage(undefined, { account: OWNER.account, region: 'eu-west-1' })).toEqual({ TotalBackupSizeInMegaBytes: 0, TotalProvisionedStorageInMegaBytes: 0 });
  });

  it('refuses a member it does not take: InvalidParameterValue', () => {
    const sim = createSimulator();
    expect(() => sim.execute('DescribeStorage', { MaxRecords: 20 })).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
  });
});

describe('DescribeStorage through real clients', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let home: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 3, clock: 'manual' });
    storyWorld(server.endpoint.sim as Simulator);
    home = mkdtempSync(join(tmpdir(), 'snapsim-storage-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const credentials = { accessKeyId: OWNER.account, secretAccessKey: 'not-checked' };

  it('answers the SDK v3 over HTTP', async () => {
    const client = new RedshiftClient({ region: OWNER.region, credentials, endpoint: server.url, maxAttempts: 1 });
    const out = await client.send(new DescribeStorageCommand({}));
    client.destroy();
    const { backup, provisioned } = expected(server.endpoint.sim as Simulator);
    expect(out.TotalBackupSizeInMegaBytes).toBe(backup);
    expect(out.TotalProvisionedStorageInMegaBytes).toBe(provisioned);
  });

  it('answers the SDK v3 through the in-process handler', async () => {
    const sim = createSimulator({ seed: 3 });
    storyWorld(sim);
    const client = new RedshiftClient({ region: OWNER.region, credentials, requestHandler: simRequestHandler(sim) });
    const out = await client.send(new DescribeStorageCommand({}));
    expect(out).toMatchObject({ TotalBackupSizeInMegaBytes: expected(sim).backup, TotalProvisionedStorageInMegaBytes: expected(sim).provisioned });
  });

  it('answers the AWS CLI v2 (aws redshift describe-storage)', async () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_ACCESS_KEY_ID: OWNER.account, AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: OWNER.region, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') };
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('/usr/bin/aws', ['redshift', 'describe-storage', '--endpoint-url', server.url, '--output', 'json'], { env, timeout: 50_000 }, (e, out, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve(out))),
    );
    const { backup, provisioned } = expected(server.endpoint.sim as Simulator);
    expect(JSON.parse(stdout)).toEqual({ TotalBackupSizeInMegaBytes: backup, TotalProvisionedStorageInMegaBytes: provisioned });
  });
});
