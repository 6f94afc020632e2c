import { describe, expect, it } from 'vitest';
import { transition, type AnyStateMachine } from 'xstate';
import { toDirectedGraph } from 'xstate/graph';
import { CLUSTER_TABLE, SNAPSHOT_TABLE, TABLE_RESTORE_TABLE, clusterMachine, eventsOf, snapshotMachine, statesOf, tableRestoreMachine } from '../src/machines/index.ts';

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
  it('table restore: every (state, event) pair agrees with xstate transition()', () => {
    expect(checkAgainstXState(tableRestoreMachine, TABLE_RESTORE_TABLE)).toBe(statesOf(tableRestoreMachine).length * eventsOf(tableRestoreMachine).length);
  });
  it('a table restore ends once: SUCCEEDED, FAILED and CANCELED have no edges out', () => {
    for (const end of ['SUCCEEDED', 'FAILED', 'CANCELED'] as const) expect(Object.keys(TABLE_RESTORE_TABLE[end])).toEqual([]);
  });
  it('a reboot leaves rebooting by REBOOTED, an outage by RECOVERED, both to available', () => {
    expect(CLUSTER_TABLE.available.REBOOT).toBe('rebooting');
    expect(CLUSTER_TABLE.rebooting.REBOOTED).toBe('available');
    expect(CLUSTER_TABLE.rebooting.RECOVERED).toBe('available');
  });
  it('deleted is final for both machines', () => {
    expect(Object.keys(SNAPSHOT_TABLE.deleted)).toEqual([]);
    expect(Object.keys(CLUSTER_TABLE.deleted)).toEqual([]);
  });
});
