/** Every operation snapsim implements, by AWS operation name. */
import { CLUSTER_OPERATIONS } from './ops-clusters.ts';
import { SNAPSHOT_COMMANDS } from './ops-snapshots.ts';
import { describeClusterSnapshots } from './describe-snapshots.ts';
import type { Operation } from './operation.ts';

/** The operations table. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  ...CLUSTER_OPERATIONS,
  ...SNAPSHOT_COMMANDS,
  DescribeClusterSnapshots: describeClusterSnapshots,
};
