/**
 * The wall-time → virtual-time adapter of the server. This module is the only place in snapsim
 * that reads wall time.
 *
 * - `manual`: virtual time moves only through the control API (or the caller's own `advance`).
 * - `scaled:N`: virtual time = anchor + N × wall time elapsed since the anchor; synced before
 *   each request. Control-API moves re-anchor, so they add to the scaled time.
 * - `instant`: pending work runs to completion before and after each request, so everything a
 *   request starts is finished by the next one.
 */
import { LATEST_VIRTUAL_TIME } from '../events/instant.ts';
import type { SimulatorPort } from './port.ts';

/** The latest virtual time the server moves to (the simulator's, the end of year 9999). */
export { LATEST_VIRTUAL_TIME };

/** A clock mode, as parsed from `manual`, `instant` or `scaled:N`. */
export type ClockMode = { kind: 'manual' } | { kind: 'instant' } | { kind: 'scaled'; factor: number };

/** A monotonic wall clock in milliseconds. */
export type WallClock = () => number;

/** The process's monotonic clock. */
export const systemWallClock: WallClock = () => performance.now();

/**
 * Virtual seconds per wall second of a bare `scaled`: ten virtual minutes a second, so a cluster
 * is ready and a typical backup done before the AWS CLI waiter's first re-poll (15 s).
 */
export const DEFAULT_SCALE = 600;

/** Parses `manual`, `instant`, `scaled` or `scaled:N` (N > 0); throws a plain `Error` otherwise. */
export function parseClockMode(text: string): ClockMode {
  if (text === 'manual' || text === 'instant') return { kind: text };
  if (text === 'scaled') return { kind: 'scaled', factor: DEFAULT_SCALE };
  const m = /^scaled:(\d+(?:\.\d+)?)$/.exec(text);
  const factor = m ? Number(m[1]) : NaN;
  if (!(factor > 0)) throw new RangeError(`clock must be manual, instant or scaled:N with N > 0 (got ${JSON.stringify(text)})`);
  return { kind: 'scaled', factor };
}

/** Renders a mode back to its text form. */
export const formatClockMode = (mode: ClockMode): string => (mode.kind === 'scaled' ? `scaled:${mode.factor}` : mode.kind);

/** Maps wall time onto a simulator's virtual time according to a {@link ClockMode}. */
export class ClockAdapter {
  private anchorWall = 0;
  private anchorVirtual = 0;

  constructor(
    readonly mode: ClockMode,
    private readonly wall: WallClock = systemWallClock,
  ) {}

  /** Makes the simulator's current virtual time correspond to wall time now. */
  reanchor(sim: SimulatorPort): void {
    this.anchorWall = this.wall();
    this.anchorVirtual = sim.now().getTime();
  }

  /** Brings virtual time up to date before a request is handled. */
  beforeRequest(sim: SimulatorPort): void {
    if (this.mode.kind === 'instant') sim.runUntilIdle();
    if (this.mode.kind !== 'scaled') return;
    // a scaled clock stops at the latest time rather than leave the range of dates
    const target = Math.min(this.anchorVirtual + this.mode.factor * (this.wall() - this.anchorWall), LATEST_VIRTUAL_TIME);
    const now = sim.now().getTime();
    if (target > now) sim.advanceTo(new Date(Math.floor(target)));
    else if (target < now) this.reanchor(sim); // virtual time was moved ahead by hand
  }

  /** Lets work started by a request finish, in `instant` mode. */
  afterRequest(sim: SimulatorPort): void {
    if (this.mode.kind === 'instant') sim.runUntilIdle();
  }
}
