/** Mirrors a simulator's NDJSON event log into a file, line by line, synchronously. */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { SimulatorPort } from './port.ts';

/** A log file kept equal to the attached simulator's `encodeLog()`. */
export class LogFileSink {
  private fd: number | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(readonly path: string) {}

  /** Rewrites the file with `sim`'s whole log, then appends each new line as it is logged. */
  attach(sim: SimulatorPort): void {
    this.close();
    this.fd = openSync(this.path, 'w');
    const existing = sim.encodeLog();
    if (existing) this.write(existing);
    this.unsubscribe = sim.onAppend((line) => this.write(line));
  }

  /** Stops mirroring and closes the file. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private write(text: string): void {
    if (this.fd !== undefined) writeSync(this.fd, text.endsWith('\n') ? text : `${text}\n`);
  }
}
