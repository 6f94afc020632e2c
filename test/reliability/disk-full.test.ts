/**
 * A real full disk: the log lives on a 256 KiB tmpfs that a filler file fills up. Needs root (to
 * mount); elsewhere the test is skipped and `write-failures.test.ts` covers the same promises with
 * ENOSPC injected through the log's file-system seam.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { FileLog, verifiedJson } from '../../src/events/file-log.ts';
import { replay, type Simulator } from '../../src/sim/simulator.ts';
import { deepEqual } from '../../src/testing/invariants.ts';

const dir = mkdtempSync(join(tmpdir(), 'snapsim-full-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'ignore' });
  mounted = true;
} catch {
  // not root, or no mount in this sandbox
}

afterAll(() => {
  if (mounted) execFileSync('umount', [dir]);
  rmdirSync(dir);
});

/** Fills the file system with a file; returns its path. */
function fill(path: string): string {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 120);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return path;
}

const post = (url: string, params: Record<string, string>) =>
  fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Version: '2012-12-01', ...params }) });
/** A command with a large tag, so a few of them cross a page of the file. */
const snapshot = (url: string, id: string) =>
  post(url, { Action: 'CreateClusterSnapshot', ClusterIdentifier: 'c', SnapshotIdentifier: id, 'Tags.Tag.1.Key': 'pad', 'Tags.Tag.1.Value': 'x'.repeat(200) });
const listed = async (url: string) => [...(await (await post(url, { Action: 'DescribeClusterSnapshots', SnapshotType: 'manual', MaxRecords: '100' })).text()).matchAll(/<SnapshotIdentifier>([^<]+)</g)].map((m) => m[1]);

/** Every line of the file is whole and verified, and the file ends with a newline. */
function wholeLines(path: string): number {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  for (const line of lines) expect(verifiedJson(line)).toBeDefined();
  return lines.length;
}

describe.skipIf(!mounted)('--log on a full disk (tmpfs, 256 KiB)', () => {
  const log = join(dir, 'run.ndjson');
  let server: RunningServer;
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 12, clock: 'instant', logFile: log, config: { quotas: { manualSnapshots: 1000 } } });
  });
  afterAll(async () => {
    await server?.close();
    errors.mockRestore();
  });

  it('refuses writes with a retryable 503 and leaves whole lines only; once space is back, writes go on and a restart replays every acknowledged one', async () => {
    expect((await post(server.url, { Action: 'CreateCluster', ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' })).status).toBe(200);
    expect((await snapshot(server.url, 'before')).status).toBe(200);
    const filler = fill(join(dir, 'filler'));
    const acked = ['before'];
    let refused = 0;
    for (let i = 0; i < 40 && refused < 3; i++) {
      const r = await snapshot(server.url, `full-${i}`);
      if (r.status === 200) acked.push(`full-${i}`);
      else {
        expect(r.status).toBe(503);
        expect(await r.text()).toMatch(/<Code>ServiceUnavailable<\/Code>/);
        refused++;
      }
    }
    expect(refused, 'the disk filled up').toBe(3);
    expect((await fetch(`${server.url}/_snapsim/health`)).status).toBe(200);
    wholeLines(log);
    expect(deepEqual((server.endpoint.sim as Simulator).state, replay(FileLog.read(log)).state)).toBe(true);

    unlinkSync(filler); // space is back
    for (const id of ['after-1', 'after-2']) {
      expect((await snapshot(server.url, id)).status).toBe(200);
      acked.push(id);
    }
    expect(await listed(server.url)).toEqual(acked);
    await server.close();
    wholeLines(log);
    server = await startServer({ port: 0, clock: 'instant', logFile: log });
    expect(await listed(server.url)).toEqual(acked);
  });
});
