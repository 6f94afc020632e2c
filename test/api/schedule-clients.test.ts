/**
 * Snapshot schedules through real clients over HTTP: the SDK v3 (typed faults, the
 * DescribeSnapshotSchedules paginator, a cluster's schedule fields) and the AWS CLI v2
 * (create-snapshot-schedule's NextInvocations, modify-cluster-snapshot-schedule, the refusal codes),
 * since the schedule shapes (an output without a wrapper, `<SnapshotTime>` lists) are new wire ground.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  CreateSnapshotScheduleCommand,
  DeleteSnapshotScheduleCommand,
  DescribeClustersCommand,
  InvalidClusterSnapshotScheduleStateFault,
  InvalidScheduleFault,
  ModifyClusterSnapshotScheduleCommand,
  ModifySnapshotScheduleCommand,
  paginateDescribeSnapshotSchedules,
  RedshiftClient,
  ScheduleDefinitionTypeUnsupportedFault,
  SnapshotScheduleNotFoundFault,
  SnapshotScheduleUpdateInProgressFault,
} from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from '../support/aws-cli.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import type { Simulator } from '../../src/sim/simulator.ts';

const ACCOUNT = '123456789012';
const credentials = { accessKeyId: ACCOUNT, secretAccessKey: 'not-checked' };
const me = { account: ACCOUNT, region: 'us-east-1' };

describe('snapshot schedules with the SDK v3 over HTTP', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let client: RedshiftClient;
  let sim: Simulator;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 11, clock: 'manual' });
    client = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: server.url, maxAttempts: 1 });
    sim = server.endpoint.sim as Simulator;
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('creates a schedule (members directly in the result) with its next invocations as Dates', async () => {
    const out = await client.send(new CreateSnapshotScheduleCommand({ ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(30 2 *)', 'rate(12 hours)'], ScheduleDescription: 'twice', Tags: [{ Key: 'env', Value: 'prod' }], NextInvocations: 3 }));
    expect(out.ScheduleIdentifier).toBe('nightly');
    expect(out.ScheduleDefinitions).toEqual(['cron(30 2 *)', 'rate(12 hours)']);
    expect(out.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(out.NextInvocations).toHaveLength(3);
    expect(out.NextInvocations![0]).toBeInstanceOf(Date);
    expect(out.AssociatedClusterCount).toBe(0);
  });

  it('refuses bad definitions with typed faults', async () => {
    await expect(client.send(new CreateSnapshotScheduleCommand({ ScheduleIdentifier: 'bad', ScheduleDefinitions: ['cron(0,30 * *)'] }))).rejects.toBeInstanceOf(InvalidScheduleFault);
    await expect(client.send(new CreateSnapshotScheduleCommand({ ScheduleIdentifier: 'bad', ScheduleDefinitions: ['rate(5 minutes)'] }))).rejects.toBeInstanceOf(ScheduleDefinitionTypeUnsupportedFault);
    await expect(client.send(new DeleteSnapshotScheduleCommand({ ScheduleIdentifier: 'nope' }))).rejects.toBeInstanceOf(SnapshotScheduleNotFoundFault);
  });

  it('associates a cluster: MODIFYING, then ACTIVE; a schedule in use is not deleted, a change applying not repeated', async () => {
    await client.send(new CreateClusterCommand({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' }));
    sim.runUntilIdle();
    await client.send(new ModifyClusterSnapshotScheduleCommand({ ClusterIdentifier: 'prod', ScheduleIdentifier: 'nightly' }));
    const modifying = (await client.send(new DescribeClustersCommand({ ClusterIdentifier: 'prod' }))).Clusters![0]!;
    expect(modifying.SnapshotScheduleIdentifier).toBe('nightly');
    expect(modifying.SnapshotScheduleState).toBe('MODIFYING');
    await expect(client.send(new DeleteSnapshotScheduleCommand({ ScheduleIdentifier: 'nightly' }))).rejects.toBeInstanceOf(InvalidClusterSnapshotScheduleStateFault);
    await expect(client.send(new ModifySnapshotScheduleCommand({ ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 4 *)'] }))).rejects.toBeInstanceOf(SnapshotScheduleUpdateInProgressFault);
    sim.advance(600);
    const active = (await client.send(new DescribeClustersCommand({ ClusterIdentifier: 'prod' }))).Clusters![0]!;
    expect(active.SnapshotScheduleState).toBe('ACTIVE');
    expect(active.ExpectedNextSnapshotScheduleTime).toBeInstanceOf(Date);
    expect(active.ExpectedNextSnapshotScheduleTimeStatus).toBe('OnTrack');
  });

  it('pages DescribeSnapshotSchedules with the paginator', async () => {
    for (let i = 0; i < 25; i++) sim.createSnapshotSchedule({ ScheduleIdentifier: `s${i}`, ScheduleDefinitions: [`cron(${i} 5 *)`] }, me);
    const seen: string[] = [];
    for await (const page of paginateDescribeSnapshotSchedules({ client, pageSize: 10 }, {})) {
      expect(page.SnapshotSchedules!.length).toBeLessThanOrEqual(10);
      for (const x of page.SnapshotSchedules ?? []) seen.push(x.ScheduleIdentifier!);
    }
    expect(seen).toHaveLength(26);
    expect(seen[0]).toBe('nightly');
    const nightly = await paginateDescribeSnapshotSchedules({ client }, { ScheduleIdentifier: 'nightly' }).next();
    expect(nightly.value?.SnapshotSchedules?.[0]?.AssociatedClusters).toEqual([{ ClusterIdentifier: 'prod', ScheduleAssociationState: 'ACTIVE' }]);
  });
});

describe('snapshot schedules with the AWS CLI v2', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let home: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 12, clock: 'manual' });
    home = mkdtempSync(join(tmpdir(), 'snapsim-schedule-cli-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const aws = awsCli(() => server.url, () => home, ACCOUNT);

  it('create-snapshot-schedule, modify-cluster-snapshot-schedule, describe-snapshot-schedules, and the refusal codes', async () => {
    const created = await aws('create-snapshot-schedule', '--schedule-identifier', 'mytest', '--schedule-definitions', 'cron(0 12 2-6)', 'rate(24 hours)', '--next-invocations', '4');
    expect(created.code, created.stderr).toBe(0);
    const out = JSON.parse(created.stdout);
    expect(out.ScheduleIdentifier).toBe('mytest');
    expect(out.NextInvocations).toHaveLength(4);
    const sim = server.endpoint.sim as Simulator;
    sim.createCluster({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' }, me);
    sim.runUntilIdle();
    const associated = await aws('modify-cluster-snapshot-schedule', '--cluster-identifier', 'prod', '--schedule-identifier', 'mytest');
    expect(associated.code, associated.stderr).toBe(0);
    const described = JSON.parse((await aws('describe-snapshot-schedules', '--cluster-identifier', 'prod')).stdout);
    expect(described.SnapshotSchedules[0].AssociatedClusters).toEqual([{ ClusterIdentifier: 'prod', ScheduleAssociationState: 'MODIFYING' }]);
    const inUse = await aws('delete-snapshot-schedule', '--schedule-identifier', 'mytest');
    expect(inUse.code).not.toBe(0);
    expect(inUse.stderr).toContain('InvalidClusterSnapshotScheduleState');
    const invalid = await aws('create-snapshot-schedule', '--schedule-identifier', 'bad', '--schedule-definitions', 'cron(0 12 *)', 'cron(30 12 *)');
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain('InvalidSchedule');
  });
});
