/**
 * `snapsim serve` stops cleanly however it was started: a signal to the node process itself, or
 * to the `npm start` wrapper (npm forwards it to its `sh -c` only, which dies without passing it
 * on; the server notices its wrapper is gone), and when npm is SIGKILLed. Each time the port is
 * freed and the log's lock released within a few seconds. `npx snapsim serve` is checked from an
 * installed package in test/package/consumer.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logLockPath } from '../../src/events/file-log.ts';
import { alive, descendants, killGroup, portInUse, released, startListening, within } from '../support/processes.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'snapsim-shutdown-'));

/** Starts `cmd args --port 0 --log L`, signals the wrapper (or the server itself), checks port and lock. */
async function stopsCleanly(cmd: string, args: string[], signal: NodeJS.Signals): Promise<void> {
  const log = join(tmp(), 'run.ndjson');
  const started = await startListening(cmd, [...args, '--port', '0', '--log', log], { env: { ...process.env, npm_config_update_notifier: 'false' } });
  try {
    const servers = descendants(started.proc.pid!, 'serve');
    const server = cmd === process.execPath ? started.proc.pid! : servers[0]!;
    expect(server).toBeDefined();
    const lock = logLockPath(log);
    expect(released(lock)).toBe(false);
    expect(await portInUse(started.port)).toBe(true);
    started.proc.kill(signal);
    expect(await within(5_000, () => !alive(server)), `server ${server} still running after ${signal} to ${cmd}`).toBe(true);
    expect(await portInUse(started.port)).toBe(false);
    expect(released(lock), 'the log lock is released').toBe(true);
  } finally {
    killGroup(started.proc);
  }
}

describe('snapsim serve stops on a signal to', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`npm start (${signal})`, () => stopsCleanly('npm', ['start', '--silent', '--'], signal));
  }
  it('npm start, killed (SIGKILL): the server sees its wrapper gone', () => stopsCleanly('npm', ['start', '--silent', '--'], 'SIGKILL'));
  it('the node process itself (SIGHUP: its terminal closed)', () => stopsCleanly(process.execPath, ['bin/snapsim.js', 'serve'], 'SIGHUP'));
});
