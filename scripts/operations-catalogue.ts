/**
 * The backup and disaster-recovery operations of the Redshift API that snapsim covers or means to
 * cover, grouped by area. It decides which operations get generated shape types
 * (`src/shapes/redshift.ts`) and the layout of `docs/operations.md`; whether one is implemented
 * comes from the operations table (`OPERATIONS` in `src/model/operations.ts`), never from here.
 */

/** One area of the catalogue: a heading and its operations, in display order. */
export interface CatalogueGroup {
  readonly area: string;
  readonly operations: readonly string[];
}

/** The catalogue, by area. */
export const CATALOGUE: readonly CatalogueGroup[] = [
  {
    area: 'Snapshots',
    operations: [
      'CreateClusterSnapshot',
      'DescribeClusterSnapshots',
      'DeleteClusterSnapshot',
      'BatchDeleteClusterSnapshots',
      'ModifyClusterSnapshot',
      'BatchModifyClusterSnapshots',
      'CopyClusterSnapshot',
      'AuthorizeSnapshotAccess',
      'RevokeSnapshotAccess',
    ],
  },
  { area: 'Restore', operations: ['RestoreFromClusterSnapshot', 'RestoreTableFromClusterSnapshot', 'DescribeTableRestoreStatus'] },
  {
    area: 'Cross-region copy',
    operations: [
      'EnableSnapshotCopy',
      'DisableSnapshotCopy',
      'ModifySnapshotCopyRetentionPeriod',
      'CreateSnapshotCopyGrant',
      'DeleteSnapshotCopyGrant',
      'DescribeSnapshotCopyGrants',
    ],
  },
  {
    area: 'Schedules',
    operations: ['CreateSnapshotSchedule', 'ModifySnapshotSchedule', 'DeleteSnapshotSchedule', 'DescribeSnapshotSchedules', 'ModifyClusterSnapshotSchedule'],
  },
  { area: 'Storage and tags', operations: ['DescribeStorage', 'CreateTags', 'DeleteTags', 'DescribeTags'] },
  {
    area: 'Events',
    operations: [
      'DescribeEvents',
      'DescribeEventCategories',
      'CreateEventSubscription',
      'ModifyEventSubscription',
      'DeleteEventSubscription',
      'DescribeEventSubscriptions',
    ],
  },
  {
    area: 'Clusters',
    operations: [
      'CreateCluster',
      'DescribeClusters',
      'DeleteCluster',
      'PauseCluster',
      'ResumeCluster',
      'ModifyCluster',
      'RebootCluster',
      'ResizeCluster',
      'FailoverPrimaryCompute',
    ],
  },
  {
    area: 'Planning',
    operations: [
      'DescribeNodeConfigurationOptions',
      'DescribeOrderableClusterOptions',
      'DescribeAccountAttributes',
      'CreateScheduledAction',
      'DescribeScheduledActions',
    ],
  },
];

/** Every catalogue operation, in catalogue order. */
export const CATALOGUE_OPERATIONS: readonly string[] = CATALOGUE.flatMap((g) => g.operations);
