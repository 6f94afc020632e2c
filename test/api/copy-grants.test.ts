/**
 * The snapshot copy grant operations through real clients against `startServer`: the SDK v3 over
 * HTTP (the grant shape, typed faults with AWS's codes, paging with the SDK's own paginator, tags
 * by the grant's ARN) and the AWS CLI v2 (`aws redshift create-snapshot-copy-grant`,
 * `describe-snapshot-copy-grants` — which pages by itself — and `delete-snapshot-copy-grant`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSnapshotCopyGrantCommand,
  CreateTagsCommand,
  DeleteSnapshotCopyGrantCommand,
  DescribeSnapshotCopyGrantsCommand,
  DescribeTagsCommand,
  paginateDescribeSnapshotCopyGrants,
  RedshiftClient,
  SnapshotCopyGrantAlreadyExistsFault,
  SnapshotCopyGrantNotFoundFault,
  SnapshotCopyGrantQuotaExceededFault,
  type SnapshotCopyGrant,
} from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { defaultKmsKeyArn } from '../../src/model/arns.ts';
import type { Simulator } from '../../src/sim/simulator.ts';

const OWNER = { account: '123456789012', region: 'us-east-1' };
/** The account the CLI calls as (its access key is its account id). */
const CLI_ACCOUNT = '111122223333';
const QUOTA = 50;

describe('snapshot copy grants through real clients', { timeout: 90_000 }, () => {
  let server: RunningServer;
  let home: string;
  let client: RedshiftClient;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 9, clock: 'manual', config: { quotas: { copyGrants: QUOTA } } });
    home = mkdtempSync(join(tmpdir(), 'snapsim-grants-'));
    client = new RedshiftClient({ region: OWNER.region, credentials: { accessKeyId: OWNER.account, secretAccessKey: 'not-checked' }, endpoint: server.url, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('SDK v3: creates a grant (default key, tags), describes it by name, tags it by ARN and deletes it', async () => {
    const created = await client.send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'dr-grant', Tags: [{ Key: 'env', Value: 'dr' }] }));
    expect(created.SnapshotCopyGrant).toEqual({ SnapshotCopyGrantName: 'dr-grant', KmsKeyId: defaultKmsKeyArn(OWNER.account, OWNER.region), Tags: [{ Key: 'env', Value: 'dr' }] });

    const arn = `arn:aws:redshift:${OWNER.region}:${OWNER.account}:snapshotcopygrant:dr-grant`;
    await client.send(new CreateTagsCommand({ ResourceName: arn, Tags: [{ Key: 'team', Value: 'ops' }] }));
    const tags = await client.send(new DescribeTagsCommand({ ResourceType: 'Snapshot copy grant' }));
    expect(tags.TaggedResources?.map((t) => `${t.ResourceType} ${t.ResourceName} ${t.Tag?.Key}=${t.Tag?.Value}`)).toEqual([
      `snapshotcopygrant ${arn} env=dr`,
      `snapshotcopygrant ${arn} team=ops`,
    ]);

    const one = await client.send(new DescribeSnapshotCopyGrantsCommand({ SnapshotCopyGrantName: 'dr-grant' }));
    expect(one.SnapshotCopyGrants?.[0]?.Tags).toEqual([{ Key: 'env', Value: 'dr' }, { Key: 'team', Value: 'ops' }]);
    expect(one.Marker).toBeUndefined();

    const deleted = await client.send(new DeleteSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'dr-grant' }));
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    expect((await client.send(new DescribeSnapshotCopyGrantsCommand({}))).SnapshotCopyGrants).toEqual([]);
  });

  it("SDK v3: raises the typed faults with AWS's codes and HTTP 400", async () => {
    await client.send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'twice', KmsKeyId: 'alias/dr' }));
    const cases: [Promise<unknown>, new (...args: never[]) => Error, string][] = [
      [client.send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'twice' })), SnapshotCopyGrantAlreadyExistsFault, 'SnapshotCopyGrantAlreadyExistsFault'],
      [client.send(new DeleteSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'never' })), SnapshotCopyGrantNotFoundFault, 'SnapshotCopyGrantNotFoundFault'],
      [client.send(new DescribeSnapshotCopyGrantsCommand({ SnapshotCopyGrantName: 'never' })), SnapshotCopyGrantNotFoundFault, 'SnapshotCopyGrantNotFoundFault'],
    ];
    for (const [call, type, code] of cases) {
      const err = (await call.catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode?: number } };
      expect(err).toBeInstanceOf(type);
      expect(err.name).toBe(code);
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
    const bad = (await client.send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'Bad--Name' })).catch((e: unknown) => e)) as Error;
    expect(bad.name).toBe('InvalidParameterValue');
    await client.send(new DeleteSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'twice' }));
  });

  it('SDK v3: pages 45 grants with paginateDescribeSnapshotCopyGrants, then meets the configured quota', async () => {
    for (let i = 1; i <= 45; i++) await client.send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: `g${i}`, KmsKeyId: `key-${i}` }));
    const pages: SnapshotCopyGrant[][] = [];
    for await (const page of paginateDescribeSnapshotCopyGrants({ client, pageSize: 20 }, {})) pages.push(page.SnapshotCopyGrants ?? []);
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    expect(pages.flat().map((g) => g.SnapshotCopyGrantName)).toEqual(Array.from({ length: 45 }, (_, i) => `g${i + 1}`));
    for (let i = 46; i <= QUOTA; i++) await client.send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: `g${i}` }));
    const err = await client.send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'over' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SnapshotCopyGrantQuotaExceededFault);
  });

  it('AWS CLI v2: create-snapshot-copy-grant, describe-snapshot-copy-grants (paged by the CLI), delete-snapshot-copy-grant', async () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_ACCESS_KEY_ID: CLI_ACCOUNT, AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: OWNER.region, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1', AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') };
    const aws = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) =>
        execFile('/usr/bin/aws', ['redshift', ...args, '--endpoint-url', server.url, '--output', 'json'], { env, timeout: 50_000 }, (e, stdout, stderr) =>
          e && typeof e.code !== 'number' ? reject(new Error(`${e.message}\n${stderr}`)) : resolve({ code: e ? (e.code as number) : 0, stdout, stderr })),
      );
    const created = await aws('create-snapshot-copy-grant', '--snapshot-copy-grant-name', 'cli-grant', '--kms-key-id', 'alias/cli', '--tags', 'Key=via,Value=cli');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ SnapshotCopyGrant: { SnapshotCopyGrantName: 'cli-grant', KmsKeyId: 'alias/cli', Tags: [{ Key: 'via', Value: 'cli' }] } });
    // more grants in process (a CLI call costs about half a second)
    const sim = server.endpoint.sim as Simulator;
    for (let i = 1; i <= 24; i++) sim.execute('CreateSnapshotCopyGrant', { SnapshotCopyGrantName: `cli-${i}` }, { account: CLI_ACCOUNT, region: OWNER.region });

    // the CLI follows the markers itself: pages of 20 come back as one list
    const listed = await aws('describe-snapshot-copy-grants', '--page-size', '20', '--tag-keys', 'via', 'nope');
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { SnapshotCopyGrants: SnapshotCopyGrant[] }).SnapshotCopyGrants.map((g) => g.SnapshotCopyGrantName)).toEqual(['cli-grant']);
    const all = await aws('describe-snapshot-copy-grants', '--page-size', '20');
    expect((JSON.parse(all.stdout) as { SnapshotCopyGrants: SnapshotCopyGrant[] }).SnapshotCopyGrants).toHaveLength(25);

    const deleted = await aws('delete-snapshot-copy-grant', '--snapshot-copy-grant-name', 'cli-grant');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout.trim()).toBe('');
    const again = await aws('delete-snapshot-copy-grant', '--snapshot-copy-grant-name', 'cli-grant');
    expect([254, 255]).toContain(again.code);
    expect(again.stderr).toContain('(SnapshotCopyGrantNotFoundFault)');
  });
});
