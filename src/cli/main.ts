/**
 * The `snapsim` command line: a dispatch table of subcommands and one error path — any usage
 * problem (unknown command, bad flag, missing file, malformed scenario or log) prints one line
 * and exits 2, never a stack trace. Set SNAPSIM_DEBUG=1 to see stacks of internal errors.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioFormatError } from '../scenario/declarative.ts';
import type { Command, Io } from './command.ts';
import { UsageError } from './errors.ts';
import { replayCommand } from './replay.ts';
import { reportCommand } from './report.ts';
import { runCommand } from './run.ts';
import { serve } from './serve.ts';
import { sweepCommand } from './sweep.ts';

/** `serve`: the Query-protocol HTTP endpoint (implemented in ./serve.ts by the API work). */
const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the AWS Query API over HTTP (for the AWS CLI, boto3, SDKs)',
  usage: `usage: snapsim serve [--host 127.0.0.1] [--port 4599] [--seed N] [--clock manual|instant|scaled:N] [--start TIME]
                     [--log run.ndjson] [--config snapsim.json]
                     [--allowed-hosts NAME,.DOMAIN,*] [--control-token T | --no-control]
                     [--verify-signatures creds.json] [--max-connections 2000]
                     [--headers-timeout 10] [--request-timeout 30]

Runs the AWS Query-protocol endpoint; point clients at it with --endpoint-url.
Requests must name this server in Host (localhost, loopback, the bound address or
--allowed-hosts); browsers' cross-site requests are refused. Beyond loopback (--host 0.0.0.0)
any Host is accepted and the control API needs a token (printed at start).
`,
  async run(argv, io) {
    // SIGTERM/SIGINT stop cleanly: the log is synced, closed and its lock released. The handlers
    // are in place before the "listening" line, so a signal right after it is not the default kill.
    let server: Awaited<ReturnType<typeof serve>> | undefined;
    let signalled = false;
    const stop = (): void => {
      if (signalled && server === undefined) return;
      signalled = true;
      if (server === undefined) return; // still starting: stopped once it has
      const closing = server;
      server = undefined;
      closing.close().then(
        () => process.exit(0),
        (e: unknown) => {
          io.stderr.write(`snapsim: serve: stopping: ${(e as Error).message}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    try {
      server = await serve(argv, (line) => io.stdout.write(line + '\n'));
    } catch (e) {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      throw e;
    }
    if (signalled) stop();
    return 0;
  },
};

/** Every subcommand, by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  run: runCommand,
  replay: replayCommand,
  report: reportCommand,
  sweep: sweepCommand,
  serve: serveCommand,
};

const HELP = `usage: snapsim <command> [options]   (snapsim <command> --help for details)

${Object.values(COMMANDS).map((c) => `  ${c.name.padEnd(8)}${c.summary}`).join('\n')}
`;

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name]! : undefined;
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(command.usage);
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
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
