/**
 * The `snapsim` command line: a dispatch table of subcommands and one error path — any usage
 * problem (unknown command, bad flag, missing file, malformed scenario or log) prints one line
 * and exits 2, never a stack trace. Set SNAPSIM_DEBUG=1 to see stacks of internal errors.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command, Io } from './command.ts';
import { UsageError } from './errors.ts';

/**
 * Every subcommand, by name: its one-line summary and how to load it. Only the command that runs
 * is imported (`snapsim serve` never loads the scenario runner, YAML or the report), so `--help`
 * and `serve` start fast.
 */
export const COMMANDS: Readonly<Record<string, { readonly summary: string; load(): Promise<Command> }>> = {
  run: { summary: 'run a scenario (.ts script or .json/.yaml file) under a seed', load: async () => (await import('./run.ts')).runCommand },
  replay: { summary: 'rebuild the state from a log and print clusters and snapshots at a time', load: async () => (await import('./replay.ts')).replayCommand },
  report: { summary: 'write a self-contained HTML timeline (SVG) of a log', load: async () => (await import('./report.ts')).reportCommand },
  sweep: { summary: 'run a scenario under many seeds in parallel and print distributions', load: async () => (await import('./sweep.ts')).sweepCommand },
  serve: { summary: 'serve the AWS Query API over HTTP (for the AWS CLI, boto3, SDKs)', load: async () => (await import('./serve.ts')).serveCommand },
};

const HELP = `usage: snapsim <command> [options]   (snapsim <command> --help for details)

${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)}${c.summary}`).join('\n')}
`;

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name]! : undefined;
  try {
    if (!entry) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(command.usage);
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    // loaded only on this path (a failed command), like the commands themselves
    const { ScenarioFormatError } = await import('../scenario/declarative.ts');
    const known = e instanceof UsageError || e instanceof ScenarioFormatError;
    if (!known && process.env.SNAPSIM_DEBUG) io.stderr.write(`${(e as Error).stack}\n`);
    const msg = e instanceof ScenarioFormatError ? `${name}: ${e.message}` : (e as Error).message ?? String(e);
    io.stderr.write(`snapsim: ${known ? msg : `${name}: ${msg}`}`.split('\n')[0] + '\n');
    return 2;
  }
}

/** Runs the command line of this process and sets its exit code. */
export async function runCli(): Promise<void> {
  // a reader that stops early (`snapsim replay log.ndjson | head -1`) is not an error: exit quietly
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.exitCode = await main(process.argv.slice(2));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await runCli();
