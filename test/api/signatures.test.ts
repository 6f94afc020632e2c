/**
 * Optional SigV4 verification (`--verify-signatures`): the real AWS SDK v3 signs, snapsim checks
 * with node:crypto. A right secret is served as the account the credentials file names; a wrong
 * one is `SignatureDoesNotMatch` (403), an unknown key `InvalidClientTokenId` (403), no signature
 * `MissingAuthenticationToken` (403). Presigned GETs are verified too.
 */
import { CreateClusterCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { parseCredentials } from '../../src/api/sigv4.ts';
import { serve } from '../../src/cli/serve.ts';
import type { Simulator } from '../../src/sim/simulator.ts';

const CREDENTIALS = {
  AKIDALICE: { secretAccessKey: 'alice-secret', account: '111111111111' },
  '222222222222': { secretAccessKey: 'bob-secret' },
};

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0, seed: 5, credentials: CREDENTIALS });
});
afterAll(() => server.close());

const client = (accessKeyId: string, secretAccessKey: string, region = 'us-east-1') =>
  new RedshiftClient({ region, endpoint: server.url, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return [err.name, err.$metadata?.httpStatusCode];
  }
  return ['accepted'];
};
const newCluster = (id: string) => new CreateClusterCommand({ ClusterIdentifier: id, NodeType: 'dc2.large', MasterUsername: 'admin', MasterUserPassword: 'Passw0rd1' });

/** node:crypto as the signer's hash (the SDK's own is not a dependency of ours). */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data): string | Uint8Array => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: Data) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Data): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {}
}
const signer = (secretAccessKey: string, accessKeyId = 'AKIDALICE') =>
  new SignatureV4({ service: 'redshift', region: 'us-east-1', sha256: Sha256, credentials: { accessKeyId, secretAccessKey } });

describe('--verify-signatures with the AWS SDK v3', () => {
  it('serves a client that signs with the right secret, as the account the file names', async () => {
    const out = await client('AKIDALICE', 'alice-secret', 'eu-west-1').send(newCluster('alice-cluster'));
    expect(out.Cluster?.ClusterIdentifier).toBe('alice-cluster');
    const sim = server.endpoint.sim as Simulator;
    expect(sim.state.partitions.get('111111111111/eu-west-1')?.clusters.has('alice-cluster') ?? [...sim.state.partitions.keys()]).toBe(true);
    const bob = await client('222222222222', 'bob-secret').send(new DescribeClustersCommand({}));
    expect(bob.Clusters).toEqual([]); // a 12-digit key is its own account
  });

  it('refuses a wrong secret (SignatureDoesNotMatch), an unknown key (InvalidClientTokenId), both 403', async () => {
    expect(await failure(client('AKIDALICE', 'not-the-secret').send(newCluster('x')))).toEqual(['SignatureDoesNotMatch', 403]);
    expect(await failure(client('AKIDMALLORY', 'alice-secret').send(newCluster('x')))).toEqual(['InvalidClientTokenId', 403]);
    const sim = server.endpoint.sim as Simulator;
    expect([...sim.state.partitions.values()].some((p) => p.clusters.has('x'))).toBe(false);
  });

  it('refuses an unsigned request (MissingAuthenticationToken) and a malformed one (IncompleteSignature)', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: 'Action=DescribeClusters&Version=2012-12-01' });
    const unsigned = await post({});
    expect([unsigned.status, /<Code>(\w+)/.exec(await unsigned.text())?.[1]]).toEqual([403, 'MissingAuthenticationToken']);
    const fake = await post({ authorization: 'AWS4-HMAC-SHA256 Credential=AKIDALICE/20250115/us-east-1/redshift/aws4_request, SignedHeaders=host, Signature=0' });
    expect([fake.status, /<Code>(\w+)/.exec(await fake.text())?.[1]]).toEqual([400, 'IncompleteSignature']); // no X-Amz-Date
  });

  it('refuses a signed request whose body was changed afterwards', async () => {
    const u = new URL(server.url);
    const body = 'Action=DescribeClusters&Version=2012-12-01';
    const signed = await signer('alice-secret').sign({
      method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: {},
      headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
    });
    const send = (b: string) => fetch(`${server.url}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body: b });
    expect((await send(body)).status).toBe(200);
    const tampered = await send(body + '&MaxRecords=20');
    expect([tampered.status, /<Code>(\w+)/.exec(await tampered.text())?.[1]]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it("acts as the key that signed: a Credential field smuggled into the (unsigned) Authorization header is not another account's", async () => {
    await client('AKIDALICE', 'alice-secret').send(newCluster('alice-east'));
    const u = new URL(server.url);
    const body = 'Action=DescribeClusters&Version=2012-12-01';
    const signed = await signer('bob-secret', '222222222222').sign({
      method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: {},
      headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
    });
    const headers = signed.headers as Record<string, string>;
    const send = (authorization: string) => fetch(`${server.url}/`, { method: 'POST', headers: { ...headers, authorization }, body });
    const clustersIn = async (res: Response) => [...(await res.text()).matchAll(/<ClusterIdentifier>([^<]+)</g)].map((m) => m[1]);
    const auth = headers.authorization!;
    expect(await clustersIn(await send(auth))).toEqual([]);
    const alices = '111111111111/20250101/us-east-1/redshift/aws4_request';
    const smuggled = await send(auth.replace('AWS4-HMAC-SHA256 ', `AWS4-HMAC-SHA256 XCredential=${alices}, `));
    expect(smuggled.status).toBe(200);
    expect(await clustersIn(smuggled)).toEqual([]); // still Bob's account
    const twice = await send(auth.replace('AWS4-HMAC-SHA256 ', `AWS4-HMAC-SHA256 Credential=${alices}, `));
    expect([twice.status, /<Code>(\w+)/.exec(await twice.text())?.[1]]).toEqual([400, 'IncompleteSignature']);
  });

  it('maps a 12-digit key to the account the file gives it, when it gives one', async () => {
    const other = await startServer({ port: 0, seed: 5, credentials: { '444444444444': { secretAccessKey: 's4', account: '555555555555' } } });
    try {
      const c = new RedshiftClient({ region: 'us-east-1', endpoint: other.url, credentials: { accessKeyId: '444444444444', secretAccessKey: 's4' }, maxAttempts: 1 });
      const made = await c.send(newCluster('k4'));
      expect(made.Cluster?.ClusterNamespaceArn).toMatch(/:555555555555:namespace:/);
    } finally {
      await other.close();
    }
  });

  it('verifies presigned GETs', async () => {
    const u = new URL(server.url);
    const presign = (secret: string) =>
      signer(secret).presign({
        method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/',
        query: { Action: 'DescribeClusters', Version: '2012-12-01' }, headers: { host: u.host },
      }, { expiresIn: 300 });
    const url = (r: { query?: Record<string, string | string[] | null> }) => `${server.url}/?${new URLSearchParams(r.query as Record<string, string>).toString().replace(/\+/g, '%20')}`;
    const good = await fetch(url(await presign('alice-secret')));
    expect(good.status).toBe(200);
    const bad = await fetch(url(await presign('wrong')));
    expect([bad.status, /<Code>(\w+)/.exec(await bad.text())?.[1]]).toEqual([403, 'SignatureDoesNotMatch']);
    const changed = await fetch(url(await presign('alice-secret')).replace('DescribeClusters', 'DescribeClusterSnapshots'));
    expect(changed.status).toBe(403);
  });
});

describe('the credentials file', () => {
  it('is JSON: access key id → { secretAccessKey, account? }, checked at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapsim-creds-'));
    const file = join(dir, 'credentials.json');
    writeFileSync(file, JSON.stringify(CREDENTIALS));
    const lines: string[] = [];
    const s = await serve(['--port', '0', '--verify-signatures', file], (l) => lines.push(l));
    try {
      expect(lines.join('\n')).toContain(`signatures: verified against ${file}`);
      expect(await failure(new RedshiftClient({ region: 'us-east-1', endpoint: s.url, credentials: { accessKeyId: 'AKIDALICE', secretAccessKey: 'nope' }, maxAttempts: 1 }).send(new DescribeClustersCommand({})))).toEqual(['SignatureDoesNotMatch', 403]);
    } finally {
      await s.close();
    }
    expect(() => parseCredentials({ AKID: { secretAccessKey: '' } })).toThrow(/secretAccessKey/);
    expect(() => parseCredentials({ AKID: { secretAccessKey: 's', account: '12' } })).toThrow(/12-digit/);
    expect(() => parseCredentials([])).toThrow(/JSON object/);
  });
});
