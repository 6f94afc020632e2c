/**
 * The JSON control API under `/_snapsim/`: health, the virtual clock, the event log and reset.
 *
 * | Route | Effect |
 * |---|---|
 * | `GET /_snapsim/health` | `{ status: "ok", seed, now, clock }` |
 * | `GET /_snapsim/clock` | `{ now, clock }` (after syncing a scaled clock) |
 * | `POST /_snapsim/clock/advance?seconds=N` | advance virtual time by N ≥ 0 seconds |
 * | `POST /_snapsim/clock/run-until-idle` | run pending work to completion |
 * | `GET /_snapsim/log` | the NDJSON event log |
 * | `POST /_snapsim/reset[?seed=N]` | a fresh simulator (same seed unless given) |
 */
import { formatClockMode } from './clock.ts';
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

type Route = (ctx: ControlContext, query: URLSearchParams) => QueryResponse;

const ROUTES: Record<string, { method: 'GET' | 'POST'; run: Route }> = {
  '/health': { method: 'GET', run: (ctx) => json(200, { status: 'ok', ...clockState(ctx), seed: ctx.endpoint.sim.seed }) },
  '/clock': { method: 'GET', run: (ctx) => json(200, clockState(ctx)) },
  '/clock/advance': {
    method: 'POST',
    run: (ctx, query) => {
      const text = query.get('seconds') ?? '';
      const seconds = Number(text);
      if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
        return problem(400, 'InvalidParameterValue', 'seconds must be a finite number >= 0');
      }
      return moveTime(ctx, (sim) => sim.advance(seconds));
    },
  },
  '/clock/run-until-idle': { method: 'POST', run: (ctx) => moveTime(ctx, (sim) => sim.runUntilIdle()) },
  '/log': {
    method: 'GET',
    run: (ctx) => ({ status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: ctx.endpoint.sim.encodeLog() }),
  },
  '/reset': {
    method: 'POST',
    run: (ctx, query) => {
      const text = query.get('seed');
      const seed = text === null ? undefined : Number(text);
      if (seed !== undefined && !(Number.isSafeInteger(seed) && text?.trim() !== '')) {
        return problem(400, 'InvalidParameterValue', 'seed must be an integer');
      }
      ctx.reset(seed);
      return json(200, { ...clockState(ctx), seed: ctx.endpoint.sim.seed });
    },
  },
};

/** Handles a request whose path starts with {@link CONTROL_PREFIX}. */
export function handleControl(ctx: ControlContext, method: string, path: string, query: URLSearchParams): QueryResponse {
  const route = Object.hasOwn(ROUTES, path.slice(CONTROL_PREFIX.length)) ? ROUTES[path.slice(CONTROL_PREFIX.length)] : undefined;
  if (!route) return problem(404, 'NotFound', `no control route ${path}`);
  if (method !== route.method) return problem(405, 'MethodNotAllowed', `${path} takes ${route.method}`);
  return route.run(ctx, query);
}

function clockState(ctx: ControlContext) {
  const { endpoint } = ctx;
  endpoint.clock.beforeRequest(endpoint.sim);
  return { now: endpoint.sim.now().toISOString(), clock: formatClockMode(endpoint.clock.mode) };
}

function moveTime(ctx: ControlContext, move: (sim: SimulatorPort) => void): QueryResponse {
  const { endpoint } = ctx;
  endpoint.clock.beforeRequest(endpoint.sim);
  move(endpoint.sim);
  endpoint.clock.reanchor(endpoint.sim);
  return json(200, clockState(ctx));
}

function json(status: number, value: unknown): QueryResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) + '\n' };
}

function problem(status: number, code: string, message: string): QueryResponse {
  return json(status, { error: { code, message } });
}
