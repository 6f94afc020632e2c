/**
 * `snapsim serve`: runs the Query-protocol HTTP endpoint.
 *
 * ```
 * snapsim serve [--host 127.0.0.1] [--port 4599] [--seed N] [--clock manual|instant|scaled:N] [--start TIME]
 *               [--log run.ndjson] [--config snapsim.json]
 *               [--allowed-hosts a,.b,*] [--control-token T | --no-control] [--verify-signatures creds.json]
 *               [--max-connections 2000] [--headers-timeout 10] [--request-timeout 30]
 * ```
 *
 * Safety: the Host header must name this server (localhost, loopback, the bound address or
 * `--allowed-hosts`), browsers' cross-site requests are refused, and the control API needs a
 * token when one is given or when bound beyond loopback (generated and printed then).
 * `--verify-signatures` takes a JSON file of access key id →
 * `{ "secretAccessKey": "…", "account": "111111111111" }` and refuses unsigned or wrongly signed
 * requests.
 *
 * `--config` is a JSON file with identity mapping and simulator settings, e.g.
 * `{ "accounts": { "AKIDALICE": "111111111111" }, "quotas": { "manualSnapshots": 300 } }`.
 * Point clients at the printed URL: `aws redshift describe-clusters --endpoint-url http://127.0.0.1:4599`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startServer, type RunningServer, type ServeConfig } from '../api/server.ts';
import { configProblem } from '../events/config.ts';
import { LATEST_VIRTUAL_TIME } from '../api/clock.ts';
import { parseCredentials, type Credentials } from '../api/sigv4.ts';
import type { Command } from './command.ts';
import { stopWithWrapper } from './wrapper.ts';

/** Signals that stop the server cleanly (SIGHUP: its terminal closed). */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** The `serve` command: {@link serve} until a signal (or a parent's IPC channel closing) stops it. */
export const serveCommand: Command = {
  name: 'serve',
  usage: `usage: snapsim serve [--host 127.0.0.1] [--port 4599] [--seed N] [--clock manual|instant|scaled:N] [--start TIME]
                     [--log run.ndjson] [--config snapsim.json]
                     [--allowed-hosts NAME,.DOMAIN,*] [--control-token T | --no-control]
                     [--verify-signatures creds.json] [--max-connections 2000]
                     [--headers-timeout 10] [--request-timeout 30]

Runs the AWS Query-protocol endpoint; point clients at it with --endpoint-url.
Requests must name this server in Host (localhost, loopback, the bound address or
--allowed-hosts); browsers' cross-site requests are refused. Beyond loopback (--host 0.0.0.0)
any Host is accepted and the control API needs a token (printed at start).
SIGTERM, SIGINT (Ctrl-C) and SIGHUP stop it cleanly: connections closed, the log synced and
its lock released, exit code 0. It also stops so when the npm wrapper that started it
(npm start, npx) dies, and, started by a Node parent with an IPC channel (fork), when that
channel closes. A second signal while stopping exits at once (code 1).
`,
  async run(argv, io) {
    // The handlers are in place before the "listening" line, so a signal right after it is not the
    // default kill; one that arrives while starting stops the server once it has started.
    let server: RunningServer | undefined;
    let stopping = false;
    const stop = (): void => {
      if (stopping && server === undefined) {
        // a second signal while closing (or one before the start finished and then another)
        io.stderr.write('snapsim: serve: stopped before the log was closed\n');
        process.exit(1);
      }
      stopping = true;
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
    for (const s of STOP_SIGNALS) process.on(s, stop);
    // forked with an IPC channel (child_process.fork): stop when the parent goes away
    if (process.channel) process.once('disconnect', stop);
    // under npm start / npx: stop when the wrapper dies (it forwards signals to its shell only)
    const unwatch = stopWithWrapper(stop);
    try {
      server = await serve(argv, (line) => io.stdout.write(line + '\n'));
    } catch (e) {
      for (const s of STOP_SIGNALS) process.off(s, stop);
      process.off('disconnect', stop);
      unwatch();
      throw e;
    }
    if (stopping) {
      stopping = false;
      stop();
    }
    return 0;
  },
};

/** Parses `serve` arguments, starts the server and prints where it listens and how to replay. */
export async function serve(argv: readonly string[], print: (line: string) => void = console.log): Promise<RunningServer> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4599' },
      seed: { type: 'string' },
      clock: { type: 'string', default: 'manual' },
      start: { type: 'string' },
      log: { type: 'string' },
      config: { type: 'string' },
      'allowed-hosts': { type: 'string', multiple: true },
      'control-token': { type: 'string' },
      'no-control': { type: 'boolean' },
      'verify-signatures': { type: 'string' },
      'max-connections': { type: 'string' },
      'headers-timeout': { type: 'string' },
      'request-timeout': { type: 'string' },
    },
    strict: true,
  });
  const port = integerOption('port', values.port);
  const seed = values.seed === undefined ? undefined : integerOption('seed', values.seed);
  const config = values.config ? readConfig(values.config) : {};
  if (values['no-control'] && values['control-token'] !== undefined) throw new Error('--control-token and --no-control exclude each other');
  const allowedHosts = values['allowed-hosts']?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const limits = {
    ...(values['max-connections'] === undefined ? {} : { maxConnections: positiveOption('max-connections', values['max-connections']) }),
    ...(values['headers-timeout'] === undefined ? {} : { headersTimeoutMs: 1000 * positiveOption('headers-timeout', values['headers-timeout']) }),
    ...(values['request-timeout'] === undefined ? {} : { requestTimeoutMs: 1000 * positiveOption('request-timeout', values['request-timeout']) }),
  };
  const server = await startServer({
    host: values.host,
    port,
    clock: values.clock,
    config,
    ...(seed === undefined ? {} : { seed }),
    ...(values.start === undefined ? {} : { start: startOption(values.start) }),
    ...(values.log ? { logFile: values.log } : {}),
    ...(allowedHosts ? { allowedHosts } : {}),
    ...(values['control-token'] === undefined ? {} : { controlToken: values['control-token'] }),
    ...(values['no-control'] ? { control: false } : {}),
    ...(values['verify-signatures'] ? { credentials: readCredentials(values['verify-signatures']) } : {}),
    limits,
  });
  const actualSeed = server.endpoint.sim.seed;
  print(`snapsim listening on ${server.url} (seed ${actualSeed}, clock ${values.clock})`);
  if (values['no-control']) print('  control API: off (--no-control)');
  else if (server.controlToken === undefined) print(`  control API: ${server.url}/_snapsim/health`);
  else {
    print(`  control API: ${server.url}/_snapsim/health (send Authorization: Bearer ${server.controlToken})`);
  }
  if (values['verify-signatures']) print(`  signatures: verified against ${values['verify-signatures']}`);
  if (server.exposed) {
    print(exposureWarning({ host: values.host, port: Number(new URL(server.url).port), verifying: values['verify-signatures'] !== undefined, control: !values['no-control'], allowedHosts: allowedHosts !== undefined }));
  }
  print(
    values.log
      ? `  event log: ${values.log} (durable before each answer; restart with the same --log to continue)`
      : `  reproduce with the same requests: snapsim serve --seed ${actualSeed} --clock ${values.clock}${values.start === undefined ? '' : ` --start ${values.start}`}${values.config === undefined ? '' : ` --config ${values.config}`}`,
  );
  return server;
}

function integerOption(name: string, text: string): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`--${name} must be an integer (got ${JSON.stringify(text)})`);
  return n;
}

/** What a server bound beyond loopback exposes, as the warning `serve` prints. */
export function exposureWarning(o: { host: string; port: number; verifying: boolean; control: boolean; allowedHosts: boolean }): string {
  return (
    `  warning: listening on ${o.host}, beyond loopback: anyone who can reach port ${o.port} can create, copy and delete ` +
    `clusters and snapshots in any account${o.verifying ? ' they hold keys for' : ' (signatures are not verified: see --verify-signatures)'}` +
    `${o.control ? ", and whoever holds the control token can reset the state, read every account's commands and move the clock" : ''}` +
    `${o.allowedHosts ? '' : '; any Host header is accepted (restrict with --allowed-hosts)'}`
  );
}

function positiveOption(name: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${JSON.stringify(text)})`);
  return n;
}

function readCredentials(path: string): Credentials {
  return parseCredentials(JSON.parse(readFileSync(path, 'utf8')), path);
}

function readConfig(path: string): ServeConfig {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: the config must be a JSON object`);
  const bad = configProblem(parsed);
  if (bad !== undefined) throw new Error(`${path}: ${bad.path}: ${bad.problem}`);
  return parsed as ServeConfig;
}

function startOption(text: string): string {
  if (!(Date.parse(text) <= LATEST_VIRTUAL_TIME)) throw new Error(`--start must be an ISO 8601 time up to 9999-12-31 (got ${JSON.stringify(text)})`);
  return text;
}
