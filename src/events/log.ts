/**
 * The event-log port and its in-memory implementation. Appends carry the expected next sequence
 * number so that two writers can never interleave silently.
 */
import type { LogEntry } from './types.ts';

/** Raised when an append does not carry the log's next sequence number. */
export class ConcurrencyError extends Error {
  constructor(expected: number, actual: number) {
    super(`expected to append seq ${expected}, log is at ${actual}`);
    this.name = 'ConcurrencyError';
  }
}

/** Where entries go: append with expected version, read back, subscribe. */
export interface EventLog {
  /** Sequence number the next entry must carry. */
  readonly nextSeq: number;
  /** Appends an entry whose `seq` must equal {@link nextSeq}. */
  append(entry: LogEntry): void;
  /** Every entry, in order. */
  entries(): readonly LogEntry[];
  /** Calls `listener` after each append; returns the unsubscribe function. */
  subscribe(listener: (entry: LogEntry) => void): () => void;
  /** Resolves once every appended entry is durable (logs that defer syncing implement it). */
  flush?(): Promise<void>;
}

/**
 * An {@link EventLog} in memory; the default. `firstSeq` > 0 makes a log that continues one
 * kept elsewhere (a file, a stream that was replayed): it holds only the entries appended here.
 */
export class InMemoryLog implements EventLog {
  private readonly list: LogEntry[] = [];
  private readonly listeners = new Set<(entry: LogEntry) => void>();

  constructor(private readonly firstSeq = 0) {}

  get nextSeq(): number {
    return this.firstSeq + this.list.length;
  }

  append(entry: LogEntry): void {
    if (entry.seq !== this.nextSeq) throw new ConcurrencyError(this.nextSeq, entry.seq);
    this.list.push(entry);
    for (const l of this.listeners) l(entry);
  }

  entries(): readonly LogEntry[] {
    return this.list;
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
