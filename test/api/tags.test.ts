/**
 * CreateTags, DescribeTags and DeleteTags through real clients against `startServer`: the SDK v3
 * over HTTP (empty replies, paging with the SDK's own paginator, ResourceNotFoundFault as a typed
 * 404 error) and the AWS CLI v2 (`aws redshift create-tags` / `describe-tags`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeClustersCommand,
  DescribeTagsCommand,
  paginateDescribeTags,
  RedshiftClient,
  ResourceNotFoundFault,
  type TaggedResource,
} from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import type { Simulator } from '../../src/sim/simulator.ts';

const OWNER = { account: '123456789012', region: 'us-east-1' };
const CLUSTER = `arn:aws:redshift:${OWNER.region}:${OWNER.account}:cluster:dr`;
const SNAPSHOT = `arn:aws:redshift:${OWNER.region}:${OWNER.account}:snapshot:dr/before-deploy`;

/** `<type> key=value` of each TaggedResource. */
const listed = (list: TaggedResource[] | undefined): string[] => (list ?? []).map((t) => `${t.ResourceType} ${t.Tag?.Key}=${t.Tag?.Value}`);

describe('tags through real clients', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let home: string;
  let client: RedshiftClient;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 5, clock: 'manual' });
    const sim = server.endpoint.sim as Simulator;
    sim.createCluster({ ClusterIdentifier: 'dr', NodeType: 'dc2.large', MasterUsername: 'admin' }, OWNER);
    sim.runUntilIdle();
    sim.createClusterSnapshot({ ClusterIdentifier: 'dr', SnapshotIdentifier: 'before-deploy' }, OWNER);
    sim.runUntilIdle();
    home = mkdtempSync(join(tmpdir(), 'snapsim-tags-'));
    client = new RedshiftClient({ region: OWNER.region, credentials: { accessKeyId: OWNER.account, secretAccessKey: 'not-checked' }, endpoint: server.url, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('SDK v3: creates, describes (one resource, by type, paged) and deletes tags', async () => {
    const created = await client.send(new CreateTagsCommand({ ResourceName: CLUSTER, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'a b' }] }));
    expect(created.$metadata.httpStatusCode).toBe(200);
    await client.send(new CreateTagsCommand({ ResourceName: SNAPSHOT, Tags: Array.from({ length: 12 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` })) }));

    const one = await client.send(new DescribeTagsCommand({ ResourceName: CLUSTER }));
    expect(one.TaggedResources).toEqual([
      { Tag: { Key: 'env', Value: 'prod' }, ResourceName: CLUSTER, ResourceType: 'cluster' },
      { Tag: { Key: 'owner', Value: 'a b' }, ResourceName: CLUSTER, ResourceType: 'cluster' },
    ]);
    expect(one.Marker).toBeUndefined();

    const snapshots = await client.send(new DescribeTagsCommand({ ResourceType: 'Snapshot', TagKeys: ['k0', 'k11'] }));
    expect(listed(snapshots.TaggedResources)).toEqual(['snapshot k0=v0', 'snapshot k11=v11']);

    const pages: TaggedResource[][] = [];
    for await (const page of paginateDescribeTags({ client, pageSize: 10 }, {})) pages.push(page.TaggedResources ?? []);
    expect(pages.map((p) => p.length)).toEqual([10, 4]);
    expect(pages.flat().map((t) => t.ResourceName)).toEqual([CLUSTER, CLUSTER, ...Array<string>(12).fill(SNAPSHOT)]);

    // DescribeClusters' tag filter sees the new tags
    const found = await client.send(new DescribeClustersCommand({ TagKeys: ['owner'], TagValues: ['a b'] }));
    expect(found.Clusters?.map((c) => c.ClusterIdentifier)).toEqual(['dr']);

    await client.send(new DeleteTagsCommand({ ResourceName: CLUSTER, TagKeys: ['owner', 'never-there'] }));
    expect(listed((await client.send(new DescribeTagsCommand({ ResourceName: CLUSTER }))).TaggedResources)).toEqual(['cluster env=prod']);
  });

  it('SDK v3: an unknown ARN is ResourceNotFoundFault, HTTP 404', async () => {
    const err = await client.send(new CreateTagsCommand({ ResourceName: CLUSTER.replace(':dr', ':gone'), Tags: [{ Key: 'k', Value: 'v' }] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundFault);
    expect((err as ResourceNotFoundFault).$metadata.httpStatusCode).toBe(404);
  });

  it('AWS CLI v2: aws redshift create-tags, then describe-tags', async () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_ACCESS_KEY_ID: OWNER.account, AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: OWNER.region, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1', AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') };
    const aws = (...args: string[]) =>
      new Promise<string>((resolve, reject) =>
        execFile('/usr/bin/aws', ['redshift', ...args, '--endpoint-url', server.url, '--output', 'json'], { env, timeout: 50_000 }, (e, out, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve(out))),
      );
    expect((await aws('create-tags', '--resource-name', CLUSTER, '--tags', 'Key=cli,Value=yes', 'Key=team,Value=dr')).trim()).toBe('');
    const out = JSON.parse(await aws('describe-tags', '--resource-type', 'cluster', '--tag-keys', 'cli', 'team')) as { TaggedResources: TaggedResource[] };
    expect(out.TaggedResources).toEqual([
      { Tag: { Key: 'cli', Value: 'yes' }, ResourceName: CLUSTER, ResourceType: 'cluster' },
      { Tag: { Key: 'team', Value: 'dr' }, ResourceName: CLUSTER, ResourceType: 'cluster' },
    ]);
  });
});
