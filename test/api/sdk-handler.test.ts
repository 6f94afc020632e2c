/**
 * The in-process SDK v3 handler (`simRequestHandler`) in front of the real engine: the SDK's own
 * request encoding and response decoding, caller identity, typed errors, InternalFailure for
 * engine bugs, paging, the instant clock and deterministic request ids.
 */
import {
  ClusterNotFoundFault,
  ClusterSnapshotNotFoundFault,
  ClusterSnapshotAlreadyExistsFault,
  CreateClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  RedshiftClient,
  RedshiftServiceException,
  DescribeHsmConfigurationsCommand,
  paginateDescribeClusterSnapshots,
  CreateClusterCommand,
} from '@aws-sdk/client-redshift';
import { describe, expect, it } from 'vitest';
import { IMPLEMENTED_OPERATIONS } from '../../src/api/model.ts';
import { simRequestHandler } from '../../src/api/sdk-handler.ts';
import { createSimulator, type Simulator } from '../../src/sim/simulator.ts';
import { availableCluster, corruptCluster, lastCommand } from './real-sim.ts';

const START = '2025-01-15T10:00:00.000Z';
const newSim = (seed = 42, manualSnapshots?: number) =>
  createSimulator({ seed, start: START, ...(manualSnapshots ? { quotas: { manualSnapshots } } : {}) });

function client(sim: Simulator, accessKeyId = 'AKIDEXAMPLE', region = 'us-east-2', clock?: string) {
  const errors: unknown[] = [];
  const handler = simRequestHandler(sim, { ...(clock ? { clock } : {}), onInternalError: (e) => errors.push(e) });
  const c = new RedshiftClient({
    region,
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    endpoint: 'http://snapsim.local',
    requestHandler: handler,
    maxAttempts: 1,
  });
  return { c, errors };
}

const US_EAST_2 = { account: '123456789012', region: 'us-east-2' };

describe('the in-process SDK v3 handler', () => {
  it('round-trips the SDK request encoding and response decoding', async () => {
    const sim = newSim();
    const caller = { account: '210987654321', region: 'us-east-2' };
    availableCluster(sim, 'mycluster', caller);
    const { c } = client(sim, '210987654321');
    const tags = [
      { Key: 'env', Value: 'test' },
      { Key: 'owner', Value: 'a b+c=d/e@f:g' }, // form-encoding traps: space, +, =
    ];
    const out = await c.send(
      new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'my-snap-1', ClusterIdentifier: 'mycluster', ManualSnapshotRetentionPeriod: 7, Tags: tags }),
    );
    // What the engine received, as recorded in its log.
    expect(lastCommand(sim)).toEqual({
      name: 'CreateClusterSnapshot',
      account: '210987654321',
      region: 'us-east-2',
      input: { SnapshotIdentifier: 'my-snap-1', ClusterIdentifier: 'mycluster', ManualSnapshotRetentionPeriod: 7, Tags: tags },
    });
    // What the SDK decoded is exactly the engine's own view of the snapshot.
    const engineView = sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 'my-snap-1' }, caller).Snapshots[0];
    expect(out.Snapshot).toEqual(engineView);
    expect(out.Snapshot).toMatchObject({
      SnapshotIdentifier: 'my-snap-1',
      ClusterIdentifier: 'mycluster',
      SnapshotCreateTime: sim.now(),
      Status: 'creating',
      OwnerAccount: '210987654321',
      SnapshotType: 'manual',
      TotalBackupSizeInMegaBytes: -1,
      CurrentBackupRateInMegaBytesPerSecond: 0,
      EstimatedSecondsToCompletion: -1,
      ManualSnapshotRetentionPeriod: 7,
      Tags: tags,
    });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sim.entries().at(-1)?.requestId).toBe(out.$metadata.requestId);
  });

  it('maps the default account for non-numeric access keys', async () => {
    const sim = newSim();
    availableCluster(sim, 'c', US_EAST_2);
    const out = await client(sim).c.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 's', ClusterIdentifier: 'c' }));
    expect(out.Snapshot?.OwnerAccount).toBe('123456789012');
    expect(lastCommand(sim)).toMatchObject({ account: '123456789012', region: 'us-east-2' });
  });

  it('surfaces service errors as the SDK typed exceptions', async () => {
    const sim = newSim();
    availableCluster(sim, 'c', US_EAST_2);
    const { c } = client(sim);
    await c.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 's', ClusterIdentifier: 'c' }));
    const dup = await c.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 's', ClusterIdentifier: 'c' })).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ClusterSnapshotAlreadyExistsFault);
    expect((dup as ClusterSnapshotAlreadyExistsFault).$metadata.httpStatusCode).toBe(400);
    expect((dup as Error).message).toContain('already exists');
    const missing = await c.send(new DescribeClustersCommand({ ClusterIdentifier: 'nope' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ClusterNotFoundFault);
    expect((missing as ClusterNotFoundFault).$metadata.httpStatusCode).toBe(404);
    // XML-escaped on the way out, unescaped by the SDK.
    const odd = await c.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'a&<b>"\'' })).catch((e: unknown) => e);
    expect(odd).toBeInstanceOf(ClusterSnapshotNotFoundFault);
    expect((odd as Error).message).toContain('a&<b>"\'');
  });

  it('answers 501 NotImplemented for an operation snapsim does not serve, and serves every one the model wires', async () => {
    const sim = newSim();
    // The endpoint's engine guard can only fire if the model and the engine disagree; they must not.
    expect([...IMPLEMENTED_OPERATIONS].sort()).toEqual(sim.operations().sort());
    const { c } = client(sim);
    const err = (await c.send(new DescribeHsmConfigurationsCommand({})).catch((e: unknown) => e)) as RedshiftServiceException;
    expect(err.name).toBe('NotImplemented');
    expect(err.message).toContain('DescribeHsmConfigurations');
    expect(err.$metadata.httpStatusCode).toBe(501);
  });

  it('answers 500 InternalFailure for engine bugs and output that does not fit the model, and reports them', async () => {
    const sim = newSim();
    availableCluster(sim, 'broken', US_EAST_2);
    availableCluster(sim, 'misfit', US_EAST_2);
    corruptCluster(sim, 'broken', 'throws', US_EAST_2);
    corruptCluster(sim, 'misfit', 'misfit', US_EAST_2);
    const { c, errors } = client(sim);
    for (const id of ['broken', 'misfit']) {
      const err = (await c.send(new DescribeClustersCommand({ ClusterIdentifier: id })).catch((e: unknown) => e)) as RedshiftServiceException;
      expect(err.name).toBe('InternalFailure');
      expect(err.$fault).toBe('server');
      expect(err.$metadata.httpStatusCode).toBe(500);
    }
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(TypeError);
    expect(String(errors[1])).toContain('NumberOfNodes');
  });

  it('pages with Marker/MaxRecords through the SDK paginator', async () => {
    const sim = newSim(42, 50);
    availableCluster(sim, 'c', US_EAST_2);
    const { c } = client(sim);
    for (let i = 0; i < 45; i++) await c.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: `s${i}`, ClusterIdentifier: 'c' }));
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeClusterSnapshots({ client: c, pageSize: 20 }, {})) {
      pages += 1;
      ids.push(...(page.Snapshots ?? []).map((s) => s.SnapshotIdentifier as string));
    }
    expect(pages).toBe(3);
    expect(ids).toEqual(Array.from({ length: 45 }, (_, i) => `s${i}`));
  });

  it('parses a single-item list and an empty list', async () => {
    const sim = newSim();
    availableCluster(sim, 'c', US_EAST_2);
    const { c } = client(sim);
    expect((await c.send(new DescribeClusterSnapshotsCommand({}))).Snapshots).toEqual([]);
    await c.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'only', ClusterIdentifier: 'c' }));
    const out = await c.send(new DescribeClusterSnapshotsCommand({}));
    expect(out.Snapshots?.map((s) => s.SnapshotIdentifier)).toEqual(['only']);
    expect(out.Snapshots?.[0]?.Tags).toEqual([]);
  });

  it('runs work to completion around each request in instant mode', async () => {
    const sim = newSim();
    const { c } = client(sim, 'AKID', 'us-east-1', 'instant');
    const created = await c.send(new CreateClusterCommand({ ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin', MasterUserPassword: 'Passw0rd1' }));
    expect(created.Cluster?.ClusterStatus).toBe('creating');
    const snap = await c.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 's', ClusterIdentifier: 'c' }));
    expect(snap.Snapshot?.Status).toBe('creating');
    const out = await c.send(new DescribeClusterSnapshotsCommand({}));
    expect(out.Snapshots?.[0]?.Status).toBe('available');
    expect(out.Snapshots?.[0]?.EstimatedSecondsToCompletion).toBe(0);
  });

  it('gives the same request ids for the same seed and requests', async () => {
    const ids = async () => {
      const { c } = client(newSim(7));
      const a = await c.send(new DescribeClusterSnapshotsCommand({}));
      const b = await c.send(new DescribeClusterSnapshotsCommand({}));
      return [a.$metadata.requestId, b.$metadata.requestId];
    };
    const first = await ids();
    expect(await ids()).toEqual(first);
    expect(first[0]).not.toBe(first[1]);
  });
});
