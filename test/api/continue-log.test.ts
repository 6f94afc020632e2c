/**
 * Continuing a log under another seed, start or configuration, or with other injected API errors
 * or region outages than it started with, is refused, naming the difference.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/api/server.ts';
import { serve } from '../../src/cli/serve.ts';
import { createSimulator, type Simulator } from '../../src/sim/simulator.ts';
import { InMemoryLog } from '../../src/events/log.ts';

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

  it('with other apiErrors or regionOutages in --config is refused; the same ones continue, not injected twice', async () => {
    const faults = { apiErrors: [{ operation: 'DescribeClusters', code: 'DependentServiceRequestThrottlingFault', count: 2 }], regionOutages: [{ region: 'us-west-2', to: '2025-01-02T00:00:00Z' }] };
    const config = join(dir, 'faults.json');
    writeFileSync(config, JSON.stringify(faults));
    const log = await started('faults.ndjson', ['--config', config]);
    const again = await serve(['--port', '0', '--log', log, '--config', config], () => {});
    expect((again.endpoint.sim as Simulator).state.apiErrors).toHaveLength(1);
    expect((again.endpoint.sim as Simulator).state.regionOutages).toHaveLength(1);
    await again.close();
    const other = join(dir, 'faults-other.json');
    writeFileSync(other, JSON.stringify({ ...faults, apiErrors: [{ ...faults.apiErrors[0], count: 3 }] }));
    expect(await serve(['--port', '0', '--log', log, '--config', other], () => {}).catch(oneLine)).toMatch(/the log holds API error rule .*"count":2.* where apiErrors\[0\] is .*"count":3/);
    writeFileSync(other, JSON.stringify({ ...faults, regionOutages: [{ region: 'us-west-2', to: '2025-01-03T00:00:00Z' }] }));
    expect(await serve(['--port', '0', '--log', log, '--config', other], () => {}).catch(oneLine)).toMatch(/the log holds region outage .* where regionOutages\[0\] is/);
  });

  it('in the library: createSimulator on a non-empty log refuses apiErrors the log did not start with', () => {
    const log = new InMemoryLog();
    createSimulator({ log });
    const rule = { operation: 'DescribeClusters', code: 'DependentServiceRequestThrottlingFault', rate: 0.5 } as const;
    expect(() => createSimulator({ log, apiErrors: [rule] })).toThrow(/the log holds no API error rule where apiErrors\[0\]/);
    const withRule = new InMemoryLog();
    createSimulator({ log: withRule, apiErrors: [rule] });
    expect(createSimulator({ log: withRule, apiErrors: [rule] }).state.apiErrors).toHaveLength(1);
  });
});
