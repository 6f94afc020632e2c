/**
 * The HTTP server's resource limits: how many connections it holds, and how long a client may
 * take to send its headers, its whole request, or nothing at all between two requests. Without
 * them, 20,000 silent sockets exhaust file descriptors and a body sent at 1 byte/s holds a
 * connection for Node's default 300 s.
 */
import type { Server, ServerOptions } from 'node:http';

/** Limits of the HTTP server (all optional; see {@link DEFAULT_LIMITS}). */
export interface ServerLimits {
  /** Concurrent connections; a connection beyond it is closed as soon as it is accepted. */
  readonly maxConnections?: number;
  /** Time to receive the request line and headers, from the connection's start or the previous response (ms). */
  readonly headersTimeoutMs?: number;
  /** Time to receive a whole request, headers and body (ms). */
  readonly requestTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept between requests (ms). */
  readonly keepAliveTimeoutMs?: number;
}

/** The limits applied when none are given. */
export const DEFAULT_LIMITS = {
  maxConnections: 2_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
} as const satisfies Required<ServerLimits>;

/** The limits with defaults filled in; throws a plain `Error` for a value that is not a positive integer. */
export function resolveLimits(limits: ServerLimits = {}): Required<ServerLimits> {
  const out = { ...DEFAULT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(out)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`limit ${name} must be a positive integer (got ${String(value)})`);
  }
  // node:http requires the headers timeout not to exceed the request timeout
  return { ...out, headersTimeoutMs: Math.min(out.headersTimeoutMs, out.requestTimeoutMs) };
}

/**
 * The `http.createServer` options for `limits`. Node checks the header and request timeouts on
 * an interval (30 s by default): a check every second, or more often for shorter timeouts,
 * keeps them close to what they say.
 */
export function httpOptionsFor(limits: Required<ServerLimits>): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Applies the limits node:http takes as properties rather than options. */
export function applyLimits(server: Server, limits: Required<ServerLimits>): void {
  server.maxConnections = limits.maxConnections;
}
