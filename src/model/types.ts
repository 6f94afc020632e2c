/**
 * The domain state: regions × accounts × clusters × snapshots, as plain data. Times are virtual
 * milliseconds since the Unix epoch. Records hold only what events put there; views derive the
 * AWS shapes from them at a given time.
 */
import type { ClusterStatus, SnapshotStatus, TableRestoreStatus } from '../machines/index.ts';
import type { SeqIndex } from './seq-index.ts';
import type { SimConfig } from '../events/config.ts';
import type { ApiErrorRule, ClusterProfile, RegionOutage, Tag, TransferPlan, Workload } from '../events/types.ts';

export type { ClusterProfile, Tag, TransferPlan, Workload };

/** Who makes a call: the AWS account and region every operation is partitioned by. */
export interface Caller {
  readonly account: string;
  readonly region: string;
}

/**
 * A due time that is not set: never due. Time fields hold numbers only, never null, so V8 keeps
 * each as a double it updates in place; a field that may hold null allocates a new heap number
 * on every write, away from its record.
 */
export const NEVER = Infinity;

/** A past instant that has not happened yet (no backup completed, retention not started). */
export const NOT_YET = -Infinity;

/** A cluster as the domain keeps it. */
export interface ClusterRecord {
  readonly kind: 'cluster';
  readonly id: string;
  /** Creation order across the whole simulation; breaks ties in the scheduler. */
  readonly seq: number;
  status: ClusterStatus;
  readonly profile: ClusterProfile;
  readonly workload: Workload;
  tags: Tag[];
  /** Days automated snapshots are kept (0: automated snapshots off). */
  automatedRetention: number;
  /** Default retention of new manual snapshots, days (-1: indefinitely). */
  manualRetention: number;
  /** When the current transitional status (creating, deleting) ends; {@link NEVER} when none is pending. */
  dueAt: number;
  /** When the next automated snapshot is due; {@link NEVER} when automated snapshots are off or paused. */
  nextAutoAt: number;
  /** Start time of the last snapshot that completed ({@link NOT_YET} before one has); incremental sizes count changes since then. */
  lastBackupStart: number;
  /** Start time of the last automated snapshot taken; {@link NOT_YET} before the first. */
  lastAutoStart: number;
  /** Automated snapshots taken so far (the next one's number: it keys that backup's figures). */
  autoTaken: number;
  /** A pending outage window [from, to] (fault injection); null when none. */
  outage: [number, number] | null;
  /** The final snapshot being taken by DeleteCluster, if any. */
  finalSnapshotId: string | null;
  /**
   * This cluster's automated snapshots, oldest first. They are kept here, not in the partition's
   * map: they live and die with their cluster, and a new one every few hours would otherwise churn
   * a map that holds every manual snapshot of the account and region.
   */
  automated: SnapshotRecord[];
  /** Sequence number of the newest of them that is available (AWS keeps it past its retention); 0 when none is. */
  latestAutoSeq: number;
  /**
   * When that one's retention ends ({@link NEVER} when there is none). Only it can outlive its
   * retention, so while this lies ahead no automated snapshot of the cluster is overdue.
   */
  latestAutoExpiry: number;
  /** Backups of this cluster still transferring. */
  backupsInFlight: number;
  /** The restore this cluster was created by; null for a cluster created empty. */
  restore: RestoreRecord | null;
  /** Cross-region snapshot copy while enabled (EnableSnapshotCopy); null while disabled. */
  copy: SnapshotCopyConfig | null;
  /** Cross-region copies of its backups started so far, ever (the next one's number: it keys that copy's figures). */
  copiesTaken: number;
  /**
   * Table restores into this cluster (RestoreTableFromClusterSnapshot), oldest first. At most one
   * has not ended, and it is the last. Ended ones are kept up to {@link TABLE_RESTORE_HISTORY};
   * the oldest ended one goes when another ends beyond that. They go away with the cluster.
   */
  tableRestores: TableRestoreRecord[];
  /**
   * The tables table restores have created in this cluster (`TableRestoreStarted.tableKey`):
   * snapsim knows no other tables, and a restore may not create one of these again.
   */
  tables: Set<string>;
  /** The snapshot schedule the cluster is associated with; null when it follows the default policy. */
  schedule: ScheduleAssociation | null;
}

/** The most ended table restores a cluster keeps (DescribeTableRestoreStatus shows these). */
export const TABLE_RESTORE_HISTORY = 100;

/**
 * A table restore (RestoreTableFromClusterSnapshot): what it restores, and its transfer (a
 * {@link TransferPlan} from `createTime`, the request time): `PENDING` while the plan sizes the
 * table, `IN_PROGRESS` while data moves, then how it ended.
 */
export interface TableRestoreRecord {
  /** `TableRestoreRequestId`. */
  readonly requestId: string;
  /** Creation order across the whole simulation (paging). */
  readonly seq: number;
  readonly snapshotId: string;
  readonly sourceDatabaseName: string;
  readonly sourceSchemaName: string;
  readonly sourceTableName: string;
  /** As given; null when not. */
  readonly targetDatabaseName: string | null;
  readonly targetSchemaName: string | null;
  readonly newTableName: string;
  /** The table it creates (see {@link ClusterRecord.tables}). */
  readonly tableKey: string;
  readonly sizeMb: number;
  status: TableRestoreStatus;
  /** The request time; the transfer counts from it. */
  readonly createTime: number;
  /** The transfer while it runs; null once it has ended. */
  plan: TransferPlan | null;
  /** When the transfer ended (or will end, while `plan` is set). */
  endTime: number;
  /** MB transferred when it ended. */
  finalProgressMb: number;
}

/**
 * A cluster's association with a snapshot schedule of its account and region (AWS's
 * `SnapshotScheduleIdentifier` and `SnapshotScheduleState`). While `MODIFYING` (a new association,
 * or its schedule's definitions changed) the cluster keeps the automated policy it `follows`; at
 * `activeAt` it becomes `ACTIVE` and follows the schedule's definitions of that time.
 */
export interface ScheduleAssociation {
  /** The schedule's identifier. */
  readonly id: string;
  readonly state: 'MODIFYING' | 'ACTIVE';
  /** When a `MODIFYING` association becomes `ACTIVE`; {@link NEVER} once it is. */
  readonly activeAt: number;
  /** The definitions the cluster's automated snapshots follow now; null: the default policy (until first active). */
  readonly follows: readonly string[] | null;
}

/** A snapshot schedule (CreateSnapshotSchedule): definitions, in UTC, that associated clusters' automated snapshots follow. */
export interface ScheduleRecord {
  readonly kind: 'schedule';
  /** `ScheduleIdentifier`, unique per account and region. */
  readonly id: string;
  /** Creation order across the whole simulation (paging, DescribeTags). */
  readonly seq: number;
  /** `cron(…)` / `rate(…)` definitions as given (checked by `parseSchedule`). */
  definitions: readonly string[];
  readonly description: string | null;
  tags: Tag[];
}

/** A cluster's cross-region snapshot copy settings (AWS's `ClusterSnapshotCopyStatus`). */
export interface SnapshotCopyConfig {
  /** The region every completed backup of the cluster is copied to. */
  readonly destinationRegion: string;
  /** Days copied automated snapshots are kept in the destination (1..35). */
  readonly retention: number;
  /** Days newly copied manual snapshots are kept in the destination (-1: indefinitely). */
  readonly manualRetention: number;
  /** The snapshot copy grant (in the destination region) a KMS-encrypted cluster copies with; null when none is named. */
  readonly grantName: string | null;
  /** Copies started since copy was enabled: the first moves the whole snapshot, later ones their increment. */
  copies: number;
}

/** A snapshot copy grant: lets Redshift use a KMS key to encrypt copies made into its region. */
export interface CopyGrantRecord {
  readonly kind: 'copy-grant';
  /** `SnapshotCopyGrantName`, unique per account and region. */
  readonly name: string;
  /** Creation order across the whole simulation (paging). */
  readonly seq: number;
  /** The KMS key the grant is for. */
  readonly kmsKeyId: string;
  tags: Tag[];
}

/**
 * A cluster's restore from a snapshot: its data transfer (a {@link TransferPlan} from `createTime`,
 * when provisioning ended), and how it ended.
 */
export interface RestoreRecord {
  /** The snapshot restored. */
  readonly source: { readonly account: string; readonly region: string; readonly id: string };
  readonly sizeMb: number;
  /** When the transfer starts (the cluster's provisioning ends). */
  readonly createTime: number;
  /** The transfer while it runs; null once it has ended. */
  plan: TransferPlan | null;
  /** When the transfer ended (or will end, while `plan` is set). */
  endTime: number;
  /** MB transferred when it ended. */
  finalProgressMb: number;
  /** How it ended; `restoring` while it runs. */
  outcome: 'restoring' | 'completed' | 'failed';
}

/** A snapshot as the domain keeps it. */
export interface SnapshotRecord {
  readonly kind: 'snapshot';
  readonly id: string;
  readonly seq: number;
  readonly owner: string;
  readonly region: string;
  readonly type: 'manual' | 'automated';
  status: SnapshotStatus;
  readonly createTime: number;
  readonly totalMb: number;
  readonly incrementalMb: number;
  /** The transfer while it runs; null once the backup has ended. */
  plan: TransferPlan | null;
  /** When the backup ended (or will end, while `plan` is set). */
  endTime: number;
  /** MB transferred when the backup ended. */
  finalProgressMb: number;
  /** Retention in days: manual -1 or 1..3653; automated, the cluster's period when taken. */
  retention: number;
  /** When the retention period began (the backup's end); {@link NOT_YET} while it has not. */
  retentionStart: number;
  tags: readonly Tag[];
  /** Accounts (or `amazon-redshift-support`) authorized to restore, in grant order. */
  grants: readonly string[];
  readonly profile: ClusterProfile;
  /** For copies, the source snapshot's identifier; else null. */
  readonly source: string | null;
  /** For cross-region copies, the region of the source snapshot (AWS's `SourceRegion`); else null. */
  readonly sourceRegion: string | null;
  /** The next time the service must act on it (backup end, retention expiry); {@link NEVER} when none. */
  dueAt: number;
}

/**
 * Every kind of record that carries due times (and so timers). A new kind joins this union; every
 * switch over `kind` (queuing, reading and deciding its timers) then fails to compile until it
 * handles it.
 */
export type TimedRecord = ClusterRecord | SnapshotRecord;

/**
 * Where a shared snapshot lives. Indexes hold keys, never records: a record lives in exactly one
 * place (its partition's `manual` map, or its cluster's `automated` list), which keeps
 * copy-on-write updates (immer) correct.
 */
export interface SharedRef {
  readonly owner: string;
  readonly id: string;
}

/**
 * One AWS event of the events projection (DescribeEvents): what the catalogue row `eventId`
 * (`REDSHIFT-EVENT-nnnn`) says of source `sourceId`, at `at`. Its categories and severity are the
 * catalogue's (`model/aws-events.ts`).
 */
export interface AwsEventRecord {
  /** The event's number in its partition (1, 2, …): markers resume after it. */
  readonly n: number;
  readonly at: number;
  readonly eventId: string;
  readonly sourceType: 'cluster' | 'cluster-snapshot';
  readonly sourceId: string;
  /** The names its message speaks of (the message is built when read: `messageOf`). */
  readonly args: { readonly cluster: string; readonly snapshot?: string; readonly from?: string; readonly to?: string; readonly saved?: boolean };
}

/**
 * The AWS events of a partition within AWS's 14-day window, oldest first, kept as columns of a
 * ring: slot `(head + k) % capacity` of every array is the `k`-th event kept (0 the oldest),
 * `size` of them; the capacity (every column's length) is 0 or a power of two and doubles when
 * the ring is full. Older events are dropped as newer ones arrive, their slots cleared. Recording
 * an event allocates nothing and moves nothing: a year of cross-region copies publishes 1.7
 * million events, and an object per event kept for 14 days, or columns compacted by splicing,
 * cost more (garbage collection, moving) than the rest of the projection. `eventAt` in
 * `aws-events.ts` reads one as an {@link AwsEventRecord}; the `k`-th kept is number
 * `count - size + 1 + k`. An event's source type is its catalogue entry's.
 */
export interface AwsEventLedger {
  /** When each happened (epoch ms). */
  at: number[];
  /** The catalogue id of each (`REDSHIFT-EVENT-nnnn`); undefined in a free slot. */
  eventId: (string | undefined)[];
  sourceId: (string | undefined)[];
  /** The names each message speaks of (`AwsEventRecord.args`), a column per name. */
  cluster: (string | undefined)[];
  snapshot: (string | undefined)[];
  /**
   * When the automated snapshot an event names was taken, when its name is not kept in `snapshot`
   * (it is `automatedId(cluster, snapshotAt)`, built when read: keeping the string 14 days cost
   * more than the rest of recording it); NaN otherwise.
   */
  snapshotAt: number[];
  from: (string | undefined)[];
  to: (string | undefined)[];
  saved: (boolean | undefined)[];
  /** The slot of the oldest event kept. */
  head: number;
  /** Events kept. */
  size: number;
  /** Events recorded so far (the next one's number less one). */
  count: number;
}

/** An event subscription (CreateEventSubscription): what it selects, and where it would publish. */
export interface SubscriptionRecord {
  readonly kind: 'event-subscription';
  /** `SubscriptionName` (AWS's `CustSubscriptionId`), unique per account and region. */
  readonly name: string;
  /** Creation order across the whole simulation (paging). */
  readonly seq: number;
  readonly createTime: number;
  snsTopicArn: string;
  sourceType: string | undefined;
  sourceIds: readonly string[];
  categories: readonly string[];
  severity: string | undefined;
  enabled: boolean;
  tags: Tag[];
}

/**
 * The automated snapshots copied into a region from clusters of one name, oldest first, with
 * their creation times beside them: each new copy asks whether its identifier is there already,
 * and a scan of these numbers answers it without reading every copy's record (records are
 * scattered in memory; the scan's cache misses cost more than the copy). `times[i]` is
 * `snaps[i].createTime`.
 */
export interface CopiedAutomated {
  readonly snaps: SnapshotRecord[];
  readonly times: number[];
}

/** One account's resources in one region. */
export interface Partition {
  readonly account: string;
  readonly region: string;
  readonly clusters: Map<string, ClusterRecord>;
  /**
   * Manual snapshots (final snapshots and copies too) by identifier; its size is what the manual
   * quota counts. Automated ones are kept with their cluster.
   */
  readonly manual: Map<string, SnapshotRecord>;
  /** Snapshot identifiers in creation order, for constant-cost paging. */
  readonly order: SeqIndex<string>;
  /**
   * Manual snapshot identifiers in creation order by the cluster they were taken from
   * (`profile.clusterId`; a copy's is its source's), so a page filtered by cluster seeks instead
   * of scanning every snapshot. No entry for a cluster id without manual snapshots.
   */
  readonly manualByCluster: Map<string, SeqIndex<string>>;
  /**
   * Automated snapshots copied into this region from another (cross-region snapshot copy), by the
   * identifier of the cluster they were taken from, oldest first. They have no cluster here to
   * live with, so they are kept like a cluster keeps its own: short lists under keys that stay,
   * rather than a map that every copy would churn. They do not count against the manual quota;
   * copied manual snapshots live in `manual` like any other.
   */
  readonly copiedAutomated: Map<string, CopiedAutomated>;
  /**
   * Whether an automated snapshot copied in from another region has ever been kept here. Until
   * one has, every automated snapshot identifier of this partition is `automatedId(cluster,
   * createTime)`: a new one takes the next second only when that one clashes with a copied-in
   * snapshot's (`model/timers.ts`). The events ledger then keeps such identifiers as times.
   */
  heldAutomatedCopies: boolean;
  /** Snapshot copy grants in this region, by name. */
  readonly copyGrants: Map<string, CopyGrantRecord>;
  /** Snapshot schedules in this region, by identifier (in creation order: each is set once). */
  readonly schedules: Map<string, ScheduleRecord>;
  /** The AWS events of this account and region (DescribeEvents), a projection of the events applied. */
  readonly events: AwsEventLedger;
  /** Event subscriptions in this region, by name, in creation order. */
  readonly subscriptions: Map<string, SubscriptionRecord>;
}

/** The whole simulated world. */
export interface State {
  readonly seed: number;
  readonly start: number;
  readonly config: SimConfig;
  /** Next entity sequence number. */
  nextSeq: number;
  readonly partitions: Map<string, Partition>;
  /** Snapshots shared with an account, keyed `grantee/region`, in creation order. */
  readonly shared: Map<string, SeqIndex<SharedRef>>;
  /** Injected API errors in order of injection, each with the calls it still fails (Infinity: by rate only). */
  readonly apiErrors: { readonly rule: ApiErrorRule; remaining: number }[];
  /** Region outages scheduled (fault injection), in order of scheduling; past ones stay (few). */
  readonly regionOutages: RegionOutage[];
}

/** Key of a partition in {@link State.partitions}. */
export const partitionKey = (account: string, region: string): string => `${account}/${region}`;
