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
import { dirname, join } from 'node:path';
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
   * Called (synchronously) after a failed write or sync was rolled back: the file holds only what
   * is durable again. `dropped` counts the entries removed
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

/** Bytes read from a log file at a time: a reader holds one chunk and one line, whatever the file's size. */
const CHUNK_BYTES = 1 << 20;

/**
 * The complete (newline-terminated) lines of the file open on `fd` from byte 0 up to `end`, read
 * a chunk at a time: each line's text (without its newline, decoded on its own so a character
 * split across chunks stays whole), its 1-based number, and the byte offset just after it.
 */
function* completeLines(fd: number, end: number): Generator<[text: string, lineNo: number, after: number]> {
  const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, end)));
  let carry: Buffer[] = [];
  let carried = 0;
  let pos = 0;
  let lineNo = 0;
  while (pos < end) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, end - pos), pos);
    if (n === 0) break;
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1 && nl < n; nl = chunk.indexOf(10, from)) {
      const piece = chunk.subarray(from, nl);
      const bytes = carried > 0 ? Buffer.concat([...carry, piece]) : piece;
      carry = [];
      carried = 0;
      from = nl + 1;
      yield [bytes.toString('utf8'), ++lineNo, pos + from];
    }
    if (from < n) {
      carry.push(Buffer.from(chunk.subarray(from, n)));
      carried += n - from;
    }
    pos += n;
  }
}

/** Where the complete lines of a log file end, and the warning about a torn tail after them, if any. */
interface Extent {
  /** Bytes of the complete lines (where a torn tail starts). */
  goodBytes: number;
  /** The warning about a torn tail, if there is one. */
  torn?: string;
}

/**
 * The one reader of log files (serve, replay, report): reads the lines of the file open on `fd`
 * (of `size` bytes) as a stream and hands each entry to `onEntry`. Every complete line must be an
 * entry with the next seq: a line with a `"crc"` must match it; a line without one (a log written
 * by snapsim 0.1's `run --log`, or by hand) is read as plain JSON, but not after a checksummed
 * one. Blank lines are skipped. Text after the last newline is a torn tail — a write cut short by
 * a crash, which was never acknowledged — and is reported, not read. Any other damage is an error
 * naming the line.
 */
function scanLog(path: string, fd: number, size: number, onEntry: (entry: LogEntry, lineNo: number) => void): Extent {
  const reader = new EntryReader(path);
  let goodBytes = 0;
  let lastLine = 0;
  for (const [line, lineNo, after] of completeLines(fd, size)) {
    lastLine = lineNo;
    goodBytes = after;
    const entry = reader.entry(line, lineNo);
    if (entry !== undefined) onEntry(entry, lineNo);
  }
  if (goodBytes === size) return { goodBytes };
  return {
    goodBytes,
    torn: `${path}:${lastLine + 1}: torn last line (${size - goodBytes} bytes without a newline: a write cut short by a crash, never acknowledged)`,
  };
}

/** Turns the lines of one log, in order, into its entries: checksums verified, seqs dense from 0. */
class EntryReader {
  private checksummed = false;
  private seq = 0;
  constructor(private readonly path: string) {}
  /** The entry of line `lineNo` (its text without the newline), or undefined for a blank line. */
  entry(line: string, lineNo: number): LogEntry | undefined {
    if (line.trim() === '') return undefined;
    let json: string | undefined = line;
    // `"crc":` unescaped can only be our member (user text in a line has its quotes escaped)
    if (line.includes('"crc":')) {
      json = verifiedJson(line);
      if (json === undefined) throw new LogFormatError(`${this.path}:${lineNo}: checksum mismatch (the line is damaged)`);
      this.checksummed = true;
    } else if (this.checksummed) {
      throw new LogFormatError(`${this.path}:${lineNo}: checksum missing after checksummed lines (the line is damaged)`);
    }
    return decodeAt(this.path, json, lineNo, this.seq++);
  }
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

/** Makes a rename in directory `dir` durable (where the platform can open a directory: not Windows). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fdatasyncSync(fd);
  } catch {
    // the rename stands; only its durability across a power loss is left to the OS
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

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

/** Whether process `pid` runs: it exists (signal 0) and, where /proc tells, is not a zombie (killed, not yet reaped by its parent). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
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

/**
 * An {@link EventLog} kept in an NDJSON file. It holds no entries in memory (only their count and
 * the first, which names the run): `read()` and `lines()` stream them from the file.
 */
export class FileLog implements EventLog {
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  private fd: number | undefined;
  /** Entries in the file. */
  private count: number;
  /** The first entry (`SimulationStarted`: seed, start, config), once there is one. */
  private head: LogEntry | undefined;
  /** Bytes of the file that hold complete lines: where the next line goes. */
  private offset: number;
  /** Appends ever made (never decreases, also across rollbacks): numbers what a flush covers. */
  private appended = 0;
  /** The last successful sync: appends it covered, and the file's length and entry count then. */
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
    private lockPath: string,
    fd: number,
    loaded: { count: number; head: LogEntry | undefined; goodBytes: number },
    readonly fsync: FsyncPolicy,
    opts: FileLogOptions,
  ) {
    this.fd = fd;
    this.count = loaded.count;
    this.head = loaded.head;
    this.offset = loaded.goodBytes;
    this.synced = { appended: 0, offset: this.offset, count: this.count };
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
   * in the file. Returns every entry (in memory: for the command-line tools); `lines`, when given,
   * receives each entry's line number.
   */
  static read(path: string, opts: { onWarning?: (message: string) => void; lines?: number[] } = {}): LogEntry[] {
    const fd = openSync(path, 'r');
    try {
      const entries: LogEntry[] = [];
      const lines = opts.lines;
      const extent = scanLog(path, fd, fstatSync(fd).size, (e, lineNo) => {
        entries.push(e);
        lines?.push(lineNo);
      });
      if (extent.torn !== undefined) opts.onWarning?.(`${extent.torn}; ignored`);
      return entries;
    } finally {
      closeSync(fd);
    }
  }

  /** Verifies every line (see {@link scanLog}), keeping only the count and the first entry; a torn tail is truncated with a warning. */
  private static load(path: string, fd: number, warn: (m: string) => void): { count: number; head: LogEntry | undefined; goodBytes: number } {
    let count = 0;
    let head: LogEntry | undefined;
    const extent = scanLog(path, fd, fstatSync(fd).size, (e) => {
      if (count++ === 0) head = e;
    });
    if (extent.torn !== undefined) {
      warn(`${extent.torn}; truncated`);
      ftruncateSync(fd, extent.goodBytes);
      fdatasyncSync(fd);
    }
    return { count, head, goodBytes: extent.goodBytes };
  }

  get nextSeq(): number {
    return this.count;
  }

  /** The first entry (`SimulationStarted`), if the log has one. */
  first(): LogEntry | undefined {
    return this.head;
  }

  /** Every entry, streamed from the file (verified as on open). */
  read(): Iterable<LogEntry> {
    const path = this.path;
    const lines = this.ownLines();
    return {
      *[Symbol.iterator]() {
        const reader = new EntryReader(path);
        for (const [line, lineNo] of lines()) {
          const entry = reader.entry(line, lineNo);
          if (entry !== undefined) yield entry;
        }
      },
    };
  }

  /** The file's lines as written (each ending in a newline), streamed. */
  lines(): Iterable<string> {
    const lines = this.ownLines();
    return {
      *[Symbol.iterator]() {
        for (const [line] of lines()) if (line.trim() !== '') yield `${line}\n`;
      },
    };
  }

  /**
   * The complete lines of the file as it is now (up to the current end), read lazily through a
   * descriptor of the reader's own, opened when reading starts and closed when it ends: appends,
   * syncs and a reset ({@link replaceWith}) meanwhile do not disturb it. Reading after the log was
   * reset throws rather than read the new run's file as the old one's.
   */
  private ownLines(): () => Generator<[text: string, lineNo: number, after: number]> {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    const path = this.path;
    const end = this.offset;
    const file = fstatSync(this.fd, { bigint: true });
    return function* () {
      const fd = openSync(path, 'r');
      try {
        const now = fstatSync(fd, { bigint: true });
        if (now.ino !== file.ino || now.dev !== file.dev) throw new Error(`${path} was reset while being read`);
        yield* completeLines(fd, end);
      } finally {
        closeSync(fd);
      }
    };
  }

  /**
   * Writes the entry's line (and, with `fsync: 'always'`, syncs it). When the write or sync
   * fails, the file is truncated back to where the line started and {@link LogWriteError} is
   * thrown: the entry is not in the log, so a simulator must not apply it (it appends first).
   */
  append(entry: LogEntry): void {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    if (this.broken) throw new LogWriteError(`${this.path} cannot be written since an earlier failure (${this.broken.message}); restart to recover`, { cause: this.broken });
    if (entry.seq !== this.count) throw new ConcurrencyError(this.count, entry.seq);
    if (this.count === 0 && entry.events[0]?.type !== 'SimulationStarted') {
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
      this.rollback(start, this.count, error);
      throw error;
    }
    this.offset += bytes.length;
    this.appended++;
    if (this.count++ === 0) this.head = entry;
    if (this.fsync === 'always') this.synced = { appended: this.appended, offset: this.offset, count: this.count };
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
    const target = { appended: this.appended, offset: this.offset, count: this.count };
    const p = new Promise<void>((resolve, reject) =>
      this.fs.fdatasync(fd, (err) => {
        this.flushing = undefined;
        // the log was reset meanwhile (replaceWith): this file is no longer the log, and every
        // line written before the reset counts as synced (the reset synced the old file)
        if (fd !== this.fd) return resolve();
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
    const dropped = Math.max(0, this.count - count);
    this.count -= dropped;
    if (this.count === 0) this.head = undefined;
    this.onRollback?.(error, dropped);
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replaces the log by `entries` (a reset of the served run) atomically: they are written to a
   * new file beside it (locked before anything is written to it), synced, and renamed over it;
   * then the directory is synced and the old file's lock released. When any step up to the
   * rename fails, the log and this object are as they were ({@link LogWriteError}).
   */
  replaceWith(entries: readonly LogEntry[]): void {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    const real = realpathSync(this.path);
    const tmp = `${real}.reset-${process.pid}`;
    const bytes = Buffer.from(checksummedLog(entries));
    let fd: number | undefined;
    let lockPath: string | undefined;
    try {
      fd = openSync(tmp, 'wx+');
      const wanted = lockPathOf(fd);
      lock(wanted, this.path, real);
      lockPath = wanted;
      let done = 0;
      while (done < bytes.length) done += this.fs.writeSync(fd, bytes, done, bytes.length - done);
      this.fs.fdatasyncSync(fd);
      renameSync(tmp, real);
    } catch (e) {
      if (lockPath !== undefined) unlock(lockPath);
      if (fd !== undefined) {
        closeSync(fd);
        try {
          unlinkSync(tmp);
        } catch {
          // already gone
        }
      }
      throw new LogWriteError(`${this.path}: cannot be reset (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the log is unchanged`, { cause: e });
    }
    syncDirectory(dirname(real));
    const old = this.fd;
    // lines written since the last sync reach the old file's disk before it goes (their callers may wait on it)
    try {
      this.fs.fdatasyncSync(old);
    } catch {
      // the old run is discarded whatever its disk says
    }
    // a group sync still running on the old file closes it when done (closing under it would fail it, or sync another file)
    if (this.flushing) void this.flushing.catch(() => undefined).then(() => closeSync(old));
    else closeSync(old);
    unlock(this.lockPath);
    this.fd = fd;
    this.lockPath = lockPath;
    this.broken = undefined;
    this.count = entries.length;
    this.head = entries[0];
    this.offset = bytes.length;
    this.appended += entries.length;
    this.synced = { appended: this.appended, offset: this.offset, count: this.count };
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
