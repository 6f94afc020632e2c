/**
 * The server refuses what a web page or a foreign host could make it do: DNS rebinding (a Host
 * that is not this server), cross-site requests (Sec-Fetch-Site, a foreign Origin), non-form
 * bodies; the control API can need a token or be off. Every request goes to 127.0.0.1.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestGuard, bindsLoopbackOnly } from '../../src/api/request-guard.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { exposureWarning, serve } from '../../src/cli/serve.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to 127.0.0.1 with exactly these headers (Host included, when given). */
function send(base: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: u.port, method, path, headers: { ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const QUERY = 'Action=DescribeClusters&Version=2012-12-01';
const awsCode = (a: Answer) => /<Code>([^<]*)<\/Code>/.exec(a.body)?.[1];
const jsonCode = (a: Answer) => (JSON.parse(a.body) as { error?: { code: string } }).error?.code;

describe('a server on loopback (the default)', () => {
  let server: RunningServer;
  let host: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 1 });
    host = new URL(server.url).host;
  });
  afterAll(() => server.close());

  it('answers clients that name it: 127.0.0.1, localhost, ::1, any 127.x address, on any port', async () => {
    for (const name of [host, 'localhost:4599', 'LOCALHOST', '[::1]:80', '127.1.2.3', 'api.localhost:1', '127.0.0.1.']) {
      const a = await send(server.url, 'POST', '/', { ...FORM, host: name }, QUERY);
      expect([name, a.status]).toEqual([name, 200]);
    }
  });

  it('refuses a Host that names another server (DNS rebinding) on every route, GET included', async () => {
    for (const name of ['evil.example:4599', 'evil.example', '10.0.0.1', 'localhost.evil.example', '127.0.0.1.evil.example', 'localhost@evil.example']) {
      const q = await send(server.url, 'GET', `/?${QUERY}`, { host: name });
      expect([name, q.status, awsCode(q)]).toEqual([name, 403, 'AccessDenied']);
      expect(q.body).toMatch(/^<ErrorResponse /);
      const c = await send(server.url, 'POST', '/_snapsim/reset', { host: name });
      expect([name, c.status, jsonCode(c)]).toEqual([name, 403, 'Forbidden']);
      const log = await send(server.url, 'GET', '/_snapsim/log', { host: name });
      expect(log.status).toBe(403);
    }
  });

  it('refuses what a browser marks cross-site or same-site, and a foreign Origin, on every route and method', async () => {
    const hostile: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'http://evil.example' },
      { origin: 'http://localhost:3000' },
      { origin: 'null' },
      { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of hostile) {
      const img = await send(server.url, 'GET', `/?${QUERY}`, headers);
      expect([headers, img.status, awsCode(img)]).toEqual([headers, 403, 'AccessDenied']);
      const post = await send(server.url, 'POST', '/', { ...headers, 'content-type': 'text/plain' }, `${QUERY}&ClusterIdentifier=x`);
      expect([headers, post.status, awsCode(post)]).toEqual([headers, 403, 'AccessDenied']);
      for (const [method, path] of [['POST', '/_snapsim/reset'], ['POST', '/_snapsim/clock/advance?seconds=60'], ['GET', '/_snapsim/log'], ['GET', '/_snapsim/health']] as const) {
        const c = await send(server.url, method, path, headers);
        expect([headers, path, c.status, jsonCode(c)]).toEqual([headers, path, 403, 'Forbidden']);
      }
    }
    expect(server.endpoint.sim.now().toISOString()).toBe('2025-01-01T00:00:00.000Z'); // the clock did not move
  });

  it('accepts a browser on this very origin, and requests the user typed (Sec-Fetch-Site none)', async () => {
    const same = await send(server.url, 'POST', '/', { ...FORM, origin: server.url, 'sec-fetch-site': 'same-origin' }, QUERY);
    expect(same.status).toBe(200);
    const typed = await send(server.url, 'GET', '/_snapsim/health', { 'sec-fetch-site': 'none' });
    expect(typed.status).toBe(200);
  });

  it('takes only form bodies on the Query endpoint (400 UnsupportedMediaType), parameters in the URL with no body', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'multipart/form-data; boundary=x', 'application/json', undefined]) {
      const a = await send(server.url, 'POST', '/', type === undefined ? {} : { 'content-type': type }, QUERY);
      expect([type, a.status, awsCode(a)]).toEqual([type, 400, 'UnsupportedMediaType']);
    }
    expect((await send(server.url, 'POST', '/', { 'content-type': 'Application/X-WWW-Form-Urlencoded; charset=utf-8' }, QUERY)).status).toBe(200);
    expect((await send(server.url, 'POST', `/?${QUERY}`, {})).status).toBe(200);
    expect((await send(server.url, 'GET', `/?${QUERY}`, {})).status).toBe(200);
  });

  it('needs no control token on loopback unless one is set', async () => {
    expect((await send(server.url, 'GET', '/_snapsim/health', {})).status).toBe(200);
    expect(server.controlToken).toBeUndefined();
    expect(server.exposed).toBe(false);
  });
});

describe('a control token, --allowed-hosts and --no-control', () => {
  it('refuses the control API without its token (401) and answers with it', async () => {
    const server = await startServer({ port: 0, controlToken: 'sesame-1234' });
    try {
      for (const auth of [undefined, 'Bearer wrong', 'Bearer sesame-12345', 'Basic c2VzYW1lLTEyMzQ=', 'sesame-1234']) {
        const a = await send(server.url, 'POST', '/_snapsim/clock/advance?seconds=60', auth === undefined ? {} : { authorization: auth });
        expect([auth, a.status, jsonCode(a)]).toEqual([auth, 401, 'Unauthorized']);
        expect(a.headers['www-authenticate']).toBe('Bearer realm="snapsim"');
      }
      expect(server.endpoint.sim.now().toISOString()).toBe('2025-01-01T00:00:00.000Z');
      const ok = await send(server.url, 'POST', '/_snapsim/clock/advance?seconds=60', { authorization: 'Bearer sesame-1234' });
      expect(ok.status).toBe(200);
      // the Query endpoint does not need it
      expect((await send(server.url, 'POST', '/', FORM, QUERY)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('accepts the names given with --allowed-hosts (a leading dot: the name and its subdomains)', async () => {
    const server = await startServer({ port: 0, allowedHosts: ['snapsim', '.test.internal'] });
    try {
      for (const [name, status] of [['snapsim:4599', 200], ['test.internal', 200], ['a.b.test.internal:1', 200], ['localhost', 200], ['snapsim2', 403], ['xtest.internal', 403]] as const) {
        const a = await send(server.url, 'POST', '/', { ...FORM, host: name }, QUERY);
        expect([name, a.status]).toEqual([name, status]);
      }
    } finally {
      await server.close();
    }
  });

  it('turns the control API off with control: false (404 on every route)', async () => {
    const server = await startServer({ port: 0, control: false });
    try {
      for (const [method, path] of [['GET', '/_snapsim/health'], ['POST', '/_snapsim/reset'], ['GET', '/_snapsim/log']] as const) {
        const a = await send(server.url, method, path, {});
        expect([path, a.status, jsonCode(a)]).toEqual([path, 404, 'NotFound']);
      }
      expect((await send(server.url, 'POST', '/', FORM, QUERY)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('serve: --control-token, --no-control and --allowed-hosts', async () => {
    const lines: string[] = [];
    const server = await serve(['--port', '0', '--control-token', 'tok-abcdefgh', '--allowed-hosts', 'snapsim,.svc'], (l) => lines.push(l));
    try {
      expect(lines.join('\n')).toContain('Authorization: Bearer tok-abcdefgh');
      expect((await send(server.url, 'GET', '/_snapsim/health', {})).status).toBe(401);
      expect((await send(server.url, 'GET', '/_snapsim/health', { authorization: 'Bearer tok-abcdefgh', host: 'x.svc' })).status).toBe(200);
    } finally {
      await server.close();
    }
    const off: string[] = [];
    const quiet = await serve(['--port', '0', '--no-control'], (l) => off.push(l));
    try {
      expect(off.join('\n')).toContain('control API: off');
      expect((await send(quiet.url, 'GET', '/_snapsim/health', {})).status).toBe(404);
    } finally {
      await quiet.close();
    }
    await expect(serve(['--port', '0', '--no-control', '--control-token', 'abcdefgh'])).rejects.toThrow(/exclude/);
  });
});

describe('bound beyond loopback', () => {
  it('accepts any Host without --allowed-hosts, still refuses cross-site requests, and needs the control token', () => {
    const guard = new RequestGuard({ boundHost: '0.0.0.0', controlToken: 'generated-token' });
    expect(guard.exposed).toBe(true);
    expect(guard.check({ host: 'snapsim:4599' })).toBeUndefined();
    expect(guard.check({ host: 'snapsim:4599', 'sec-fetch-site': 'cross-site' })?.reason).toBe('cross-site');
    expect(guard.check({ host: 'snapsim:4599', origin: 'http://evil.example' })?.reason).toBe('cross-site');
    expect(guard.check({ host: 'snapsim:4599', origin: 'http://snapsim:4599' })).toBeUndefined();
    expect(guard.tokenAccepted({})).toBe(false);
    expect(guard.tokenAccepted({ authorization: 'Bearer generated-token' })).toBe(true);
    // with --allowed-hosts, only those (and loopback, and the bound address)
    const listed = new RequestGuard({ boundHost: '0.0.0.0', allowedHosts: ['snapsim'] });
    expect(listed.hostAllowed('snapsim:4599')).toBe(true);
    expect(listed.hostAllowed('other:4599')).toBe(false);
    expect(listed.hostAllowed('0.0.0.0:4599')).toBe(true);
    const lan = new RequestGuard({ boundHost: '192.168.1.5', allowedHosts: [] });
    expect([lan.exposed, lan.hostAllowed('192.168.1.5:4599'), lan.hostAllowed('evil.example')]).toEqual([true, true, false]);
  });

  it('tells loopback from beyond', () => {
    expect(['127.0.0.1', '127.9.9.9', '::1', 'localhost'].map(bindsLoopbackOnly)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.1.5', 'example.com'].map(bindsLoopbackOnly)).toEqual([false, false, false, false]);
  });

  it('warns, naming what it exposes', () => {
    const text = exposureWarning({ host: '0.0.0.0', port: 4599, verifying: false, control: true, allowedHosts: false });
    expect(text).toMatch(/warning: listening on 0\.0\.0\.0/);
    expect(text).toMatch(/create, copy and delete clusters and snapshots in any account/);
    expect(text).toMatch(/signatures are not verified/);
    expect(text).toMatch(/reset the state, read every account's commands and move the clock/);
    expect(text).toMatch(/any Host header is accepted/);
  });
});
