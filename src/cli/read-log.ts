/** Reading an NDJSON log file for `replay` and `report`, with one-line errors. */
import { FileLog, type LogEntry } from '../events/index.ts';
import { UsageError } from './errors.ts';

/**
 * The entries of the log at `file`, read by the same reader as `serve --log` (checksums verified,
 * damage named by file and line, a torn last line reported to `warn` and left out); a missing or
 * malformed file is a usage error.
 */
export function readLog(command: string, file: string, warn: (message: string) => void = () => {}): LogEntry[] {
  let entries: LogEntry[];
  try {
    entries = FileLog.read(file, { onWarning: warn });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new UsageError(`${command}: ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
  const first = entries[0]?.events[0];
  if (!first || first.type !== 'SimulationStarted') throw new UsageError(`${command}: ${file}: not a snapsim log (it must start with SimulationStarted)`);
  return entries;
}
