/**
 * What runs between and under requests: a reset while a group sync is in flight, a log read
 * while the log is reset or its ring wraps, a request pipelined behind one refused with
 * `connection: close`, and control routes under a scaled clock (they act at the clock's now).
 */
import { fdatasync, fdatasyncSync, ftruncateSync, mkdtempSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startServer } from '../../src/api/server.ts';
import { FileLog, type LogFileSystem } from '../../src/events/file-log.ts';
import { LogNotKeptError, RingLog } from '../../src/events/log.ts';
import type { LogEntry } from '../../src/events/types.ts';
import { createSimulator, type Simulator } from '../../src/sim/simulator.ts';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'snapsim-races-')), 'log.ndjson');
const V = 'Version=2012-12-01';
const post = (url: string, body: string) => fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

/** node:fs whose async syncs take `syncDelay` ms (so requests pile up behind one). */
class SlowSyncFs implements LogFileSystem {
  syncDelay = 0;
  writeSync = (fd: number, buffer: Uint8Array, offset: number, length: number) => writeSync(fd, buffer, offset, length);
  fdatasyncSync = (fd: number) => fdatasyncSync(fd);
  fdatasync = (fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => void setTimeout(() => fdatasync(fd, callback), this.syncDelay);
  ftruncateSync = (fd: number, length: number) => ftruncateSync(fd, length);
}

describe('a reset of a served run with a log file', () => {
  it('during a group sync: the requests waiting on it are answered 200, and the new run loses nothing', async () => {
    const path = tmp();
    const fs = new SlowSyncFs();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await startServer({ port: 0, seed: 4, clock: 'instant', logFile: path, logFileSystem: fs });
    try {
      expect((await post(server.url, `Action=CreateCluster&${V}&ClusterIdentifier=c&NodeType=dc2.large&MasterUsername=admin`)).status).toBe(200);
      fs.syncDelay = 300;
      const waiting = ['a', 'b', 'c'].map((id) => post(server.url, `Action=CreateClusterSnapshot&${V}&ClusterIdentifier=c&SnapshotIdentifier=${id}`));
      await new Promise((r) => setTimeout(r, 100)); // they are written and wait for the sync
      expect((await fetch(`${server.url}/_snapsim/reset?seed=9`, { method: 'POST' })).status).toBe(200);
      expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([200, 200, 200]);
      fs.syncDelay = 0;
      expect((await post(server.url, `Action=CreateCluster&${V}&ClusterIdentifier=after&NodeType=dc2.large&MasterUsername=admin`)).status).toBe(200);
      const entries = FileLog.read(path);
      expect(entries[0]!.events[0]).toMatchObject({ type: 'SimulationStarted', seed: 9 });
      expect(entries.filter((e) => e.command !== null).map((e) => e.command!.input.ClusterIdentifier)).toEqual(['after']);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      await server.close();
      errors.mockRestore();
    }
  });
});

describe('reading a log while it changes', () => {
  const started = (): { log: FileLog; sim: Simulator } => {
    const log = FileLog.open(tmp());
    const sim = createSimulator({ seed: 3, log });
    sim.createCluster({ ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' });
    sim.advance(86_400);
    return { log, sim };
  };

  it('a file log read that began before a reset reads the old run to its end; one begun after it is refused', () => {
    const { log, sim } = started();
    const count = sim.entries().length;
    const fresh = [...createSimulator({ seed: 8 }).log.read()];
    const reading = log.lines()[Symbol.iterator]();
    expect(reading.next().done).toBe(false);
    const notYet = log.read();
    log.replaceWith(fresh);
    let rest = 1;
    for (let r = reading.next(); !r.done; r = reading.next()) rest++;
    expect(rest).toBe(count);
    expect(() => [...notYet]).toThrow(/was reset while being read/);
    expect([...log.read()]).toHaveLength(fresh.length);
    log.close();
  });

  it('a ring read whose entries fall out of the ring meanwhile ends with LogNotKeptError, never yields newer ones in their place', () => {
    const ring = new RingLog(8);
    const sim = createSimulator({ seed: 1, log: ring });
    for (const id of ['a', 'b', 'c', 'd', 'e']) sim.createCluster({ ClusterIdentifier: id, NodeType: 'dc2.large', MasterUsername: 'admin' });
    const reading = ring.read()[Symbol.iterator]();
    const first: LogEntry[] = [reading.next().value!, reading.next().value!];
    expect(first.map((e) => e.seq)).toEqual([0, 1]);
    sim.advance(30 * 86_400); // many entries: the ring wraps
    expect(() => {
      for (let r = reading.next(); !r.done; r = reading.next());
    }).toThrow(LogNotKeptError);
  });
});

describe('a request pipelined behind one refused with connection: close', () => {
  it('is not processed (RFC 9112 §9.6)', async () => {
    const server = await startServer({ port: 0, seed: 2, clock: 'instant' });
    try {
      const port = new URL(server.url).port;
      const refused = `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello`;
      const grant = `Action=CreateSnapshotCopyGrant&${V}&SnapshotCopyGrantName=sneaky`;
      const pipelined = `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${grant.length}\r\n\r\n${grant}`;
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(refused + pipelined));
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (c: string) => (text += c));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /); // UnsupportedMediaType
      expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
      expect((server.endpoint.sim as Simulator).execute('DescribeSnapshotCopyGrants', {}).SnapshotCopyGrants).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('control routes under a scaled clock', () => {
  it('a region outage "from now" begins at the clock\'s now: the next request is refused', async () => {
    const server = await startServer({ port: 0, seed: 2, clock: 'scaled:3000' });
    try {
      expect((await post(server.url, `Action=DescribeClusters&${V}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_000)); // 3,000 virtual seconds pass without a request
      expect((await fetch(`${server.url}/_snapsim/faults/region-outage?region=us-east-1&seconds=600`, { method: 'POST' })).status).toBe(200);
      expect((await post(server.url, `Action=DescribeClusters&${V}`)).status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
