/**
 * The AWS events projection (DescribeEvents, DescribeEventCategories, event subscriptions): the
 * catalogue of the Redshift events snapsim publishes, and the ONE table that maps a domain event
 * (and its sub-kind) to one of them. `apply` calls {@link project} with every event before it
 * changes the state, so a replay rebuilds the projection exactly as the live run built it; the
 * projection adds nothing to the log.
 *
 * Adding a mapping: give the domain event a row in {@link AWS_EVENT_MAP} (keyed by its `type`,
 * and, when only some of its kinds publish, by the member that names the kind), and its catalogue
 * entry in {@link CATALOGUE} if it is new. Nothing else changes: apply, DescribeEvents, the
 * subscriptions and the notifications all follow from the table.
 *
 * The catalogue follows AWS's published "Amazon Redshift event categories and event messages"
 * (the cluster and cluster-snapshot source types). AWS publishes no events for automated
 * snapshots, so their rows return nothing: the hot path of a simulation (an automated snapshot
 * every few hours per cluster) costs one table lookup per event.
 */
import type { DomainEvent, EventType, Ref } from '../events/types.ts';
import { automatedId } from './automated-id.ts';
import { findCluster, findSnapshot, partitionOf } from './state.ts';
import type { AwsEventLedger, AwsEventRecord, Partition, SnapshotRecord, State } from './types.ts';

/** AWS's window of DescribeEvents: the past 14 days. Older events are dropped from the state. */
export const EVENT_WINDOW_MS = 14 * 86_400_000;

/** The event source types of the Redshift API (AWS's `SourceType` enum). */
export const SOURCE_TYPES = ['cluster', 'cluster-parameter-group', 'cluster-security-group', 'cluster-snapshot', 'scheduled-action'] as const;

/** An event source type. */
export type SourceType = (typeof SOURCE_TYPES)[number];

/** The event categories AWS names (lower case, as DescribeEventCategories lists them). */
export const EVENT_CATEGORIES = ['configuration', 'management', 'monitoring', 'security', 'pending'] as const;

/** The severities AWS names. */
export const SEVERITIES = ['ERROR', 'INFO'] as const;

/** The names an event message speaks of. */
export interface MessageArgs {
  readonly cluster: string;
  readonly snapshot?: string;
  readonly from?: string;
  readonly to?: string;
  /** For a cluster's deletion: whether a final snapshot was saved. */
  readonly saved?: boolean;
}

/** One event of the catalogue. */
export interface CatalogueEntry {
  readonly eventId: string;
  readonly sourceType: 'cluster' | 'cluster-snapshot';
  readonly categories: readonly (typeof EVENT_CATEGORIES)[number][];
  readonly severity: (typeof SEVERITIES)[number];
  /** The message of an event at `time` (AWS's wording, the names filled in). */
  readonly message: (a: MessageArgs, time: string) => string;
}

const entry = (eventId: string, sourceType: CatalogueEntry['sourceType'], category: CatalogueEntry['categories'][number], severity: CatalogueEntry['severity'], message: CatalogueEntry['message']): CatalogueEntry => ({
  eventId,
  sourceType,
  categories: [category],
  severity,
  message,
});

/**
 * The events snapsim publishes, by id, in DescribeEventCategories' order (by source type, then
 * id).
 */
export const CATALOGUE = {
  'REDSHIFT-EVENT-2000': entry('REDSHIFT-EVENT-2000', 'cluster', 'management', 'INFO', (a) => `Your Amazon Redshift cluster: ${a.cluster} has been created and is ready for use.`),
  'REDSHIFT-EVENT-2001': entry('REDSHIFT-EVENT-2001', 'cluster', 'management', 'INFO', (a, t) =>
    `Your Amazon Redshift cluster ${a.cluster} was deleted at ${t}. A final snapshot ${a.saved === undefined ? 'was / was not' : a.saved ? 'was' : 'was not'} saved.`),
  'REDSHIFT-EVENT-2008': entry('REDSHIFT-EVENT-2008', 'cluster', 'management', 'INFO', (a, t) =>
    `Your restore operation to create a new Amazon Redshift cluster ${a.cluster} snapshot ${a.snapshot} was started at ${t}. To monitor restore progress, please visit the AWS Management Console.`),
  'REDSHIFT-EVENT-3000': entry('REDSHIFT-EVENT-3000', 'cluster', 'monitoring', 'INFO', (a, t) => `Your Amazon Redshift cluster ${a.cluster} was rebooted at ${t}.`),
  'REDSHIFT-EVENT-3003': entry('REDSHIFT-EVENT-3003', 'cluster', 'monitoring', 'INFO', (a) =>
    `Amazon Redshift cluster ${a.cluster} was successfully created from snapshot ${a.snapshot} and is available for use.`),
  'REDSHIFT-EVENT-3007': entry('REDSHIFT-EVENT-3007', 'cluster', 'monitoring', 'INFO', (a, t) =>
    `Your snapshot ${a.snapshot} was successfully copied from region ${a.from} to ${a.to} at ${t}.`),
  'REDSHIFT-EVENT-3501': entry('REDSHIFT-EVENT-3501', 'cluster', 'monitoring', 'ERROR', (a, t) =>
    `The restore of Amazon Redshift cluster ${a.cluster} from snapshot ${a.snapshot} failed at ${t}. Please retry the restore from the AWS Management Console.`),
  'REDSHIFT-EVENT-3618': entry('REDSHIFT-EVENT-3618', 'cluster', 'management', 'INFO', (a, t) => `The cluster ${a.cluster} pause operation started at ${t}.`),
  'REDSHIFT-EVENT-3619': entry('REDSHIFT-EVENT-3619', 'cluster', 'monitoring', 'INFO', (a, t) => `Amazon Redshift cluster ${a.cluster} was successfully paused at ${t}.`),
  'REDSHIFT-EVENT-3622': entry('REDSHIFT-EVENT-3622', 'cluster', 'monitoring', 'INFO', (a, t) => `The cluster ${a.cluster} was resumed at ${t}.`),
  'REDSHIFT-EVENT-2009': entry('REDSHIFT-EVENT-2009', 'cluster-snapshot', 'management', 'INFO', (a, t) =>
    `A user snapshot ${a.snapshot} for Amazon Redshift Cluster ${a.cluster} started at ${t}. To monitor snapshot progress, please visit the AWS Management Console.`),
  'REDSHIFT-EVENT-2010': entry('REDSHIFT-EVENT-2010', 'cluster-snapshot', 'management', 'INFO', (a, t) =>
    `The user snapshot ${a.snapshot} for your Amazon Redshift cluster ${a.cluster} was cancelled at ${t}.`),
  'REDSHIFT-EVENT-2011': entry('REDSHIFT-EVENT-2011', 'cluster-snapshot', 'management', 'INFO', (a, t) =>
    `The user snapshot ${a.snapshot} for Amazon Redshift cluster ${a.cluster} was deleted at ${t}.`),
  'REDSHIFT-EVENT-2012': entry('REDSHIFT-EVENT-2012', 'cluster-snapshot', 'management', 'INFO', (a, t) =>
    `The final snapshot ${a.snapshot} for Amazon Redshift cluster ${a.cluster} was started at ${t}.`),
  'REDSHIFT-EVENT-3004': entry('REDSHIFT-EVENT-3004', 'cluster-snapshot', 'monitoring', 'INFO', (a, t) =>
    `The user snapshot ${a.snapshot} for your Amazon Redshift cluster ${a.cluster} completed successfully at ${t}.`),
  'REDSHIFT-EVENT-3005': entry('REDSHIFT-EVENT-3005', 'cluster-snapshot', 'monitoring', 'INFO', (a, t) =>
    `The final snapshot ${a.snapshot} for Amazon Redshift cluster ${a.cluster} completed successfully at ${t}.`),
  'REDSHIFT-EVENT-3502': entry('REDSHIFT-EVENT-3502', 'cluster-snapshot', 'monitoring', 'ERROR', (a, t) =>
    `The final snapshot ${a.snapshot} for Amazon Redshift cluster ${a.cluster} failed at ${t}. The team is investigating the issue. Please visit the AWS Management Console to retry the operation.`),
  'REDSHIFT-EVENT-3503': entry('REDSHIFT-EVENT-3503', 'cluster-snapshot', 'monitoring', 'ERROR', (a, t) =>
    `The user snapshot ${a.snapshot} for your Amazon Redshift cluster ${a.cluster} failed at ${t}. The team is investigating the issue. Please visit the AWS Management Console to retry the operation.`),
} as const satisfies Record<string, CatalogueEntry>;

/** An event id of the catalogue. */
export type CatalogueId = keyof typeof CATALOGUE;

/** The catalogue entry of `eventId` (every recorded event's is there). */
export const catalogueEntry = (eventId: string): CatalogueEntry => CATALOGUE[eventId as CatalogueId];

/** What a row of the map decides: the catalogue event, where it is recorded, its source and message names. */
export interface Emission {
  readonly eventId: CatalogueId;
  /** The account and region whose DescribeEvents shows it (the source's). */
  readonly account: string;
  readonly region: string;
  readonly sourceId: string;
  readonly args: MessageArgs;
  /** When the snapshot `args.snapshot` names was taken, if it is an automated snapshot; else undefined. */
  readonly snapshotTime: number | undefined;
}

/** What a row may use to find the records an event names cheaply: the apply context's hints. */
export interface ProjectionHints {
  readonly hint: Partition | undefined;
  readonly likely: SnapshotRecord | undefined;
}

/**
 * The snapshot a `SnapshotTransitioned` names, when `apply` has found it already (it passes it to
 * {@link project}), so the hot path (automated snapshots completing and purged) looks nothing up twice.
 */
let subject: SnapshotRecord | undefined;

/**
 * A row: the AWS event a domain event publishes, or undefined for none. It runs before the event
 * changes the state, so the records it names are as they were (a snapshot being deleted is still
 * there; a final snapshot is still `final snapshot`).
 */
export type Row<E> = (e: E, s: State, h: ProjectionHints) => Emission | undefined;

/** A domain event of type `T`. */
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** The rows of a domain event: one for all of it, or one per value of its member `by` (its sub-kind). */
export type Rows<E> = Row<E> | { [K in keyof E]: { readonly by: K; readonly rows: { readonly [V in E[K] & string]?: Row<E> } } }[keyof E];

/** The map: by domain event type (and sub-kind), its row. A type without rows publishes nothing. */
export type AwsEventMap = { readonly [T in EventType]?: Rows<EventOf<T>> };

/** What a row publishes: catalogue event `eventId` of source `sourceId`, recorded in (account, region). */
const emitIn = (eventId: CatalogueId, account: string, region: string, sourceId: string, args: MessageArgs, snapshotTime?: number): Emission => ({ eventId, account, region, sourceId, args, snapshotTime });

/** {@link emitIn} of the account and region of `where`. */
const emit = (eventId: CatalogueId, where: Ref, sourceId: string, args: MessageArgs): Emission => emitIn(eventId, where.account, where.region, sourceId, args);

/** Snapshot `ref` as it is before the event: the timer's own snapshot when it is the one, else looked up. */
function snapshotBefore(s: State, h: ProjectionHints, ref: Ref): SnapshotRecord | undefined {
  if (subject !== undefined) return subject;
  const likely = h.likely;
  if (likely !== undefined && likely.id === ref.id && likely.owner === ref.account && likely.region === ref.region && likely.status !== 'deleted') return likely;
  return findSnapshot(s, ref.account, ref.region, ref.id);
}

/** A user (manual) snapshot's own event, a manual copy from another region's too (it is a user snapshot there): not for automated snapshots. */
const userSnapshotEvent = (eventId: CatalogueId): Row<EventOf<'SnapshotTransitioned'>> => (e, s, h) => {
  const snap = snapshotBefore(s, h, e.ref);
  if (snap === undefined || snap.type === 'automated') return undefined;
  return emit(eventId, e.ref, e.ref.id, { cluster: snap.profile.clusterId, snapshot: snap.id });
};

/** A backup ending: a final snapshot's own event, a user snapshot's, or (a cross-region copy's) the source cluster's `copied`. */
const backupEnded = (user: CatalogueId, final: CatalogueId, copied: CatalogueId | undefined): Row<EventOf<'SnapshotTransitioned'>> => (e, s, h) => {
  const snap = snapshotBefore(s, h, e.ref);
  if (snap === undefined) return undefined;
  if (snap.sourceRegion !== null) {
    // a copy arriving from another region: the source cluster's event, in the source's region
    if (copied === undefined) return undefined;
    const args = { cluster: snap.profile.clusterId, snapshot: snap.id, from: snap.sourceRegion, to: snap.region };
    return emitIn(copied, snap.owner, snap.sourceRegion, snap.profile.clusterId, args, snap.type === 'automated' ? snap.createTime : undefined);
  }
  if (snap.type === 'automated') return undefined; // AWS publishes no events for automated snapshots
  return emit(snap.status === 'final snapshot' ? final : user, e.ref, snap.id, { cluster: snap.profile.clusterId, snapshot: snap.id });
};

/** A cluster's own event, named by its identifier. */
const clusterEvent = (eventId: CatalogueId): Row<{ readonly ref: Ref }> => (e) => emit(eventId, e.ref, e.ref.id, { cluster: e.ref.id });

/**
 * The map from domain events to AWS events: ONE table, by domain event type, then by sub-kind.
 *
 * - Slot for RebootCluster: when the reboot's domain event exists (say `ClusterTransitioned` with
 *   `REBOOT_DONE`), its row is `REBOOT_DONE: clusterEvent('REDSHIFT-EVENT-3000')`.
 * - SnapshotCopyStarted publishes nothing: REDSHIFT-EVENT-3007 says the copy *was copied*, so it is
 *   published when the copy completes (`SnapshotTransitioned` COMPLETE of a copy from another region).
 */
export const AWS_EVENT_MAP: AwsEventMap = {
  ClusterRestoreStarted: (e) => emit('REDSHIFT-EVENT-2008', e.ref, e.ref.id, { cluster: e.ref.id, snapshot: e.source.id }),
  ClusterRestoreEnded: {
    by: 'outcome',
    rows: {
      completed: (e, s) => restoreEvent('REDSHIFT-EVENT-3003', e.ref, s),
      failed: (e, s) => restoreEvent('REDSHIFT-EVENT-3501', e.ref, s),
    },
  },
  ClusterTransitioned: {
    by: 'event',
    rows: {
      // created empty: ready for use; a restored cluster says so when its restore completes (3003)
      READY: (e, s) => (findCluster(s, e.ref.account, e.ref.region, e.ref.id)?.restore === null ? clusterEvent('REDSHIFT-EVENT-2000')(e, s, NO_HINTS) : undefined),
      BEGIN_PAUSE: clusterEvent('REDSHIFT-EVENT-3618'),
      PAUSE_DONE: clusterEvent('REDSHIFT-EVENT-3619'),
      PAUSE: clusterEvent('REDSHIFT-EVENT-3619'), // logs from before pausing took time: paused at once
      RESUME_DONE: clusterEvent('REDSHIFT-EVENT-3622'),
      RESUME: clusterEvent('REDSHIFT-EVENT-3622'), // logs from before resuming took time
      REBOOTED: clusterEvent('REDSHIFT-EVENT-3000'),
    },
  },
  ClusterRemoved: (e, s) => {
    const c = findCluster(s, e.ref.account, e.ref.region, e.ref.id);
    const final = c?.finalSnapshotId == null ? undefined : findSnapshot(s, e.ref.account, e.ref.region, c.finalSnapshotId);
    return emit('REDSHIFT-EVENT-2001', e.ref, e.ref.id, { cluster: e.ref.id, saved: final !== undefined && final.status === 'available' });
  },
  SnapshotCreated: {
    by: 'kind',
    rows: {
      manual: (e) => emit('REDSHIFT-EVENT-2009', e.ref, e.ref.id, { cluster: e.clusterId, snapshot: e.ref.id }),
      copy: (e) => emit('REDSHIFT-EVENT-2009', e.ref, e.ref.id, { cluster: e.clusterId, snapshot: e.ref.id }),
      final: (e) => emit('REDSHIFT-EVENT-2012', e.ref, e.ref.id, { cluster: e.clusterId, snapshot: e.ref.id }),
      // automated: none
    },
  },
  SnapshotTransitioned: {
    by: 'event',
    rows: {
      COMPLETE: backupEnded('REDSHIFT-EVENT-3004', 'REDSHIFT-EVENT-3005', 'REDSHIFT-EVENT-3007'),
      FAIL: backupEnded('REDSHIFT-EVENT-3503', 'REDSHIFT-EVENT-3502', undefined),
      CANCEL: userSnapshotEvent('REDSHIFT-EVENT-2010'),
      DELETE: userSnapshotEvent('REDSHIFT-EVENT-2011'),
      PURGE: userSnapshotEvent('REDSHIFT-EVENT-2011'), // a manual snapshot past its retention, or deleted by ModifyClusterSnapshot with Force
    },
  },
};

const NO_HINTS: ProjectionHints = Object.freeze({ hint: undefined, likely: undefined });

/** A restore's end, named by the cluster and the snapshot it restores. */
function restoreEvent(eventId: CatalogueId, ref: Ref, s: State): Emission | undefined {
  const c = findCluster(s, ref.account, ref.region, ref.id);
  return c?.restore ? emit(eventId, ref, ref.id, { cluster: ref.id, snapshot: c.restore.source.id }) : undefined;
}

type AnyRows = Row<DomainEvent> | { readonly by: string; readonly rows: Readonly<Record<string, Row<DomainEvent> | undefined>> };

/** The map compiled for lookups: by event type, its one row, or its member naming the sub-kind and the rows by sub-kind. */
const DISPATCH = new Map<string, { readonly row: Row<DomainEvent> | undefined; readonly by: string; readonly rows: ReadonlyMap<string, Row<DomainEvent>> }>();
for (const [type, rows] of Object.entries(AWS_EVENT_MAP as Readonly<Record<string, AnyRows>>)) {
  if (typeof rows === 'function') DISPATCH.set(type, { row: rows, by: '', rows: new Map() });
  else DISPATCH.set(type, { row: undefined, by: rows.by, rows: new Map(Object.entries(rows.rows).filter((r): r is [string, Row<DomainEvent>] => r[1] !== undefined)) });
}

/** The row of event `e`, if it has one. */
function rowOf(e: DomainEvent): Row<DomainEvent> | undefined {
  const d = DISPATCH.get(e.type);
  if (d === undefined) return undefined;
  return d.row ?? d.rows.get((e as unknown as Record<string, string>)[d.by]!);
}

/** An instant as the messages write it: `2025-01-01 00:00 UTC`. */
export const messageTime = (at: number): string => {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
};

/** The AWS event that domain event `e` publishes at `at`, per the map, or undefined (not recorded). */
export function emissionOf(s: State, e: DomainEvent, h: ProjectionHints = NO_HINTS): Emission | undefined {
  const row = rowOf(e);
  return row === undefined ? undefined : row(e, s, h);
}

/**
 * Projects domain event `e`, applied at `at`, onto the state: records the AWS event it publishes
 * (if any) in its source's partition, dropping that partition's events older than the 14-day
 * window. Returns the partition it was recorded in (the event is the newest of its ledger:
 * {@link newestEvent}), or undefined when `e` publishes nothing.
 */
export function project(s: State, e: DomainEvent, at: number, h: ProjectionHints, snapshot?: SnapshotRecord): Partition | undefined {
  const row = rowOf(e);
  if (row === undefined) return undefined;
  subject = snapshot;
  let out: Emission | undefined;
  try {
    out = row(e, s, h);
  } finally {
    subject = undefined;
  }
  if (out === undefined) return undefined;
  const p = partitionOf(s, out.account, out.region);
  record(p, at, out);
  return p;
}

/**
 * Records `out`, happening at `at`, as the newest event of the ledger of `p`, its source's
 * partition, and drops those older than the window. An automated snapshot's identifier is kept as
 * its time when the partition's identifiers are all built from theirs (see
 * `Partition.heldAutomatedCopies`).
 */
function record(p: Partition, at: number, out: Emission): void {
  const l = p.events;
  if (l.size === l.at.length) grow(l);
  const mask = l.at.length - 1;
  const i = (l.head + l.size) & mask;
  const a = out.args;
  l.at[i] = at;
  l.eventId[i] = out.eventId;
  l.sourceId[i] = out.sourceId;
  l.cluster[i] = a.cluster;
  const byTime = out.snapshotTime !== undefined && !p.heldAutomatedCopies;
  l.snapshot[i] = byTime ? undefined : a.snapshot;
  l.snapshotAt[i] = byTime ? out.snapshotTime : NaN;
  l.from[i] = a.from;
  l.to[i] = a.to;
  l.saved[i] = a.saved;
  l.size++;
  l.count++;
  const oldest = at - EVENT_WINDOW_MS;
  while (l.size > 0 && l.at[l.head]! < oldest) {
    clearSlot(l, l.head);
    l.head = (l.head + 1) & mask;
    l.size--;
  }
}

/** Frees slot `i` of `l`: its names are no longer referenced (the time stays, a number). */
function clearSlot(l: AwsEventLedger, i: number): void {
  l.eventId[i] = undefined;
  l.sourceId[i] = undefined;
  l.cluster[i] = undefined;
  l.snapshot[i] = undefined;
  l.from[i] = undefined;
  l.to[i] = undefined;
  l.saved[i] = undefined;
}

/** Smallest capacity of a ledger that has an event. */
const FIRST_CAPACITY = 16;

/** Doubles the capacity of the full ledger `l`, its events moved to slots 0, 1, … in order. */
function grow(l: AwsEventLedger): void {
  const capacity = Math.max(FIRST_CAPACITY, l.at.length * 2);
  const mask = l.at.length - 1;
  // (built by pushing: a packed array, not one with holes)
  const column = <T>(old: T[], fill: T): T[] => {
    const out: T[] = [];
    for (let k = 0; k < l.size; k++) out.push(old[(l.head + k) & mask]!);
    while (out.length < capacity) out.push(fill);
    return out;
  };
  l.at = column(l.at, 0);
  l.eventId = column(l.eventId, undefined);
  l.sourceId = column(l.sourceId, undefined);
  l.cluster = column(l.cluster, undefined);
  l.snapshot = column(l.snapshot, undefined);
  l.snapshotAt = column(l.snapshotAt, NaN);
  l.from = column(l.from, undefined);
  l.to = column(l.to, undefined);
  l.saved = column(l.saved, undefined);
  l.head = 0;
}

/** The slot of the `k`-th event kept in `l` (0 the oldest): index `slotOf(l, k)` of every column is that event's. */
export const slotOf = (l: AwsEventLedger, k: number): number => (l.head + k) & (l.at.length - 1);

/** The newest event of ledger `l` (it has one), as a record. */
export const newestEvent = (l: AwsEventLedger): AwsEventRecord => eventAt(l, l.size - 1);

/** Every column of ledger `l` (slot `i` of each is one event). */
export const eventColumns = (l: AwsEventLedger): readonly unknown[][] => [l.at, l.eventId, l.sourceId, l.cluster, l.snapshot, l.snapshotAt, l.from, l.to, l.saved];

/** The number of the `k`-th event kept in `l` (1 for a partition's first). */
export const eventNumber = (l: AwsEventLedger, k: number): number => l.count - l.size + 1 + k;

/** The `k`-th event kept in `l` (0 the oldest), as a record (built when read: the ledger keeps columns). */
export function eventAt(l: AwsEventLedger, k: number): AwsEventRecord {
  const i = slotOf(l, k);
  const eventId = l.eventId[i]!;
  const cluster = l.cluster[i]!;
  const args: { cluster: string; snapshot?: string; from?: string; to?: string; saved?: boolean } = { cluster };
  const snapshotAt = l.snapshotAt[i]!;
  const snapshot = Number.isNaN(snapshotAt) ? l.snapshot[i] : automatedId(cluster, snapshotAt);
  if (snapshot !== undefined) args.snapshot = snapshot;
  const from = l.from[i];
  if (from !== undefined) args.from = from;
  const to = l.to[i];
  if (to !== undefined) args.to = to;
  const saved = l.saved[i];
  if (saved !== undefined) args.saved = saved;
  return { n: eventNumber(l, k), at: l.at[i]!, eventId, sourceType: catalogueEntry(eventId).sourceType, sourceId: l.sourceId[i]!, args };
}

/** The message of recorded event `ev`: its catalogue entry's, with its names and time (built when read, not when recorded). */
export const messageOf = (ev: AwsEventRecord): string => catalogueEntry(ev.eventId).message(ev.args, messageTime(ev.at));

/** The AWS `Event` of recorded event `ev`. */
export function awsEventView(ev: AwsEventRecord): { SourceIdentifier: string; SourceType: AwsEventRecord['sourceType']; Message: string; EventCategories: string[]; Severity: string; Date: Date; EventId: string } {
  const c = catalogueEntry(ev.eventId);
  return { SourceIdentifier: ev.sourceId, SourceType: ev.sourceType, Message: messageOf(ev), EventCategories: [...c.categories], Severity: c.severity, Date: new Date(ev.at), EventId: ev.eventId };
}

/** What a subscription selects (the fields of a `SubscriptionRecord` matching reads). */
export interface SubscriptionFilter {
  readonly enabled: boolean;
  readonly sourceType: string | undefined;
  readonly sourceIds: readonly string[];
  readonly categories: readonly string[];
  readonly severity: string | undefined;
}

/**
 * Whether subscription `sub` is told of event `ev`: it is enabled, and every filter it sets
 * matches (source type, one of its source ids, one of its categories, its severity); a filter it
 * leaves unset matches everything.
 */
export function subscriptionMatches(sub: SubscriptionFilter, ev: AwsEventRecord): boolean {
  if (!sub.enabled) return false;
  if (sub.sourceType !== undefined && sub.sourceType !== ev.sourceType) return false;
  if (sub.sourceIds.length > 0 && !sub.sourceIds.includes(ev.sourceId)) return false;
  const c = catalogueEntry(ev.eventId);
  if (sub.categories.length > 0 && !c.categories.some((x) => sub.categories.includes(x))) return false;
  return sub.severity === undefined || sub.severity === c.severity;
}
