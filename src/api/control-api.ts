/**
 * The JSON control API under `/_snapsim/`: health, the virtual clock, the event log and reset.
 *
 * | Route | Effect |
 * |---|---|
 * | `GET /_snapsim/health` | `{ status: "ok", seed, now, clock }` |
 * | `GET /_snapsim/clock` | `{ now, clock }` (after syncing a scaled clock) |
 * | `POST /_snapsim/clock/advance?seconds=N` | advance virtual time by 0 ≤ N ≤ 100 years (in seconds), never past 9999-12-31 |
 * | `POST /_snapsim/clock/run-until-idle` | run pending work to completion |
 * | `POST /_snapsim/faults/api-error?operation=O&code=C&count=N` (or `&rate=R`) | inject an API error into O (logged) |
 * | `GET /_snapsim/notifications` | `{ notifications: [...] }`: what event subscriptions would have sent to SNS, oldest first (the simulator's ring) |
 * | `GET /_snapsim/log` | the event log as stored (checksummed NDJSON), streamed; 410 once a server without `--log` has dropped its oldest entries |
 * | `POST /_snapsim/reset[?seed=N]` | a fresh simulator (same seed unless given) |
 *
 * Every parameter is validated (an unknown, repeated or out-of-range one is a 400
 * `InvalidParameterValue`), so nothing a request says can move the clock out of the range of
 * dates. Who may call it (Host, cross-site, token, `--no-control`) is the HTTP layer's business.
 */
import { LogWriteError } from '../events/file-log.ts';
import { LogNotKeptError } from '../events/log.ts';
import { formatClockMode, LATEST_VIRTUAL_TIME } from './clock.ts';
import type { QueryEndpoint, QueryResponse } from './endpoint.ts';
import type { SimulatorPort } from './port.ts';

/** Path prefix of the control API. */
export const CONTROL_PREFIX = '/_snapsim';

/** What the control API acts on. */
export interface ControlContext {
  readonly endpoint: QueryEndpoint;
  /** Builds and installs a fresh simulator (seed optional: keep the current one). */
  reset(seed?: number): SimulatorPort;
}

type Route = (ctx: ControlContext, query: ControlParams) => QueryResponse;

/** The most virtual time one `clock/advance` may move: 100 years (of 365.25 days). */
export const MAX_ADVANCE_SECONDS = 100 * 365.25 * 86_400;

/** Decimal seconds, optionally with a fraction or exponent (no hex, no sign, no blanks). */
const SECONDS_TEXT = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER_TEXT = /^-?\d{1,16}$/;

/** A route's query parameters, each given at most once. */
type ControlParams = ReadonlyMap<string, string>;

/** A refused control request (400 JSON). */
class BadParameter extends Error {}

const ROUTES: Record<string, { method: 'GET' | 'POST'; params: readonly string[]; run: Route }> = {
  '/health': { method: 'GET', params: [], run: (ctx) => json(200, { status: 'ok', ...clockState(ctx), seed: ctx.endpoint.sim.seed }) },
  '/clock': { method: 'GET', params: [], run: (ctx) => json(200, clockState(ctx)) },
  '/clock/advance': {
    method: 'POST',
    params: ['seconds'],
    run: (ctx, query) => {
      const text = query.get('seconds');
      if (text === undefined) throw new BadParameter('seconds is required');
      const seconds = Number(text);
      if (!SECONDS_TEXT.test(text) || !Number.isFinite(seconds) || seconds > MAX_ADVANCE_SECONDS) {
        throw new BadParameter(`seconds must be a decimal number from 0 to ${MAX_ADVANCE_SECONDS} (100 years), got ${shown(text)}`);
      }
      return moveTime(ctx, (sim) => {
        if (sim.now().getTime() + Math.round(seconds * 1000) > LATEST_VIRTUAL_TIME) {
          throw new BadParameter(`advancing ${seconds} s would pass ${new Date(LATEST_VIRTUAL_TIME).toISOString()}, the latest virtual time`);
        }
        sim.advance(seconds);
      });
    },
  },
  '/clock/run-until-idle': { method: 'POST', params: [], run: (ctx) => moveTime(ctx, (sim) => sim.runUntilIdle()) },
  '/faults/api-error': {
    method: 'POST',
    params: ['operation', 'code', 'count', 'rate'],
    run: (ctx, query) => {
      const operation = query.get('operation');
      const code = query.get('code');
      if (operation === undefined || code === undefined) throw new BadParameter('operation and code are required');
      const count = query.get('count');
      const rate = query.get('rate');
      if (count !== undefined && !INTEGER_TEXT.test(count)) throw new BadParameter(`count must be a whole number, got ${shown(count)}`);
      if (rate !== undefined && !SECONDS_TEXT.test(rate)) throw new BadParameter(`rate must be a decimal number, got ${shown(rate)}`);
      syncClock(ctx); // logged at the time the clock shows now, as a Query request would be
      ctx.endpoint.sim.injectApiError({ operation, code, ...(count === undefined ? {} : { count: Number(count) }), ...(rate === undefined ? {} : { rate: Number(rate) }) });
      return json(200, { injected: { operation, code, ...(count === undefined ? {} : { count: Number(count) }), ...(rate === undefined ? {} : { rate: Number(rate) }) } });
    },
  },
  '/faults/region-outage': {
    method: 'POST',
    params: ['region', 'from', 'to', 'seconds', 'failure'],
    run: (ctx, query) => {
      const region = query.get('region');
      const to = query.get('to');
      const seconds = query.get('seconds');
      const failure = query.get('failure');
      if (region === undefined) throw new BadParameter('region is required');
      if ((to === undefined) === (seconds === undefined)) throw new BadParameter('give to (a time) or seconds (from its start), not both');
      if (seconds !== undefined && !SECONDS_TEXT.test(seconds)) throw new BadParameter(`seconds must be a decimal number, got ${shown(seconds)}`);
      if (failure !== undefined && !SECONDS_TEXT.test(failure)) throw new BadParameter(`failure must be a decimal number from 0 to 1, got ${shown(failure)}`);
      syncClock(ctx); // "from" defaults to now: the time the clock shows now
      const sim = ctx.endpoint.sim;
      const fromText = query.get('from');
      const from = fromText === undefined ? sim.now().getTime() : timeParam('from', fromText);
      const end = to !== undefined ? timeParam('to', to) : from + Math.round(Number(seconds) * 1000);
      sim.scheduleRegionOutage({ region, from, to: end, ...(failure === undefined ? {} : { failure: Number(failure) }) });
      return json(200, { scheduled: { region, from: new Date(Math.max(from, sim.now().getTime())).toISOString(), to: new Date(end).toISOString(), ...(failure === undefined ? {} : { failure: Number(failure) }) } });
    },
  },
  '/notifications': { method: 'GET', params: [], run: (ctx) => (syncClock(ctx), json(200, { notifications: ctx.endpoint.sim.notifications() })) },
  '/log': {
    method: 'GET',
    params: [],
    run: (ctx) => {
      try {
        return { status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: '', stream: ctx.endpoint.sim.logLines() };
      } catch (error) {
        // a server without --log keeps its first entry and the newest ones only
        if (error instanceof LogNotKeptError) return problem(410, 'LogNotKept', error.message);
        throw error;
      }
    },
  },
  '/reset': {
    method: 'POST',
    params: ['seed'],
    run: (ctx, query) => {
      const text = query.get('seed');
      const seed = text === undefined ? undefined : Number(text);
      if (text !== undefined && !(INTEGER_TEXT.test(text) && Number.isSafeInteger(seed))) {
        throw new BadParameter(`seed must be a safe integer, got ${shown(text)}`);
      }
      ctx.reset(seed);
      return json(200, { ...clockState(ctx), seed: ctx.endpoint.sim.seed });
    },
  },
};

/** A time parameter: epoch milliseconds or an ISO 8601 time. */
function timeParam(name: string, text: string): number {
  const ms = INTEGER_TEXT.test(text) ? Number(text) : /^\d{4}-\d\d-\d\dT/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw new BadParameter(`${name} must be epoch milliseconds or an ISO 8601 time, got ${shown(text)}`);
  return ms;
}

/** Handles a request whose path starts with {@link CONTROL_PREFIX}. */
export function handleControl(ctx: ControlContext, method: string, path: string, query: URLSearchParams): QueryResponse {
  const route = Object.hasOwn(ROUTES, path.slice(CONTROL_PREFIX.length)) ? ROUTES[path.slice(CONTROL_PREFIX.length)] : undefined;
  if (!route) return problem(404, 'NotFound', `no control route ${shown(path)}`);
  if (method !== route.method) return problem(405, 'MethodNotAllowed', `${path} takes ${route.method}`);
  try {
    return route.run(ctx, paramsOf(query, route.params));
  } catch (error) {
    if (error instanceof BadParameter) return problem(400, 'InvalidParameterValue', error.message);
    // the simulator's own guard (a time past what a Date holds): nothing has moved
    if (error instanceof RangeError) return problem(400, 'InvalidParameterValue', error.message);
    // the log refused an entry (a full disk): a reset or a fault changed nothing; a move of the
    // clock stopped at the last entry it logged, the action it could not record still due
    if (error instanceof LogWriteError) {
      const moved = path.startsWith(`${CONTROL_PREFIX}/clock/`);
      const now = ctx.endpoint.sim.now().toISOString();
      return problem(503, 'ServiceUnavailable', `${error.message}; ${moved ? `virtual time stopped at ${now}, before the work it could not record (still due)` : 'nothing was changed'}, retry later`);
    }
    throw error;
  }
}

/** The known parameters of a route; an unknown or repeated one is refused. */
function paramsOf(query: URLSearchParams, known: readonly string[]): ControlParams {
  const out = new Map<string, string>();
  for (const [key, value] of query) {
    if (!known.includes(key)) throw new BadParameter(`unknown parameter ${shown(key)}${known.length ? ` (this route takes ${known.join(', ')})` : ' (this route takes none)'}`);
    if (out.has(key)) throw new BadParameter(`parameter ${key} is repeated`);
    out.set(key, value);
  }
  return out;
}

/** A short, quoted rendition of a value from the request. */
const shown = (text: string): string => JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);

/** The JSON error of the control API: `{ "error": { "code", "message" } }`. */
export function controlProblem(status: number, code: string, message: string, headers: Record<string, string> = {}): QueryResponse {
  const response = problem(status, code, message);
  return { ...response, headers: { ...response.headers, ...headers } };
}

/** Brings virtual time to what the clock shows now (a scaled clock moves between requests), as before any Query request. */
function syncClock(ctx: ControlContext): void {
  ctx.endpoint.clock.beforeRequest(ctx.endpoint.sim);
}

function clockState(ctx: ControlContext) {
  const { endpoint } = ctx;
  syncClock(ctx);
  return { now: endpoint.sim.now().toISOString(), clock: formatClockMode(endpoint.clock.mode) };
}

function moveTime(ctx: ControlContext, move: (sim: SimulatorPort) => void): QueryResponse {
  const { endpoint } = ctx;
  endpoint.clock.beforeRequest(endpoint.sim);
  try {
    move(endpoint.sim);
  } finally {
    endpoint.clock.reanchor(endpoint.sim);
  }
  return json(200, clockState(ctx));
}

function json(status: number, value: unknown): QueryResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) + '\n' };
}

function problem(status: number, code: string, message: string): QueryResponse {
  return json(status, { error: { code, message } });
}
