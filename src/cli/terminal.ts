/**
 * What `snapsim run` shows while a scenario runs: on a terminal, timeline lines scrolling above a
 * status line (a progress bar of simulated time and a live count of snapshots by status); when
 * not a terminal, the timeline lines only.
 */
import { snapshotsOf } from '../model/state.ts';
import type { Simulator } from '../sim/simulator.ts';
import type { RunObserver } from '../scenario/types.ts';
import { formatOffset } from '../format/duration.ts';

/** Where the display writes. */
export interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link LiveDisplay}. */
export interface DisplayOptions {
  /** Expected virtual span, ms (for the bar); unknown when absent. */
  horizonMs?: number;
  /** Print timeline lines (off for --json). */
  lines: boolean;
}

const BAR = 24;
const REDRAW_MS = 50;

/** A {@link RunObserver} that renders to a terminal or a pipe. */
export class LiveDisplay implements RunObserver {
  private lastDraw = 0;
  private drawn = false;
  private now = 0;
  private sim: Simulator | undefined;

  constructor(
    private readonly out: Out,
    private readonly opts: DisplayOptions,
  ) {}

  /** Prints a timeline line. */
  line(text: string): void {
    if (!this.opts.lines) return;
    if (this.out.isTTY) this.clear();
    this.out.write(text + '\n');
    if (this.out.isTTY) this.draw();
  }

  /** Notes virtual time; redraws the status line at most every few milliseconds of wall time. */
  tick(now: number, sim: Simulator): void {
    this.now = now;
    this.sim = sim;
    if (!this.out.isTTY) return;
    const wall = performance.now();
    if (wall - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = wall;
    this.clear();
    this.draw();
  }

  /** Removes the status line (call before printing the summary). */
  finish(): void {
    if (this.out.isTTY) this.clear();
  }

  /** The status line's text. */
  status(): string {
    const elapsed = this.sim ? this.now - this.sim.state.start : 0;
    const h = this.opts.horizonMs;
    const frac = h ? Math.min(1, elapsed / h) : 0;
    const fill = Math.round(frac * BAR);
    const bar = h ? `[${'█'.repeat(fill)}${'░'.repeat(BAR - fill)}] ${formatOffset(elapsed)} / ${formatOffset(h)}` : `${formatOffset(elapsed)}`;
    const counts = Object.entries(this.sim ? countByStatus(this.sim) : {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(' · ');
    return `${bar}  snapshots: ${counts || 'none'}`;
  }

  private clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(): void {
    const text = this.status();
    const width = this.out.columns ?? 100;
    this.out.write(text.length > width - 1 ? text.slice(0, width - 1) : text);
    this.drawn = true;
  }
}

/** Live snapshots by status, across every account and region. */
export function countByStatus(sim: Simulator): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of sim.state.partitions.values()) for (const s of snapshotsOf(p)) out[s.status] = (out[s.status] ?? 0) + 1;
  return out;
}
