import { describe, expect, it } from 'vitest';
import { transition, type AnyStateMachine } from 'xstate';
import { toDirectedGraph } from 'xstate/graph';
import { CLUSTER_TABLE, SNAPSHOT_TABLE, clusterMachine, eventsOf, snapshotMachine, statesOf } from '../src/machines/index.ts';

/**
 * Checks every (state, event) pair of a table against the machine's edges as xstate/graph draws
 * them (an independent reading of the definition from the one `deriveTable` makes through
 * `transition()`), and against `transition()` itself. Returns the number of pairs checked.
 */
function checkAgainstXState(machine: AnyStateMachine, table: Record<string, Record<string, string | undefined>>) {
  const edges = new Map<string, string>();
  for (const node of toDirectedGraph(machine).children) for (const e of node.edges) edges.set(`${e.source.key} ${e.label.text}`, e.target.key);
  let pairs = 0;
  for (const state of statesOf(machine)) {
    for (const event of eventsOf(machine)) {
      const expected = edges.get(`${state} ${event}`);
      expect(table[state]?.[event], `${state} --${event}-->`).toBe(expected);
      const [next] = transition(machine, machine.resolveState({ value: state, context: {} }), { type: event });
      expect(next.value, `${state} --${event}--> by transition()`).toBe(expected ?? state);
      pairs++;
    }
  }
  return pairs;
}

describe('transition tables are derived from the machines', () => {
  it('cluster: every (state, event) pair agrees with xstate transition()', () => {
    expect(checkAgainstXState(clusterMachine, CLUSTER_TABLE)).toBe(statesOf(clusterMachine).length * eventsOf(clusterMachine).length);
  });
  it('snapshot: every (state, event) pair agrees with xstate transition()', () => {
    expect(checkAgainstXState(snapshotMachine, SNAPSHOT_TABLE)).toBe(statesOf(snapshotMachine).length * eventsOf(snapshotMachine).length);
  });
  it('deleted is final for both machines', () => {
    expect(Object.keys(SNAPSHOT_TABLE.deleted)).toEqual([]);
    expect(Object.keys(CLUSTER_TABLE.deleted)).toEqual([]);
  });
});
