/**
 * Type-level fixture, checked by `tsc --noEmit -p .` (vitest does not run it): the generated shape
 * types (`src/shapes/redshift.ts`) accept a well-formed input and reject a misspelt member and a
 * member of the wrong type. Each `@ts-expect-error` makes tsc fail if the line below it compiles.
 */
import type { CreateClusterSnapshotMessage, InputOf, OutputOf } from '../../src/shapes/redshift.ts';

export const wellFormed: InputOf<'CreateClusterSnapshot'> = {
  SnapshotIdentifier: 'my-snap-1',
  ClusterIdentifier: 'mycluster',
  ManualSnapshotRetentionPeriod: 7,
  Tags: [{ Key: 'env', Value: 'test' }],
};

export const misspelt: CreateClusterSnapshotMessage = {
  SnapshotIdentifier: 'my-snap-1',
  ClusterIdentifier: 'mycluster',
  // @ts-expect-error the member is ManualSnapshotRetentionPeriod
  ManualSnapshotRetentionPeriods: 7,
};

export const wrongType: CreateClusterSnapshotMessage = {
  SnapshotIdentifier: 'my-snap-1',
  // @ts-expect-error ClusterIdentifier is a string
  ClusterIdentifier: 42,
};

/** Outputs are the structures the SDK returns: the snapshot's status is optional, a string. */
export const status = (out: OutputOf<'CreateClusterSnapshot'>): string | undefined => out.Snapshot?.Status;

/**
 * The Simulator's methods take the typed inputs and give the typed outputs: a misspelt member and
 * a member of the wrong type do not compile there either (the by-name `execute` stays generic).
 */
export function simulatorMethods(sim: import('../../src/sim/simulator.ts').Simulator): (string | undefined)[] {
  // @ts-expect-error the member is SnapshotIdentifier
  sim.createClusterSnapshot({ SnapshotIdentifer: 's1', ClusterIdentifier: 'c1' });
  // @ts-expect-error NumberOfNodes is a number
  sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin', NumberOfNodes: '2' });
  const snapshots = sim.describeClusterSnapshots().Snapshots ?? [];
  return snapshots.map((s) => s.Status);
}
