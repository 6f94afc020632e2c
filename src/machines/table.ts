import type { AnyStateMachine } from 'xstate';
import { clusterMachine, type ClusterEvent, type ClusterStatus } from './cluster.ts';
import { snapshotMachine, type SnapshotEvent, type SnapshotStatus } from './snapshot.ts';

/** A constant-time transition table: `table[state][event]` is the next state, or undefined. */
export type TransitionTable<S extends string, E extends string> = Readonly<Record<S, Readonly<Partial<Record<E, S>>>>>;

/**
 * Derives the transition table of a flat machine from its definition, once. Guards and actions
 * are not supported (the machines here have none), so a target is the whole story.
 */
export function deriveTable<S extends string, E extends string>(machine: AnyStateMachine): TransitionTable<S, E> {
  const table: Record<string, Record<string, string>> = {};
  for (const [key, node] of Object.entries(machine.root.states)) {
    const row: Record<string, string> = {};
    for (const [eventType, defs] of node.transitions) {
      const target = defs[0]?.target?.[0];
      if (target) row[eventType] = target.key;
    }
    table[key] = row;
  }
  return table as unknown as TransitionTable<S, E>;
}

/** Every state of a machine, in definition order. */
export const statesOf = (machine: AnyStateMachine): string[] => Object.keys(machine.root.states);

/** Every event type a machine reacts to anywhere. */
export const eventsOf = (machine: AnyStateMachine): string[] => [...new Set(Object.values(machine.root.states).flatMap((n) => [...n.transitions.keys()]))];

/** Cluster transitions, derived from {@link clusterMachine}. */
export const CLUSTER_TABLE: TransitionTable<ClusterStatus, ClusterEvent> = deriveTable(clusterMachine);
/** Snapshot transitions, derived from {@link snapshotMachine}. */
export const SNAPSHOT_TABLE: TransitionTable<SnapshotStatus, SnapshotEvent> = deriveTable(snapshotMachine);

/** The next cluster status, or undefined when the machine has no such edge. */
export const nextClusterStatus = (s: ClusterStatus, e: ClusterEvent): ClusterStatus | undefined => CLUSTER_TABLE[s][e];
/** The next snapshot status, or undefined when the machine has no such edge. */
export const nextSnapshotStatus = (s: SnapshotStatus, e: SnapshotEvent): SnapshotStatus | undefined => SNAPSHOT_TABLE[s][e];
