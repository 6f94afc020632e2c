/**
 * The `node:http` request listener: refuses requests from foreign hosts and web pages (see
 * `request-guard.ts`), routes `/_snapsim/*` to the control API (JSON; its token when one is set)
 * and everything else to the Query endpoint (params from the query string and the form body;
 * a body must be a form), enforces the body limit, verifies signatures when asked to, and always
 * answers the Query endpoint with AWS-shaped XML (never an HTML page).
 */
import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fault } from '../model/errors.ts';
import { CONTROL_PREFIX, controlProblem, handleControl, type ControlContext } from './control-api.ts';
import { internalFailure, type QueryResponse } from './endpoint.ts';
import { isFormContentType, RequestGuard } from './request-guard.ts';
import { verifySignature, type Credentials } from './sigv4.ts';

/** Decodes a request body, refusing bytes that are not UTF-8 (a U+FFFD the client sent is text like any other). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether form text `text`, which URLSearchParams decoded to something holding U+FFFD, percent-
 * encodes bytes that are not UTF-8 (URLSearchParams replaces them by U+FFFD; a stray `%` is text).
 */
function percentEncodesBadUtf8(text: string): boolean {
  for (const pair of text.split('&')) {
    if (!pair.includes('%')) continue;
    try {
      decodeURIComponent(pair.replace(/\+/g, ' ').replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
    } catch {
      return true;
    }
  }
  return false;
}

/** Whether any name or value of `params` holds U+FFFD (then {@link percentEncodesBadUtf8} decides). */
function holdsReplacement(params: URLSearchParams): boolean {
  for (const [key, value] of params) if (key.includes('\uFFFD') || value.includes('\uFFFD')) return true;
  return false;
}

/** Largest accepted request body (AWS Query requests are far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What the listener enforces on every request, besides the body limit. */
export interface HttpPolicy {
  /** Host, cross-site and control-token checks. */
  readonly guard: RequestGuard;
  /** False turns the control API off: its routes answer 404. */
  readonly control: boolean;
  /** When set, every Query request must carry a valid SigV4 signature by one of these keys. */
  readonly credentials?: Credentials;
}

/** A server on loopback with the control API on, no token, signatures not verified. */
const LOOPBACK_POLICY: HttpPolicy = { guard: new RequestGuard({ boundHost: '127.0.0.1' }), control: true };

/** Builds the listener for `http.createServer`. */
export function createRequestListener(ctx: ControlContext, policy: HttpPolicy = LOOPBACK_POLICY): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // behind a refusal that closes the connection: not processed, never answered (the socket goes a second after the refusal)
    if (closing.has(req.socket)) {
      req.resume();
      return;
    }
    try {
      route(ctx, policy, req, res);
    } catch (error) {
      // route() handles its own failures; this is the last line of defence.
      const endpoint = ctx.endpoint;
      send(res, endpoint.errorResponse(internalFailure(), endpoint.unloggedRequestId()));
      console.error('snapsim: unexpected error in the HTTP listener:', error);
    }
  };
}

const ROOT = { pathname: '/', search: '', get searchParams() { return new URLSearchParams(); } };

function route(ctx: ControlContext, policy: HttpPolicy, req: IncomingMessage, res: ServerResponse): void {
  const { endpoint } = ctx;
  let url: { pathname: string; search: string; searchParams: URLSearchParams };
  try {
    // The usual Query request is a POST to `/`: skip the URL parser for it.
    url = req.url === '/' || req.url === undefined ? ROOT : new URL(req.url, 'http://snapsim.invalid');
  } catch {
    req.resume();
    return send(res, endpoint.errorResponse(fault('MalformedQueryString', 'The request URL cannot be parsed'), endpoint.unloggedRequestId()));
  }
  const control = url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`);
  const refusal = policy.guard.check(req.headers);
  if (refusal) {
    return refuse(req, res, control ? controlProblem(403, 'Forbidden', refusal.message) : endpoint.errorResponse(fault('AccessDenied', refusal.message), endpoint.unloggedRequestId()));
  }
  if (control) {
    if (!policy.control) return refuse(req, res, controlProblem(404, 'NotFound', 'The control API is off (snapsim serve --no-control)'));
    if (!policy.guard.tokenAccepted(req.headers)) {
      const message = 'The control API needs its token: send Authorization: Bearer <token> (--control-token, or the one printed at start)';
      return refuse(req, res, controlProblem(401, 'Unauthorized', message, { 'www-authenticate': 'Bearer realm="snapsim"' }));
    }
    req.resume();
    return sendDurably(ctx, res, handleControl(ctx, req.method ?? 'GET', url.pathname, url.searchParams));
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    req.resume();
    const message = `HTTP method ${req.method ?? ''} is not supported; use POST (form body) or GET (query string)`;
    return send(res, endpoint.errorResponse(fault('InvalidParameterValue', message), endpoint.unloggedRequestId()));
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return rejectTooLarge(ctx, req, res);
  if (hasBody(req) && !isFormContentType(req.headers['content-type'])) {
    const type = req.headers['content-type'];
    const shown = type === undefined ? 'none' : JSON.stringify(type.length > 80 ? `${type.slice(0, 80)}…` : type);
    const message = `A request body must be application/x-www-form-urlencoded (Content-Type: ${shown})`;
    return refuse(req, res, endpoint.errorResponse(fault('UnsupportedMediaType', message), endpoint.unloggedRequestId()));
  }
  readBody(req, (bytes) => {
    if (bytes === undefined) return rejectTooLarge(ctx, req, res);
    if (policy.credentials) {
      const error = verifySignature({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body: bytes }, policy.credentials);
      if (error) return send(res, endpoint.errorResponse(error, endpoint.unloggedRequestId()));
    }
    let body: string;
    try {
      body = bytes.length === 0 ? '' : UTF8.decode(bytes);
    } catch {
      return send(res, endpoint.errorResponse(fault('InvalidParameterValue', 'The request body is not valid UTF-8'), endpoint.unloggedRequestId()));
    }
    let params: URLSearchParams;
    if (url.search === '') params = new URLSearchParams(body); // the usual POST: no query string
    else {
      params = new URLSearchParams(url.searchParams);
      if (body !== '') for (const [key, value] of new URLSearchParams(body)) params.append(key, value);
    }
    if (holdsReplacement(params) && (percentEncodesBadUtf8(body) || percentEncodesBadUtf8(url.search.slice(1)))) {
      return send(res, endpoint.errorResponse(fault('InvalidParameterValue', 'A parameter percent-encodes bytes that are not valid UTF-8'), endpoint.unloggedRequestId()));
    }
    sendDurably(ctx, res, endpoint.handle(params, req.headers));
  });
}

/** True when a request announces a body (a length above 0, or chunks). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Reads the body's bytes (the caller decodes them as UTF-8: invalid bytes become U+FFFD, which
 * the decoder rejects), or calls back with `undefined` as soon as it is known to exceed
 * {@link MAX_BODY_BYTES} — from `Content-Length` before reading, or by counting bytes while
 * streaming.
 */
function readBody(req: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return done(undefined);
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (body: Buffer | undefined) => {
    if (finished) return;
    finished = true;
    req.removeAllListeners('data');
    done(body);
  };
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) finish(undefined);
    else chunks.push(chunk);
  });
  req.on('end', () => finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  req.on('error', () => finish(undefined));
}

/** Answers 413 without reading the rest of the body, then closes the connection. */
function rejectTooLarge(ctx: ControlContext, req: IncomingMessage, res: ServerResponse): void {
  const { endpoint } = ctx;
  const error = fault('RequestEntityTooLarge', `Request body exceeds the limit of ${MAX_BODY_BYTES} bytes`);
  refuse(req, res, endpoint.errorResponse(error, endpoint.unloggedRequestId()));
}

/**
 * Answers a request refused before its body was read: the body is discarded while it arrives
 * (so the client can read the answer) and a connection that still carries one is closed a
 * second after the answer, so a refused client cannot keep streaming into it.
 */
function refuse(req: IncomingMessage, res: ServerResponse, response: QueryResponse): void {
  req.resume();
  if (!hasBody(req) || req.complete) return send(res, response);
  closing.add(req.socket);
  res.once('finish', () => setTimeout(() => req.socket.destroy(), 1_000).unref());
  send(res, response, { connection: 'close' });
}

/**
 * Connections answered with `connection: close`: a request pipelined behind the refused one is
 * not processed (RFC 9112 §9.6), though node has parsed it already.
 */
const closing = new WeakSet<object>();

/**
 * Answers once every log entry the request appended is durable: an acknowledged command is on
 * disk before its response leaves (with a file log in group mode, one sync serves every request
 * that arrived meanwhile).
 */
function sendDurably(ctx: ControlContext, res: ServerResponse, response: QueryResponse): void {
  const { endpoint } = ctx;
  endpoint.sim.flush().then(
    () => send(res, response),
    (error: unknown) => {
      console.error('snapsim: the event log could not be synced:', error);
      // the request's own id: an accepted command is in the log under it, durable or not
      const requestId = response.headers['x-amzn-requestid'] ?? endpoint.unloggedRequestId();
      send(res, endpoint.errorResponse(fault('ServiceUnavailable', 'The event log could not be written; the request may not be durable'), requestId));
    },
  );
}

function send(res: ServerResponse, response: QueryResponse, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.sendDate = false; // responses depend on the seed and the requests only
  if (response.stream !== undefined) {
    // read as the socket drains, so a long log never sits in memory whole
    res.writeHead(response.status, { ...response.headers, ...extra });
    const body = Readable.from(response.stream);
    body.on('error', (error) => {
      console.error('snapsim: the log could not be read:', error);
      res.destroy(error);
    });
    body.pipe(res);
    return;
  }
  res.writeHead(response.status, { ...response.headers, ...extra, 'content-length': String(Buffer.byteLength(response.body)) });
  res.end(response.body);
}
