/**
 * What a scenario is: a name, a configuration, and a `run(ctx)` story told against the public
 * API through a {@link ScenarioContext}. TypeScript scripts and declarative files both become
 * this, so one runner serves both.
 */
import type { Simulator, SimulatorOptions, Output } from '../sim/simulator.ts';
import type { Caller } from '../model/types.ts';
import type { Input } from '../model/input.ts';

/** A scenario definition. */
export interface Scenario {
  /** Short name, used in reports and messages. */
  readonly name: string;
  /** One sentence: the "what happens if…" question it answers. */
  readonly description?: string;
  /** Simulator settings (faults, quotas, timings, start); the seed comes from the run. */
  readonly config?: Omit<SimulatorOptions, 'seed' | 'log'>;
  /** The seed used when the run names none. Default 1. */
  readonly seed?: number;
  /** Roughly how much virtual time the story covers (for progress bars), e.g. `3d`. */
  readonly horizon?: string | number;
  /**
   * Tells the story. Must be deterministic (virtual time and the simulator only) and synchronous:
   * virtual time needs no awaiting, and a run that returns a Promise fails.
   */
  run(ctx: ScenarioContext): void;
}

/** The outcome of one expectation. */
export interface Check {
  readonly ok: boolean;
  readonly message: string;
  /** Virtual time, ms. */
  readonly at: number;
}

/** Options of {@link ScenarioContext.cluster}. */
export interface ClusterSetup {
  nodeType?: string;
  nodes?: number;
  /** AutomatedSnapshotRetentionPeriod, days (0 turns automated snapshots off on dc2). */
  automatedRetention?: number;
  /** Default ManualSnapshotRetentionPeriod, days. */
  manualRetention?: number;
  /** Owner account. Default: the scenario's main account. */
  account?: string;
  region?: string;
}

/** A snapshot as DescribeClusterSnapshots returns it (AWS member names). */
export type SnapshotView = Output;

/** What a scenario's `run` gets: the simulator, virtual time, narration, expectations, setup. */
export interface ScenarioContext {
  /** The simulator (use its API freely). */
  readonly sim: Simulator;
  /** The run's seed. */
  readonly seed: number;
  /** The main account and region. */
  readonly owner: Caller;
  /** Virtual now, ms. */
  now(): number;
  /** Virtual time since the start, ms. */
  elapsed(): number;
  /** Prints a timeline line stamped with virtual time. */
  say(text: string): void;
  /** Moves virtual time forward by a duration (`90s`, `2h`, `3d` or seconds). */
  advance(duration: string | number): void;
  /** Moves virtual time to an offset from the start (`2d`), or does nothing if already past it. */
  advanceTo(offset: string | number): void;
  /** Runs until no backup is transferring and no cluster is in a transitional status. */
  idle(): void;
  /**
   * Advances in `step`s until `until()` holds (checked before each step); fails the scenario if
   * `max` passes first. Returns the virtual seconds waited.
   */
  waitFor(what: string, until: () => boolean, opts?: { step?: string | number; max?: string | number }): number;
  /**
   * Waits until the backup of snapshot `id` has ended (no longer `creating` / `final snapshot`)
   * and returns its view (undefined if it was removed meanwhile). Fails the scenario after `max`.
   */
  waitForBackup(id: string, opts?: { as?: string | Caller; max?: string | number }): SnapshotView | undefined;
  /** Calls an AWS operation as `as` (an account id or caller; default the owner). */
  call(operation: string, input?: Input, as?: string | Caller): Output;
  /**
   * Records a named figure of this run (e.g. `rpoSeconds`), printed with the run and, by
   * `snapsim sweep`, as its distribution over the seeds; recording a name again replaces it.
   */
  metric(name: string, value: number): void;
  /** Records an expectation; a false one makes the run fail (the story goes on). */
  check(ok: boolean, message: string): boolean;
  /** Expects `fn` to fail with the AWS error `code`; records the check and returns the message. */
  expectError(code: string, fn: () => unknown, message?: string): string | undefined;
  /** Creates a cluster and waits until it is available (shared setup for every story). */
  cluster(id: string, setup?: ClusterSetup): void;
  /** Every snapshot visible to `as`, all pages, optionally filtered (DescribeClusterSnapshots input). */
  snapshots(filter?: Input, as?: string | Caller): SnapshotView[];
  /** One snapshot visible to `as` by identifier, or undefined. */
  snapshot(id: string, as?: string | Caller): SnapshotView | undefined;
  /** A caller for another account in the main region. */
  account(id: string): Caller;
}

/** Receives what a run shows while it runs. */
export interface RunObserver {
  /** A timeline line (already stamped). */
  line?(text: string): void;
  /** Virtual time moved; called often, cheap to ignore. */
  tick?(now: number, sim: Simulator): void;
}
