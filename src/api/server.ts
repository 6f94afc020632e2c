/**
 * `startServer`: the snapsim Query-protocol endpoint over `node:http`, for the AWS CLI, boto3 and
 * the SDKs (`--endpoint-url http://127.0.0.1:4599`), with the control API under `/_snapsim/`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolveConfig } from '../events/config.ts';
import { FileLog, type LogFileSystem, type LogWriteError } from '../events/file-log.ts';
import { InMemoryLog, RingLog, type EventLog } from '../events/log.ts';
import type { LogEntry } from '../events/types.ts';
import { fault, type ServiceError } from '../model/errors.ts';
import { createSimulator } from '../sim/simulator.ts';
import { ClockAdapter, LATEST_VIRTUAL_TIME, parseClockMode, type ClockMode } from './clock.ts';
import { QueryEndpoint, type InternalErrorReporter } from './endpoint.ts';
import { createRequestListener } from './http-handler.ts';
import type { IdentityConfig } from './identity.ts';
import { applyLimits, httpOptionsFor, resolveLimits, type ServerLimits } from './limits.ts';
import { RequestGuard } from './request-guard.ts';
import { accountsOf, parseCredentials, type Credentials } from './sigv4.ts';
import { serializeError } from './xml-writer.ts';
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
  /** Virtual start time (default: the simulator's fixed default, 2025-01-01T00:00:00Z). */
  start?: string | Date;
  /** `manual` (default), `instant` or `scaled:N`. */
  clock?: ClockMode | string;
  /**
   * The event log file. Every accepted command is on disk before its response is sent (group
   * commit); a file that already holds a run is replayed and continued.
   */
  logFile?: string;
  /** Identity mapping and simulator settings. */
  config?: ServeConfig;
  /**
   * Without `logFile`, how many of the newest log entries the server keeps in memory (besides the
   * first): `GET /_snapsim/log` answers 410 once older ones are gone. Default 10,000.
   */
  logRingEntries?: number;
  /** The file operations of the log (tests inject write and sync failures). Default: `node:fs`. */
  logFileSystem?: LogFileSystem;
  /** Called for every `InternalFailure` (default `console.error`). */
  onInternalError?: InternalErrorReporter;
  /**
   * Host names accepted besides localhost, loopback addresses and the bound address: `name`,
   * `.name` (the name and its subdomains) or `*` (any). Default: none on loopback; any Host when
   * bound beyond loopback.
   */
  allowedHosts?: readonly string[];
  /**
   * Bearer token the control API requires. Default: none on loopback; a random one when bound
   * beyond loopback (see {@link RunningServer.controlToken}).
   */
  controlToken?: string;
  /** `false` turns the control API off (its routes answer 404). Default `true`. */
  control?: boolean;
  /** Connection and timeout limits (defaults: `DEFAULT_LIMITS` in `limits.ts`). */
  limits?: ServerLimits;
  /**
   * Verify SigV4 signatures: access key id → `{ secretAccessKey, account? }`. Unsigned, unknown or
   * wrongly signed requests are refused (`MissingAuthenticationToken`, `InvalidClientTokenId`,
   * `SignatureDoesNotMatch`). Default: not verified, the access key names the account.
   */
  credentials?: Credentials;
}

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4599`. */
  readonly url: string;
  /** The endpoint (for in-process inspection of the served simulator). */
  readonly endpoint: QueryEndpoint;
  /** The control API's token (given or generated), when it needs one. */
  readonly controlToken: string | undefined;
  /** True when the server listens beyond loopback (reachable from other machines). */
  readonly exposed: boolean;
  /** Stops listening, closes connections and the log file. */
  close(): Promise<void>;
}

/** Starts the HTTP server; resolves once it listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const { host = '127.0.0.1', port = 4599, config = {} } = options;
  const { accounts: configAccounts, defaultAccount, defaultRegion, ...settings } = config;
  const credentials = options.credentials === undefined ? undefined : parseCredentials(options.credentials);
  const accounts = credentials ? { ...configAccounts, ...accountsOf(credentials) } : configAccounts;
  const limits = resolveLimits(options.limits);
  const exposed = new RequestGuard({ boundHost: host }).exposed;
  const controlToken = options.controlToken ?? (exposed && options.control !== false ? randomBytes(18).toString('base64url') : undefined);
  if (controlToken !== undefined && !/^[\x21-\x7e]{8,256}$/.test(controlToken)) throw new Error('the control token must be 8 to 256 printable ASCII characters');
  if (options.start !== undefined && !(new Date(options.start).getTime() <= LATEST_VIRTUAL_TIME)) {
    throw new Error(`start must be a time no later than ${new Date(LATEST_VIRTUAL_TIME).toISOString()}`);
  }
  const guard = new RequestGuard({ boundHost: host, controlToken, ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}) });
  const mode = typeof options.clock === 'string' ? parseClockMode(options.clock) : (options.clock ?? { kind: 'manual' as const });

  // The port is bound before the log is opened: a start that fails on the port (EADDRINUSE)
  // takes no lock and writes nothing. No request is read before the listener is attached below.
  const server = createServer({ maxHeaderSize: 64 * 1024, ...httpOptionsFor(limits) });
  applyLimits(server, limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let fileLog: FileLog | undefined;
  let endpoint: QueryEndpoint | undefined;
  const build = (seed: number | undefined, log?: EventLog): SimulatorPort =>
    createSimulator({
      ...settings,
      ...(seed === undefined ? {} : { seed }),
      ...(options.start === undefined ? {} : { start: options.start }),
      // without a file, a bounded ring: the server's memory depends on its state, not on its history
      log: log ?? fileLog ?? new RingLog(options.logRingEntries),
    });
  /**
   * A failed group sync rolled the log back to its last synced line, and the simulator had
   * applied what was dropped: every request of that group answers 503 (http-handler), and the
   * served state is rebuilt from the file — the state a restart would give (virtual time goes
   * back to the last logged instant). The server stays up. A failed append drops nothing: its
   * command was never applied (append before apply), so there is nothing to rebuild.
   */
  const rebuild = (error: LogWriteError, dropped: number): void => {
    if (dropped === 0 || !endpoint || !fileLog) return;
    const kept = fileLog.nextSeq;
    console.error(`snapsim: ${error.message}; ${dropped} unsynced entries dropped, state rebuilt from the log (${kept} entries)`);
    try {
      endpoint.replaceSimulator(build(endpoint.sim.seed)); // replays the log, or starts it afresh when it is empty
    } catch (e) {
      // only when the log is empty and its first line cannot be written either: the old simulator
      // stays, and the log refuses its appends (503) until a reset succeeds
      console.error(`snapsim: the log could not be restarted: ${(e as Error).message}`);
    }
  };

  try {
    if (options.logFile) {
      fileLog = FileLog.open(options.logFile, { fsync: 'group', onRollback: rebuild, ...(options.logFileSystem ? { fs: options.logFileSystem } : {}) });
      refuseOtherStart(options.logFile, fileLog.first(), options.seed, options.start ?? settings.start, settings);
    }
    const first: SimulatorPort = build(options.seed);
    endpoint = new QueryEndpoint(first, {
      clock: new ClockAdapter(mode),
      identity: { accounts, defaultAccount, defaultRegion },
      ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
    });
  } catch (e) {
    // a failed start leaves no lock behind (and the port free)
    fileLog?.close();
    await new Promise((resolve) => server.close(resolve));
    throw e;
  }
  const served = endpoint;
  const reset = (seed?: number): SimulatorPort => {
    const chosen = seed ?? served.sim.seed;
    // the new run's first entries replace the file at once: a failed write leaves the old run served and logged
    if (fileLog) {
      const fresh = new InMemoryLog();
      build(chosen, fresh);
      fileLog.replaceWith([...fresh.read()]);
    }
    const sim = build(chosen);
    served.replaceSimulator(sim);
    return sim;
  };

  const policy = { guard, control: options.control !== false, ...(credentials ? { credentials } : {}) };
  server.on('request', createRequestListener({ endpoint: served, reset }, policy));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerUnparsable(error, socket, served.unloggedRequestId()));
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    endpoint: served,
    controlToken,
    exposed,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          try {
            fileLog?.close();
          } catch (e) {
            err ??= e as Error;
          }
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/**
 * Refuses to continue a log under another seed, start or configuration than it was started
 * with (they would be silently ignored: the log's own win), naming the first difference. The
 * configuration is compared when `settings` holds any simulator setting (a config file with only
 * the identity mapping says nothing about them).
 */
function refuseOtherStart(file: string, first: LogEntry | undefined, seed: number | undefined, start: string | Date | number | undefined, settings: SimulatorSettings): void {
  const started = first?.events[0];
  if (started?.type !== 'SimulationStarted') return;
  const how = '(omit it to continue the log — a --config with the same settings or only `accounts` is taken — or use another --log file)';
  if (seed !== undefined && seed !== started.seed) throw new Error(`${file} holds a run with seed ${started.seed}; --seed ${seed} differs ${how}`);
  if (start !== undefined && new Date(start).getTime() !== started.start) {
    throw new Error(`${file} holds a run that starts at ${new Date(started.start).toISOString()}; --start ${new Date(start).toISOString()} differs ${how}`);
  }
  if (!Object.keys(settings).some((k) => k !== 'start')) return;
  const diff = firstDifference(resolveConfig(settings), started.config, '');
  if (diff) throw new Error(`${file} holds a run with another configuration: ${diff} ${how}`);
}

/** The first member path where `given` and `logged` differ, described, or undefined. */
function firstDifference(given: unknown, logged: unknown, path: string): string | undefined {
  if (typeof given === 'object' && given !== null && typeof logged === 'object' && logged !== null) {
    const keys = [...new Set([...Object.keys(given), ...Object.keys(logged)])].sort();
    for (const k of keys) {
      const d = firstDifference((given as Record<string, unknown>)[k], (logged as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  if (Object.is(given, logged)) return undefined;
  const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
  return `${path} is ${show(given)} in --config, ${show(logged)} in the log`;
}

/**
 * Answers a request node:http could not parse (headers too large, malformed HTTP) with AWS's
 * XML error instead of node's bare status line, then closes the connection.
 */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Socket, requestId: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const e: ServiceError =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? fault('RequestHeaderSectionTooLarge', 'The request line and headers exceed 64 KiB; send parameters in a POST form body')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? fault('RequestTimeout', 'The request was not received in time (headers and body have a time limit; see snapsim serve --request-timeout)')
        : fault('InvalidParameterValue', `The HTTP request could not be parsed (${error.code ?? 'malformed'})`);
  const body = serializeError(e, requestId);
  const reason = e.status === 431 ? 'Request Header Fields Too Large' : e.status === 408 ? 'Request Timeout' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${e.status} ${reason}\r\ncontent-type: text/xml\r\nx-amzn-requestid: ${requestId}\r\n` +
      `connection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
