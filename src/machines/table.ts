import { transition, type AnyStateMachine } from 'xstate';
import { clusterMachine, type ClusterEvent, type ClusterStatus } from './cluster.ts';
import { snapshotMachine, type SnapshotEvent, type SnapshotStatus } from './snapshot.ts';
import { tableRestoreMachine, type TableRestoreEvent, type TableRestoreStatus } from './table-restore.ts';

/** A constant-time transition table: `table[state][event]` is the next state, or undefined. */
export type TransitionTable<S extends string, E extends string> = Readonly<Record<S, Readonly<Partial<Record<E, S>>>>>;

/** Every state of a machine, in definition order (its top-level states; the machines here are flat). */
export const statesOf = (machine: AnyStateMachine): string[] => Object.keys(machine.states);

/** Every event type a machine reacts to anywhere. */
export const eventsOf = (machine: AnyStateMachine): string[] => [...machine.events];

/**
 * Derives the transition table of a flat machine once, through xstate's public API: for every
 * (state, event) pair, the state `transition()` moves to. The machines here have no guards,
 * actions or self-transitions, so a pair whose next state is its own has no edge.
 */
export function deriveTable<S extends string, E extends string>(machine: AnyStateMachine): TransitionTable<S, E> {
  const table: Record<string, Record<string, string>> = {};
  const events = eventsOf(machine);
  for (const state of statesOf(machine)) {
    const from = machine.resolveState({ value: state, context: {} });
    const row: Record<string, string> = {};
    for (const type of events) {
      const [next] = transition(machine, from, { type });
      if (next.value !== state) row[type] = next.value as string;
    }
    table[state] = row;
  }
  return table as unknown as TransitionTable<S, E>;
}

/** Cluster transitions, derived from {@link clusterMachine}. */
export const CLUSTER_TABLE: TransitionTable<ClusterStatus, ClusterEvent> = deriveTable(clusterMachine);
/** Snapshot transitions, derived from {@link snapshotMachine}. */
export const SNAPSHOT_TABLE: TransitionTable<SnapshotStatus, SnapshotEvent> = deriveTable(snapshotMachine);

/** Table restore transitions, derived from {@link tableRestoreMachine}. */
export const TABLE_RESTORE_TABLE: TransitionTable<TableRestoreStatus, TableRestoreEvent> = deriveTable(tableRestoreMachine);

/** The next cluster status, or undefined when the machine has no such edge. */
export const nextClusterStatus = (s: ClusterStatus, e: ClusterEvent): ClusterStatus | undefined => CLUSTER_TABLE[s][e];
/** The next snapshot status, or undefined when the machine has no such edge. */
export const nextSnapshotStatus = (s: SnapshotStatus, e: SnapshotEvent): SnapshotStatus | undefined => SNAPSHOT_TABLE[s][e];
/** The next table restore status, or undefined when the machine has no such edge. */
export const nextTableRestoreStatus = (s: TableRestoreStatus, e: TableRestoreEvent): TableRestoreStatus | undefined => TABLE_RESTORE_TABLE[s][e];
