/**
 * Resource limits of the HTTP server: a cap on concurrent connections and time limits on
 * receiving headers and bodies, so silent or trickling clients cannot hold file descriptors.
 * Bounded: a dozen sockets, limits of a fraction of a second, all on 127.0.0.1.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, httpOptionsFor, resolveLimits } from '../../src/api/limits.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';

let server: RunningServer;
let port: number;

beforeAll(async () => {
  server = await startServer({ port: 0, limits: { maxConnections: 4, headersTimeoutMs: 400, requestTimeoutMs: 1_000, keepAliveTimeoutMs: 200 } });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** A socket to the server and the time it was closed by the server (undefined while open), and what it received. */
function open(): { socket: Socket; closedAt: () => number | undefined; received: () => string; ready: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let closedAt: number | undefined;
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (data += d));
  socket.on('error', () => {});
  socket.on('close', () => (closedAt = performance.now()));
  const ready = new Promise<void>((resolve) => socket.once('connect', () => resolve()).once('close', () => resolve()));
  return { socket, closedAt: () => closedAt, received: () => data, ready };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const health = async () => (await fetch(`${server.url}/_snapsim/health`)).status;

describe('connection limits', () => {
  it('holds at most maxConnections sockets and closes silent ones after the headers timeout', async () => {
    const start = performance.now();
    const sockets = Array.from({ length: 12 }, open);
    await Promise.all(sockets.map((s) => s.ready));
    await sleep(150);
    const early = sockets.filter((s) => s.closedAt() !== undefined).length;
    expect(early).toBeGreaterThanOrEqual(8); // beyond the cap of 4: closed as soon as accepted
    await sleep(1_500);
    expect(sockets.every((s) => s.closedAt() !== undefined)).toBe(true); // the 4 held ones: the 400 ms headers timeout
    const last = Math.max(...sockets.map((s) => s.closedAt()!)) - start;
    expect(last).toBeLessThan(1_600);
    expect(await health()).toBe(200); // and the server answers again
  });

  it('answers 408 RequestTimeout to a body that trickles in, within the request timeout', async () => {
    const s = open();
    await s.ready;
    const start = performance.now();
    s.socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n');
    const drip = setInterval(() => s.socket.writable && s.socket.write('a'), 100);
    try {
      while (s.closedAt() === undefined && performance.now() - start < 5_000) await sleep(50);
    } finally {
      clearInterval(drip);
    }
    expect(s.closedAt()! - start).toBeLessThan(2_000);
    expect(s.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(s.received()).toContain('<Code>RequestTimeout</Code>');
  });

  it('closes a connection whose headers never end', async () => {
    const s = open();
    await s.ready;
    const start = performance.now();
    s.socket.write('GET /?Action=DescribeClusters HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    while (s.closedAt() === undefined && performance.now() - start < 5_000) await sleep(50);
    expect(s.closedAt()! - start).toBeLessThan(1_500);
  });
});

describe('default limits', () => {
  it('are in the low thousands of connections and seconds of patience', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toEqual({ maxConnections: 2_000, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
    expect(httpOptionsFor(resolveLimits())).toMatchObject({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 });
    expect(() => resolveLimits({ maxConnections: 0 })).toThrow(/positive integer/);
  });
});
