/** Every operation snapsim implements, by AWS operation name: the one list every other list derives from. */
import { CLUSTER_OPERATIONS } from './ops-clusters.ts';
import { SNAPSHOT_COMMANDS } from './ops-snapshots.ts';
import { describeClusterSnapshots } from './describe-snapshots.ts';
import { describeStorage } from './describe-storage.ts';
import { restoreFromClusterSnapshot } from './restore.ts';
import { modifyCluster } from './modify-cluster.ts';
import { describeNodeConfigurationOptions } from './node-configurations.ts';
import { TAG_OPERATIONS } from './tags.ts';
import { SNAPSHOT_COPY_OPERATIONS } from './snapshot-copy.ts';
import { COPY_GRANT_OPERATIONS } from './copy-grants.ts';
import { TABLE_RESTORE_OPERATIONS } from './table-restore.ts';
import { SCHEDULE_OPERATIONS } from './snapshot-schedules.ts';
import { EVENT_OPERATIONS } from './event-ops.ts';
import type { OperationName } from '../shapes/redshift.ts';
import type { Operation, UntypedOperation } from './operation.ts';

/**
 * The operations table. The trimmed AWS model, the Simulator's methods, the fuzz test's actions
 * and `docs/operations.md` are all derived from its keys.
 */
export const OPERATIONS = {
  ...CLUSTER_OPERATIONS,
  ...SNAPSHOT_COMMANDS,
  DescribeClusterSnapshots: describeClusterSnapshots,
  DescribeStorage: describeStorage,
  RestoreFromClusterSnapshot: restoreFromClusterSnapshot,
  ModifyCluster: modifyCluster,
  DescribeNodeConfigurationOptions: describeNodeConfigurationOptions,
  ...TAG_OPERATIONS,
  ...SNAPSHOT_COPY_OPERATIONS,
  ...COPY_GRANT_OPERATIONS,
  ...TABLE_RESTORE_OPERATIONS,
  ...SCHEDULE_OPERATIONS,
  ...EVENT_OPERATIONS,
} satisfies { [O in OperationName]?: Operation<O> };

/** The name of an operation snapsim implements. */
export type ImplementedOperation = keyof typeof OPERATIONS;

/** The operation named `name` as the by-name path holds it, or undefined when snapsim does not implement it. */
export const operationNamed = (name: string): UntypedOperation | undefined =>
  Object.hasOwn(OPERATIONS, name) ? (OPERATIONS[name as ImplementedOperation] as unknown as UntypedOperation) : undefined;
