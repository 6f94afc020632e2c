/** Reading an NDJSON log file for `replay` and `report`, with one-line errors. */
import { FileLog, type LogEntry } from '../events/index.ts';
import { replay, ReplayError, startProblem, type Simulator } from '../sim/simulator.ts';
import { UsageError } from './errors.ts';

/**
 * The entries of the log at `file`, read by the same reader as `serve --log` (checksums verified,
 * damage named by file and line, a torn last line reported to `warn` and left out); a missing or
 * malformed file is a usage error.
 */
export function readLog(command: string, file: string, warn: (message: string) => void = () => {}, lines?: number[]): LogEntry[] {
  let entries: LogEntry[];
  try {
    entries = FileLog.read(file, { onWarning: warn, ...(lines ? { lines } : {}) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new UsageError(`${command}: ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
  const first = entries[0]?.events[0];
  if (!first || first.type !== 'SimulationStarted') throw new UsageError(`${command}: ${file}: not a snapsim log (it must start with SimulationStarted)`);
  const problem = startProblem(entries[0]!);
  if (problem !== undefined) throw new UsageError(`${command}: ${file}:${lines?.[0] ?? 1}: ${problem}`);
  return entries;
}

/**
 * Replays `entries` (the first ones of the log at `file`, whose line numbers are `lines`): an entry
 * the state refuses, or a damaged `SimulationStarted`, is a usage error naming the file and line.
 */
export function replayLog(command: string, file: string, entries: readonly LogEntry[], lines: readonly number[]): Simulator {
  try {
    return replay(entries);
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    const cause = e.cause instanceof Error ? e.cause.message : String(e.cause);
    throw new UsageError(`${command}: ${file}:${lines[e.index] ?? '?'}: ${cause} (seq ${String(e.seq)})`);
  }
}
