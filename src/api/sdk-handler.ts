/**
 * An in-process transport for `@aws-sdk/client-redshift` v3: a smithy `HttpHandler` that runs the
 * same decode → execute → serialise path as the HTTP server, without a socket.
 *
 * ```ts
 * const client = new RedshiftClient({
 *   region: 'us-east-1',
 *   credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' },
 *   endpoint: 'http://snapsim.local',
 *   requestHandler: simRequestHandler(sim),
 * });
 * ```
 *
 * The request and response types are declared structurally here (they match `@smithy/types`'
 * `HttpRequest`/`HttpResponse`), so this module needs no SDK package at run time.
 */
import { Readable } from 'node:stream';
import { ClockAdapter, parseClockMode, type ClockMode } from './clock.ts';
import { QueryEndpoint, type InternalErrorReporter } from './endpoint.ts';
import type { IdentityConfig } from './identity.ts';
import type { SimulatorPort } from './port.ts';

/** The parts of a smithy `HttpRequest` this handler reads. */
export interface SdkHttpRequest {
  method: string;
  headers: Record<string, string>;
  query?: Record<string, string | Array<string | null> | null>;
  body?: unknown;
}

/** A smithy `HttpResponse` (checked by the SDK with `HttpResponse.isInstance`). */
export interface SdkHttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Readable;
}

/** Options of {@link simRequestHandler}. */
export interface SimRequestHandlerOptions {
  /** `manual` (default: time moves only when you advance the simulator), `instant` or `scaled:N`. */
  clock?: ClockMode | string;
  /** Access-key → account mapping and defaults. */
  identity?: IdentityConfig;
  /** Called for every `InternalFailure`. */
  onInternalError?: InternalErrorReporter;
}

/** The smithy `HttpHandler` shape the SDK calls. */
export interface SimRequestHandler {
  /** The endpoint behind the handler (request ids, clock). */
  readonly endpoint: QueryEndpoint;
  handle(request: SdkHttpRequest, options?: { abortSignal?: { aborted: boolean } }): Promise<{ response: SdkHttpResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

/** Builds an SDK v3 request handler that serves requests from `sim` in process. */
export function simRequestHandler(sim: SimulatorPort, options: SimRequestHandlerOptions = {}): SimRequestHandler {
  const mode = typeof options.clock === 'string' ? parseClockMode(options.clock) : (options.clock ?? { kind: 'manual' as const });
  const endpoint = new QueryEndpoint(sim, {
    clock: new ClockAdapter(mode),
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
  });
  return {
    endpoint,
    async handle(request, handleOptions) {
      if (handleOptions?.abortSignal?.aborted) {
        const abort = new Error('Request aborted');
        abort.name = 'AbortError';
        throw abort;
      }
      const params = queryParams(request.query);
      for (const [key, value] of new URLSearchParams(bodyText(request.body))) params.append(key, value);
      const result = endpoint.handle(params, request.headers);
      const body = Buffer.from(result.body, 'utf8');
      return {
        response: {
          statusCode: result.status,
          headers: { ...result.headers, 'content-length': String(body.length) },
          body: Readable.from([body]),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

function queryParams(query: SdkHttpRequest['query']): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v ?? '');
  }
  return params;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder('utf-8').decode(body);
  throw new TypeError('snapsim: the in-process handler supports string and Uint8Array request bodies');
}
