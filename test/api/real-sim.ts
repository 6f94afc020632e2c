/**
 * Helpers for API tests that run against the real engine (`createSimulator`): set up clusters
 * the way a user would, and break the engine's state on purpose to see how the API layer answers
 * an engine bug. No stand-in for the simulator.
 */
import { findCluster } from '../../src/model/state.ts';
import type { Caller } from '../../src/api/port.ts';
import type { Command } from '../../src/events/types.ts';
import { DEFAULT_CALLER, type Simulator } from '../../src/sim/simulator.ts';

/** Creates an available `dc2.large` cluster for `caller` (runs the simulator until idle). */
export function availableCluster(sim: Simulator, id: string, caller: Caller = DEFAULT_CALLER): void {
  sim.execute('CreateCluster', { ClusterIdentifier: id, NodeType: 'dc2.large', NumberOfNodes: 2, MasterUsername: 'admin', MasterUserPassword: 'Passw0rd1' }, caller);
  sim.runUntilIdle();
}

/**
 * Simulates two engine bugs on cluster `id`: with `throws`, the engine's own view throws a
 * `TypeError`; with `misfit`, the engine returns an output that does not fit the model (a
 * fractional `NumberOfNodes`). Either must reach the client as `InternalFailure`.
 */
export function corruptCluster(sim: Simulator, id: string, how: 'throws' | 'misfit', caller: Caller = DEFAULT_CALLER): void {
  const cluster = findCluster(sim.state, caller.account, caller.region, id);
  if (!cluster) throw new Error(`no cluster ${id}`);
  if (how === 'throws') (cluster as { tags: unknown }).tags = null;
  else (cluster as { profile: unknown }).profile = { ...cluster.profile, numberOfNodes: 1.5 };
}

/** The command of the last accepted request in the log (what the engine received). */
export function lastCommand(sim: Simulator): Command | null {
  const entries = sim.entries();
  for (let i = entries.length - 1; i >= 0; i--) {
    const command = entries[i]?.command;
    if (command) return command;
  }
  return null;
}
