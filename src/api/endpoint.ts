/**
 * The one Query-protocol request path shared by the HTTP server and the in-process SDK handler:
 * sync the clock → decode → resolve the caller → execute → serialise, with every failure turned
 * into AWS's `<ErrorResponse>`.
 */
import { LogWriteError } from '../events/file-log.ts';
import { fault, isServiceError, type ServiceError } from '../model/errors.ts';
import { ClockAdapter } from './clock.ts';
import { parseQuery } from './query-parser.ts';
import { resolveCaller, type HeaderBag, type IdentityConfig } from './identity.ts';
import type { SimulatorPort } from './port.ts';
import { serializeError, serializeResult, type WireError } from './xml-writer.ts';

/** An HTTP-agnostic response. */
export interface QueryResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** A body too long to hold, sent in pieces as they are read (with `body` empty). */
  stream?: Iterable<string>;
}

/** Reports an unexpected (non-service) error: a bug in snapsim. */
export type InternalErrorReporter = (error: unknown, context: { requestId: string; seed: number; action?: string }) => void;

/** Settings of a Query endpoint. */
export interface EndpointOptions {
  /** Wall → virtual time mapping (default `manual`). */
  clock?: ClockAdapter;
  /** Access-key → account mapping and defaults. */
  identity?: IdentityConfig;
  /** Called for every `InternalFailure` (default: `console.error` with the seed). */
  onInternalError?: InternalErrorReporter;
}

/** AWS's message for `InternalFailure` (HTTP 500, `Receiver`). */
const INTERNAL_FAILURE_MESSAGE = 'The request processing has failed because of an unknown error, exception or failure.';

/**
 * The `InternalFailure` answered for a genuine snapsim bug (status and fault type come from the
 * one error table in `src/model/errors.ts`).
 */
export const internalFailure = (): ServiceError => fault('InternalFailure', INTERNAL_FAILURE_MESSAGE);

/**
 * The retryable answer to a command the event log could not take (HTTP 503, `Receiver`): the
 * command was not applied, and a retry once space or the disk is back succeeds.
 */
export const logUnavailable = (): ServiceError =>
  fault('ServiceUnavailable', 'The service could not record the request (its event log cannot be written); nothing was changed, retry later');

const defaultReporter: InternalErrorReporter = (error, { requestId, seed, action }) => {
  console.error(`snapsim: InternalFailure in ${action ?? 'request'} ${requestId} (seed ${seed}):`, error);
};

/**
 * A simulator exposed through the Query protocol with its clock adapter. Request ids come from
 * the simulator (seed + counter), so a response's RequestId is the one in the event log. `sim` can
 * be swapped (control-API reset) with {@link QueryEndpoint.replaceSimulator}.
 */
export class QueryEndpoint {
  readonly clock: ClockAdapter;
  readonly identity: IdentityConfig;
  private readonly report: InternalErrorReporter;

  constructor(
    private current: SimulatorPort,
    options: EndpointOptions = {},
  ) {
    this.clock = options.clock ?? new ClockAdapter({ kind: 'manual' });
    this.identity = options.identity ?? {};
    this.report = options.onInternalError ?? defaultReporter;
    this.clock.reanchor(current);
  }

  /** The simulator currently served. */
  get sim(): SimulatorPort {
    return this.current;
  }

  /** Serves `sim` from now on. */
  replaceSimulator(sim: SimulatorPort): void {
    this.current = sim;
    this.clock.reanchor(sim);
  }

  /** A deterministic id for a request that leaves no log entry (from the simulator's seed and a counter). */
  unloggedRequestId(): string {
    return this.current.unloggedRequestId();
  }

  /**
   * Handles one Query request given its merged parameters and headers. Its id is known once it
   * has run: an accepted command's is the one it is logged under, any other request's an
   * unlogged one.
   */
  handle(params: URLSearchParams, headers: HeaderBag): QueryResponse {
    const meta: { requestId?: string } = {};
    let action: string | undefined;
    try {
      const sim = this.current;
      this.clock.beforeRequest(sim);
      const request = parseQuery(params);
      action = request.action;
      if (!sim.implements(action)) {
        throw fault('NotImplemented', `The operation ${action} is not implemented by snapsim`);
      }
      const output = sim.execute(action, request.input, resolveCaller(headers, params, this.identity), meta);
      const requestId = meta.requestId ?? this.unloggedRequestId();
      const body = serializeResult(action, output, requestId);
      this.clock.afterRequest(sim);
      return xmlResponse(200, body, requestId);
    } catch (error) {
      if (error instanceof LogWriteError) {
        // the log could not take the command (a full disk, an I/O error): nothing was applied and
        // the file is as it was, so the client may retry; the id it would have had is not used
        console.error(`snapsim: ${error.message}; answered ServiceUnavailable`);
        return this.errorResponse(logUnavailable(), this.unloggedRequestId());
      }
      const requestId = meta.requestId ?? this.unloggedRequestId();
      if (isServiceError(error)) return this.errorResponse(error, requestId);
      this.report(error, { requestId, seed: this.current.seed, ...(action ? { action } : {}) });
      return this.errorResponse(internalFailure(), requestId);
    }
  }

  /** An `<ErrorResponse>` with its HTTP status. */
  errorResponse(error: WireError & { status: number }, requestId: string): QueryResponse {
    return xmlResponse(error.status, serializeError(error, requestId), requestId);
  }
}

function xmlResponse(status: number, body: string, requestId: string): QueryResponse {
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}
