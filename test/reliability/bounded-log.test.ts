/**
 * Memory that depends on the live state, not on the length of history: a server without `--log`
 * keeps its log in a bounded ring (the first entry and the newest N), and `GET /_snapsim/log`
 * answers 410 naming `--log` once older entries are gone; a file log holds no entries and streams
 * them from its file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/api/server.ts';
import { FileLog } from '../../src/events/file-log.ts';
import { LogNotKeptError, RingLog } from '../../src/events/log.ts';
import { createSimulator, replay, type Simulator } from '../../src/sim/simulator.ts';
import { deepEqual } from '../../src/testing/invariants.ts';

const cluster = (sim: Simulator, id = 'c') => sim.createCluster({ ClusterIdentifier: id, NodeType: 'dc2.large', MasterUsername: 'admin' });

describe('a RingLog', () => {
  it('keeps the first entry and the newest ones, and reads them all while none is gone', () => {
    const log = new RingLog(4);
    const sim = createSimulator({ log, seed: 3 });
    cluster(sim);
    sim.runUntilIdle(); // creating → available
    expect(log.nextSeq).toBeLessThanOrEqual(5);
    const kept = [...log.read()];
    expect(kept.map((e) => e.seq)).toEqual(Array.from({ length: log.nextSeq }, (_, i) => i));
    expect(deepEqual(replay(kept).state, sim.state)).toBe(true);
  });

  it('refuses to read once older entries are gone, naming --log', () => {
    const log = new RingLog(3);
    const sim = createSimulator({ log });
    for (const id of ['a', 'b', 'c', 'd']) cluster(sim, id);
    expect(log.complete).toBe(false);
    expect(() => log.read()).toThrow(LogNotKeptError);
    expect(() => log.read()).toThrow(/--log/);
    expect(() => sim.entries()).toThrow(LogNotKeptError);
  });
});

describe('a FileLog', () => {
  it('streams its entries from the file: a simulator over it reads what the file holds', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'snapsim-bl-')), 'log.ndjson');
    const log = FileLog.open(path, { fsync: 'never' });
    const sim = createSimulator({ log, seed: 4 });
    cluster(sim);
    sim.advance(86_400);
    expect(sim.entries()).toEqual(FileLog.read(path));
    expect([...sim.logLines()].join('')).toBe(readFileSync(path, 'utf8'));
    log.close();
  });
});

describe('a server without --log', () => {
  it('serves its log while it keeps every entry, then answers 410 naming --log', async () => {
    const server = await startServer({ port: 0, seed: 2, clock: 'manual', logRingEntries: 5 });
    try {
      const sim = server.endpoint.sim as Simulator;
      cluster(sim);
      const whole = await fetch(`${server.url}/_snapsim/log`);
      expect(whole.status).toBe(200);
      expect((await whole.text()).trim().split('\n')).toHaveLength(sim.log.nextSeq);
      for (const id of ['a', 'b', 'd', 'e', 'f']) cluster(sim, id);
      const gone = await fetch(`${server.url}/_snapsim/log`);
      expect(gone.status).toBe(410);
      expect(gone.headers.get('content-type')).toMatch(/json/);
      const body = (await gone.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('LogNotKept');
      expect(body.error.message).toMatch(/--log/);
      expect((await fetch(`${server.url}/_snapsim/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
