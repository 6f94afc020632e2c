/**
 * Type-level test, checked by `tsc --noEmit -p .` (not run by vitest): the generated shape types
 * (`src/shapes/redshift.ts`) describe the same inputs and outputs as `@aws-sdk/client-redshift`,
 * for every covered operation, member by member and recursively.
 *
 * The SDK differs in three ways that are normalised away before comparing: every member, required
 * or not, is typed `T | undefined` (ours: required members are `T`, optional ones `T?`); command
 * outputs carry the SDK's `$metadata`; and an operation without input or output data has `{}`
 * where ours has `Record<string, never>`. What must agree: the member names, which are required, and
 * their types (enums as the same string literals, timestamps as `Date`, lists, nested structures).
 */
import type * as Sdk from '@aws-sdk/client-redshift';
import type { InputOf, OperationName, OutputOf } from '../../src/shapes/redshift.ts';

type Primitive = string | number | boolean | bigint | Date | Uint8Array;

/**
 * Members the SDK (3.1169) has and botocore 1.43's model has not yet: left out of the comparison.
 * `Cluster.LoggingPublishStatus`.
 */
type SdkOnly = 'LoggingPublishStatus';

/**
 * `T` with `undefined` removed from every member type, recursively; `?` modifiers are kept. A type
 * without members (the SDK's `{}`) becomes `Record<string, never>`, as ours are generated.
 */
type Normal<T> = T extends Primitive
  ? T
  : T extends readonly (infer E)[]
    ? Normal<E>[]
    : [keyof T] extends [never]
      ? Record<string, never>
      : { [K in keyof T as K extends SdkOnly ? never : K]: Normal<Exclude<T[K], undefined>> };

/** `true` when `A` and `B` are the same type, else `false`. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** The SDK's command input and output types, by operation. */
interface SdkShapes {
  CreateClusterSnapshot: { input: Sdk.CreateClusterSnapshotCommandInput; output: Sdk.CreateClusterSnapshotCommandOutput };
  DescribeClusterSnapshots: { input: Sdk.DescribeClusterSnapshotsCommandInput; output: Sdk.DescribeClusterSnapshotsCommandOutput };
  DeleteClusterSnapshot: { input: Sdk.DeleteClusterSnapshotCommandInput; output: Sdk.DeleteClusterSnapshotCommandOutput };
  BatchDeleteClusterSnapshots: { input: Sdk.BatchDeleteClusterSnapshotsCommandInput; output: Sdk.BatchDeleteClusterSnapshotsCommandOutput };
  ModifyClusterSnapshot: { input: Sdk.ModifyClusterSnapshotCommandInput; output: Sdk.ModifyClusterSnapshotCommandOutput };
  BatchModifyClusterSnapshots: { input: Sdk.BatchModifyClusterSnapshotsCommandInput; output: Sdk.BatchModifyClusterSnapshotsCommandOutput };
  CopyClusterSnapshot: { input: Sdk.CopyClusterSnapshotCommandInput; output: Sdk.CopyClusterSnapshotCommandOutput };
  AuthorizeSnapshotAccess: { input: Sdk.AuthorizeSnapshotAccessCommandInput; output: Sdk.AuthorizeSnapshotAccessCommandOutput };
  RevokeSnapshotAccess: { input: Sdk.RevokeSnapshotAccessCommandInput; output: Sdk.RevokeSnapshotAccessCommandOutput };
  RestoreFromClusterSnapshot: { input: Sdk.RestoreFromClusterSnapshotCommandInput; output: Sdk.RestoreFromClusterSnapshotCommandOutput };
  RestoreTableFromClusterSnapshot: { input: Sdk.RestoreTableFromClusterSnapshotCommandInput; output: Sdk.RestoreTableFromClusterSnapshotCommandOutput };
  DescribeTableRestoreStatus: { input: Sdk.DescribeTableRestoreStatusCommandInput; output: Sdk.DescribeTableRestoreStatusCommandOutput };
  EnableSnapshotCopy: { input: Sdk.EnableSnapshotCopyCommandInput; output: Sdk.EnableSnapshotCopyCommandOutput };
  DisableSnapshotCopy: { input: Sdk.DisableSnapshotCopyCommandInput; output: Sdk.DisableSnapshotCopyCommandOutput };
  ModifySnapshotCopyRetentionPeriod: { input: Sdk.ModifySnapshotCopyRetentionPeriodCommandInput; output: Sdk.ModifySnapshotCopyRetentionPeriodCommandOutput };
  CreateSnapshotCopyGrant: { input: Sdk.CreateSnapshotCopyGrantCommandInput; output: Sdk.CreateSnapshotCopyGrantCommandOutput };
  DeleteSnapshotCopyGrant: { input: Sdk.DeleteSnapshotCopyGrantCommandInput; output: Sdk.DeleteSnapshotCopyGrantCommandOutput };
  DescribeSnapshotCopyGrants: { input: Sdk.DescribeSnapshotCopyGrantsCommandInput; output: Sdk.DescribeSnapshotCopyGrantsCommandOutput };
  CreateSnapshotSchedule: { input: Sdk.CreateSnapshotScheduleCommandInput; output: Sdk.CreateSnapshotScheduleCommandOutput };
  ModifySnapshotSchedule: { input: Sdk.ModifySnapshotScheduleCommandInput; output: Sdk.ModifySnapshotScheduleCommandOutput };
  DeleteSnapshotSchedule: { input: Sdk.DeleteSnapshotScheduleCommandInput; output: Sdk.DeleteSnapshotScheduleCommandOutput };
  DescribeSnapshotSchedules: { input: Sdk.DescribeSnapshotSchedulesCommandInput; output: Sdk.DescribeSnapshotSchedulesCommandOutput };
  ModifyClusterSnapshotSchedule: { input: Sdk.ModifyClusterSnapshotScheduleCommandInput; output: Sdk.ModifyClusterSnapshotScheduleCommandOutput };
  DescribeStorage: { input: Sdk.DescribeStorageCommandInput; output: Sdk.DescribeStorageCommandOutput };
  CreateTags: { input: Sdk.CreateTagsCommandInput; output: Sdk.CreateTagsCommandOutput };
  DeleteTags: { input: Sdk.DeleteTagsCommandInput; output: Sdk.DeleteTagsCommandOutput };
  DescribeTags: { input: Sdk.DescribeTagsCommandInput; output: Sdk.DescribeTagsCommandOutput };
  DescribeEvents: { input: Sdk.DescribeEventsCommandInput; output: Sdk.DescribeEventsCommandOutput };
  DescribeEventCategories: { input: Sdk.DescribeEventCategoriesCommandInput; output: Sdk.DescribeEventCategoriesCommandOutput };
  CreateEventSubscription: { input: Sdk.CreateEventSubscriptionCommandInput; output: Sdk.CreateEventSubscriptionCommandOutput };
  ModifyEventSubscription: { input: Sdk.ModifyEventSubscriptionCommandInput; output: Sdk.ModifyEventSubscriptionCommandOutput };
  DeleteEventSubscription: { input: Sdk.DeleteEventSubscriptionCommandInput; output: Sdk.DeleteEventSubscriptionCommandOutput };
  DescribeEventSubscriptions: { input: Sdk.DescribeEventSubscriptionsCommandInput; output: Sdk.DescribeEventSubscriptionsCommandOutput };
  CreateCluster: { input: Sdk.CreateClusterCommandInput; output: Sdk.CreateClusterCommandOutput };
  DescribeClusters: { input: Sdk.DescribeClustersCommandInput; output: Sdk.DescribeClustersCommandOutput };
  DeleteCluster: { input: Sdk.DeleteClusterCommandInput; output: Sdk.DeleteClusterCommandOutput };
  PauseCluster: { input: Sdk.PauseClusterCommandInput; output: Sdk.PauseClusterCommandOutput };
  ResumeCluster: { input: Sdk.ResumeClusterCommandInput; output: Sdk.ResumeClusterCommandOutput };
  ModifyCluster: { input: Sdk.ModifyClusterCommandInput; output: Sdk.ModifyClusterCommandOutput };
  RebootCluster: { input: Sdk.RebootClusterCommandInput; output: Sdk.RebootClusterCommandOutput };
  ResizeCluster: { input: Sdk.ResizeClusterCommandInput; output: Sdk.ResizeClusterCommandOutput };
  FailoverPrimaryCompute: { input: Sdk.FailoverPrimaryComputeCommandInput; output: Sdk.FailoverPrimaryComputeCommandOutput };
  DescribeNodeConfigurationOptions: { input: Sdk.DescribeNodeConfigurationOptionsCommandInput; output: Sdk.DescribeNodeConfigurationOptionsCommandOutput };
  DescribeOrderableClusterOptions: { input: Sdk.DescribeOrderableClusterOptionsCommandInput; output: Sdk.DescribeOrderableClusterOptionsCommandOutput };
  DescribeAccountAttributes: { input: Sdk.DescribeAccountAttributesCommandInput; output: Sdk.DescribeAccountAttributesCommandOutput };
  CreateScheduledAction: { input: Sdk.CreateScheduledActionCommandInput; output: Sdk.CreateScheduledActionCommandOutput };
  DescribeScheduledActions: { input: Sdk.DescribeScheduledActionsCommandInput; output: Sdk.DescribeScheduledActionsCommandOutput };
}

/** The operations whose input or output differs from the SDK's (`never` when none does). */
type Mismatched = {
  [O in OperationName]: Same<Normal<InputOf<O>>, Normal<SdkShapes[O]['input']>> extends true
    ? Same<Normal<OutputOf<O>>, Normal<Omit<SdkShapes[O]['output'], '$metadata'>>> extends true
      ? never
      : O
    : O;
}[OperationName];

/** Fails to compile naming the mismatched operations, if any. */
export const everyOperationMatchesTheSdk: [Mismatched] extends [never] ? true : Mismatched = true;
/** The comparison covers exactly the generated operations. */
export const sameOperations: Same<keyof SdkShapes, OperationName> = true;
