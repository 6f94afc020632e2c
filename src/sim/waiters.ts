/**
 * AWS's waiters in virtual time: `waitFor` polls a waiter's operation, matches its acceptors (as
 * the SDKs do) and, between polls, advances the simulator's clock by the waiter's delay instead of
 * sleeping, so a test needs no polling loop and takes no wall time.
 */
import { LATEST_VIRTUAL_TIME } from '../events/instant.ts';
import { isServiceError } from '../model/errors.ts';
import type { Caller } from '../model/types.ts';
import { WAITERS, type WaiterAcceptor, type WaiterName } from './waiter-model.ts';

/** What a waiter polls and how time moves: the part of the Simulator it drives. */
export interface Pollable {
  execute(operation: string, input: Record<string, unknown>, caller?: Caller): Record<string, unknown>;
  advance(seconds: number): void;
  nowMs(): number;
}

/** How a waiter ended: its acceptor matched `success`. */
export interface WaiterResult {
  readonly state: 'SUCCESS';
  /** Polls made (1 when the first one succeeded). */
  readonly attempts: number;
  /** The last poll's output. */
  readonly output: Record<string, unknown>;
}

/** Raised when a waiter's failure acceptor matched, or its attempts ran out (`state` says which). */
export class WaiterError extends Error {
  constructor(
    readonly waiter: string,
    readonly state: 'FAILURE' | 'TIMEOUT',
    readonly attempts: number,
    message: string,
  ) {
    super(`${waiter}: ${message}`);
    this.name = 'WaiterError';
  }
}

/** Options of {@link waitFor}: the waiter's own delay (s) and attempts by default. */
export interface WaitOptions {
  readonly delaySeconds?: number;
  readonly maxAttempts?: number;
}

/** The values at `path` (`Name[].a.b` projects over a list; `a.b` reads one value) in `output`. */
function valuesAt(output: unknown, path: string): { values: unknown[]; projected: boolean } {
  const [head, ...rest] = path.split('.');
  const list = head!.endsWith('[]');
  const first = (output as Record<string, unknown> | undefined)?.[list ? head!.slice(0, -2) : head!];
  const follow = (v: unknown): unknown => rest.reduce<unknown>((x, k) => (x === null || x === undefined ? undefined : (x as Record<string, unknown>)[k]), v);
  if (!list) return { values: [follow(first)], projected: false };
  // a projection drops the items whose path leads nowhere, as JMESPath does
  return { values: (Array.isArray(first) ? first : []).map(follow).filter((v) => v !== undefined && v !== null), projected: true };
}

/** Whether `acceptor` matches a poll that gave `output` or failed with error `code`. */
function matches(acceptor: WaiterAcceptor, output: Record<string, unknown> | undefined, code: string | undefined): boolean {
  if (acceptor.matcher === 'error') return code === acceptor.expected;
  if (output === undefined) return false;
  const { values, projected } = valuesAt(output, acceptor.argument!);
  switch (acceptor.matcher) {
    case 'path':
      return projected ? false : values[0] === acceptor.expected;
    case 'pathAll':
      return values.length > 0 && values.every((v) => v === acceptor.expected);
    case 'pathAny':
      return values.some((v) => v === acceptor.expected);
    default:
      return false;
  }
}

/**
 * Runs waiter `name` on `input` for `caller`: polls, and advances virtual time by the delay
 * between polls, until an acceptor says success (resolved) or failure, or the attempts run out
 * ({@link WaiterError}). A service error no acceptor names is thrown as it is.
 */
export function waitFor(sim: Pollable, name: WaiterName, input: Record<string, unknown>, caller?: Caller, opts: WaitOptions = {}): WaiterResult {
  if (!Object.hasOwn(WAITERS, name)) throw new RangeError(`no waiter ${String(name).slice(0, 64)}: one of ${Object.keys(WAITERS).join(', ')}`);
  const spec = WAITERS[name];
  if (typeof opts !== 'object' || opts === null) throw new RangeError(`waitFor's options are { delaySeconds?, maxAttempts? }, got ${String(opts)}`);
  const delay = opts.delaySeconds ?? spec.delay;
  const attempts = opts.maxAttempts ?? spec.maxAttempts;
  // virtual time moves in whole milliseconds: a finer delay would be rounded at every poll
  if (!(typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 && Math.abs(delay * 1000 - Math.round(delay * 1000)) < 1e-6)) {
    throw new RangeError(`delaySeconds must be a number of seconds >= 0, in whole milliseconds, got ${JSON.stringify(delay)}`);
  }
  if (!(Number.isSafeInteger(attempts) && attempts >= 1)) throw new RangeError(`maxAttempts must be a whole number >= 1, got ${JSON.stringify(attempts)}`);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let output: Record<string, unknown> | undefined;
    let code: string | undefined;
    try {
      output = sim.execute(spec.operation, input, caller);
    } catch (e) {
      if (!isServiceError(e)) throw e;
      code = e.code;
      if (!spec.acceptors.some((a) => a.matcher === 'error' && a.expected === code)) throw e;
    }
    const hit = spec.acceptors.find((a) => matches(a, output, code));
    if (hit?.state === 'success') return { state: 'SUCCESS', attempts: attempt, output: output ?? {} };
    if (hit?.state === 'failure') throw new WaiterError(name, 'FAILURE', attempt, `a failure acceptor matched (${hit.argument ?? 'error'} = ${String(hit.expected)})`);
    if (attempt === attempts) break;
    // the next poll would come after virtual time ends: this poll was the last one there can be
    if (sim.nowMs() + Math.round(delay * 1000) > LATEST_VIRTUAL_TIME) throw new WaiterError(name, 'TIMEOUT', attempt, `virtual time ends before the next poll, ${delay} s on`);
    sim.advance(delay);
  }
  throw new WaiterError(name, 'TIMEOUT', attempts, `no success after ${attempts} attempts ${delay} s apart`);
}
