/**
 * Builders of the `given` events of decider specs: persisted events with readable defaults, all
 * literal (nothing here is drawn or computed by the code under test), so a spec's history says
 * only what matters to it. One timeline serves every spec: clusters are created at {@link T0} and
 * ready at {@link READY}; snapshots start at {@link TAKEN} and end {@link BACKUP_SECONDS} later.
 */
import type { ClusterCreated, ClusterTransitioned, DomainEvent, Ref, SnapshotAccessAuthorized, SnapshotCopyGrantCreated, SnapshotCreated, SnapshotTransitioned, TableRestoreStarted, TableRestoreTransitioned } from '../../src/events/types.ts';
import type { ClusterEvent, SnapshotEvent, TableRestoreEvent } from '../../src/machines/index.ts';
import type { Caller, Tag, TransferPlan, Workload } from '../../src/model/types.ts';

/** One minute in ms. */
export const MINUTE = 60_000;
/** One hour in ms. */
export const HOUR = 60 * MINUTE;
/** One day in ms. */
export const DAY = 24 * HOUR;

/** The start of every spec's world: 2025-01-01T00:00:00Z (clusters are created then). */
export const T0 = Date.UTC(2025, 0, 1);
/** When a cluster built by {@link clusterCreated} becomes `available` (T0 + 5 min). */
export const READY = T0 + 5 * MINUTE;
/** When a snapshot built by {@link snapshotCreated} starts (T0 + 1 h). */
export const TAKEN = T0 + HOUR;
/** How long the default transfer plan of {@link snapshotCreated} runs, seconds. */
export const BACKUP_SECONDS = 70;
/** When a default snapshot has completed (TAKEN + 70 s). */
export const DONE = TAKEN + BACKUP_SECONDS * 1000;

/** The account and region every spec calls from unless told otherwise. */
export const OWNER: Caller = { account: '123456789012', region: 'us-east-1' };
/** Another account of the owner's region (a grantee). */
export const OTHER = '210987654321';
/** A third account of the owner's region. */
export const THIRD = '555555555555';

/** The reference to `id` in the caller's account and region. */
export const ref = (id: string, caller: Caller = OWNER): Ref => ({ account: caller.account, region: caller.region, id });

/** A given event with the virtual time it happened at (see `at` in spec.ts). */
export interface Timed {
  readonly at: number;
  readonly event: DomainEvent;
}

/** `event`, happened at `time`. */
export const at = (time: number, event: DomainEvent): Timed => ({ at: time, event });

/** The default workload of a built cluster: 8 GB, 20 MB changed an hour, half of it growth. */
export const WORKLOAD: Workload = { baseMb: 8000, changeMbPerHour: 20, growthShare: 0.5 };

/** What {@link clusterCreated} may be told; everything else is a fixed default. */
export interface ClusterOptions {
  nodeType?: string;
  numberOfNodes?: number;
  createTime?: number;
  readyAt?: number;
  workload?: Workload;
  automatedRetention?: number;
  manualRetention?: number;
  tags?: Tag[];
  caller?: Caller;
}

/** `ClusterCreated`: a dc2.large single-node cluster `id`, created at T0, ready at READY. */
export function clusterCreated(id: string, o: ClusterOptions = {}): ClusterCreated {
  const caller = o.caller ?? OWNER;
  const createTime = o.createTime ?? T0;
  return {
    type: 'ClusterCreated',
    ref: ref(id, caller),
    profile: {
      clusterId: id,
      nodeType: o.nodeType ?? 'dc2.large',
      numberOfNodes: o.numberOfNodes ?? 1,
      port: 5439,
      availabilityZone: `${caller.region}a`,
      masterUsername: 'admin',
      dbName: 'dev',
      clusterCreateTime: createTime,
      encrypted: true,
      maintenanceTrackName: 'current',
      enhancedVpcRouting: false,
    },
    workload: o.workload ?? WORKLOAD,
    tags: o.tags ?? [],
    automatedRetention: o.automatedRetention ?? 1,
    manualRetention: o.manualRetention ?? -1,
    readyAt: o.readyAt ?? createTime + 5 * MINUTE,
  };
}

/** `ClusterTransitioned`: cluster `id` moves along `event` (with the extra fields given). */
export const clusterTransitioned = (
  id: string,
  event: ClusterEvent,
  extra: { dueAt?: number; finalSnapshotId?: string } = {},
  caller: Caller = OWNER,
): ClusterTransitioned => ({ type: 'ClusterTransitioned', ref: ref(id, caller), event, ...extra });

/** Cluster `id` became `available` (READY). */
export const clusterReady = (id: string, caller: Caller = OWNER): ClusterTransitioned => clusterTransitioned(id, 'READY', {}, caller);

/** Cluster `id` was paused at once (PAUSE), as PauseCluster decided before `pausing` existed (logs before SimulationStarted v4). */
export const clusterPaused = (id: string, caller: Caller = OWNER): ClusterTransitioned => clusterTransitioned(id, 'PAUSE', {}, caller);

/** The identifier of the snapshot PauseCluster takes of alpha at TAKEN. */
export const PAUSE_SNAPSHOT = 'rs:alpha-2025-01-01-01-00-00';
/** How long a cluster built by {@link pausingCluster} stays `pausing` at least (3 min). */
export const PAUSING_MS = 3 * MINUTE;

/**
 * The history of cluster alpha (available) pausing from TAKEN: BEGIN_PAUSE with its pausing time,
 * and its pause snapshot {@link PAUSE_SNAPSHOT} started (automated, one-day retention, {@link PLAN}).
 */
export function pausingCluster(o: SnapshotOptions = {}): Timed[] {
  return [
    at(TAKEN, clusterTransitioned('alpha', 'BEGIN_PAUSE', { dueAt: TAKEN + PAUSING_MS })),
    at(TAKEN, snapshotCreated(PAUSE_SNAPSHOT, 'alpha', { kind: 'automated', retention: 1, ...o })),
  ];
}

/** The history of alpha paused: {@link pausingCluster}, its pause snapshot completed (at DONE), then PAUSE_DONE when its pausing time ended. */
export const pausedCluster = (): Timed[] => [
  ...pausingCluster(),
  at(DONE, snapshotCompleted(PAUSE_SNAPSHOT)),
  at(TAKEN + PAUSING_MS, clusterTransitioned('alpha', 'PAUSE_DONE')),
];

/** The history of an `available` cluster: created at its create time, ready at its `readyAt`. */
export function availableCluster(id: string, o: ClusterOptions = {}): [ClusterCreated, Timed] {
  const created = clusterCreated(id, o);
  return [created, at(created.readyAt, clusterReady(id, o.caller))];
}

/** The default transfer plan: 10 s sizing, then 8000 MB by 70 s; it succeeds. */
export const PLAN: TransferPlan = { points: [0, 0, 10, 0, BACKUP_SECONDS, 8000], knownAt: 10, outcome: 'available' };

/** What {@link snapshotCreated} may be told; everything else is a fixed default. */
export interface SnapshotOptions {
  kind?: SnapshotCreated['kind'];
  createTime?: number;
  totalMb?: number;
  incrementalMb?: number;
  plan?: TransferPlan;
  retention?: number;
  tags?: Tag[];
  source?: string;
  caller?: Caller;
}

/** `SnapshotCreated`: a manual backup `id` of cluster `clusterId` starting at TAKEN (8000 MB, {@link PLAN}). */
export function snapshotCreated(id: string, clusterId: string, o: SnapshotOptions = {}): SnapshotCreated {
  const e: SnapshotCreated = {
    type: 'SnapshotCreated',
    ref: ref(id, o.caller),
    clusterId,
    kind: o.kind ?? 'manual',
    createTime: o.createTime ?? TAKEN,
    totalMb: o.totalMb ?? 8000,
    incrementalMb: o.incrementalMb ?? 8000,
    plan: o.plan ?? PLAN,
    retention: o.retention ?? -1,
    tags: o.tags ?? [],
  };
  return o.source === undefined ? e : { ...e, source: o.source };
}

/** `SnapshotTransitioned`: snapshot `id` moves along `event`. */
export const snapshotTransitioned = (id: string, event: SnapshotEvent, caller: Caller = OWNER): SnapshotTransitioned => ({
  type: 'SnapshotTransitioned',
  ref: ref(id, caller),
  event,
});

/** Snapshot `id`'s backup completed (COMPLETE). */
export const snapshotCompleted = (id: string, caller: Caller = OWNER): SnapshotTransitioned => snapshotTransitioned(id, 'COMPLETE', caller);

/** The history of an `available` snapshot: its backup started, then completed when its plan ends. */
export function availableSnapshot(id: string, clusterId: string, o: SnapshotOptions = {}): [SnapshotCreated, Timed] {
  const created = snapshotCreated(id, clusterId, o);
  const seconds = created.plan.points[created.plan.points.length - 2]!;
  return [created, at(created.createTime + seconds * 1000, snapshotCompleted(id, o.caller))];
}

/** `SnapshotAccessAuthorized`: `grantee` may restore snapshot `id`. */
export const accessAuthorized = (id: string, grantee: string, caller: Caller = OWNER): SnapshotAccessAuthorized => ({
  type: 'SnapshotAccessAuthorized',
  ref: ref(id, caller),
  grantee,
});

/** The KMS key of a grant built by {@link grantCreated} unless told otherwise. */
export const KEY = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555';

/** `SnapshotCopyGrantCreated`: grant `name` for `kmsKeyId` (default {@link KEY}), with `tags`. */
export const grantCreated = (name: string, o: { kmsKeyId?: string; tags?: Tag[]; caller?: Caller } = {}): SnapshotCopyGrantCreated => ({
  type: 'SnapshotCopyGrantCreated',
  ref: ref(name, o.caller),
  kmsKeyId: o.kmsKeyId ?? KEY,
  tags: o.tags ?? [],
});

/** The request id of a table restore built by {@link tableRestoreStarted} unless told otherwise. */
export const REQUEST = '00000000-0000-4000-8000-000000000001';
/** When a table restore built by {@link tableRestoreStarted} is requested (DONE + 10 min). */
export const REQUESTED = DONE + 10 * MINUTE;
/** The default table restore plan: 5 s sizing (PENDING), then 400 MB by 45 s (IN_PROGRESS); it succeeds. */
export const TABLE_PLAN: TransferPlan = { points: [0, 0, 5, 0, 45, 400], knownAt: 5, outcome: 'available' };

/** What {@link tableRestoreStarted} may be told; everything else is a fixed default. */
export interface TableRestoreOptions {
  requestId?: string;
  requestTime?: number;
  snapshotId?: string;
  newTableName?: string;
  plan?: TransferPlan;
  caller?: Caller;
}

/** `TableRestoreStarted`: table dev.public.sales of snapshot s1 restored into cluster `clusterId` as `sales_restored` (400 MB, {@link TABLE_PLAN}). */
export function tableRestoreStarted(clusterId: string, o: TableRestoreOptions = {}): Timed {
  const newTableName = o.newTableName ?? 'sales_restored';
  const e: TableRestoreStarted = {
    type: 'TableRestoreStarted',
    ref: ref(clusterId, o.caller),
    requestId: o.requestId ?? REQUEST,
    requestTime: o.requestTime ?? REQUESTED,
    snapshotId: o.snapshotId ?? 's1',
    sourceDatabaseName: 'dev',
    sourceSchemaName: 'public',
    sourceTableName: 'sales',
    newTableName,
    tableKey: JSON.stringify(['dev', 'public', newTableName.toLowerCase()]),
    sizeMb: 400,
    plan: o.plan ?? TABLE_PLAN,
  };
  return at(e.requestTime, e);
}

/** `TableRestoreTransitioned`: table restore `requestId` of cluster `clusterId` moves along `event`. */
export const tableRestoreTransitioned = (clusterId: string, event: TableRestoreEvent, requestId = REQUEST, caller: Caller = OWNER): TableRestoreTransitioned => ({
  type: 'TableRestoreTransitioned',
  ref: ref(clusterId, caller),
  requestId,
  event,
});

/** The history of a table restore into `clusterId` that ran its {@link TABLE_PLAN} to the end: started, IN_PROGRESS after 5 s, SUCCEEDED after 45 s. */
export const succeededTableRestore = (clusterId: string, o: TableRestoreOptions = {}): Timed[] => {
  const t = o.requestTime ?? REQUESTED;
  return [tableRestoreStarted(clusterId, o), at(t + 5_000, tableRestoreTransitioned(clusterId, 'START', o.requestId)), at(t + 45_000, tableRestoreTransitioned(clusterId, 'SUCCEED', o.requestId))];
};
