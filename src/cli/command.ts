/** The shape of a subcommand, and the streams it writes to (injectable for tests). */
import type { Out } from './terminal.ts';

/** Where a command writes. */
export interface Io {
  stdout: Out;
  stderr: Out;
}

/** A subcommand: its name, its `--help` text and its body (its one-line summary is in main.ts's index). */
export interface Command {
  readonly name: string;
  readonly usage: string;
  /** Runs with the arguments after the command name; returns the exit code. */
  run(argv: string[], io: Io): Promise<number>;
}
