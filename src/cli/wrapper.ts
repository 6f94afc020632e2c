/**
 * `snapsim serve` under an npm wrapper (`npm start`, `npx snapsim serve`, `npm exec`, `npm run`):
 * npm runs the command through `sh -c` and forwards SIGTERM and SIGINT to that shell only.
 * Debian's sh (dash) does not pass them on: on SIGTERM it dies, leaving the server orphaned with
 * its port and its log's lock; SIGINT it defers until its child (the server) exits, so nothing
 * stops at all. A Ctrl-C in a terminal reaches every process of the group and needs none of this.
 *
 * So, when npm started this process (it sets `npm_command` in the environment), the server
 * watches who started it, twice a second, and stops as on SIGTERM when:
 *
 * - its parent changed: the shell or npm died (even by SIGKILL) and init or a subreaper adopted it;
 * - on Linux, the `sh -c` parent was itself orphaned: npm died and the shell waits on us;
 * - on Linux, the `sh -c` parent, which catches SIGINT to defer it, woke up (its count of voluntary
 *   context switches in /proc grew) twice in a row without this process having been stopped and
 *   continued (job control also wakes it: SIGCONT resets the watch). A shell waiting on its one
 *   child wakes only for a signal it catches — SIGINT, or SIGCHLD when that child stops, continues
 *   or exits — so a wake-up is the SIGINT npm forwarded.
 *
 * Outside npm nothing is watched: a server started by a shell and left running in the background
 * (`snapsim serve &` in a CI step) keeps running when that shell exits.
 */
import { readFileSync } from 'node:fs';

/** How often the parent is looked at. */
const EVERY_MS = 500;

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The parent pid of process `pid` from `/proc` (Linux), or undefined. */
function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isSafeInteger(ppid) ? ppid : undefined;
}

/** A field of `/proc/<pid>/status` (Linux), or undefined. */
function statusField(pid: number, field: string): string | undefined {
  return read(`/proc/${pid}/status`)?.match(new RegExp(`^${field}:\\s*(\\S+)`, 'm'))?.[1];
}

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'busybox']);

/** Whether `pid` catches SIGINT (signal 2: bit 1 of the SigCgt mask). */
const catchesSigint = (pid: number): boolean => {
  const mask = statusField(pid, 'SigCgt');
  return mask !== undefined && (BigInt(`0x${mask}`) & 2n) !== 0n;
};

/**
 * Calls `stop` once when the npm wrapper that started this process is gone or was sent SIGINT
 * (see the module doc); does nothing when npm did not start it. Returns a function that stops
 * watching.
 */
export function stopWithWrapper(stop: () => void, env: NodeJS.ProcessEnv = process.env): () => void {
  if (env.npm_command === undefined) return () => {};
  const parent = process.ppid;
  const shell = SHELLS.has(read(`/proc/${parent}/comm`)?.trim() ?? '');
  // npm's `sh -c`: also watch the shell's own parent (npm) and the shell's wake-ups
  const grandparent = shell ? parentOf(parent) : undefined;
  const wakes = (): string | undefined => (shell && catchesSigint(parent) ? statusField(parent, 'voluntary_ctxt_switches') : undefined);
  let baseline = wakes();
  let suspect = false;
  const onContinue = (): void => {
    baseline = wakes();
    suspect = false;
  };
  if (baseline !== undefined) process.on('SIGCONT', onContinue);
  const unwatch = (): void => {
    clearInterval(timer);
    process.off('SIGCONT', onContinue);
  };
  const timer = setInterval(() => {
    let gone = process.ppid !== parent || (grandparent !== undefined && parentOf(parent) !== grandparent);
    if (!gone && baseline !== undefined) {
      const now = wakes();
      if (now !== baseline) {
        gone = suspect; // the second look in a row: no SIGCONT came in between
        suspect = true;
      } else suspect = false;
    }
    if (!gone) return;
    unwatch();
    stop();
  }, EVERY_MS);
  timer.unref();
  return unwatch;
}
