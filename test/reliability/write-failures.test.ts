/**
 * A write or sync the disk refuses (ENOSPC, EIO), injected through the log's file-system seam: the
 * file stays exactly as it was before the lines that could not be made durable, the command is
 * not applied, the server answers a retryable 503 and stays healthy, and a restart replays every
 * acknowledged command.
 */
import { fdatasync, fdatasyncSync, ftruncateSync, mkdtempSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startServer } from '../../src/api/server.ts';
import { FileLog, LogWriteError, type LogFileSystem } from '../../src/events/file-log.ts';
import { createSimulator, replay, type Simulator } from '../../src/sim/simulator.ts';
import { deepEqual } from '../../src/testing/invariants.ts';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'snapsim-wf-')), 'log.ndjson');
const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

/** node:fs with failures on demand: the next write fails after `partial` bytes, the next sync fails. */
class FaultyFs implements LogFileSystem {
  writeFailure: { code: string; partial: number } | undefined;
  syncFailure: string | undefined;
  truncateFailure: string | undefined;
  /** Milliseconds an async sync takes (so concurrent requests share it). */
  syncDelay = 0;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number {
    const f = this.writeFailure;
    if (f) {
      if (f.partial > 0) {
        const n = writeSync(fd, buffer, offset, Math.min(f.partial, length));
        f.partial = 0; // half a line is on disk; the next call fails
        return n;
      }
      this.writeFailure = undefined;
      throw errno(f.code);
    }
    return writeSync(fd, buffer, offset, length);
  }
  fdatasyncSync(fd: number): void {
    const f = this.syncFailure;
    this.syncFailure = undefined;
    if (f) throw errno(f);
    fdatasyncSync(fd);
  }
  fdatasync(fd: number, callback: (err: NodeJS.ErrnoException | null) => void): void {
    const f = this.syncFailure;
    this.syncFailure = undefined;
    setTimeout(() => (f ? callback(errno(f)) : fdatasync(fd, callback)), this.syncDelay);
  }
  ftruncateSync(fd: number, length: number): void {
    const f = this.truncateFailure;
    this.truncateFailure = undefined;
    if (f) throw errno(f);
    ftruncateSync(fd, length);
  }
}

function cluster(sim: Simulator): void {
  sim.createCluster({ ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
}

const sameAsFile = (sim: Simulator, path: string) => expect(deepEqual(replay(FileLog.read(path)).state, sim.state)).toBe(true);

describe('a FileLog whose write fails', () => {
  for (const code of ['ENOSPC', 'EIO']) {
    it(`${code} mid-line: the file is as it was, the command is not applied, and the next write goes on`, () => {
      const path = tmp();
      const fs = new FaultyFs();
      const log = FileLog.open(path, { fs });
      const sim = createSimulator({ seed: 3, log });
      cluster(sim);
      const before = readFileSync(path);
      fs.writeFailure = { code, partial: 40 };
      expect(() => sim.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: 's1' })).toThrow(LogWriteError);
      expect(readFileSync(path).equals(before)).toBe(true);
      expect(sim.describeClusterSnapshots({ SnapshotType: 'manual' }).Snapshots).toEqual([]);
      sameAsFile(sim, path); // live state never runs ahead of the log
      // space is back: the retry is written after the last good line, and a reopen replays it
      sim.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: 's1' });
      log.close();
      const again = createSimulator({ log: FileLog.open(path) });
      expect(again.describeClusterSnapshots({ SnapshotType: 'manual' }).Snapshots?.map((s) => s.SnapshotIdentifier)).toEqual(['s1']);
      expect(deepEqual(again.state, sim.state)).toBe(true);
      (again.log as FileLog).close();
    });
  }

  it('EIO on the sync of an `always` append: the line is truncated away and not applied', () => {
    const path = tmp();
    const fs = new FaultyFs();
    const log = FileLog.open(path, { fs, fsync: 'always' });
    const sim = createSimulator({ seed: 3, log });
    cluster(sim);
    const before = readFileSync(path);
    fs.syncFailure = 'EIO';
    expect(() => sim.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: 's1' })).toThrow(/EIO/);
    expect(readFileSync(path).equals(before)).toBe(true);
    sameAsFile(sim, path);
    log.close();
  });

  it('when even the truncation fails, it refuses every further write, and a reopen repairs the tail', () => {
    const path = tmp();
    const fs = new FaultyFs();
    const log = FileLog.open(path, { fs });
    const sim = createSimulator({ seed: 3, log });
    cluster(sim);
    const entries = [...log.read()].length;
    fs.writeFailure = { code: 'EIO', partial: 40 };
    fs.truncateFailure = 'EIO';
    expect(() => sim.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: 's1' })).toThrow(LogWriteError);
    expect(() => sim.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: 's2' })).toThrow(/cannot be written since an earlier failure/);
    log.close();
    const warnings: string[] = [];
    const reopened = FileLog.open(path, { onWarning: (m) => warnings.push(m) });
    expect(warnings[0]).toMatch(/torn last line/);
    expect([...reopened.read()]).toHaveLength(entries);
    reopened.close();
  });
});

describe('a FileLog whose group sync fails', () => {
  it('rejects every caller of the group, truncates to the last synced line and drops the entries since', async () => {
    const path = tmp();
    const fs = new FaultyFs();
    const rollbacks: number[] = [];
    const log = FileLog.open(path, { fs, fsync: 'group', onRollback: (_e, dropped) => rollbacks.push(dropped) });
    const sim = createSimulator({ seed: 3, log });
    cluster(sim);
    await sim.flush();
    const synced = readFileSync(path);
    const syncedEntries = [...log.read()].length;
    fs.syncFailure = 'EIO';
    fs.syncDelay = 20;
    sim.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: 's1' });
    const first = sim.flush();
    sim.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: 's2' });
    const second = sim.flush();
    await expect(first).rejects.toThrow(LogWriteError);
    await expect(second).rejects.toThrow(LogWriteError);
    expect(rollbacks).toEqual([2]);
    expect(readFileSync(path).equals(synced)).toBe(true);
    expect([...log.read()]).toHaveLength(syncedEntries);
    // the next group syncs
    const fresh = createSimulator({ log });
    fresh.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: 's3' });
    await fresh.flush();
    log.close();
    expect(FileLog.read(path)).toHaveLength(syncedEntries + 1);
  });

  it('a caller whose lines were synced before the failure is not rejected', async () => {
    const path = tmp();
    const fs = new FaultyFs();
    const log = FileLog.open(path, { fs, fsync: 'group' });
    const sim = createSimulator({ seed: 3, log });
    cluster(sim);
    fs.syncDelay = 10;
    const ok = sim.flush(); // its sync starts now and succeeds
    sim.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: 's1' });
    fs.syncFailure = 'EIO';
    const failing = sim.flush(); // waits for the first, then its own sync fails
    await expect(ok).resolves.toBeUndefined();
    await expect(failing).rejects.toThrow(LogWriteError);
    log.close();
  });
});

const V = '2012-12-01';
const post = (url: string, params: Record<string, string>) =>
  fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Version: V, ...params }) });
const snapshot = (url: string, id: string) => post(url, { Action: 'CreateClusterSnapshot', ClusterIdentifier: 'c', SnapshotIdentifier: id });
const listed = async (url: string) => [...(await (await post(url, { Action: 'DescribeClusterSnapshots', SnapshotType: 'manual' })).text()).matchAll(/<SnapshotIdentifier>([^<]+)</g)].map((m) => m[1]);

/**
 * A server (seed 8, `clock`) over a fresh log file written through a FaultyFs, with cluster `c`
 * created: where each server test below starts.
 */
async function servedWithCluster(clock: 'instant' | 'manual') {
  const path = tmp();
  const fs = new FaultyFs();
  const server = await startServer({ port: 0, seed: 8, clock, logFile: path, logFileSystem: fs });
  const created = await post(server.url, { Action: 'CreateCluster', ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' });
  if (created.status !== 200) {
    await server.close();
    throw new Error(`CreateCluster answered ${created.status}`);
  }
  return { path, fs, server };
}

describe('the server over a log whose writes fail', () => {
  it('answers a failed append with a retryable 503, stays healthy, and a restart replays what was acknowledged', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const served = await servedWithCluster('instant');
    const { path, fs } = served;
    let server = served.server;
    try {
      expect((await snapshot(server.url, 'a')).status).toBe(200);
      const before = readFileSync(path);
      fs.writeFailure = { code: 'ENOSPC', partial: 25 };
      const refused = await snapshot(server.url, 'b');
      expect(refused.status).toBe(503);
      expect(await refused.text()).toMatch(/<Code>ServiceUnavailable<\/Code>/);
      expect(readFileSync(path).equals(before)).toBe(true);
      expect((await fetch(`${server.url}/_snapsim/health`)).status).toBe(200);
      expect(deepEqual((server.endpoint.sim as Simulator).state, replay(FileLog.read(path)).state)).toBe(true);
      expect((await snapshot(server.url, 'b')).status).toBe(200); // the retry
      expect((await snapshot(server.url, 'c')).status).toBe(200);
      await server.close();
      server = await startServer({ port: 0, clock: 'instant', logFile: path });
      expect(await listed(server.url)).toEqual(['a', 'b', 'c']);
    } finally {
      await server.close();
      errors.mockRestore();
    }
  });

  it('a timer whose write fails during clock/advance answers 503 in JSON, stays due, and runs on the next advance', async () => {
    const { path, fs, server } = await servedWithCluster('manual');
    try {
      fs.writeFailure = { code: 'ENOSPC', partial: 10 };
      const refused = await fetch(`${server.url}/_snapsim/clock/advance?seconds=3600`, { method: 'POST' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/json/);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ServiceUnavailable');
      const sim = server.endpoint.sim as Simulator;
      expect(deepEqual(sim.state, replay(FileLog.read(path)).state)).toBe(true);
      expect(sim.describeClusters({ ClusterIdentifier: 'c' }).Clusters?.[0]?.ClusterStatus).toBe('creating');
      expect((await fetch(`${server.url}/_snapsim/clock/advance?seconds=3600`, { method: 'POST' })).status).toBe(200);
      expect(sim.describeClusters({ ClusterIdentifier: 'c' }).Clusters?.[0]?.ClusterStatus).toBe('available');
      expect(deepEqual(sim.state, replay(FileLog.read(path)).state)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a clock/advance that fails part-way stops the clock at the last entry it logged: the retry reaches what was asked', async () => {
    const { fs, server } = await servedWithCluster('manual');
    try {
      const sim = server.endpoint.sim as Simulator;
      const start = sim.nowMs();
      fs.writeFailure = { code: 'ENOSPC', partial: 10 };
      const refused = await fetch(`${server.url}/_snapsim/clock/advance?seconds=3600`, { method: 'POST' });
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(`virtual time stopped at ${new Date(start).toISOString()}`);
      expect(sim.nowMs()).toBe(start); // the cluster's readiness, the first entry due, was not logged
      expect((await fetch(`${server.url}/_snapsim/clock/advance?seconds=3600`, { method: 'POST' })).status).toBe(200);
      expect(sim.nowMs()).toBe(start + 3_600_000);
    } finally {
      await server.close();
    }
  });

  it('a reset whose new log cannot be written leaves the old log and the served run as they were', async () => {
    const { path, fs, server } = await servedWithCluster('instant');
    try {
      const before = readFileSync(path);
      fs.writeFailure = { code: 'ENOSPC', partial: 10 };
      const refused = await fetch(`${server.url}/_snapsim/reset?seed=3`, { method: 'POST' });
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('nothing was changed');
      expect(readFileSync(path).equals(before)).toBe(true);
      expect(server.endpoint.sim.seed).toBe(8);
      expect((await post(server.url, { Action: 'DescribeClusters', ClusterIdentifier: 'c' })).status).toBe(200);
      expect((await snapshot(server.url, 'a')).status).toBe(200); // the old run goes on in its log
      expect(deepEqual((server.endpoint.sim as Simulator).state, replay(FileLog.read(path)).state)).toBe(true);
      expect((await fetch(`${server.url}/_snapsim/reset?seed=3`, { method: 'POST' })).status).toBe(200);
      expect(FileLog.read(path)).toHaveLength(1);
      expect(server.endpoint.sim.seed).toBe(3);
      expect((await post(server.url, { Action: 'CreateCluster', ClusterIdentifier: 'd', NodeType: 'dc2.large', MasterUsername: 'admin' })).status).toBe(200);
      const entries = FileLog.read(path);
      expect(entries[0]!.events[0]).toMatchObject({ type: 'SimulationStarted', seed: 3 });
      expect(entries.filter((e) => e.command !== null).map((e) => e.command!.input.ClusterIdentifier)).toEqual(['d']);
    } finally {
      await server.close();
    }
  });

  it('a failed group sync answers 503 to every request of the group and rebuilds the served state from the file', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const served = await servedWithCluster('instant');
    const { path, fs } = served;
    let server = served.server;
    try {
      expect((await snapshot(server.url, 'a')).status).toBe(200);
      const synced = readFileSync(path);
      fs.syncFailure = 'EIO';
      fs.syncDelay = 200; // the group: every request sent meanwhile waits for this sync
      const answers = await Promise.all(['b', 'c', 'd'].map((id) => snapshot(server.url, id)));
      fs.syncDelay = 0;
      expect(answers.map((a) => a.status)).toEqual([503, 503, 503]);
      for (const a of answers) expect(await a.text()).toMatch(/<Code>ServiceUnavailable<\/Code>/);
      expect(readFileSync(path).equals(synced)).toBe(true);
      // the applied-but-dropped commands are gone from the served state too
      expect(await listed(server.url)).toEqual(['a']);
      expect(deepEqual((server.endpoint.sim as Simulator).state, replay(FileLog.read(path)).state)).toBe(true);
      expect((await snapshot(server.url, 'b')).status).toBe(200);
      await server.close();
      server = await startServer({ port: 0, clock: 'instant', logFile: path });
      expect(await listed(server.url)).toEqual(['a', 'b']);
    } finally {
      await server.close();
      errors.mockRestore();
    }
  });
});
