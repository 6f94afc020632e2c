/**
 * Runs fast-check properties as vitest tests whose failures print the one command that reruns
 * exactly the failing case: the seed and path (FC_SEED / FC_PATH), the command sequence's replay
 * hint (FC_REPLAY_PATH, see {@link commandsReplayPath}), the file and a `-t` filter naming this
 * test alone (a path only replays the property that produced it).
 */
import fc from 'fast-check';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';

/** fast-check settings; FC_SEED / FC_PATH replay a reported failure, FC_RUNS changes the run count. */
export const replayParams = (): fc.Parameters<unknown> => ({
  numRuns: Number(process.env.FC_RUNS ?? 60),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
});

/** The commands' replay hint to pass to `fc.commands` (FC_REPLAY_PATH), if replaying a failure. */
export const commandsReplayPath = (): string | undefined => process.env.FC_REPLAY_PATH || undefined;

/** The `replayPath` hint fast-check prints after a failing command sequence, if the counterexample holds one. */
function replayPathOf(counterexample: unknown): string | undefined {
  const parts = Array.isArray(counterexample) ? counterexample : [counterexample];
  for (const part of parts) {
    const m = /\/\*replayPath="([^"]*)"\*\//.exec(String(part));
    if (m) return m[1];
  }
  return undefined;
}

/** A string as one POSIX shell word. */
const shellWord = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A regular expression matching `s` literally, at the end of vitest's full test name. */
const exactly = (s: string): string => `${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

/** The command that reruns one test of `file` with a seed, a path and, for command sequences, their replay hint. */
export function replayCommand(file: string, title: string, seed: number, path: string, replayPath?: string): string {
  const hint = replayPath === undefined ? '' : ` FC_REPLAY_PATH=${shellWord(replayPath)}`;
  return `FC_SEED=${seed} FC_PATH=${shellWord(path)}${hint} npx vitest run ${shellWord(file)} -t ${shellWord(exactly(title))}`;
}

/**
 * Returns `property(title, prop)`, which declares a vitest test named `title` in the calling
 * file (pass its `import.meta.url`) that checks `prop` and, on failure, throws a message naming
 * the seed, the path and the command that replays it.
 */
export function propertiesOf(fileUrl: string) {
  const file = relative(process.cwd(), fileURLToPath(fileUrl));
  return function property<T>(title: string, prop: () => fc.IProperty<T>): void {
    it(title, () => {
      const details = fc.check(prop(), replayParams() as fc.Parameters<T>) as fc.RunDetails<T>;
      if (!details.failed) return;
      const error = details.errorInstance;
      throw new Error(
        `${title}: ${error instanceof Error ? error.message : String(error)}\n` +
          `seed ${details.seed}, path "${details.counterexamplePath}"\n` +
          `replay: ${replayCommand(file, title, details.seed, details.counterexamplePath ?? '', replayPathOf(details.counterexample))}\n` +
          fc.defaultReportMessage(details),
        { cause: error },
      );
    });
  };
}
