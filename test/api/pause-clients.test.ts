/**
 * PauseCluster and ResumeCluster through the real SDK v3 over HTTP, with a manual clock moved by
 * the control API: `pausing` (with its automated pause snapshot) → `paused`, then `resuming` →
 * `available` as virtual time moves; an injected `InsufficientClusterCapacity` on ResumeCluster
 * reaches the client as AWS's error and leaves the cluster paused.
 */
import {
  CreateClusterCommand,
  CreateClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  PauseClusterCommand,
  RedshiftClient,
  RedshiftServiceException,
  ResumeClusterCommand,
  waitUntilClusterAvailable,
} from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.ts';

const ACCOUNT = '123456789012';
const credentials = { accessKeyId: ACCOUNT, secretAccessKey: 'not-checked' };

describe('pause and resume with the SDK v3 over HTTP', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let client: RedshiftClient;
  const control = async (path: string): Promise<void> => {
    const res = await fetch(`${server.url}/_snapsim/${path}`, { method: 'POST' });
    expect(res.status, path).toBe(200);
  };
  const status = async (): Promise<string | undefined> => (await client.send(new DescribeClustersCommand({ ClusterIdentifier: 'nightly' }))).Clusters?.[0]?.ClusterStatus;
  /** Advances the clock 30 s at a time (at most 2 h) until the cluster is `want`; returns the seconds waited. */
  const advanceUntil = async (want: string): Promise<number> => {
    for (let waited = 0; waited <= 7_200; waited += 30) {
      if ((await status()) === want) return waited;
      await control('clock/advance?seconds=30');
    }
    throw new Error(`nightly never became ${want} (is ${await status()})`);
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 9 });
    client = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: server.url, maxAttempts: 1 });
    await client.send(new CreateClusterCommand({ ClusterIdentifier: 'nightly', NodeType: 'ra3.xlplus', MasterUsername: 'admin' }));
    await control('clock/run-until-idle');
    await waitUntilClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 10 }, { ClusterIdentifier: 'nightly' });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('pauses through pausing, taking an automated snapshot, and refuses other calls meanwhile', async () => {
    const { Cluster } = await client.send(new PauseClusterCommand({ ClusterIdentifier: 'nightly' }));
    expect(Cluster).toMatchObject({ ClusterStatus: 'pausing', ClusterAvailabilityStatus: 'Modifying' });
    const { Snapshots } = await client.send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'nightly', SnapshotType: 'automated' }));
    expect(Snapshots).toHaveLength(1);
    expect(Snapshots![0]).toMatchObject({ SnapshotType: 'automated', Status: 'creating' });
    expect(Snapshots![0]!.SnapshotIdentifier).toMatch(/^rs:nightly-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$/);
    const refused = await client.send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'nightly', SnapshotIdentifier: 'during' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RedshiftServiceException);
    expect((refused as RedshiftServiceException).name).toBe('InvalidClusterStateFault');
    expect(await advanceUntil('paused')).toBeGreaterThan(0);
    const after = await client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: Snapshots![0]!.SnapshotIdentifier }));
    expect(after.Snapshots?.[0]?.Status).toBe('available');
    expect((await client.send(new DescribeClustersCommand({ ClusterIdentifier: 'nightly' }))).Clusters?.[0]?.ClusterAvailabilityStatus).toBe('Unavailable');
  });

  it('answers an injected InsufficientClusterCapacity on ResumeCluster, leaving the cluster paused', async () => {
    await control('faults/api-error?operation=ResumeCluster&code=InsufficientClusterCapacity&count=1');
    const refused = await client.send(new ResumeClusterCommand({ ClusterIdentifier: 'nightly' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RedshiftServiceException);
    expect((refused as RedshiftServiceException).name).toBe('InsufficientClusterCapacityFault');
    expect(await status()).toBe('paused');
  });

  it('resumes through resuming to available as virtual time moves', async () => {
    const { Cluster } = await client.send(new ResumeClusterCommand({ ClusterIdentifier: 'nightly' }));
    expect(Cluster).toMatchObject({ ClusterStatus: 'resuming', ClusterAvailabilityStatus: 'Modifying' });
    const waited = await advanceUntil('available');
    expect(waited).toBeGreaterThanOrEqual(300); // the default resuming time: 5 to 15 minutes
    expect(waited).toBeLessThanOrEqual(930);
  });
});
