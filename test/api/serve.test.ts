import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/serve.ts';

describe('snapsim serve', () => {
  it('starts with the given seed, clock and config file and prints where it listens', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'snapsim-serve-')), 'snapsim.json');
    writeFileSync(config, JSON.stringify({ accounts: { AKIDALICE: '111111111111' }, quotas: { manualSnapshots: 50 } }));
    const lines: string[] = [];
    const server = await serve(['--port', '0', '--seed', '4', '--clock', 'scaled:60', '--config', config], (l) => lines.push(l));
    try {
      expect(lines[0]).toBe(`snapsim listening on ${server.url} (seed 4, clock scaled:60)`);
      expect(lines.at(-1)).toBe(`  reproduce with the same requests: snapsim serve --seed 4 --clock scaled:60 --config ${config}`);
      const health = (await (await fetch(`${server.url}/_snapsim/health`)).json()) as { seed: number; clock: string };
      expect(health).toMatchObject({ seed: 4, clock: 'scaled:60' });
      expect(server.endpoint.identity.accounts).toEqual({ AKIDALICE: '111111111111' });
    } finally {
      await server.close();
    }
  });

  it('names --start in the command that reproduces the run', async () => {
    const lines: string[] = [];
    const server = await serve(['--port', '0', '--clock', 'instant', '--start', '2030-06-01T00:00:00Z'], (l) => lines.push(l));
    try {
      expect(lines.at(-1)).toBe('  reproduce with the same requests: snapsim serve --seed 1 --clock instant --start 2030-06-01T00:00:00Z');
    } finally {
      await server.close();
    }
  });

  it('rejects bad arguments before listening', async () => {
    await expect(serve(['--port', 'x'])).rejects.toThrow(/--port/);
    await expect(serve(['--port', '0', '--clock', 'fast'])).rejects.toThrow(/clock/);
    await expect(serve(['--bogus'])).rejects.toThrow();
  });

  it('refuses a config file with a setting out of its range, naming the file and the setting', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'snapsim-serve-')), 'bad.json');
    writeFileSync(config, JSON.stringify({ timings: { scheduleModifyingSeconds: 120 } }));
    await expect(serve(['--port', '0', '--config', config])).rejects.toThrow(`${config}: timings.scheduleModifyingSeconds: must be a [min, max] pair of numbers, got 120`);
    writeFileSync(config, JSON.stringify({ faults: { clusterOutage: 1, outageSeconds: 1800 } }));
    await expect(serve(['--port', '0', '--config', config])).rejects.toThrow(`${config}: faults.outageSeconds: must be a [min, max] pair of numbers, got 1800`);
  });
});
