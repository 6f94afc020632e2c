import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileLog, replay } from '../../src/index.ts';
import { stream } from '../../src/sim/random.ts';
import { postForm } from '../support/query-client.ts';

const CLIENTS = 8;
const PER_CLIENT = 170; // 1,360 mutating requests planned
const SEED = Number(process.env.CRASH_SEED ?? 20261122);

/** Starts `snapsim serve` on a free port; resolves with the process and its URL. */
function serve(args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['bin/snapsim.js', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ proc, url: m[1]! });
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

const post = (url: string, path: string, form: Record<string, string>, key: string) => postForm(agent, url, path, form, key);

const action = (Action: string, params: Record<string, string>) => ({ Action, Version: '2012-12-01', ...params });
const account = (c: number) => String(100000000000 + c);

describe('crash safety of the file log', () => {
  it('after SIGKILL mid-load, every answered request survives, the file replays to the restarted state, and the server goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapsim-crash-'));
    const log = join(dir, 'run.ndjson');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ quotas: { manualSnapshots: 100_000 } }));
    const args = ['--seed', '3', '--clock', 'manual', '--log', log, '--config', config];

    let { proc, url } = await serve(args);
    for (let c = 0; c < CLIENTS; c++) {
      const r = await post(url, '/', action('CreateCluster', { ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' }), account(c));
      expect(r.status).toBe(200);
    }
    expect((await post(url, '/_snapsim/clock/run-until-idle', {}, account(0))).status).toBe(200);

    const killAt = 1000 + Math.floor(stream(SEED, 'crash', 'kill-at').next() * 250);
    let sent = 0;
    const acked: { account: string; id: string }[] = [];
    const client = async (c: number) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        if (sent === killAt) proc.kill('SIGKILL');
        sent++;
        const id = `c${c}-s${i}`;
        try {
          const r = await post(url, '/', action('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: id, 'Tags.Tag.1.Key': 'client', 'Tags.Tag.1.Value': String(c) }), account(c));
          if (r.status === 200) acked.push({ account: account(c), id });
        } catch {
          return; // the server is gone
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    expect(sent).toBeGreaterThanOrEqual(1000);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.length, 'the kill came mid-load').toBeLessThan(CLIENTS * PER_CLIENT);
    await new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r(null) : proc.once('exit', r)));

    ({ proc, url } = await serve(args));
    try {
      // every acknowledged snapshot is there
      for (let c = 0; c < CLIENTS; c++) {
        const mine = new Set(acked.filter((a) => a.account === account(c)).map((a) => a.id));
        const listed = new Set<string>();
        let marker: string | undefined;
        do {
          const r = await post(url, '/', action('DescribeClusterSnapshots', { SnapshotType: 'manual', MaxRecords: '100', ...(marker ? { Marker: marker } : {}) }), account(c));
          expect(r.status).toBe(200);
          for (const m of r.body.matchAll(/<SnapshotIdentifier>([^<]+)<\/SnapshotIdentifier>/g)) listed.add(m[1]!);
          marker = /<Marker>([^<]+)<\/Marker>/.exec(r.body)?.[1];
        } while (marker);
        for (const id of mine) expect(listed.has(id), `${account(c)} ${id} was acknowledged`).toBe(true);
      }
      // replaying the file equals the restarted state
      const fromFile = replay(FileLog.read(log));
      const served = (await post(url, '/', action('DescribeClusterSnapshots', { MaxRecords: '100' }), account(0))).body;
      const firstPage = fromFile.describeClusterSnapshots({ MaxRecords: 100 }, { account: account(0), region: 'us-east-1' }).Snapshots as { SnapshotIdentifier: string }[];
      expect([...served.matchAll(/<SnapshotIdentifier>([^<]+)<\/SnapshotIdentifier>/g)].map((m) => m[1])).toEqual(firstPage.map((s) => s.SnapshotIdentifier));
      const logText = await (await fetch(`${url}/_snapsim/log`)).text();
      expect(logText.trim().split('\n').length).toBe(fromFile.entries().length);
      // and it goes on
      const after = await post(url, '/', action('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: 'after-restart' }), account(0));
      expect(after.status).toBe(200);
    } finally {
      proc.kill('SIGTERM');
      agent.destroy();
    }
  }, 180_000);
});
