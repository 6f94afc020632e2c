/**
 * The event-log port and its in-memory implementations. Appends carry the expected next sequence
 * number so that two writers can never interleave silently. Entries are read back as a stream
 * (`read()`), so a log kept in a file holds none of them in memory.
 */
import type { LogEntry } from './types.ts';

/** Raised when an append does not carry the log's next sequence number. */
export class ConcurrencyError extends Error {
  constructor(expected: number, actual: number) {
    super(`expected to append seq ${expected}, log is at ${actual}`);
    this.name = 'ConcurrencyError';
  }
}

/** Raised when a log is asked for entries it no longer keeps (a bounded ring whose oldest are gone). */
export class LogNotKeptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogNotKeptError';
  }
}

/** Where entries go: append with expected version, read back as a stream, subscribe. */
export interface EventLog {
  /** Sequence number the next entry must carry. */
  readonly nextSeq: number;
  /** Appends an entry whose `seq` must equal {@link nextSeq}. */
  append(entry: LogEntry): void;
  /**
   * Every entry from the first, in order, as a stream (a file log reads its file; nothing is
   * held). Throws {@link LogNotKeptError} at once when the log does not keep its early entries.
   */
  read(): Iterable<LogEntry>;
  /**
   * The log's lines as stored, each ending in a newline, when it keeps them as text (a file log
   * streams its file); otherwise undefined and callers encode {@link read}'s entries.
   */
  lines?(): Iterable<string>;
  /** Calls `listener` after each append; returns the unsubscribe function. */
  subscribe(listener: (entry: LogEntry) => void): () => void;
  /** Resolves once every appended entry is durable (logs that defer syncing implement it). */
  flush?(): Promise<void>;
}

/** Listeners of a log, told of each appended entry. */
class Listeners {
  private readonly set = new Set<(entry: LogEntry) => void>();
  add(listener: (entry: LogEntry) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  tell(entry: LogEntry): void {
    for (const l of this.set) l(entry);
  }
}

/**
 * An {@link EventLog} that keeps every entry in memory: the default of `createSimulator()`, for
 * tests and scenarios (memory grows with history). `firstSeq` > 0 makes a log that continues one
 * kept elsewhere (a stream that was replayed): it holds only the entries appended here, and
 * `read()` refuses.
 */
export class InMemoryLog implements EventLog {
  private readonly list: LogEntry[] = [];
  private readonly listeners = new Listeners();

  constructor(private readonly firstSeq = 0) {}

  get nextSeq(): number {
    return this.firstSeq + this.list.length;
  }

  append(entry: LogEntry): void {
    if (entry.seq !== this.nextSeq) throw new ConcurrencyError(this.nextSeq, entry.seq);
    this.list.push(entry);
    this.listeners.tell(entry);
  }

  /** Every entry kept, in order. */
  entries(): readonly LogEntry[] {
    return this.list;
  }

  read(): Iterable<LogEntry> {
    if (this.firstSeq > 0) throw new LogNotKeptError(`this log holds entries from seq ${this.firstSeq} only; the earlier ones are kept elsewhere`);
    return this.list;
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    return this.listeners.add(listener);
  }
}

/** How many of the newest entries a {@link RingLog} keeps by default. */
export const DEFAULT_RING_ENTRIES = 10_000;

/**
 * An {@link EventLog} in bounded memory: its first entry (`SimulationStarted`, which holds the
 * seed) and the newest `capacity` entries. What `serve` keeps without `--log`: `read()` works
 * until the first entry falls out of the window, then throws {@link LogNotKeptError}.
 */
export class RingLog implements EventLog {
  private head: LogEntry | undefined;
  private readonly ring: (LogEntry | undefined)[];
  private next = 0;
  private readonly listeners = new Listeners();

  constructor(readonly capacity = DEFAULT_RING_ENTRIES) {
    if (!(Number.isSafeInteger(capacity) && capacity >= 1)) throw new RangeError(`a ring keeps at least 1 entry, got ${capacity}`);
    this.ring = new Array<LogEntry | undefined>(capacity);
  }

  get nextSeq(): number {
    return this.next;
  }

  /** Whether every entry since the first is still kept. */
  get complete(): boolean {
    return this.next <= this.capacity + 1;
  }

  append(entry: LogEntry): void {
    if (entry.seq !== this.next) throw new ConcurrencyError(this.next, entry.seq);
    if (entry.seq === 0) this.head = entry;
    else this.ring[(entry.seq - 1) % this.capacity] = entry;
    this.next++;
    this.listeners.tell(entry);
  }

  read(): Iterable<LogEntry> {
    if (!this.complete) {
      throw new LogNotKeptError(`entries 1 to ${this.next - this.capacity - 1} are gone: this log keeps its first entry and the newest ${this.capacity} (serve --log FILE keeps them all)`);
    }
    return this.entriesInOrder(this.next);
  }

  /**
   * The entries up to `end` (the log's length when read), lazily; an entry the ring overwrote
   * meanwhile ends the reading with {@link LogNotKeptError} rather than yield a newer one in its place.
   */
  private *entriesInOrder(end: number): Generator<LogEntry> {
    if (this.head) yield this.head;
    for (let seq = 1; seq < end; seq++) {
      const entry = this.ring[(seq - 1) % this.capacity]!;
      if (entry.seq !== seq) throw new LogNotKeptError(`entry ${seq} fell out of the ring while the log was being read (serve --log FILE keeps every entry)`);
      yield entry;
    }
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    return this.listeners.add(listener);
  }
}
