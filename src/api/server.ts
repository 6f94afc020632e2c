/**
 * `startServer`: the snapsim Query-protocol endpoint over `node:http`, for the AWS CLI, boto3 and
 * the SDKs (`--endpoint-url http://127.0.0.1:4599`), with the control API under `/_snapsim/`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FileLog } from '../events/file-log.ts';
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
  const fileLog = options.logFile ? FileLog.open(options.logFile, { fsync: 'group' }) : undefined;
  const build = (seed: number | undefined): SimulatorPort =>
    createSimulator({
      ...settings,
      ...(seed === undefined ? {} : { seed }),
      ...(options.start === undefined ? {} : { start: options.start }),
      ...(fileLog ? { log: fileLog } : {}),
    });

  const first: SimulatorPort = build(options.seed);

  const endpoint = new QueryEndpoint(first, {
    clock: new ClockAdapter(mode),
    identity: { accounts, defaultAccount, defaultRegion },
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
  });
  const reset = (seed?: number): SimulatorPort => {
    fileLog?.truncate();
    const sim = build(seed ?? endpoint.sim.seed);
    endpoint.replaceSimulator(sim);
    return sim;
  };

  const policy = { guard, control: options.control !== false, ...(credentials ? { credentials } : {}) };
  const server = createServer({ maxHeaderSize: 64 * 1024, ...httpOptionsFor(limits) }, createRequestListener({ endpoint, reset }, policy));
  applyLimits(server, limits);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerUnparsable(error, socket, endpoint.unloggedRequestId()));
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
    controlToken,
    exposed,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          fileLog?.close();
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
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
