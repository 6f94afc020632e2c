/** Reading an NDJSON log file for `replay` and `report`, with one-line errors. */
import { readFileSync } from 'node:fs';
import { decodeLog, type LogEntry } from '../events/index.ts';
import { UsageError } from './errors.ts';

/** The entries of the log at `file`; a missing or malformed file is a usage error. */
export function readLog(command: string, file: string): LogEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${command}: ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
  let entries: LogEntry[];
  try {
    entries = decodeLog(text);
  } catch (e) {
    throw new UsageError(`${command}: ${file}: ${(e as Error).message}`);
  }
  const first = entries[0]?.events[0];
  if (!first || first.type !== 'SimulationStarted') throw new UsageError(`${command}: ${file}: not a snapsim log (it must start with SimulationStarted)`);
  return entries;
}
