/**
 * The Query endpoint and control API over real HTTP, served by `startServer` in front of the real
 * engine (seeded, manual clock): transport, errors as XML, body limits, and the control routes.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/api/http-handler.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { availableCluster, corruptCluster, lastCommand } from './real-sim.ts';

const START = '2025-01-15T10:00:00.000Z';
let server: RunningServer;
let url: string;
const internalErrors: unknown[] = [];
/** The simulator the server currently serves (the real engine). */
const served = () => server.endpoint.sim as Simulator;

beforeAll(async () => {
  server = await startServer({ port: 0, seed: 42, clock: 'manual', config: { start: START }, onInternalError: (e) => internalErrors.push(e) });
  url = server.url;
  const sim = served();
  availableCluster(sim, 'c', { account: '123456789012', region: 'us-east-1' });
  availableCluster(sim, 'c', { account: '123456789012', region: 'us-east-2' });
  availableCluster(sim, 'c', { account: '210987654321', region: 'eu-west-1' });
});
afterAll(async () => {
  await server.close();
});

const form = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers }, body });
const V = 'Version=2012-12-01';

describe('the Query endpoint over HTTP', () => {
  it('answers a POST form with text/xml and a matching x-amzn-RequestId', async () => {
    const res = await form(`Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=s1&ClusterIdentifier=c`, {
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250115/us-east-2/redshift/aws4_request, SignedHeaders=host, Signature=x',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const id = res.headers.get('x-amzn-requestid');
    const text = await res.text();
    expect(text).toContain(`<RequestId>${id}</RequestId>`);
    expect(text).toContain('<SnapshotIdentifier>s1</SnapshotIdentifier>');
    expect(text).toContain('<Status>creating</Status>');
    expect(text).toContain('<TotalBackupSizeInMegaBytes>-1.0</TotalBackupSizeInMegaBytes>');
    expect(res.headers.get('date')).toBeNull();
    expect(lastCommand(served())).toMatchObject({ account: '123456789012', region: 'us-east-2' });
    expect(served().entries().at(-1)?.requestId).toBe(id);
  });

  it('gives every request its own id: a refusal’s and a query’s never a logged command’s', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const refused = await form(`Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=r${i}&ClusterIdentifier=nope`);
      expect(refused.status).toBe(404);
      const query = await form(`Action=DescribeClusterSnapshots&${V}`);
      expect(query.status).toBe(200);
      const accepted = await form(`Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=ids${i}&ClusterIdentifier=c`);
      expect(accepted.status).toBe(200);
      expect(served().entries().at(-1)?.requestId).toBe(accepted.headers.get('x-amzn-requestid'));
      for (const res of [refused, query, accepted]) ids.push(res.headers.get('x-amzn-requestid')!);
    }
    const logged = served().entries().flatMap((e) => (e.requestId ? [e.requestId] : []));
    expect(new Set([...ids, ...logged]).size).toBe(new Set(logged).size + 6); // the six unlogged ids are new
  });

  it('accepts GET with parameters in the query string (presigned credential)', async () => {
    const cred = encodeURIComponent('210987654321/20190817/eu-west-1/redshift/aws4_request');
    const res = await fetch(`${url}/?Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=g1&ClusterIdentifier=c&X-Amz-Credential=${cred}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<OwnerAccount>210987654321</OwnerAccount>');
    expect(text).toContain('<SnapshotArn>arn:aws:redshift:eu-west-1:210987654321:snapshot:c/g1</SnapshotArn>');
    expect(lastCommand(served())).toMatchObject({ name: 'CreateClusterSnapshot', account: '210987654321', region: 'eu-west-1' });
  });

  it('merges query-string and body parameters', async () => {
    const res = await fetch(`${url}/?Action=CreateClusterSnapshot&${V}`, { method: 'POST', body: 'SnapshotIdentifier=m1&ClusterIdentifier=c', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    expect(lastCommand(served())).toEqual({
      name: 'CreateClusterSnapshot',
      account: '123456789012',
      region: 'us-east-1',
      input: { SnapshotIdentifier: 'm1', ClusterIdentifier: 'c' },
    });
  });

  it.each([
    ['', 400, 'MissingAction'],
    [`Action=Nope&${V}`, 400, 'InvalidAction'],
    [`Action=DescribeHsmConfigurations&${V}`, 501, 'NotImplemented'],
    [`Action=PauseCluster&${V}&ClusterIdentifier=nope`, 404, 'ClusterNotFound'],
    [`Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=m1&ClusterIdentifier=c`, 400, 'ClusterSnapshotAlreadyExists'],
    [`Action=DescribeClusters&${V}&ClusterIdentifier=x`, 404, 'ClusterNotFound'],
    [`Action=CreateClusterSnapshot&${V}&ClusterIdentifier=c`, 400, 'MissingParameter'],
    [`Action=DescribeClusters&${V}&MaxRecords=%FF`, 400, 'InvalidParameterValue'],
  ])('body %j → %i %s as an ErrorResponse', async (body, status, code) => {
    const res = await form(body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const text = await res.text();
    const type = status >= 500 ? 'Receiver' : 'Sender'; // reference §5.6
    expect(text).toMatch(new RegExp(`^<ErrorResponse xmlns="http://redshift.amazonaws.com/doc/2012-12-01/">\\n  <Error>\\n    <Type>${type}</Type>\\n    <Code>${code}</Code>`));
    expect(text).toContain(`<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId>`);
  });

  it('rejects invalid UTF-8 in a raw body', async () => {
    const res = await fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.concat([Buffer.from(`Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=`), Buffer.from([0xc3, 0x28])]) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>InvalidParameterValue</Code>');
  });

  it('rejects percent-encoded bytes that are not UTF-8; takes a U+FFFD, a CR and a stray % that are text', async () => {
    const bad = await form(`Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=%C3%28`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<Code>InvalidParameterValue</Code>');
    const text = 'line1\r\nline2 \uFFFD 100% sure';
    const ok = await form(`Action=CreateSnapshotSchedule&${V}&ScheduleIdentifier=text&ScheduleDefinitions.ScheduleDefinition.1=${encodeURIComponent('rate(12 hours)')}&ScheduleDescription=${encodeURIComponent(text).replace('%25', '%')}`);
    expect(ok.status).toBe(200);
    expect(served().execute('DescribeSnapshotSchedules', { ScheduleIdentifier: 'text' }).SnapshotSchedules[0].ScheduleDescription).toBe(text);
  });

  it('answers 501 NotImplemented as a server fault (Type Receiver) for an operation of the model snapsim does not implement', async () => {
    const res = await form(`Action=ResizeCluster&${V}&ClusterIdentifier=x`);
    expect(res.status).toBe(501);
    const body = await res.text();
    expect(body).toContain('<Type>Receiver</Type>');
    expect(body).toContain('<Code>NotImplemented</Code>');
  });

  it('answers 500 InternalFailure (Receiver) for an engine bug and reports it', async () => {
    availableCluster(served(), 'broken');
    corruptCluster(served(), 'broken', 'throws');
    const res = await form(`Action=DescribeClusters&${V}&ClusterIdentifier=broken`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('<Type>Receiver</Type>');
    expect(text).toContain('<Code>InternalFailure</Code>');
    expect(text).toContain(`<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId>`);
    expect(internalErrors).toHaveLength(1);
    expect(internalErrors[0]).toBeInstanceOf(TypeError);
  });

  it('rejects other HTTP methods with XML, not HTML', async () => {
    const res = await fetch(`${url}/`, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<ErrorResponse');
  });

  it('answers 413 from Content-Length without reading the body', async () => {
    const { status, body } = await rawPost({ 'content-length': String(MAX_BODY_BYTES + 1) }, MAX_BODY_BYTES + 1);
    expect(status).toBe(413);
    expect(body).toContain('<Code>RequestEntityTooLarge</Code>');
  });

  it('answers 413 for a chunked body once it passes the limit', async () => {
    const { status, body } = await rawPost({ 'transfer-encoding': 'chunked', 'content-type': 'application/x-www-form-urlencoded' }, 2 * MAX_BODY_BYTES);
    expect(status).toBe(413);
    expect(body).toContain('<Code>RequestEntityTooLarge</Code>');
  });

  it('accepts a body of exactly the limit', async () => {
    const prefix = `Action=DescribeClusterSnapshots&${V}&Pad=`;
    const res = await form(prefix + 'x'.repeat(MAX_BODY_BYTES - prefix.length));
    expect(res.status).toBe(200);
  });
});

describe('the control API', () => {
  it('reports health and the clock', async () => {
    const health = (await (await fetch(`${url}/_snapsim/health`)).json()) as { now: string };
    expect(health).toMatchObject({ status: 'ok', seed: 42, clock: 'manual' });
    const clock = (await (await fetch(`${url}/_snapsim/clock`)).json()) as { now: string };
    expect(clock.now).toBe(health.now);
  });

  it('advances virtual time', async () => {
    const before = Date.parse(((await (await fetch(`${url}/_snapsim/clock`)).json()) as { now: string }).now);
    const res = await fetch(`${url}/_snapsim/clock/advance?seconds=90`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(Date.parse(((await res.json()) as { now: string }).now)).toBe(before + 90_000);
    expect((await fetch(`${url}/_snapsim/clock/advance?seconds=-1`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${url}/_snapsim/clock/advance`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${url}/_snapsim/clock/advance?seconds=1`)).status).toBe(405);
  });

  it('runs until idle, serves the log and resets', async () => {
    const status = async () => {
      const res = await form(`Action=DescribeClusterSnapshots&${V}&SnapshotIdentifier=r1`);
      return /<Status>(\w+)<\/Status>/.exec(await res.text())?.[1] ?? `HTTP ${res.status}`;
    };
    expect((await form(`Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=r1&ClusterIdentifier=c`)).status).toBe(200);
    expect(await status()).toBe('creating');
    expect((await fetch(`${url}/_snapsim/clock/run-until-idle`, { method: 'POST' })).status).toBe(200);
    expect(await status()).toBe('available');
    const log = await fetch(`${url}/_snapsim/log`);
    expect(log.headers.get('content-type')).toBe('application/x-ndjson');
    const first = JSON.parse((await log.text()).split('\n')[0] as string) as { events: Array<{ type: string; seed: number }> };
    expect(first.events[0]).toMatchObject({ type: 'SimulationStarted', seed: 42 });
    const reset = await (await fetch(`${url}/_snapsim/reset?seed=9`, { method: 'POST' })).json();
    expect(reset).toMatchObject({ seed: 9, now: '2025-01-15T10:00:00.000Z' });
    expect(served().seed).toBe(9);
    expect(await status()).toBe('HTTP 404'); // a fresh simulator
    expect((await fetch(`${url}/_snapsim/nothing`)).status).toBe(404);
    await fetch(`${url}/_snapsim/reset?seed=42`, { method: 'POST' });
  });
});

/** Posts `size` bytes with raw node:http (so Content-Length can lie) and reads the answer. */
function rawPost(headers: Record<string, string>, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', () => {}); // the server may close while we are still writing
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
