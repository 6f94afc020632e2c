/**
 * The NDJSON file log: one entry per line, each line carrying a CRC-32 of its content, appended
 * and made durable before the caller acknowledges the command. Opening it verifies every line,
 * truncates a torn last line (a crash mid-write) with a warning, refuses any other damage with
 * the file and line number, and takes an exclusive lock so a second writer cannot interleave.
 */
import { closeSync, fdatasync, fdatasyncSync, ftruncateSync, openSync, readFileSync, readSync, unlinkSync, writeFileSync, writeSync, fstatSync } from 'node:fs';
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

/** Options of {@link FileLog.open}. */
export interface FileLogOptions {
  fsync?: FsyncPolicy;
  /** Receives warnings (a truncated torn line). Default: stderr. */
  onWarning?: (message: string) => void;
}

/** Raised when the log file is locked by another live writer. */
export class LogLockedError extends Error {
  constructor(path: string, pid: number) {
    super(`${path} is already open for writing by process ${pid}; stop it or use another --log file`);
    this.name = 'LogLockedError';
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

/** Verifies a line's checksum; returns the JSON without it, or undefined when it does not hold. */
export function verifiedJson(line: string): string | undefined {
  const m = CRC_SUFFIX.exec(line);
  if (!m) return undefined;
  const json = `${line.slice(0, m.index)}}`;
  return (crc32(json) >>> 0).toString(16).padStart(8, '0') === m[1] ? json : undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lock(path: string): string {
  const lockPath = `${path}.lock`;
  if (held.has(lockPath)) throw new LogLockedError(path, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      held.add(lockPath);
      return lockPath;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) throw new LogLockedError(path, pid);
      unlinkSync(lockPath); // stale: its writer is gone
    }
  }
  throw new Error(`cannot lock ${path}`);
}

/** An {@link EventLog} kept in an NDJSON file. */
export class FileLog implements EventLog {
  private readonly list: LogEntry[];
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  private fd: number | undefined;
  private dirty = false;
  private flushing: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    private readonly lockPath: string,
    fd: number,
    entries: LogEntry[],
    readonly fsync: FsyncPolicy,
  ) {
    this.fd = fd;
    this.list = entries;
  }

  /** Opens (or creates) a log file for writing: verify, repair a torn tail, lock. */
  static open(path: string, opts: FileLogOptions = {}): FileLog {
    const lockPath = lock(path);
    try {
      const fd = openSync(path, 'a+');
      const entries = FileLog.load(path, fd, opts.onWarning ?? ((m) => process.stderr.write(`snapsim: warning: ${m}\n`)));
      return new FileLog(path, lockPath, fd, entries, opts.fsync ?? 'always');
    } catch (e) {
      held.delete(lockPath);
      unlinkSync(lockPath);
      throw e;
    }
  }

  /** Reads and verifies a log file without opening it for writing (`snapsim replay`, `report`). */
  static read(path: string): LogEntry[] {
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const out: LogEntry[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '') continue;
      const json = verifiedJson(line);
      if (json === undefined && i === lines.length - 1) break; // torn tail: ignore when only reading
      out.push(FileLog.decodeVerified(path, json, i + 1, out.length));
    }
    return out;
  }

  private static decodeVerified(path: string, json: string | undefined, lineNo: number, expectedSeq: number): LogEntry {
    if (json === undefined) throw new LogFormatError(`${path}:${lineNo}: checksum mismatch or missing (the line is damaged)`);
    try {
      const entry = decodeEntry(json, lineNo);
      if (entry.seq !== expectedSeq) throw new LogFormatError(`${path}:${lineNo}: expected seq ${expectedSeq}, found ${entry.seq}`);
      return entry;
    } catch (e) {
      if (e instanceof LogFormatError && e.message.startsWith(path)) throw e;
      throw new LogFormatError(`${path}:${lineNo}: ${(e as Error).message}`);
    }
  }

  /**
   * Reads every line. The last line is torn when it has no newline or fails its checksum: with
   * one write per line, only the tail can be cut short, and only an unacknowledged command can be
   * in it. It is truncated with a warning. Damage anywhere else is an error naming the line.
   */
  private static load(path: string, fd: number, warn: (m: string) => void): LogEntry[] {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(size);
    let read = 0;
    while (read < size) read += readSync(fd, buf, read, size - read, read);
    const text = buf.toString('utf8');
    const lines = text.split('\n');
    const complete = text.endsWith('\n') || text === '';
    const lastIndex = complete ? lines.length - 2 : lines.length - 1;
    const entries: LogEntry[] = [];
    let offset = 0;
    for (let i = 0; i <= lastIndex; i++) {
      const line = lines[i]!;
      const json = verifiedJson(line);
      if (i === lastIndex && (json === undefined || !complete)) {
        warn(`${path}:${i + 1}: torn last line (${size - offset} bytes, a write cut short by a crash, never acknowledged); truncated`);
        ftruncateSync(fd, offset);
        fdatasyncSync(fd);
        break;
      }
      entries.push(FileLog.decodeVerified(path, json, i + 1, entries.length));
      offset += Buffer.byteLength(line) + 1;
    }
    return entries;
  }

  get nextSeq(): number {
    return this.list.length;
  }

  append(entry: LogEntry): void {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    if (entry.seq !== this.list.length) throw new ConcurrencyError(this.list.length, entry.seq);
    const bytes = Buffer.from(`${checksummedLine(entry)}\n`);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    if (this.fsync === 'always') fdatasyncSync(this.fd);
    else this.dirty = true;
    this.list.push(entry);
    for (const l of this.listeners) l(entry);
  }

  /**
   * Makes every line written so far durable. Concurrent callers share one fdatasync (group
   * commit); a caller that arrives while one runs gets the next, so its own lines are covered.
   */
  async flush(): Promise<void> {
    if (this.fsync !== 'group') return;
    while (this.flushing) await this.flushing;
    if (!this.dirty || this.fd === undefined) return;
    this.dirty = false;
    const fd = this.fd;
    this.flushing = new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
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
    ftruncateSync(this.fd, 0);
    fdatasyncSync(this.fd);
    this.list.length = 0;
    this.dirty = false;
  }

  /** Syncs, closes the file and releases the lock. */
  close(): void {
    if (this.fd === undefined) return;
    fdatasyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    held.delete(this.lockPath);
    try {
      unlinkSync(this.lockPath);
    } catch {
      // already gone
    }
  }
}
