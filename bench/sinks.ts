/** Log sinks for benchmarks. */
import { encodeEntry } from '../src/events/codec.ts';
import { LogNotKeptError, type EventLog } from '../src/events/log.ts';
import type { LogEntry } from '../src/events/types.ts';

/** Counts appended entries and events without keeping them (the state is what is measured). */
export class CountingLog implements EventLog {
  nextSeq = 0;
  events = 0;
  append(entry: LogEntry): void {
    this.nextSeq++;
    this.events += entry.events.length;
  }
  read(): Iterable<LogEntry> {
    throw new LogNotKeptError('a counting log keeps no entries');
  }
  subscribe(): () => void {
    return () => {};
  }
}

/** Keeps each entry only as its NDJSON line (what a log file holds). */
export class LineLog extends CountingLog {
  readonly encoded: string[] = [];
  override append(entry: LogEntry): void {
    super.append(entry);
    this.encoded.push(encodeEntry(entry));
  }
}
