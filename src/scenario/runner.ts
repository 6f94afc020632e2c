/**
 * The scenario runner: one function that plays any {@link Scenario} (script or declarative file)
 * under a seed, narrates it, records its expectations and returns the run's figures and log.
 */
import { createSimulator, type Simulator } from '../sim/simulator.ts';
import { isServiceError } from '../model/errors.ts';
import { runStats, type RunStats } from '../report/metrics.ts';
import { TimelineBuilder, type Timeline } from '../report/timeline.ts';
import { createContext } from './context.ts';
import { formatOffset } from '../format/duration.ts';
import { narrate } from './narrate.ts';
import type { Check, RunObserver, Scenario } from './types.ts';

/** The result of one run. */
export interface RunResult {
  readonly scenario: string;
  readonly seed: number;
  /** Every expectation held and the story ran to its end. */
  readonly passed: boolean;
  readonly checks: readonly Check[];
  /** The figures the story recorded with `ctx.metric`, by name. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Why the story stopped early (an unexpected error), if it did. */
  readonly error: string | null;
  readonly stats: RunStats;
  readonly timeline: Timeline;
  /** The simulator at the end (its log is the run's log). */
  readonly sim: Simulator;
}

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  observer?: RunObserver;
}

/** Whether `v` is a Promise or another thenable. */
const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';

/** Plays `scenario` to its end. Never throws for the story's own failures; they are in the result. */
export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunResult {
  const seed = opts.seed ?? scenario.seed ?? 1;
  const observer = opts.observer ?? {};
  const sim = createSimulator({ ...scenario.config, seed });
  const builder = new TimelineBuilder();
  for (const e of sim.entries()) builder.add(e);
  // the log's own subscription, not sim.onAppend: that encodes every entry as a line, which no one here reads
  sim.log.subscribe((entry) => {
    if (observer.line) for (const text of narrate(entry, builder)) observer.line(`${formatOffset(entry.at - sim.state.start)}  ${text}`);
    builder.add(entry);
  });
  const checks: Check[] = [];
  const metrics: Record<string, number> = {};
  // what the story shows after its run ended (an async run going on) is not the run's
  let running = true;
  const ctx = createContext(sim, { ...observer, line: (text) => running && observer.line?.(text) }, checks, metrics);
  let error: string | null = null;
  try {
    const returned: unknown = scenario.run(ctx);
    if (isThenable(returned)) {
      returned.then(undefined, () => {}); // its own later failure is this error
      throw new Error('run(ctx) returned a Promise: a scenario runs in virtual time, so run must be synchronous (no async, no await)');
    }
  } catch (e) {
    error = isServiceError(e) ? `unexpected ${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    observer.line?.(`${formatOffset(sim.nowMs() - sim.state.start)}  ✗ stopped: ${error}`);
  }
  running = false;
  const timeline = builder.timeline;
  timeline.end = Math.max(timeline.end, sim.nowMs());
  return {
    scenario: scenario.name,
    seed,
    passed: error === null && checks.every((c) => c.ok),
    checks: [...checks],
    metrics: { ...metrics },
    error,
    stats: runStats(timeline),
    timeline,
    sim,
  };
}
