/**
 * Given/when/then specifications of the deciders (Emmett's habit): a history of persisted
 * events, one command (or one due time of scheduled work), and the exact events decided.
 *
 * ```ts
 * given(...availableCluster('alpha')).at(TAKEN).when('CreateClusterSnapshot', { … }).then([ … ]);
 * given(clusterCreated('alpha')).when('PauseCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
 * given(...availableSnapshot('s1', 'alpha')).whenTimer('SnapshotDue', 's1').then([ … ]);
 * ```
 *
 * `when` takes the simulator's own path (`validateInput`, then the operation's `decide`) with a
 * {@link SimEnvironment} of seed {@link SEED}, so drawn figures are the simulator's. Both `then`
 * and `thenError` also check that deciding left the state untouched (decide is pure).
 */
import { expect } from 'vitest';
import type { DomainEvent } from '../../src/events/types.ts';
import { resolveConfig, type SimConfigInput } from '../../src/events/config.ts';
import { isServiceError, type ErrorCode } from '../../src/model/errors.ts';
import { apply } from '../../src/model/evolve.ts';
import { operationNamed } from '../../src/model/operations.ts';
import type { Output } from '../../src/sim/simulator.ts';
import { validateInput } from '../../src/model/rules.ts';
import { emptyState, findPartition, snapshotIn } from '../../src/model/state.ts';
import { decideTimer, isCurrent, tableRestoreDue, TimerKind, type Timer } from '../../src/model/timers.ts';
import type { Caller, ClusterRecord, SnapshotRecord, State } from '../../src/model/types.ts';
import { SimEnvironment } from '../../src/sim/environment.ts';
import { OWNER, T0, type Timed } from './events.ts';

/** The seed of every spec's environment: drawn figures (workloads, plans, delays) are fixed by it. */
export const SEED = 7;

/** A given event: applied at its own time (see {@link given}), or at the time {@link Timed} names. */
export type Given = DomainEvent | Timed;

/** A decided outcome, to be checked. */
export interface Then {
  /**
   * Asserts the decided events deep-equal `expected` (exact order and fields), and that they
   * apply onto the state. Returns the command's reply built from the state after them (none for
   * scheduled work).
   */
  then(expected: DomainEvent[]): Output | undefined;
  /** Asserts the command was refused with the ServiceError `code`, deciding no events. */
  thenError(code: ErrorCode): void;
  /**
   * Like `then`, for events whose drawn fields (workloads, plans) a spec does not spell out:
   * `check` asserts what matters of them; they then apply, and the reply is returned.
   */
  thenShape(check: (events: DomainEvent[]) => void): Output | undefined;
}

/** A history, ready for a command or a due time. */
export interface Spec {
  /** Sets the configuration (merged onto the defaults by `resolveConfig`), e.g. a small quota. */
  withConfig(config: SimConfigInput): Spec;
  /** Sets the virtual time of `when` (default: the time of the last given event, or T0). */
  at(time: number): Spec;
  /** Decides AWS operation `operation` (a command) on `input` for `caller` (default OWNER). */
  when(operation: string, input: Record<string, unknown>, caller?: Caller): Then;
  /**
   * Decides the scheduled work of a due time, as the scheduler would: `kind` of the cluster (or,
   * for `SnapshotDue`, the snapshot) `id` in the caller's partition, at the record's own due time
   * (`at` does not apply). The due time must be set and current.
   */
  whenTimer(kind: keyof typeof TimerKind, id: string, caller?: Caller): Then;
}

/** When a given event happens: its {@link Timed} time, else its own start time, else `previous`. */
function timeOf(g: Given, previous: number): number {
  if ('at' in g) return g.at;
  if (g.type === 'ClusterCreated') return g.profile.clusterCreateTime;
  if (g.type === 'SnapshotCreated') return g.createTime;
  return previous;
}

/** A fresh state with the givens applied, and the time of the last one. */
function build(givens: readonly Given[], config: SimConfigInput): { state: State; last: number } {
  const state = emptyState(SEED, T0, resolveConfig(config));
  let last = T0;
  for (const g of givens) {
    last = timeOf(g, last);
    apply(state, 'at' in g ? g.event : g, last);
  }
  return { state, last };
}

/** What a command decided, as the by-name path returns it. */
type Decided = { readonly events: DomainEvent[]; readonly reply: (after: State) => object };

/** The outcome of a decision: what `decide` returned or threw, checked against a rebuilt state. */
function outcome(givens: readonly Given[], config: SimConfigInput, state: State, now: number, decide: () => Decided | DomainEvent[]): Then {
  let decided: Decided | DomainEvent[] | undefined;
  let thrown: unknown;
  try {
    decided = decide();
  } catch (e) {
    thrown = e;
  }
  const untouched = () => expect(state, 'deciding must not change the state').toEqual(build(givens, config).state);
  return {
    then(expected) {
      if (decided === undefined) throw thrown;
      const events = Array.isArray(decided) ? decided : decided.events;
      expect(events).toEqual(expected);
      untouched();
      for (const e of events) apply(state, e, now);
      return Array.isArray(decided) ? undefined : (decided.reply(state) as Output);
    },
    thenShape(check) {
      if (decided === undefined) throw thrown;
      const events = Array.isArray(decided) ? decided : decided.events;
      check(events);
      untouched();
      for (const e of events) apply(state, e, now);
      return Array.isArray(decided) ? undefined : (decided.reply(state) as Output);
    },
    thenError(code) {
      expect(decided, 'expected a refusal, but events were decided').toBeUndefined();
      if (!isServiceError(thrown)) throw thrown;
      expect(thrown.code).toBe(code);
      untouched();
    },
  };
}

/** The due time of `kind` on `record`, as the record carries it (NaN when it has none). */
function dueTime(kind: TimerKind, record: ClusterRecord | SnapshotRecord): number {
  if (kind === TimerKind.SnapshotDue) return (record as SnapshotRecord).dueAt;
  const c = record as ClusterRecord;
  if (kind === TimerKind.ClusterDue) return c.dueAt;
  if (kind === TimerKind.Automated) return c.nextAutoAt;
  if (kind === TimerKind.TableRestoreDue) return tableRestoreDue(c);
  if (kind === TimerKind.ScheduleDue) return c.schedule?.state === 'MODIFYING' ? c.schedule.activeAt : NaN;
  return c.outage?.[kind === TimerKind.OutageStart ? 0 : 1] ?? NaN;
}

/**
 * Starts a specification from a history. Each event applies at its {@link Timed} time when
 * wrapped by `at(time, event)`; else `ClusterCreated` and `SnapshotCreated` at their own start
 * time, and any other at the time of the event before it (T0 for the first).
 */
export function given(...givens: Given[]): Spec {
  let config: SimConfigInput = {};
  let when: number | undefined;
  const spec: Spec = {
    withConfig(c) {
      config = c;
      return spec;
    },
    at(time) {
      when = time;
      return spec;
    },
    when(operation, input, caller = OWNER) {
      const op = operationNamed(operation);
      if (op?.kind !== 'command') throw new Error(`${operation} is not a command: only commands decide events`);
      const { state, last } = build(givens, config);
      const now = when ?? last;
      const env = new SimEnvironment(state.config, SEED, now);
      return outcome(givens, config, state, now, () => {
        validateInput(operation, input, op.required, op.rules);
        return op.decide(state, input, caller, env);
      });
    },
    whenTimer(kindName, id, caller = OWNER) {
      const { state } = build(givens, config);
      const kind = TimerKind[kindName];
      const partition = findPartition(state, caller.account, caller.region);
      const record = kind === TimerKind.SnapshotDue ? (partition && snapshotIn(partition, id)) : partition?.clusters.get(id);
      if (!partition || !record) throw new Error(`no ${kind === TimerKind.SnapshotDue ? 'snapshot' : 'cluster'} ${id} for ${kindName}`);
      const due = dueTime(kind, record);
      if (!Number.isFinite(due)) throw new Error(`${id} has no ${kindName} due time`);
      const timer: Timer = { at: due, kind, partition, record };
      if (!isCurrent(timer)) throw new Error(`${kindName} of ${id} at ${due} is not current`);
      return outcome(givens, config, state, due, () => decideTimer(timer, state, new SimEnvironment(state.config, SEED, due)));
    },
  };
  return spec;
}
