/**
 * `startServer`: the snapsim Query-protocol endpoint over `node:http`, for the AWS CLI, boto3 and
 * the SDKs (`--endpoint-url http://127.0.0.1:4599`), with the control API under `/_snapsim/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, replayNdjson } from '../sim/simulator.ts';
import { ClockAdapter, parseClockMode, type ClockMode } from './clock.ts';
import { QueryEndpoint, type InternalErrorReporter } from './endpoint.ts';
import { createRequestListener } from './http-handler.ts';
import type { IdentityConfig } from './identity.ts';
import { LogFileSink } from './log-sink.ts';
import type { SimulatorPort } from './port.ts';

/** Simulator settings accepted by `createSimulator` (all but the seed and the log). */
export type SimulatorSettings = Omit<NonNullable<Parameters<typeof createSimulator>[0]>, 'seed' | 'log'>;

/** Server configuration: caller identity mapping plus simulator settings (quotas, rates, …). */
export type ServeConfig = IdentityConfig & SimulatorSettings;

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Port (default 4599; 0 picks a free one). */
  port?: number;
  /** Root seed (default: the simulator's default). */
  seed?: number;
  /** `manual` (default), `instant` or `scaled:N`. */
  clock?: ClockMode | string;
  /** Mirror the NDJSON event log into this file. */
  logFile?: string;
  /** With `logFile`: if the file exists, rebuild the run from it and continue. */
  resume?: boolean;
  /** Identity mapping and simulator settings. */
  config?: ServeConfig;
  /** Called for every `InternalFailure` (default `console.error`). */
  onInternalError?: InternalErrorReporter;
}

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4599`. */
  readonly url: string;
  /** The endpoint (for in-process inspection of the served simulator). */
  readonly endpoint: QueryEndpoint;
  /** Stops listening, closes connections and the log file. */
  close(): Promise<void>;
}

/** Starts the HTTP server; resolves once it listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const { host = '127.0.0.1', port = 4599, config = {} } = options;
  const { accounts, defaultAccount, defaultRegion, ...settings } = config;
  const mode = typeof options.clock === 'string' ? parseClockMode(options.clock) : (options.clock ?? { kind: 'manual' as const });
  const build = (seed: number | undefined): SimulatorPort =>
    createSimulator({ ...settings, ...(seed === undefined ? {} : { seed }) });

  const resumeFrom = options.resume && options.logFile && existsSync(options.logFile) ? readFileSync(options.logFile, 'utf8') : '';
  const first: SimulatorPort = resumeFrom ? replayNdjson(resumeFrom) : build(options.seed);
  const sink = options.logFile ? new LogFileSink(options.logFile) : undefined;
  sink?.attach(first);

  const endpoint = new QueryEndpoint(first, {
    clock: new ClockAdapter(mode),
    identity: { accounts, defaultAccount, defaultRegion },
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
  });
  const reset = (seed?: number): SimulatorPort => {
    const sim = build(seed ?? endpoint.sim.seed);
    sink?.attach(sim);
    endpoint.replaceSimulator(sim);
    return sim;
  };

  const server = createServer(createRequestListener({ endpoint, reset }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    endpoint,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          sink?.close();
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
