/**
 * Commands, events and log entries. Every accepted command is appended as one entry with the
 * events it produced; scheduled service work (a backup ending, an automated snapshot, a
 * retention expiry) is appended the same way with `command: null`. Each event type carries a
 * schema version (`v`); `decodeEntry` upcasts older versions.
 */
import type { ClusterEvent, SnapshotEvent, TableRestoreEvent } from '../machines/index.ts';
import type { SimConfig } from './config.ts';

/** An AWS tag. */
export interface Tag {
  Key: string;
  Value: string;
}

/** A cluster's seeded workload: how much data it holds and how fast it changes. */
export interface Workload {
  /** Data held when the cluster was created, MB. */
  readonly baseMb: number;
  /** Data changed per hour (inserts, updates, deletes), MB. */
  readonly changeMbPerHour: number;
  /** Share of changed data that adds to the total size (the rest rewrites existing blocks). */
  readonly growthShare: number;
}

/** Facts about a cluster that each of its snapshots carries (and keeps after the cluster is gone). */
export interface ClusterProfile {
  readonly clusterId: string;
  readonly nodeType: string;
  readonly numberOfNodes: number;
  readonly port: number;
  readonly availabilityZone: string;
  readonly masterUsername: string;
  readonly dbName: string;
  readonly clusterCreateTime: number;
  readonly encrypted: boolean;
  /** The customer-managed KMS key the cluster is encrypted with; absent for the default key. */
  readonly kmsKeyId?: string;
  readonly maintenanceTrackName: string;
  readonly enhancedVpcRouting: boolean;
  /** Created with `ManageMasterPassword=true`: the admin password is a Secrets Manager secret (absent otherwise). */
  readonly manageMasterPassword?: true;
}

/**
 * A backup's transfer, fixed when it starts: breakpoints `[t0, p0, t1, p1, …]` of a piecewise
 * linear progress curve (seconds since start, MB transferred). Sizes are unknown (`-1`) until
 * `knownAt`; the backup ends at the last breakpoint with `outcome`.
 */
export interface TransferPlan {
  readonly points: readonly number[];
  readonly knownAt: number;
  readonly outcome: 'available' | 'failed';
}

/** A request as the log records it: the AWS operation, the caller, and the input as given. */
export interface Command {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly input: Record<string, unknown>;
}

/** A reference to a cluster or snapshot: account, region, identifier. */
export interface Ref {
  readonly account: string;
  readonly region: string;
  readonly id: string;
}

/** The simulation's seed, start and configuration; always the first entry of a log. */
export interface SimulationStarted {
  readonly type: 'SimulationStarted';
  readonly seed: number;
  readonly start: number;
  readonly config: SimConfig;
}

/** What the event of every new cluster carries, created empty or restored (status `creating`). */
export interface NewClusterEvent {
  readonly ref: Ref;
  readonly profile: ClusterProfile;
  readonly workload: Workload;
  readonly tags: Tag[];
  readonly automatedRetention: number;
  readonly manualRetention: number;
  /** When `creating` ends (for a restore, when its data transfer starts). */
  readonly readyAt: number;
}

/** A cluster was created (status `creating`). */
export interface ClusterCreated extends NewClusterEvent {
  readonly type: 'ClusterCreated';
}

/**
 * A cluster was restored from a snapshot (status `creating`): a new cluster, plus the snapshot it
 * restores and the transfer of its data, which starts when provisioning ends (`readyAt`): the
 * cluster is `available` before all data is loaded.
 */
export interface ClusterRestoreStarted extends NewClusterEvent {
  readonly type: 'ClusterRestoreStarted';
  /** The snapshot restored (its owner and region may differ from the cluster's account). */
  readonly source: Ref;
  /** MB to load: the snapshot's total backup size. */
  readonly sizeMb: number;
  /** The data transfer, from `readyAt`. */
  readonly plan: TransferPlan;
}

/** A restore's data transfer ended: `completed`, or `failed` (the cluster becomes `incompatible-restore`). */
export interface ClusterRestoreEnded {
  readonly type: 'ClusterRestoreEnded';
  readonly ref: Ref;
  readonly outcome: 'completed' | 'failed';
}

/**
 * A cluster's snapshot retention settings changed (ModifyCluster): the period its automated
 * snapshots are kept (0: automated snapshots off) and the default for new manual snapshots.
 * Automated snapshots outside a lowered period are purged by events of their own in the same entry.
 */
export interface ClusterRetentionChanged {
  readonly type: 'ClusterRetentionChanged';
  readonly ref: Ref;
  readonly automatedRetention: number;
  readonly manualRetention: number;
}

/** A cluster moved along an edge of the cluster machine. */
export interface ClusterTransitioned {
  readonly type: 'ClusterTransitioned';
  readonly ref: Ref;
  readonly event: ClusterEvent;
  /** When the new transitional status ends, if it is one (deleting, resuming; pausing ends no sooner). */
  readonly dueAt?: number;
  /** The final snapshot being taken (DELETE_WITH_FINAL_SNAPSHOT). */
  readonly finalSnapshotId?: string;
}

/** A cluster finished deleting and is gone; its automated snapshots go with it. */
export interface ClusterRemoved {
  readonly type: 'ClusterRemoved';
  readonly ref: Ref;
}

/** A backup started: a manual, automated, copy or final snapshot in `creating`/`final snapshot`. */
export interface SnapshotCreated {
  readonly type: 'SnapshotCreated';
  readonly ref: Ref;
  readonly clusterId: string;
  readonly kind: 'manual' | 'automated' | 'copy' | 'final';
  readonly createTime: number;
  readonly totalMb: number;
  readonly incrementalMb: number;
  readonly plan: TransferPlan;
  readonly retention: number;
  readonly tags: readonly Tag[];
  /** A cluster outage (fault injection) this backup runs into: absolute [from, to]. */
  readonly outage?: [number, number];
  /** For copies: the source snapshot's identifier. */
  readonly source?: string;
}

/** A snapshot moved along an edge of the snapshot machine (`deleted` removes it). */
export interface SnapshotTransitioned {
  readonly type: 'SnapshotTransitioned';
  readonly ref: Ref;
  readonly event: SnapshotEvent;
}

/** A manual snapshot's retention period changed. */
export interface SnapshotRetentionChanged {
  readonly type: 'SnapshotRetentionChanged';
  readonly ref: Ref;
  readonly retention: number;
}

/** An account was authorized to restore a snapshot. */
export interface SnapshotAccessAuthorized {
  readonly type: 'SnapshotAccessAuthorized';
  readonly ref: Ref;
  readonly grantee: string;
}

/** An account's authorization was revoked. */
export interface SnapshotAccessRevoked {
  readonly type: 'SnapshotAccessRevoked';
  readonly ref: Ref;
  readonly grantee: string;
}

/**
 * The tag set of a cluster, snapshot, snapshot copy grant or snapshot schedule changed
 * (CreateTags, DeleteTags): `tags` is the whole new set, in order (kept keys where they were, new
 * keys after them). A grant's `ref.id` is its name, a schedule's its identifier.
 */
export interface ResourceTagsChanged {
  readonly type: 'ResourceTagsChanged';
  readonly ref: Ref;
  readonly resource: 'cluster' | 'snapshot' | 'copy-grant' | 'schedule' | 'event-subscription';
  readonly tags: readonly Tag[];
}

/**
 * A snapshot copy grant was created (CreateSnapshotCopyGrant): `ref.id` is its name, unique in
 * its account and region; `kmsKeyId` the key it is for, as given or the account's default key.
 */
export interface SnapshotCopyGrantCreated {
  readonly type: 'SnapshotCopyGrantCreated';
  readonly ref: Ref;
  readonly kmsKeyId: string;
  readonly tags: readonly Tag[];
}

/** A snapshot copy grant was deleted (DeleteSnapshotCopyGrant); its name is free again. */
export interface SnapshotCopyGrantDeleted {
  readonly type: 'SnapshotCopyGrantDeleted';
  readonly ref: Ref;
}

/**
 * A snapshot schedule was created (CreateSnapshotSchedule): `ref.id` is its identifier, unique in
 * its account and region; `definitions` its `cron(…)`/`rate(…)` rules as given, already checked.
 */
export interface SnapshotScheduleCreated {
  readonly type: 'SnapshotScheduleCreated';
  readonly ref: Ref;
  readonly definitions: readonly string[];
  readonly description?: string;
  readonly tags: readonly Tag[];
}

/**
 * A snapshot schedule's definitions were replaced (ModifySnapshotSchedule). Its associated clusters
 * go `MODIFYING` by `ClusterSnapshotScheduleChanged` events of their own in the same entry.
 */
export interface SnapshotScheduleModified {
  readonly type: 'SnapshotScheduleModified';
  readonly ref: Ref;
  readonly definitions: readonly string[];
}

/** A snapshot schedule was deleted (DeleteSnapshotSchedule); no cluster was associated with it. */
export interface SnapshotScheduleDeleted {
  readonly type: 'SnapshotScheduleDeleted';
  readonly ref: Ref;
}

/**
 * A cluster's snapshot schedule association changed (ModifyClusterSnapshotSchedule, CreateCluster or
 * RestoreFromClusterSnapshot with `SnapshotScheduleIdentifier`, ModifySnapshotSchedule of its
 * schedule): with `scheduleId`, the cluster is associated with that schedule of its partition,
 * `MODIFYING` until `activeAt` (`ACTIVE` at once when `activeAt` is not after the entry's time);
 * with `scheduleId` null, the association is removed and the default policy applies again.
 */
export interface ClusterSnapshotScheduleChanged {
  readonly type: 'ClusterSnapshotScheduleChanged';
  readonly ref: Ref;
  readonly scheduleId: string | null;
  /** When the association becomes `ACTIVE` (associating only). */
  readonly activeAt?: number;
}

/** A cluster's `MODIFYING` schedule association became `ACTIVE`: its automated snapshots follow the schedule's definitions from now. */
export interface ClusterSnapshotScheduleActivated {
  readonly type: 'ClusterSnapshotScheduleActivated';
  readonly ref: Ref;
}

/**
 * An API error injected into an operation, for the retry paths of runbooks: the next `count`
 * calls of `operation` answer `code` (a code of the error table), or, with `rate`, each call
 * does with that seeded probability.
 */
export interface ApiErrorRule {
  readonly operation: string;
  readonly code: string;
  readonly count?: number;
  readonly rate?: number;
}

/** An API error rule was added (by the config, the control API or the library). */
export interface ApiErrorInjected {
  readonly type: 'ApiErrorInjected';
  readonly rule: ApiErrorRule;
}

/** A call was answered with an injected error: rule number `rule` (in order of injection) fired. */
export interface ApiErrorRaised {
  readonly type: 'ApiErrorRaised';
  readonly rule: number;
}

/**
 * Cross-region snapshot copy was turned on for a cluster (EnableSnapshotCopy): from now on every
 * backup of it that completes is copied into `destinationRegion` of the same account.
 */
export interface SnapshotCopyEnabled {
  readonly type: 'SnapshotCopyEnabled';
  readonly ref: Ref;
  readonly destinationRegion: string;
  /** Days copied automated snapshots are kept there. */
  readonly retention: number;
  /** Days newly copied manual snapshots are kept there (-1: indefinitely). */
  readonly manualRetention: number;
  /** The snapshot copy grant named (a KMS-encrypted cluster's), if any. */
  readonly grantName?: string;
}

/** Cross-region snapshot copy was turned off for a cluster (DisableSnapshotCopy); copies made stay. */
export interface SnapshotCopyDisabled {
  readonly type: 'SnapshotCopyDisabled';
  readonly ref: Ref;
}

/**
 * A copy retention period of a cluster changed (ModifySnapshotCopyRetentionPeriod): of copied
 * automated snapshots (`manual` false; existing copies change by events of their own in the same
 * entry), or of manual snapshots copied from now on (`manual` true).
 */
export interface SnapshotCopyRetentionChanged {
  readonly type: 'SnapshotCopyRetentionChanged';
  readonly ref: Ref;
  readonly retention: number;
  readonly manual: boolean;
}

/**
 * A completed backup started copying into another region (cross-region snapshot copy): a new
 * snapshot `ref` in the destination, `creating` until `plan` ends, with the source's identifier,
 * type and cluster.
 */
export interface SnapshotCopyStarted {
  readonly type: 'SnapshotCopyStarted';
  readonly ref: Ref;
  /** The snapshot copied, in the source region. */
  readonly source: Ref;
  readonly snapshotType: 'manual' | 'automated';
  /**
   * The source's create time: a copy holds the data as of then. Its plan counts from this time
   * too, starting with a wait of no progress until the source completed and the copy began.
   */
  readonly createTime: number;
  /** The source's total backup size. */
  readonly totalMb: number;
  /** MB the copy moves: the whole snapshot for the cluster's first copy, else the source's increment. */
  readonly incrementalMb: number;
  readonly plan: TransferPlan;
  /** Days the copy is kept once it ends (-1: indefinitely). */
  readonly retention: number;
  /** The KMS key the copy is encrypted with in the destination (its copy grant's), when the source's is customer-managed. */
  readonly kmsKeyId?: string;
}

/**
 * A completed backup was not copied to the destination region: a snapshot of its identifier
 * already exists there (`exists`), or the destination's manual snapshot quota is full (`quota`).
 */
export interface SnapshotCopySkipped {
  readonly type: 'SnapshotCopySkipped';
  readonly ref: Ref;
  readonly source: Ref;
  readonly reason: 'exists' | 'quota';
}

/**
 * A region is down for the virtual interval [from, to) (fault injection): its requests answer
 * 503 ServiceUnavailable, and every transfer in or out of it (a backup there, a cross-region copy
 * from or to it) that runs into the interval stalls through it, or, with probability `failure`
 * (a seeded draw per transfer), fails when it begins.
 */
export interface RegionOutage {
  readonly region: string;
  readonly from: number;
  readonly to: number;
  readonly failure: number;
}

/** A region outage was scheduled (by the library, the control API or a simulator option). */
export interface RegionOutageScheduled {
  readonly type: 'RegionOutageScheduled';
  readonly outage: RegionOutage;
}

/**
 * A running transfer met a region outage scheduled after it started: its plan from now on (the
 * same breakpoints until the outage, then a stall through it, or a failure when it begins).
 */
export interface SnapshotTransferReplanned {
  readonly type: 'SnapshotTransferReplanned';
  readonly ref: Ref;
  readonly plan: TransferPlan;
}

/**
 * A running backup's transfer stalled from `from` to `to` (epoch ms; its cluster was rebooting):
 * its plan holds its progress there and every later breakpoint moves later by the stall's length
 * (`stallPlan` in `model/stall.ts`), so it ends that much later.
 */
export interface SnapshotTransferStalled {
  readonly type: 'SnapshotTransferStalled';
  readonly ref: Ref;
  readonly from: number;
  readonly to: number;
}

/**
 * A table restore was requested (RestoreTableFromClusterSnapshot) into cluster `ref` from one of
 * its snapshots: `PENDING` at `requestTime` while its plan sizes the table (until `plan.knownAt`),
 * then `IN_PROGRESS` until the plan ends. Names are as given (`sourceSchemaName` defaults to
 * `public`); `tableKey` names the table it creates in the cluster (target database, schema and new
 * name, lowercased unless the request was case sensitive).
 */
export interface TableRestoreStarted {
  readonly type: 'TableRestoreStarted';
  readonly ref: Ref;
  /** `TableRestoreRequestId`: a seeded UUID. */
  readonly requestId: string;
  readonly requestTime: number;
  readonly snapshotId: string;
  readonly sourceDatabaseName: string;
  readonly sourceSchemaName: string;
  readonly sourceTableName: string;
  readonly targetDatabaseName?: string;
  readonly targetSchemaName?: string;
  readonly newTableName: string;
  readonly tableKey: string;
  /** MB to restore: the source table's seeded size in the snapshot. */
  readonly sizeMb: number;
  /** The transfer, from `requestTime`. */
  readonly plan: TransferPlan;
}

/** Table restore `requestId` of cluster `ref` moved along an edge of the table restore machine. */
export interface TableRestoreTransitioned {
  readonly type: 'TableRestoreTransitioned';
  readonly ref: Ref;
  readonly requestId: string;
  readonly event: TableRestoreEvent;
}

/**
 * What an event subscription selects and where it would publish (Create/ModifyEventSubscription):
 * the whole set, as it stands after the command. Absent `sourceType`/`severity` and empty lists
 * select everything.
 */
export interface EventSubscriptionSettings {
  readonly snsTopicArn: string;
  readonly sourceType?: string;
  readonly sourceIds: readonly string[];
  /** Lower-case categories (configuration, management, monitoring, security, pending). */
  readonly categories: readonly string[];
  readonly severity?: string;
  readonly enabled: boolean;
}

/** An event subscription was created (CreateEventSubscription): `ref.id` is its name, unique per account and region. */
export interface EventSubscriptionCreated extends EventSubscriptionSettings {
  readonly type: 'EventSubscriptionCreated';
  readonly ref: Ref;
  readonly tags: readonly Tag[];
}

/** An event subscription's settings changed (ModifyEventSubscription): the whole new set. */
export interface EventSubscriptionModified extends EventSubscriptionSettings {
  readonly type: 'EventSubscriptionModified';
  readonly ref: Ref;
}

/** An event subscription was deleted (DeleteEventSubscription); its name is free again. */
export interface EventSubscriptionDeleted {
  readonly type: 'EventSubscriptionDeleted';
  readonly ref: Ref;
}

/** Any domain event. */
export type DomainEvent =
  | SimulationStarted
  | ApiErrorInjected
  | ApiErrorRaised
  | RegionOutageScheduled
  | SnapshotTransferReplanned
  | ClusterCreated
  | ClusterRestoreStarted
  | ClusterRestoreEnded
  | ClusterRetentionChanged
  | ClusterTransitioned
  | ClusterRemoved
  | SnapshotCreated
  | SnapshotTransitioned
  | SnapshotRetentionChanged
  | SnapshotAccessAuthorized
  | SnapshotAccessRevoked
  | ResourceTagsChanged
  | SnapshotCopyEnabled
  | SnapshotCopyDisabled
  | SnapshotCopyRetentionChanged
  | SnapshotCopyStarted
  | SnapshotCopySkipped
  | SnapshotCopyGrantCreated
  | SnapshotCopyGrantDeleted
  | SnapshotTransferStalled
  | TableRestoreStarted
  | TableRestoreTransitioned
  | SnapshotScheduleCreated
  | SnapshotScheduleModified
  | SnapshotScheduleDeleted
  | ClusterSnapshotScheduleChanged
  | ClusterSnapshotScheduleActivated
  | EventSubscriptionCreated
  | EventSubscriptionModified
  | EventSubscriptionDeleted;

/** The type name of a domain event. */
export type EventType = DomainEvent['type'];

/** Current schema version of each event type. */
export const SCHEMA_VERSIONS: Readonly<Record<EventType, number>> = {
  SimulationStarted: 4,
  ApiErrorInjected: 1,
  ApiErrorRaised: 1,
  RegionOutageScheduled: 1,
  SnapshotTransferReplanned: 1,
  ClusterCreated: 1,
  ClusterRestoreStarted: 1,
  ClusterRestoreEnded: 1,
  ClusterRetentionChanged: 1,
  ClusterTransitioned: 1,
  ClusterRemoved: 1,
  SnapshotCreated: 1,
  SnapshotTransitioned: 1,
  SnapshotRetentionChanged: 1,
  SnapshotAccessAuthorized: 1,
  SnapshotAccessRevoked: 1,
  ResourceTagsChanged: 1,
  SnapshotCopyEnabled: 1,
  SnapshotCopyDisabled: 1,
  SnapshotCopyRetentionChanged: 1,
  SnapshotCopyStarted: 1,
  SnapshotCopySkipped: 1,
  SnapshotCopyGrantCreated: 1,
  SnapshotCopyGrantDeleted: 1,
  SnapshotTransferStalled: 1,
  TableRestoreStarted: 1,
  TableRestoreTransitioned: 1,
  SnapshotScheduleCreated: 1,
  SnapshotScheduleModified: 1,
  SnapshotScheduleDeleted: 1,
  ClusterSnapshotScheduleChanged: 1,
  ClusterSnapshotScheduleActivated: 1,
  EventSubscriptionCreated: 1,
  EventSubscriptionModified: 1,
  EventSubscriptionDeleted: 1,
};

/** One line of the log: a dense sequence number, the virtual time, the cause and its events. */
export interface LogEntry {
  readonly seq: number;
  /** Virtual time, ms since the epoch. */
  readonly at: number;
  /** The request id answered to the caller (commands), or null (scheduled service work). */
  readonly requestId: string | null;
  readonly command: Command | null;
  readonly events: readonly DomainEvent[];
}
