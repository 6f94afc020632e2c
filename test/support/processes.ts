/**
 * Helpers for tests that start `snapsim serve` behind a wrapper (npm start, npx) and stop it with
 * a signal: wait for the "listening" line, find the server process among the wrapper's
 * descendants, and check the port is free and the log's lock gone afterwards.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

export interface Started {
  proc: ChildProcess;
  port: number;
  output: () => string;
}

/** Spawns `cmd args` in a process group of its own and resolves once it prints `listening on http://host:port`. */
export function startListening(cmd: string, args: string[], options: SpawnOptions = {}, timeoutMs = 60_000): Promise<Started> {
  const proc = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')}: no "listening" line within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const read = (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/[^:\s]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]), output: () => out });
      }
    };
    proc.stdout!.on('data', read);
    proc.stderr!.on('data', read);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(' ')} exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}

/** The parent pid of every process, from /proc (Linux). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      map.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return map;
}

/** The pids of `pid`'s node descendants whose command line contains `match`. */
export function descendants(pid: number, match: string): number[] {
  const ppid = parents();
  const found: number[] = [];
  for (const [p] of ppid) {
    let q: number | undefined = p;
    while (q !== undefined && q > 1 && q !== pid) q = ppid.get(q);
    if (q !== pid || p === pid) continue;
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (/(^|\/)node$/.test(argv[0]!) && argv.join(' ').includes(match)) found.push(p);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Whether something accepts connections on 127.0.0.1:`port`. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** Polls `check` every 50 ms until it holds; false when `ms` pass first. */
export async function within(ms: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGKILLs the process group of a child started by {@link startListening} (cleanup after a failed test). */
export function killGroup(proc: ChildProcess): void {
  try {
    if (proc.pid !== undefined) process.kill(-proc.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Whether the lock file at `lock` is gone. */
export const released = (lock: string): boolean => !existsSync(lock);
