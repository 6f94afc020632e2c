/**
 * `snapsim serve`: runs the Query-protocol HTTP endpoint.
 *
 * ```
 * snapsim serve [--host 127.0.0.1] [--port 4599] [--seed N] [--clock manual|instant|scaled:N] [--start TIME]
 *               [--log run.ndjson] [--config snapsim.json]
 * ```
 *
 * `--config` is a JSON file with identity mapping and simulator settings, e.g.
 * `{ "accounts": { "AKIDALICE": "111111111111" }, "quotas": { "manualSnapshots": 300 } }`.
 * Point clients at the printed URL: `aws redshift describe-clusters --endpoint-url http://127.0.0.1:4599`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startServer, type RunningServer, type ServeConfig } from '../api/server.ts';

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
    },
    strict: true,
  });
  const port = integerOption('port', values.port);
  const seed = values.seed === undefined ? undefined : integerOption('seed', values.seed);
  const config = values.config ? readConfig(values.config) : {};
  const server = await startServer({
    host: values.host,
    port,
    clock: values.clock,
    config,
    ...(seed === undefined ? {} : { seed }),
    ...(values.start === undefined ? {} : { start: startOption(values.start) }),
    ...(values.log ? { logFile: values.log } : {}),
  });
  const actualSeed = server.endpoint.sim.seed;
  print(`snapsim listening on ${server.url} (seed ${actualSeed}, clock ${values.clock})`);
  print(`  control API: ${server.url}/_snapsim/health`);
  print(
    values.log
      ? `  event log: ${values.log} (durable before each answer; restart with the same --log to continue)`
      : `  reproduce with the same requests: snapsim serve --seed ${actualSeed} --clock ${values.clock}`,
  );
  return server;
}

function integerOption(name: string, text: string): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`--${name} must be an integer (got ${JSON.stringify(text)})`);
  return n;
}

function readConfig(path: string): ServeConfig {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: the config must be a JSON object`);
  return parsed as ServeConfig;
}

function startOption(text: string): string {
  if (Number.isNaN(Date.parse(text))) throw new Error(`--start must be an ISO 8601 time (got ${JSON.stringify(text)})`);
  return text;
}
