/**
 * The `node:http` request listener: routes `/_snapsim/*` to the control API and everything else
 * to the Query endpoint (params from the query string and the form body), enforces the body
 * limit, and always answers with AWS-shaped XML (never an HTML page).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fault } from '../model/errors.ts';
import { CONTROL_PREFIX, handleControl, type ControlContext } from './control-api.ts';
import { internalFailure, type QueryResponse } from './endpoint.ts';

const UTF8 = new TextDecoder('utf-8');

/** Largest accepted request body (AWS Query requests are far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the listener for `http.createServer`. */
export function createRequestListener(ctx: ControlContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      route(ctx, req, res);
    } catch (error) {
      // route() handles its own failures; this is the last line of defence.
      const endpoint = ctx.endpoint;
      send(res, endpoint.errorResponse(internalFailure(), endpoint.unloggedRequestId()));
      console.error('snapsim: unexpected error in the HTTP listener:', error);
    }
  };
}

const ROOT = { pathname: '/', search: '', get searchParams() { return new URLSearchParams(); } };

function route(ctx: ControlContext, req: IncomingMessage, res: ServerResponse): void {
  const { endpoint } = ctx;
  let url: { pathname: string; search: string; searchParams: URLSearchParams };
  try {
    // The usual Query request is a POST to `/`: skip the URL parser for it.
    url = req.url === '/' || req.url === undefined ? ROOT : new URL(req.url, 'http://snapsim.invalid');
  } catch {
    req.resume();
    return send(res, endpoint.errorResponse(fault('MalformedQueryString', 'The request URL cannot be parsed'), endpoint.unloggedRequestId()));
  }
  if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
    req.resume();
    return sendDurably(ctx, res, handleControl(ctx, req.method ?? 'GET', url.pathname, url.searchParams));
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    req.resume();
    const message = `HTTP method ${req.method ?? ''} is not supported; use POST (form body) or GET (query string)`;
    return send(res, endpoint.errorResponse(fault('InvalidParameterValue', message), endpoint.unloggedRequestId()));
  }
  readBody(req, (body) => {
    if (body === undefined) return rejectTooLarge(ctx, req, res);
    let params: URLSearchParams;
    if (url.search === '') params = new URLSearchParams(body); // the usual POST: no query string
    else {
      params = new URLSearchParams(url.searchParams);
      if (body !== '') for (const [key, value] of new URLSearchParams(body)) params.append(key, value);
    }
    sendDurably(ctx, res, endpoint.handle(params, req.headers));
  });
}

/**
 * Reads the body as UTF-8 (invalid bytes become U+FFFD, which the decoder rejects), or calls back
 * with `undefined` as soon as it is known to exceed {@link MAX_BODY_BYTES} — from
 * `Content-Length` before reading, or by counting bytes while streaming.
 */
function readBody(req: IncomingMessage, done: (body: string | undefined) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return done(undefined);
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (body: string | undefined) => {
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
  req.on('end', () => finish(chunks.length === 0 ? '' : UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))));
  req.on('error', () => finish(undefined));
}

/** Answers 413 without reading the rest of the body, then closes the connection. */
function rejectTooLarge(ctx: ControlContext, req: IncomingMessage, res: ServerResponse): void {
  const { endpoint } = ctx;
  const error = fault('RequestEntityTooLarge', `Request body exceeds the limit of ${MAX_BODY_BYTES} bytes`);
  req.resume(); // discard what is still arriving so the client can read the answer
  res.once('finish', () => setTimeout(() => req.socket.destroy(), 1_000).unref());
  send(res, endpoint.errorResponse(error, endpoint.unloggedRequestId()), { connection: 'close' });
}

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
  res.writeHead(response.status, { ...response.headers, ...extra, 'content-length': String(Buffer.byteLength(response.body)) });
  res.end(response.body);
}
