/** Continuing a log under another seed, start or configuration is refused, naming the difference. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/api/server.ts';
import { serve } from '../../src/cli/serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'snapsim-continue-'));

async function started(name: string, args: string[]): Promise<string> {
  const log = join(dir, name);
  const server = await serve(['--port', '0', '--log', log, ...args], () => {});
  await server.close();
  return log;
}

const oneLine = (e: unknown) => {
  expect((e as Error).message.split('\n')).toHaveLength(1);
  return (e as Error).message;
};

describe('continuing a log', () => {
  it('with another --seed is refused, naming both seeds; the same or no --seed continues', async () => {
    const log = await started('seed.ndjson', ['--seed', '3']);
    const before = readFileSync(log, 'utf8');
    const refused = await serve(['--port', '0', '--log', log, '--seed', '4'], () => {}).catch(oneLine);
    expect(refused).toMatch(/seed\.ndjson holds a run with seed 3; --seed 4 differs/);
    expect(readFileSync(log, 'utf8')).toBe(before);
    for (const args of [['--seed', '3'], []]) {
      const server = await serve(['--port', '0', '--log', log, ...args], () => {});
      expect(server.endpoint.sim.seed).toBe(3);
      await server.close();
    }
  });

  it('with another --config is refused, naming the first setting that differs', async () => {
    const config = join(dir, 'a.json');
    writeFileSync(config, JSON.stringify({ accounts: { AKIDALICE: '111111111111' }, quotas: { manualSnapshots: 50 } }));
    const log = await started('config.ndjson', ['--config', config]);
    const other = join(dir, 'b.json');
    writeFileSync(other, JSON.stringify({ quotas: { manualSnapshots: 60 } }));
    expect(await serve(['--port', '0', '--log', log, '--config', other], () => {}).catch(oneLine)).toMatch(
      /config\.ndjson holds a run with another configuration: quotas\.manualSnapshots is 60 in --config, 50 in the log/,
    );
    // the same config, or one with only the identity mapping, continues
    writeFileSync(other, JSON.stringify({ accounts: { AKIDBOB: '222222222222' } }));
    for (const c of [config, other]) await (await serve(['--port', '0', '--log', log, '--config', c], () => {})).close();
  });

  it('with another --start is refused', async () => {
    const log = await started('start.ndjson', ['--start', '2025-03-01T00:00:00Z']);
    await expect(startServer({ port: 0, logFile: log, start: '2025-04-01T00:00:00Z' })).rejects.toThrow(/starts at 2025-03-01T00:00:00\.000Z; --start 2025-04-01T00:00:00\.000Z differs/);
    await (await startServer({ port: 0, logFile: log, start: '2025-03-01T00:00:00Z' })).close();
  });
});
