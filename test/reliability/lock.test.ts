/**
 * One writer per log file, whatever path reaches it: the lock is keyed by the file's device and
 * inode, tells a reused pid from its owner by the process's start time, and is released on every
 * failed start and on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/api/server.ts';
import { FileLog, LogLockedError, logLockPath, processStartTime } from '../../src/events/file-log.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'snapsim-lock-'));

/** Tries to open `path` for writing in another process; returns what it printed. */
function openElsewhere(path: string): string {
  const script = `import('${join(process.cwd(), 'src/events/file-log.ts')}').then(m => { try { m.FileLog.open(${JSON.stringify(path)}); console.log('opened'); } catch (e) { console.log(e.message); } })`;
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }).stdout;
}

describe('the log lock', () => {
  it('meets a second writer that comes through a symlink', () => {
    const dir = tmp();
    const path = join(dir, 'log.ndjson');
    const log = FileLog.open(path);
    symlinkSync(path, join(dir, 'link.ndjson'));
    expect(() => FileLog.open(join(dir, 'link.ndjson'))).toThrow(LogLockedError);
    expect(openElsewhere(join(dir, 'link.ndjson'))).toMatch(/already open for writing by process \d+/);
    log.close();
  });

  it('meets a second writer that comes through a hard link in another directory', () => {
    const dir = tmp();
    const path = join(dir, 'log.ndjson');
    const log = FileLog.open(path);
    mkdirSync(join(dir, 'elsewhere'));
    linkSync(path, join(dir, 'elsewhere', 'same.ndjson'));
    expect(openElsewhere(join(dir, 'elsewhere', 'same.ndjson'))).toMatch(/already open for writing by process \d+/);
    log.close();
    expect(openElsewhere(join(dir, 'elsewhere', 'same.ndjson'))).toBe('opened\n');
  });

  it('records the pid, its start time and the real path, and removes the lock on close', () => {
    const path = join(tmp(), 'log.ndjson');
    const log = FileLog.open(path);
    const lock = logLockPath(path);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual({ pid: process.pid, start: processStartTime(process.pid) ?? null, path });
    log.close();
    expect(existsSync(lock)).toBe(false);
  });

  it.skipIf(processStartTime(process.pid) === undefined)('takes over a lock whose pid is alive but belongs to another process (the pid was reused)', () => {
    const path = join(tmp(), 'log.ndjson');
    writeFileSync(path, '');
    const sleeper = spawn('sleep', ['30']);
    try {
      const pid = sleeper.pid!;
      writeFileSync(logLockPath(path), JSON.stringify({ pid, start: '1', path }));
      FileLog.open(path).close();
      // with the live process's own start time it is that process's lock
      writeFileSync(logLockPath(path), JSON.stringify({ pid, start: processStartTime(pid), path }));
      expect(() => FileLog.open(path)).toThrow(new RegExp(`by process ${pid}`));
    } finally {
      sleeper.kill();
      rmSync(logLockPath(path), { force: true }); // the lock this test wrote for it
    }
  });

  it('takes over a lock of the old format (a bare pid) whose process is gone', () => {
    const path = join(tmp(), 'log.ndjson');
    writeFileSync(path, '');
    writeFileSync(logLockPath(path), '999999');
    FileLog.open(path).close();
  });
});

describe('a server start that fails', () => {
  it('on a port in use: no lock is left and the log is not written', async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    const log = join(tmp(), 'run.ndjson');
    try {
      await expect(startServer({ port, logFile: log })).rejects.toThrow(/EADDRINUSE/);
      expect(existsSync(log)).toBe(false);
      await expect(startServer({ port, logFile: log })).rejects.toThrow(/EADDRINUSE/); // not LogLockedError
    } finally {
      busy.close();
    }
    const server = await startServer({ port: 0, logFile: log });
    await server.close();
  });

  it('on a refused log: the lock is released', async () => {
    const log = join(tmp(), 'run.ndjson');
    const first = await startServer({ port: 0, seed: 1, logFile: log });
    await first.close();
    await expect(startServer({ port: 0, seed: 2, logFile: log })).rejects.toThrow(/seed/);
    const again = await startServer({ port: 0, logFile: log });
    await again.close();
  });
});

describe('snapsim serve --log, stopped by a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`releases the lock on ${signal} and exits 0`, async () => {
      const log = join(tmp(), 'run.ndjson');
      const proc = spawn(process.execPath, ['bin/snapsim.js', 'serve', '--port', '0', '--log', log], { stdio: ['ignore', 'pipe', 'pipe'] });
      await new Promise<void>((resolve, reject) => {
        let out = '';
        proc.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/listening on/.test(out)) resolve();
        });
        proc.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const lock = logLockPath(log);
      expect(existsSync(lock)).toBe(true);
      proc.kill(signal);
      const code = await new Promise((r) => proc.once('exit', r));
      expect(code).toBe(0);
      expect(existsSync(lock)).toBe(false);
    });
  }
});

describe('a process that exits without closing its log', () => {
  it('leaves no lock behind', () => {
    const path = join(tmp(), 'log.ndjson');
    expect(openElsewhere(path)).toBe('opened\n'); // the child opens it and exits
    expect(existsSync(logLockPath(path))).toBe(false);
  });
});

describe('a writer killed and not yet reaped by its parent (a zombie)', () => {
  it('holds no lock: its log can be opened at once', async () => {
    const path = join(tmp(), 'log.ndjson');
    const script = `import('${join(process.cwd(), 'src/events/file-log.ts')}').then(m => { m.FileLog.open(${JSON.stringify(path)}); console.log('opened'); setInterval(() => {}, 1000); })`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('opened') && resolve()));
    const pid = child.pid!;
    child.kill('SIGKILL');
    // no await from here on: this process does not reap the child (node reaps in its event loop)
    const zombie = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
    const until = Date.now() + 5000;
    while (!zombie() && Date.now() < until);
    expect(zombie()).toBe(true);
    FileLog.open(path).close();
  });
});
