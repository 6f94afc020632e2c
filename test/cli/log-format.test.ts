/**
 * One log format and one reader: every log snapsim writes (`run --log`, `serve --log`) carries a
 * checksum per line and can be served, replayed and reported; `replay` and `report` read through
 * the same tolerant reader as `serve`; output cut short by the reader (`| head -1`) is not an error.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/api/server.ts';
import { encodeLog } from '../../src/events/codec.ts';
import { checksummedLine, checksummedLog, FileLog } from '../../src/events/file-log.ts';
import { createSimulator, type Simulator } from '../../src/sim/simulator.ts';

const dir = mkdtempSync(join(tmpdir(), 'snapsim-format-'));
const tmp = (name: string) => join(dir, name);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function snapsim(...args: string[]): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/snapsim.js', ...args], { env: { ...process.env, SNAPSIM_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A log with one cluster and `n` snapshots. */
function story(n: number): Simulator {
  const sim = createSimulator({ seed: 6, quotas: { manualSnapshots: 1000 } });
  sim.createCluster({ ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
  for (let i = 0; i < n; i++) sim.createClusterSnapshot({ ClusterIdentifier: 'c', SnapshotIdentifier: `s${i}` });
  return sim;
}

describe('every log snapsim writes', () => {
  it('`run --log` writes checksummed lines that `serve --log` continues', async () => {
    expect((await snapsim('run', 'scenarios/cross-account-dr.ts', '--seed', '2', '--log', tmp('run.ndjson'))).code).toBe(0);
    const lines = readFileSync(tmp('run.ndjson'), 'utf8').trimEnd().split('\n');
    for (const line of lines) expect(JSON.parse(line).crc).toMatch(/^[0-9a-f]{8}$/);
    const server = await startServer({ port: 0, logFile: tmp('run.ndjson') });
    try {
      expect(server.endpoint.sim.seed).toBe(2);
      expect(FileLog.read(tmp('run.ndjson'))).toHaveLength(lines.length);
    } finally {
      await server.close();
    }
  });

  it('a one-line log keeps its line (and its seed) when served', async () => {
    const started = createSimulator({ seed: 77 }).entries()[0]!;
    for (const [name, text] of [['one.ndjson', `${checksummedLine(started)}\n`], ['one-plain.ndjson', encodeLog([started])]] as const) {
      writeFileSync(tmp(name), text);
      const server = await startServer({ port: 0, logFile: tmp(name) });
      try {
        expect(server.endpoint.sim.seed).toBe(77);
      } finally {
        await server.close();
      }
      expect(readFileSync(tmp(name), 'utf8')).toBe(text);
    }
  });

  it('a log written without checksums (snapsim 0.1 `run --log`) is still served, replayed and reported', async () => {
    writeFileSync(tmp('plain.ndjson'), encodeLog(story(3).entries()));
    const server = await startServer({ port: 0, logFile: tmp('plain.ndjson') });
    await server.close();
    expect((await snapsim('replay', tmp('plain.ndjson'))).stdout).toMatch(/Snapshots \(3\)/);
    expect((await snapsim('report', tmp('plain.ndjson'), '-o', tmp('plain.html'))).code).toBe(0);
  });
});

describe('replay and report read like serve', () => {
  it('a torn last line is left out with a warning naming it', async () => {
    const text = checksummedLog(story(2).entries());
    writeFileSync(tmp('torn.ndjson'), text);
    appendFileSync(tmp('torn.ndjson'), '{"seq":5,"at":1,"requ');
    const lineNo = text.split('\n').length;
    for (const r of [await snapsim('replay', tmp('torn.ndjson')), await snapsim('report', tmp('torn.ndjson'), '-o', tmp('torn.html'))]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^snapsim: warning: .*torn\\.ndjson:${lineNo}: torn last line`));
    }
    expect((await snapsim('replay', tmp('torn.ndjson'))).stdout).toMatch(/Snapshots \(2\)/);
  });

  it('a damaged line is refused in one line naming the file and the line', async () => {
    const lines = checksummedLog(story(2).entries()).split('\n');
    lines[2] = lines[2]!.replace('"c"', '"d"');
    writeFileSync(tmp('damaged.ndjson'), lines.join('\n'));
    for (const r of [await snapsim('replay', tmp('damaged.ndjson')), await snapsim('report', tmp('damaged.ndjson'), '-o', tmp('d.html'))]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^snapsim: (replay|report): .*damaged\.ndjson:3: checksum mismatch/);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('snapsim replay | head -1', () => {
  it('exits 0 quietly when the reader stops early (EPIPE)', async () => {
    writeFileSync(tmp('big.ndjson'), checksummedLog(story(400).entries())); // far more output than a pipe holds
    const r = await new Promise<Ran>((done) => {
      const child = spawn(process.execPath, ['bin/snapsim.js', 'replay', tmp('big.ndjson'), '--json']);
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy()); // like head: read a little, then close the pipe
      child.on('close', (code) => done({ code, stdout: '', stderr }));
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
