/**
 * The NDJSON file log: one entry per line, each line carrying a CRC-32 of its content, appended
 * and made durable before the caller acknowledges the command. Opening it verifies every line,
 * truncates a torn last line (a crash mid-write) with a warning, refuses any other damage with
 * the file and line number, and takes an exclusive lock so a second writer cannot interleave.
 *
 * A write or sync that fails (a full disk, an I/O error) leaves the file as it was before the
 * lines it could not make durable: they are truncated away, and so are their entries, so the log
 * never holds half a line and never holds a line nobody can be told about.
 */
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  linkSync,
  mkdirSync,
  chmodSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { decodeEntry, encodeEntry, LogFormatError } from './codec.ts';
import { ConcurrencyError, type EventLog } from './log.ts';
import type { LogEntry } from './types.ts';

/**
 * When an appended line reaches the disk: `always` fdatasyncs inside `append` (an accepted
 * command is durable before `execute` returns); `group` writes at once and leaves the fdatasync
 * to {@link FileLog.flush}, which one caller awaits for every line written since (group commit:
 * the HTTP server awaits it before answering); `never` leaves it to the OS (tests, benchmarks).
 */
export type FsyncPolicy = 'always' | 'group' | 'never';

/**
 * The file operations a {@link FileLog} writes through once it is open: `node:fs` by default, a
 * wrapper that fails on demand in tests (ENOSPC, EIO).
 */
export interface LogFileSystem {
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fdatasyncSync(fd: number): void;
  fdatasync(fd: number, callback: (err: NodeJS.ErrnoException | null) => void): void;
  ftruncateSync(fd: number, length: number): void;
}

const nodeFs: LogFileSystem = {
  writeSync: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length),
  fdatasyncSync,
  fdatasync,
  ftruncateSync,
};

/** Options of {@link FileLog.open}. */
export interface FileLogOptions {
  fsync?: FsyncPolicy;
  /** Receives warnings (a truncated torn line). Default: stderr. */
  onWarning?: (message: string) => void;
  /**
   * Called (synchronously) after a failed write or sync was rolled back: the file and
   * {@link FileLog.entries} hold only what is durable again. `dropped` counts the entries removed
   * that had been appended (a failed group sync): a simulator that applied them must be rebuilt
   * from the log (the server does). A failed append drops nothing (its entry never got in).
   */
  onRollback?: (error: LogWriteError, dropped: number) => void;
  /** The file operations used after opening (tests inject failures). Default: `node:fs`. */
  fs?: LogFileSystem;
}

/** Raised when the log file is locked by another live writer. */
export class LogLockedError extends Error {
  constructor(path: string, pid: number) {
    super(`${path} is already open for writing by process ${pid}; stop it or use another --log file`);
    this.name = 'LogLockedError';
  }
}

/**
 * Raised when an entry could not be made durable (ENOSPC, EIO, …). The log was rolled back: the
 * entry is not in it, nothing of it is in the file, and the caller must not acknowledge it.
 * Retrying later is safe.
 */
export class LogWriteError extends Error {
  /** The errno code of the cause (`ENOSPC`, `EIO`), when there is one. */
  readonly code: string | undefined;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LogWriteError';
    this.code = (options?.cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

const CRC_SUFFIX = /,"crc":"([0-9a-f]{8})"}$/;
const held = new Set<string>();

/** The line for an entry: its JSON with `"crc"` (of the JSON without it) as the last member. */
export function checksummedLine(entry: LogEntry): string {
  const json = encodeEntry(entry);
  const crc = (crc32(json) >>> 0).toString(16).padStart(8, '0');
  return `${json.slice(0, -1)},"crc":"${crc}"}`;
}

/**
 * A whole log file's text: one {@link checksummedLine} per entry, newline-terminated. Everything
 * snapsim writes as a log (the server, `snapsim run --log`) uses it, so every log it writes can
 * be served, replayed and reported.
 */
export function checksummedLog(entries: Iterable<LogEntry>): string {
  let out = '';
  for (const e of entries) out += `${checksummedLine(e)}\n`;
  return out;
}

/** Verifies a line's checksum; returns the JSON without it, or undefined when it does not hold. */
export function verifiedJson(line: string): string | undefined {
  const m = CRC_SUFFIX.exec(line);
  if (!m) return undefined;
  const json = `${line.slice(0, m.index)}}`;
  return (crc32(json) >>> 0).toString(16).padStart(8, '0') === m[1] ? json : undefined;
}

/** What {@link parseLogText} found. */
interface Parsed {
  entries: LogEntry[];
  /** Bytes of the complete, valid lines (where a torn tail starts). */
  goodBytes: number;
  /** The warning about a torn tail, if there is one. */
  torn?: string;
}

/**
 * The one reader of log files (serve, replay, report). Every complete (newline-terminated) line
 * must be an entry with the next seq: a line with a `"crc"` must match it; a line without one (a
 * log written by snapsim 0.1's `run --log`, or by hand) is read as plain JSON. Blank lines are
 * skipped. Text after the last newline is a torn tail — a write cut short by a crash, which was
 * never acknowledged — and is reported, not read. Any other damage is an error naming the line.
 */
function parseLogText(path: string, text: string): Parsed {
  const lines = text.split('\n');
  const entries: LogEntry[] = [];
  let offset = 0;
  let checksummed = false;
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    if (line.trim() !== '') {
      let json: string | undefined = line;
      // `"crc":` unescaped can only be our member (user text in a line has its quotes escaped)
      if (line.includes('"crc":')) {
        json = verifiedJson(line);
        if (json === undefined) throw new LogFormatError(`${path}:${i + 1}: checksum mismatch (the line is damaged)`);
        checksummed = true;
      } else if (checksummed) {
        throw new LogFormatError(`${path}:${i + 1}: checksum missing after checksummed lines (the line is damaged)`);
      }
      entries.push(decodeAt(path, json, i + 1, entries.length));
    }
    offset += Buffer.byteLength(line) + 1;
  }
  const tail = lines[lines.length - 1]!;
  if (tail === '') return { entries, goodBytes: offset };
  const size = Buffer.byteLength(tail);
  return {
    entries,
    goodBytes: offset,
    torn: `${path}:${lines.length}: torn last line (${size} bytes without a newline: a write cut short by a crash, never acknowledged)`,
  };
}

function decodeAt(path: string, json: string, lineNo: number, expectedSeq: number): LogEntry {
  try {
    const entry = decodeEntry(json, lineNo);
    if (entry.seq !== expectedSeq) throw new LogFormatError(`expected seq ${expectedSeq}, found ${entry.seq}`, lineNo);
    return entry;
  } catch (e) {
    throw new LogFormatError(`${path}:${lineNo}: ${(e as Error).message.replace(/^line \d+: /, '')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The lock
//
// One writer per file, whatever path reaches it: the lock is keyed by the file's device and
// inode (so a symlink, a hard link or `..` in the path meet the same lock) and kept in
// `<os.tmpdir()>/snapsim-locks/<dev>-<ino>.lock` — not beside the path, because hard links can
// live in different directories. Processes that should exclude each other must therefore share
// the machine and its temporary directory (the usual case; NFS clients on several hosts are not
// covered). No native addon: the lock is a file created with O_EXCL holding the writer's pid, the
// process's start time (Linux: /proc/<pid>/stat field 22) and the log's real path. A lock is stale
// when its pid is dead, or alive with another start time (the pid was reused); without /proc,
// pid liveness alone decides.
// ---------------------------------------------------------------------------------------------

/** The lock directory (shared by every user of the machine: sticky and world-writable). */
function lockDir(): string {
  const dir = join(tmpdir(), 'snapsim-locks');
  if (mkdirSync(dir, { recursive: true }) !== undefined) {
    try {
      chmodSync(dir, 0o1777);
    } catch {
      // someone else's: creating in it may still work
    }
  }
  return dir;
}

/** The lock file that guards the log file open on `fd`. */
function lockPathOf(fd: number): string {
  const st = fstatSync(fd, { bigint: true });
  return join(lockDir(), `${st.dev}-${st.ino}.lock`);
}

/** Where the lock of the log file at `path` (which must exist) is kept; for tests and tooling. */
export function logLockPath(path: string): string {
  const fd = openSync(path, 'r');
  try {
    return lockPathOf(fd);
  } finally {
    closeSync(fd);
  }
}

/** A process's start time in clock ticks since boot (/proc/<pid>/stat field 22), where known. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // field 2 (comm) is in parentheses and may hold spaces: count fields after its last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[22 - 3];
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockOwner {
  pid: number;
  start?: string | null;
}

function readOwner(text: string): LockOwner | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed) }; // the format before the start time
  try {
    const o = JSON.parse(trimmed) as LockOwner;
    return Number.isSafeInteger(o.pid) && o.pid > 0 ? o : undefined;
  } catch {
    return undefined; // half-written by a writer that died: stale
  }
}

/** The pid of the live process holding a lock with this content, or undefined when it is stale. */
function liveOwner(text: string): number | undefined {
  const owner = readOwner(text);
  if (!owner || owner.pid === process.pid || !pidAlive(owner.pid)) return undefined;
  if (typeof owner.start === 'string') {
    const now = processStartTime(owner.pid);
    if (now !== undefined && now !== owner.start) return undefined; // the pid now belongs to another process
  }
  return owner.pid;
}

/** Removes this process's locks when it exits without closing its logs (a SIGKILL still leaves one: stale, taken over). */
let releaseAtExit = false;

function lock(lockPath: string, path: string, realPath: string): void {
  if (held.has(lockPath)) throw new LogLockedError(path, process.pid);
  if (!releaseAtExit) {
    releaseAtExit = true;
    process.once('exit', () => {
      for (const p of held) unlock(p);
    });
  }
  const content = JSON.stringify({ pid: process.pid, start: processStartTime(process.pid) ?? null, path: realPath });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(lockPath, content, { flag: 'wx', mode: 0o644 });
      held.add(lockPath);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let text: string;
    try {
      text = readFileSync(lockPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      throw e;
    }
    const pid = liveOwner(text);
    if (pid !== undefined) throw new LogLockedError(path, pid);
    // stale: move it aside (atomic), and put it back if what moved is not what was judged stale
    // (another process took the lock over in between)
    const aside = `${lockPath}.stale-${process.pid}-${attempt}`;
    try {
      renameSync(lockPath, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    if (readFileSync(aside, 'utf8') !== text) {
      try {
        linkSync(aside, lockPath);
      } catch {
        // a third process holds it now; the next attempt sees it
      }
    }
    unlinkSync(aside);
  }
  throw new Error(`cannot lock ${path} (${lockPath} keeps changing)`);
}

function unlock(lockPath: string): void {
  held.delete(lockPath);
  try {
    unlinkSync(lockPath);
  } catch {
    // already gone
  }
}

/** An {@link EventLog} kept in an NDJSON file. */
export class FileLog implements EventLog {
  private readonly list: LogEntry[];
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  private fd: number | undefined;
  /** Bytes of the file that hold complete lines: where the next line goes. */
  private offset: number;
  /** Appends ever made (never decreases, also across rollbacks): numbers what a flush covers. */
  private appended = 0;
  /** The last successful sync: appends it covered, and the file's length and entries then. */
  private synced: { appended: number; offset: number; count: number };
  /** Rollbacks of synced-over lines so far; `keptThrough[e]` = appends still durable after rollback e. */
  private epoch = 0;
  private readonly keptThrough: number[] = [];
  private flushing: Promise<void> | undefined;
  /** Set when even a rollback failed: the file may hold a fragment, so nothing more is written. */
  private broken: Error | undefined;
  private readonly fs: LogFileSystem;
  private readonly onRollback: ((error: LogWriteError, dropped: number) => void) | undefined;

  private constructor(
    readonly path: string,
    private readonly lockPath: string,
    fd: number,
    loaded: Parsed,
    readonly fsync: FsyncPolicy,
    opts: FileLogOptions,
  ) {
    this.fd = fd;
    this.list = loaded.entries;
    this.offset = loaded.goodBytes;
    this.synced = { appended: 0, offset: this.offset, count: this.list.length };
    this.fs = opts.fs ?? nodeFs;
    this.onRollback = opts.onRollback;
  }

  /** Opens (or creates) a log file for writing: lock, verify, repair a torn tail. */
  static open(path: string, opts: FileLogOptions = {}): FileLog {
    const fd = openSync(path, 'a+');
    let lockPath: string | undefined;
    try {
      const wanted = lockPathOf(fd);
      lock(wanted, path, realpathSync(path));
      lockPath = wanted;
      const loaded = FileLog.load(path, fd, opts.onWarning ?? ((m) => process.stderr.write(`snapsim: warning: ${m}\n`)));
      return new FileLog(path, lockPath, fd, loaded, opts.fsync ?? 'always', opts);
    } catch (e) {
      if (lockPath !== undefined) unlock(lockPath);
      closeSync(fd);
      throw e;
    }
  }

  /**
   * Reads and verifies a log file without opening it for writing (`snapsim replay`, `report`):
   * the same reader as {@link FileLog.open}, but a torn tail is reported to `onWarning` and left
   * in the file.
   */
  static read(path: string, opts: { onWarning?: (message: string) => void } = {}): LogEntry[] {
    const parsed = parseLogText(path, readFileSync(path, 'utf8'));
    if (parsed.torn !== undefined) opts.onWarning?.(`${parsed.torn}; ignored`);
    return parsed.entries;
  }

  /** Reads every line (see {@link parseLogText}); a torn tail is truncated with a warning. */
  private static load(path: string, fd: number, warn: (m: string) => void): Parsed {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(size);
    let read = 0;
    while (read < size) read += readSync(fd, buf, read, size - read, read);
    const parsed = parseLogText(path, buf.toString('utf8'));
    if (parsed.torn !== undefined) {
      warn(`${parsed.torn}; truncated`);
      ftruncateSync(fd, parsed.goodBytes);
      fdatasyncSync(fd);
    }
    return parsed;
  }

  get nextSeq(): number {
    return this.list.length;
  }

  /**
   * Writes the entry's line (and, with `fsync: 'always'`, syncs it). When the write or sync
   * fails, the file is truncated back to where the line started and {@link LogWriteError} is
   * thrown: the entry is not in the log, so a simulator must not apply it (it appends first).
   */
  append(entry: LogEntry): void {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    if (this.broken) throw new LogWriteError(`${this.path} cannot be written since an earlier failure (${this.broken.message}); restart to recover`, { cause: this.broken });
    if (entry.seq !== this.list.length) throw new ConcurrencyError(this.list.length, entry.seq);
    if (this.list.length === 0 && entry.events[0]?.type !== 'SimulationStarted') {
      throw new LogWriteError(`${this.path} is empty (a reset could not be written): it must start with SimulationStarted`);
    }
    const bytes = Buffer.from(`${checksummedLine(entry)}\n`);
    const start = this.offset;
    try {
      let done = 0;
      while (done < bytes.length) done += this.fs.writeSync(this.fd, bytes, done, bytes.length - done);
      if (this.fsync === 'always') this.fs.fdatasyncSync(this.fd);
    } catch (e) {
      const error = new LogWriteError(`${this.path}: cannot append seq ${entry.seq} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the log is unchanged`, { cause: e });
      this.rollback(start, this.list.length, error);
      throw error;
    }
    this.offset += bytes.length;
    this.appended++;
    this.list.push(entry);
    if (this.fsync === 'always') this.synced = { appended: this.appended, offset: this.offset, count: this.list.length };
    for (const l of this.listeners) l(entry);
  }

  /**
   * Makes every line written so far durable. Concurrent callers share one fdatasync (group
   * commit); a caller that arrives while one runs gets the next, so its own lines are covered.
   *
   * When the fdatasync fails, whether the lines since the last good sync reached the disk is
   * unknown (after a failed fsync, Linux may drop the dirty pages and report success next time).
   * So the file is truncated to the last synced length, the entries since are dropped, every
   * caller whose lines were among them is rejected with {@link LogWriteError}, and `onRollback`
   * is told — the server rebuilds its state from the log then (see `startServer`).
   */
  async flush(): Promise<void> {
    if (this.fsync !== 'group') return;
    const want = this.appended;
    const epoch = this.epoch;
    for (;;) {
      if (this.epoch !== epoch) {
        if (want <= this.keptThrough[epoch]!) return;
        throw new LogWriteError(`${this.path}: a sync failed; the entries written since the last good sync were rolled back`);
      }
      if (want <= this.synced.appended) return;
      if (this.flushing) {
        await this.flushing.catch(() => undefined);
        continue;
      }
      if (this.fd === undefined) throw new Error(`${this.path} is closed`);
      if (this.broken) throw new LogWriteError(`${this.path} cannot be synced since an earlier failure (${this.broken.message})`, { cause: this.broken });
      await this.syncNow(this.fd);
    }
  }

  private syncNow(fd: number): Promise<void> {
    const target = { appended: this.appended, offset: this.offset, count: this.list.length };
    const p = new Promise<void>((resolve, reject) =>
      this.fs.fdatasync(fd, (err) => {
        this.flushing = undefined;
        if (!err) {
          if (target.appended > this.synced.appended) this.synced = target;
          return resolve();
        }
        const error = new LogWriteError(`${this.path}: fdatasync failed (${err.code ?? err.message}); rolled back to the last synced line`, { cause: err });
        this.keptThrough[this.epoch] = this.synced.appended;
        this.epoch++;
        this.rollback(this.synced.offset, this.synced.count, error);
        reject(error);
      }),
    );
    this.flushing = p;
    return p;
  }

  /** Cuts the file back to `offset` and the entries back to `count`, then tells `onRollback`. */
  private rollback(offset: number, count: number, error: LogWriteError): void {
    if (this.fd === undefined) return; // closed meanwhile: close() synced or reported
    try {
      this.fs.ftruncateSync(this.fd, offset);
    } catch (e) {
      // the file may keep a fragment past `offset`: write nothing more; a restart truncates it
      // as a torn tail (it has no newline) or, if it is whole, finds the line it holds
      this.broken = e as Error;
    }
    this.offset = offset;
    const dropped = Math.max(0, this.list.length - count);
    this.list.length -= dropped;
    this.onRollback?.(error, dropped);
  }

  entries(): readonly LogEntry[] {
    return this.list;
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Empties the log (a reset of the served run): the file is truncated and synced. */
  truncate(): void {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    this.fs.ftruncateSync(this.fd, 0);
    this.fs.fdatasyncSync(this.fd);
    this.broken = undefined;
    this.list.length = 0;
    this.offset = 0;
    this.synced = { appended: this.appended, offset: 0, count: 0 };
  }

  /** Syncs, closes the file and releases the lock (also when the sync fails: it is thrown after). */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      if (this.fsync !== 'never' && !this.broken) this.fs.fdatasyncSync(fd);
    } finally {
      closeSync(fd);
      unlock(this.lockPath);
    }
  }
}
