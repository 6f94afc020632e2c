import { describe, expect, it } from 'vitest';
import { transition, type AnyStateMachine } from 'xstate';
import { CLUSTER_TABLE, SNAPSHOT_TABLE, clusterMachine, eventsOf, snapshotMachine, statesOf } from '../src/machines/index.ts';

function checkAgainstXState(machine: AnyStateMachine, table: Record<string, Record<string, string | undefined>>) {
  const states = statesOf(machine);
  const events = eventsOf(machine);
  let pairs = 0;
  for (const state of states) {
    for (const event of events) {
      const snapshot = machine.resolveState({ value: state, context: {} });
      const [next] = transition(machine, snapshot, { type: event });
      const expected = next.value === state && !hasEdge(machine, state, event) ? undefined : (next.value as string);
      expect(table[state]?.[event], `${state} --${event}-->`).toBe(expected);
      pairs++;
    }
  }
  return pairs;
}

const hasEdge = (machine: AnyStateMachine, state: string, event: string) =>
  machine.root.states[state]!.transitions.has(event);

describe('transition tables are derived from the machines', () => {
  it('cluster: every (state, event) pair agrees with xstate transition()', () => {
    expect(checkAgainstXState(clusterMachine, CLUSTER_TABLE)).toBe(statesOf(clusterMachine).length * eventsOf(clusterMachine).length);
  });
  it('snapshot: every (state, event) pair agrees with xstate transition()', () => {
    expect(checkAgainstXState(snapshotMachine, SNAPSHOT_TABLE)).toBeGreaterThan(20);
  });
  it('deleted is final for both machines', () => {
    expect(Object.keys(SNAPSHOT_TABLE.deleted)).toEqual([]);
    expect(Object.keys(CLUSTER_TABLE.deleted)).toEqual([]);
  });
});
