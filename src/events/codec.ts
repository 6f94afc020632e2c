/**
 * Log entries to NDJSON and back. Each event is written with its schema version `v`; reading
 * runs upcasters from the stored version to the current one, so old logs stay readable.
 */
import { resolveConfig, type SimConfigInput } from './config.ts';
import { SCHEMA_VERSIONS, type EventType, type LogEntry } from './types.ts';

/** Raised when a log line cannot be read; names the line. */
export class LogFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'LogFormatError';
  }
}

/** An upcaster lifts an event's data from version `n` to `n + 1`. */
export type Upcaster = (event: Record<string, unknown>) => Record<string, unknown>;

/** A `SimulationStarted` whose config has every setting of this build, the ones it lacks at their defaults. */
const withDefaultSettings: Upcaster = (e) => ({ ...e, config: resolveConfig(e.config as SimConfigInput) });

/**
 * Upcasters by event type and by the version they lift from. When a type's shape changes, bump
 * its SCHEMA_VERSIONS entry and add `{ [type]: { <old version>: (e) => … } }` here.
 */
export const UPCASTERS: Partial<Record<EventType, Record<number, Upcaster>>> = {
  SimulationStarted: {
    /** v2 added the restore, table-restore and cross-region copy rates and failure faults: a v1 log gets their defaults. */
    1: withDefaultSettings,
    /** v3 added the quota of nodes per account and region (`quotas.nodes`): a v2 log gets its default. */
    2: withDefaultSettings,
    /** v4 added the pausing and resuming times (`timings.clusterPauseSeconds`, `clusterResumeSeconds`): a v3 log gets their defaults. */
    3: withDefaultSettings,
  },
};

/** Encodes one entry as one NDJSON line (no trailing newline). */
export function encodeEntry(entry: LogEntry): string {
  const events = entry.events.map((e) => ({ v: SCHEMA_VERSIONS[e.type], ...e }));
  return JSON.stringify({ seq: entry.seq, at: entry.at, requestId: entry.requestId, command: entry.command, events });
}

/** Decodes one NDJSON line into an entry, upcasting old event versions. */
export function decodeEntry(line: string, lineNo?: number): LogEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new LogFormatError('not valid JSON', lineNo);
  }
  const r = raw as { seq?: unknown; at?: unknown; events?: unknown; requestId?: unknown; command?: unknown };
  if (typeof r !== 'object' || r === null || typeof r.seq !== 'number' || typeof r.at !== 'number' || !Array.isArray(r.events)) {
    throw new LogFormatError('not a log entry', lineNo);
  }
  const events = r.events as Record<string, unknown>[];
  for (let i = 0; i < events.length; i++) events[i] = upcast(events[i]!, lineNo);
  return raw as LogEntry;
}

/**
 * Lifts one event to the current schema. Current events pass through untouched (the `v` field
 * stays: deleting it would push the object into V8's slow dictionary mode, and `encodeEntry`
 * writes the same `v` back).
 */
function upcast(event: Record<string, unknown>, lineNo?: number): Record<string, unknown> {
  const type = event.type as EventType;
  const current = Object.hasOwn(SCHEMA_VERSIONS, type) ? SCHEMA_VERSIONS[type] : undefined; // not Object's own names
  if (current === undefined) throw new LogFormatError(`unknown event type ${String(event.type)}`, lineNo);
  let v = typeof event.v === 'number' ? event.v : 1;
  if (v === current) return event;
  if (v > current) throw new LogFormatError(`${type} v${v} is newer than this snapsim (v${current})`, lineNo);
  let e = event;
  while (v < current) {
    const up = Object.hasOwn(UPCASTERS, type) ? UPCASTERS[type]?.[v] : undefined;
    if (!up) throw new LogFormatError(`no upcaster for ${type} v${v}`, lineNo);
    e = up(e);
    v++;
  }
  return { ...e, v: current };
}

/** Encodes entries as NDJSON text (one line each, newline-terminated). */
export const encodeLog = (entries: Iterable<LogEntry>): string => {
  let out = '';
  for (const e of entries) out += encodeEntry(e) + '\n';
  return out;
};

/** Decodes NDJSON lines one at a time (for streaming replay); blank lines are skipped. */
export function* decodeLines(lines: Iterable<string>): Generator<LogEntry> {
  let n = 0;
  for (const line of lines) {
    n++;
    if (line.trim() !== '') yield decodeEntry(line, n);
  }
}

/** Decodes NDJSON text into entries; blank lines are skipped. */
export function decodeLog(text: string): LogEntry[] {
  const out: LogEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    out.push(decodeEntry(line, i + 1));
  }
  return out;
}
