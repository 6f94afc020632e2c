/**
 * `apply(state, event, at)`: the one place state changes. It mutates in place for replay speed
 * (a million events must replay at least half as fast as JSON.parse reads them); `evolve` in
 * `reference-evolve.ts` is the pure variant over an immer draft that checks it. Status changes go
 * through the machines' transition tables, so an illegal edge is impossible rather than merely
 * untested. An event may create or change several records, in any partition; each one whose due
 * times it set is reported to the context's `retime`, so the simulator queues its timers.
 */
import { nextClusterStatus, nextSnapshotStatus, nextTableRestoreStatus, type ClusterEvent, type SnapshotEvent } from '../machines/index.ts';
import type { ClusterCreated, ClusterRestoreStarted, DomainEvent, Ref, SnapshotCopyStarted, SnapshotCreated, TableRestoreStarted, TableRestoreTransitioned } from '../events/types.ts';
import { stallPlan } from './stall.ts';
import { planFinalProgress, planSeconds, pointOnPlan } from './progress.ts';
import { findPartition, findSnapshot, hinted, snapshotOfCluster, indexByCluster, partitionOf, sharedIndex, snapshotIn, unindexByCluster } from './state.ts';
import { nextAutomatedAt, nextAutoFor } from './workload.ts';
import { isAutomatedIdOf } from './automated-id.ts';
import { expiryOf, livingCluster, outageAfterReboot } from './records.ts';
import { assertNever } from '../events/assert-never.ts';
import { project } from './aws-events.ts';
import { isInstant } from '../events/instant.ts';
import { NEVER, NOT_YET, TABLE_RESTORE_HISTORY, type ClusterRecord, type CopyGrantRecord, type Partition, type ScheduleRecord, type SnapshotRecord, type State, type SubscriptionRecord, type Tag, type TimedRecord } from './types.ts';

/** `t`, checked to be an instant (docs/determinism.md: every time in a logged event is one), or ApplyError. */
function instant(t: number, what: string): number {
  if (!isInstant(t)) throw new ApplyError(`${what}: ${t} is not an instant`);
  return t;
}

/** The access list of a snapshot shared with no one: one frozen array (an authorization replaces it). */
const NO_GRANTS: readonly string[] = Object.freeze([]);

/** The tags of a cross-region copy: none (AWS does not copy tags to the destination). */
const NO_TAGS: readonly Tag[] = Object.freeze([]);

/** Raised when an event cannot apply to the state (a corrupt or foreign log). */
export class ApplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplyError';
  }
}

const clusterIn = (p: Partition, ref: Ref): ClusterRecord => {
  const c = p.clusters.get(ref.id);
  if (!c) throw new ApplyError(`no cluster ${ref.account}/${ref.region}/${ref.id}`);
  return c;
};

const requireSnapshot = (p: Partition, ref: Ref): SnapshotRecord => {
  const snap = snapshotIn(p, ref.id);
  if (!snap) throw new ApplyError(`no snapshot ${ref.account}/${ref.region}/${ref.id}`);
  return snap;
};

const requireSchedule = (p: Partition, ref: Ref | { readonly account: string; readonly region: string; readonly id: string }): ScheduleRecord => {
  const sched = p.schedules.get(ref.id);
  if (!sched) throw new ApplyError(`no snapshot schedule ${ref.account}/${ref.region}/${ref.id}`);
  return sched;
};

const requireGrant = (p: Partition, ref: Ref): CopyGrantRecord => {
  const g = p.copyGrants.get(ref.id);
  if (!g) throw new ApplyError(`no snapshot copy grant ${ref.account}/${ref.region}/${ref.id}`);
  return g;
};

const requireSubscription = (p: Partition, ref: Ref): SubscriptionRecord => {
  const sub = p.subscriptions.get(ref.id);
  if (!sub) throw new ApplyError(`no event subscription ${ref.account}/${ref.region}/${ref.id}`);
  return sub;
};

/**
 * `likely` when it is the live snapshot `ref` names in `own` (the caller vouches that `likely`
 * belongs to `own`): ids are unique in a partition and a removed snapshot is `deleted`, so
 * matching the id of a snapshot still there is enough, and spares a lookup.
 */
const hintedSnapshot = (own: Partition | undefined, likely: SnapshotRecord | undefined, ref: Ref): SnapshotRecord | undefined =>
  own !== undefined && likely !== undefined && likely.id === ref.id && likely.status !== 'deleted' ? likely : undefined;

/**
 * What the simulator tells `apply` and hears back from it. `hint` is the partition the event most
 * likely happens in (a timer's); it is used only when it is the event's own, and saves looking the
 * partition up. `likely` is a snapshot of `hint` the event most likely names (a timer's own); it is
 * used only when it is the one named. `decided` says that this simulator's own decide produced the
 * event: what is valid by construction is then not checked again (an automated snapshot's id,
 * which `automatedId` built from its cluster's; reading a freshly built id back would cost copying
 * it into one piece). A log read back is checked. `retime` hears of every record (of any
 * partition) whose due times the event set.
 */
export interface ApplyContext {
  readonly hint: Partition | undefined;
  readonly likely: SnapshotRecord | undefined;
  readonly decided: boolean;
  retime(record: TimedRecord, p: Partition): void;
  /**
   * Whether the AWS events projection is kept (`model/aws-events.ts`); unset means yes. Only the
   * simulate benchmark turns it off, to measure what it costs.
   */
  readonly projecting?: boolean;
  /**
   * Hears of every AWS event the projection records: it is the newest of `p.events` (read it with
   * `newestEvent`) until the next is recorded (the simulator's notifications, the report).
   */
  published?(p: Partition): void;
}

/** The context of a replay: no hints, everything checked, no timers to queue. */
const REPLAY: ApplyContext = Object.freeze({ hint: undefined, likely: undefined, decided: false, retime: () => {} });

/** Applies one event to the state, in place (see {@link ApplyContext} for `ctx`). */
export function apply(s: State, e: DomainEvent, at: number, ctx: ApplyContext = REPLAY): void {
  instant(at, e.type);
  switch (e.type) {
    case 'SimulationStarted':
      return;
    case 'ApiErrorInjected':
      s.apiErrors.push({ rule: e.rule, remaining: e.rule.count ?? Infinity });
      return;
    case 'RegionOutageScheduled':
      s.regionOutages.push(e.outage);
      return;
    case 'ApiErrorRaised': {
      const injected = s.apiErrors[e.rule];
      if (injected === undefined || injected.remaining <= 0) throw new ApplyError(`ApiErrorRaised: no rule ${e.rule} left to fire`);
      if (injected.rule.count !== undefined) injected.remaining--;
      return;
    }
    default:
      break;
  }
  // the AWS events projection sees each event before it changes the state (see aws-events.ts)
  // (a SnapshotTransitioned is projected below, with the snapshot apply finds for it). The hot
  // path skips the table for automated snapshots, which publish nothing (AWS publishes no events
  // for them), but for a copy from another region completing (3007); their rows in the table say
  // the same, and the events tests check it
  const projecting = ctx.projecting !== false;
  if (projecting && e.type !== 'SnapshotTransitioned' && !(e.type === 'SnapshotCreated' && e.kind === 'automated')) {
    const into = project(s, e, at, ctx);
    if (into !== undefined) ctx.published?.(into);
  }
  const { account, region } = e.ref;
  const hint = ctx.hint;
  const own = hinted(hint, account, region);
  if (e.type === 'ClusterCreated' || e.type === 'ClusterRestoreStarted') {
    const p = own ?? partitionOf(s, account, region);
    const c = newCluster(s, e);
    p.clusters.set(e.ref.id, c);
    ctx.retime(c, p);
    return;
  }
  if (e.type === 'SnapshotCopyStarted') {
    createRegionCopy(s, own ?? partitionOf(s, account, region), e, ctx);
    return;
  }
  if (e.type === 'SnapshotCopyGrantCreated') {
    // a grant may be the first record of its partition (a destination region with no clusters)
    const p = own ?? partitionOf(s, account, region);
    if (p.copyGrants.has(e.ref.id)) throw new ApplyError(`snapshot copy grant ${account}/${region}/${e.ref.id} exists already`);
    p.copyGrants.set(e.ref.id, { kind: 'copy-grant', name: e.ref.id, seq: s.nextSeq++, kmsKeyId: e.kmsKeyId, tags: [...e.tags] });
    return;
  }
  if (e.type === 'SnapshotScheduleCreated') {
    // a schedule may be the first record of its partition
    const p = own ?? partitionOf(s, account, region);
    if (p.schedules.has(e.ref.id)) throw new ApplyError(`snapshot schedule ${account}/${region}/${e.ref.id} exists already`);
    p.schedules.set(e.ref.id, { kind: 'schedule', id: e.ref.id, seq: s.nextSeq++, definitions: [...e.definitions], description: e.description ?? null, tags: [...e.tags] });
    return;
  }
  if (e.type === 'EventSubscriptionCreated') {
    const p = own ?? partitionOf(s, account, region);
    if (p.subscriptions.has(e.ref.id)) throw new ApplyError(`event subscription ${account}/${region}/${e.ref.id} exists already`);
    p.subscriptions.set(e.ref.id, {
      kind: 'event-subscription',
      name: e.ref.id,
      seq: s.nextSeq++,
      createTime: at,
      snsTopicArn: e.snsTopicArn,
      sourceType: e.sourceType,
      sourceIds: [...e.sourceIds],
      categories: [...e.categories],
      severity: e.severity,
      enabled: e.enabled,
      tags: [...e.tags],
    });
    return;
  }
  // every other event needs its partition to exist already (a corrupt log must not create one)
  const p = own ?? findPartition(s, account, region);
  if (p === undefined) throw new ApplyError(`${e.type}: no partition ${account}/${region}`);
  switch (e.type) {
    case 'ClusterTransitioned': {
      const c = clusterIn(p, e.ref);
      transitionCluster(s, c, e.event, at, e.dueAt === undefined ? undefined : instant(e.dueAt, 'ClusterTransitioned.dueAt'), e.finalSnapshotId);
      ctx.retime(c, p);
      return;
    }
    case 'ClusterRestoreEnded': {
      const c = clusterIn(p, e.ref);
      endRestore(s, c, e.outcome, at);
      ctx.retime(c, p);
      return;
    }
    case 'ClusterRetentionChanged': {
      const c = clusterIn(p, e.ref);
      const wasOff = c.automatedRetention === 0;
      c.automatedRetention = e.automatedRetention;
      c.manualRetention = e.manualRetention;
      // turned off, automated snapshots stop; turned on again, the schedule starts afresh
      if (e.automatedRetention === 0) c.nextAutoAt = NEVER;
      else if (wasOff && c.status === 'available') c.nextAutoAt = nextAutoFor(c, at, s.config.timings);
      ctx.retime(c, p);
      return;
    }
    case 'ClusterRemoved': {
      const c = clusterIn(p, e.ref);
      // automated snapshots go with their cluster, purged first: never lost with it unseen
      if (c.automated.length > 0) throw new ApplyError(`cluster ${c.id}: removed with ${c.automated.length} automated snapshots`);
      transitionCluster(s, c, 'GONE', at);
      p.clusters.delete(e.ref.id);
      return;
    }
    case 'SnapshotCreated':
      createSnapshot(s, p, e, at, ctx);
      return;
    case 'SnapshotTransitioned': {
      const snap = hintedSnapshot(own, ctx.likely, e.ref) ?? requireSnapshot(p, e.ref);
      if (projecting && (snap.type !== 'automated' || (snap.sourceRegion !== null && e.event === 'COMPLETE'))) {
        const into = project(s, e, at, ctx, snap);
        if (into !== undefined) ctx.published?.(into);
      }
      transitionSnapshot(s, p, snap, e.event, at, ctx);
      ctx.retime(snap, p);
      return;
    }
    case 'SnapshotRetentionChanged': {
      const snap = requireSnapshot(p, e.ref);
      snap.retention = e.retention;
      if (snap.plan === null) {
        snap.dueAt = expiryOf(snap);
        ctx.retime(snap, p);
      }
      // the cluster caches when its latest automated snapshot expires
      const c = snap.type === 'automated' ? livingCluster(p, snap) : undefined;
      if (c !== undefined && c.latestAutoSeq === snap.seq) setLatestAuto(c, snap);
      return;
    }
    case 'SnapshotAccessAuthorized': {
      const snap = requireSnapshot(p, e.ref);
      snap.grants = [...snap.grants, e.grantee];
      sharedIndex(s, e.grantee, snap.region).add(snap.seq, { owner: snap.owner, id: snap.id });
      return;
    }
    case 'SnapshotAccessRevoked': {
      const snap = requireSnapshot(p, e.ref);
      snap.grants = snap.grants.filter((g) => g !== e.grantee);
      sharedIndex(s, e.grantee, snap.region).remove(snap.seq);
      return;
    }
    case 'ResourceTagsChanged':
      // a new array: views and earlier events may hold the old one
      if (e.resource === 'cluster') clusterIn(p, e.ref).tags = [...e.tags];
      else if (e.resource === 'copy-grant') requireGrant(p, e.ref).tags = [...e.tags];
      else if (e.resource === 'schedule') requireSchedule(p, e.ref).tags = [...e.tags];
      else if (e.resource === 'event-subscription') requireSubscription(p, e.ref).tags = [...e.tags];
      else requireSnapshot(p, e.ref).tags = [...e.tags];
      return;
    case 'SnapshotCopyEnabled':
      clusterIn(p, e.ref).copy = { destinationRegion: e.destinationRegion, retention: e.retention, manualRetention: e.manualRetention, grantName: e.grantName ?? null, copies: 0 };
      return;
    case 'SnapshotCopyDisabled':
      clusterIn(p, e.ref).copy = null;
      return;
    case 'SnapshotCopyRetentionChanged': {
      const c = clusterIn(p, e.ref);
      if (c.copy === null) throw new ApplyError(`cluster ${c.id}: snapshot copy is not enabled`);
      c.copy = e.manual ? { ...c.copy, manualRetention: e.retention } : { ...c.copy, retention: e.retention };
      return;
    }
    case 'SnapshotCopySkipped':
      return; // a record of what did not happen, for the report and the events
    case 'SnapshotTransferReplanned': {
      const snap = requireSnapshot(p, e.ref);
      if (snap.plan === null) throw new ApplyError(`snapshot ${snap.id}: no transfer running to replan`);
      snap.plan = e.plan;
      snap.endTime = instant(snap.createTime + Math.round(planSeconds(e.plan) * 1000), 'SnapshotTransferReplanned end');
      snap.dueAt = snap.endTime;
      ctx.retime(snap, p);
      return;
    }
    case 'SnapshotCopyGrantDeleted':
      requireGrant(p, e.ref);
      p.copyGrants.delete(e.ref.id);
      return;
    case 'SnapshotTransferStalled': {
      const snap = requireSnapshot(p, e.ref);
      if (snap.plan === null) throw new ApplyError(`snapshot ${snap.id}: no transfer running to stall`);
      const from = instant(e.from, 'SnapshotTransferStalled.from');
      const to = instant(e.to, 'SnapshotTransferStalled.to');
      if (to < from) throw new ApplyError(`snapshot ${snap.id}: a stall cannot end (${to}) before it starts (${from})`);
      snap.plan = stallPlan(snap.plan, snap.createTime, from, to);
      snap.endTime = instant(snap.createTime + Math.round(planSeconds(snap.plan) * 1000), 'SnapshotTransferStalled end');
      snap.dueAt = snap.endTime;
      ctx.retime(snap, p);
      return;
    }
    case 'TableRestoreStarted': {
      const c = clusterIn(p, e.ref);
      startTableRestore(s, c, e);
      ctx.retime(c, p);
      return;
    }
    case 'TableRestoreTransitioned': {
      const c = clusterIn(p, e.ref);
      transitionTableRestore(c, e, at);
      ctx.retime(c, p);
      return;
    }
    case 'SnapshotScheduleModified':
      requireSchedule(p, e.ref).definitions = [...e.definitions];
      return;
    case 'SnapshotScheduleDeleted':
      requireSchedule(p, e.ref);
      for (const c of p.clusters.values()) if (c.schedule?.id === e.ref.id) throw new ApplyError(`snapshot schedule ${e.ref.id}: deleted while cluster ${c.id} is associated with it`);
      p.schedules.delete(e.ref.id);
      return;
    case 'ClusterSnapshotScheduleChanged': {
      const c = clusterIn(p, e.ref);
      changeSchedule(s, p, c, e.scheduleId, e.activeAt, at);
      ctx.retime(c, p);
      return;
    }
    case 'ClusterSnapshotScheduleActivated': {
      const c = clusterIn(p, e.ref);
      if (c.schedule?.state !== 'MODIFYING') throw new ApplyError(`cluster ${c.id}: no schedule association is being modified`);
      follow(s, c, requireSchedule(p, { account, region, id: c.schedule.id }), at);
      ctx.retime(c, p);
      return;
    }
    case 'EventSubscriptionModified': {
      const sub = requireSubscription(p, e.ref);
      sub.snsTopicArn = e.snsTopicArn;
      sub.sourceType = e.sourceType;
      sub.sourceIds = [...e.sourceIds];
      sub.categories = [...e.categories];
      sub.severity = e.severity;
      sub.enabled = e.enabled;
      return;
    }
    case 'EventSubscriptionDeleted':
      requireSubscription(p, e.ref);
      p.subscriptions.delete(e.ref.id);
      return;
    default:
      assertNever(e, 'event');
  }
}

/**
 * Associates cluster `c` with schedule `scheduleId` of its partition (`MODIFYING` until `activeAt`,
 * `ACTIVE` at once when that is not after `at`), or removes its association (`scheduleId` null):
 * the default policy then applies again, from its last automated snapshot but no sooner than the
 * minimum gap from now. A cluster taking no automated snapshots now (creating, paused, turned off)
 * keeps none due; its next status change schedules them under the policy it then follows.
 */
function changeSchedule(s: State, p: Partition, c: ClusterRecord, scheduleId: string | null, activeAt: number | undefined, at: number): void {
  const timings = s.config.timings;
  if (scheduleId === null) {
    if (c.schedule === null) throw new ApplyError(`cluster ${c.id}: no snapshot schedule to disassociate`);
    c.schedule = null;
    if (c.nextAutoAt !== NEVER) {
      const from = c.lastAutoStart === NOT_YET ? at : c.lastAutoStart;
      c.nextAutoAt = Math.max(nextAutomatedAt(c, from, timings), at + timings.automatedMinMinutes * 60_000);
    }
    return;
  }
  const sched = requireSchedule(p, { account: p.account, region: p.region, id: scheduleId });
  if (activeAt === undefined) throw new ApplyError(`cluster ${c.id}: associated with ${scheduleId} without activeAt`);
  const when = instant(activeAt, 'ClusterSnapshotScheduleChanged.activeAt');
  if (when <= at) {
    follow(s, c, sched, at);
    return;
  }
  // until it is active, the cluster follows what it followed (its previous definitions, or the default policy)
  c.schedule = { id: scheduleId, state: 'MODIFYING', activeAt: when, follows: c.schedule?.follows ?? null };
}

/** Cluster `c`'s association with `sched` is `ACTIVE` from `at`: its next automated snapshot is the schedule's next invocation. */
function follow(s: State, c: ClusterRecord, sched: ScheduleRecord, at: number): void {
  c.schedule = { id: sched.id, state: 'ACTIVE', activeAt: NEVER, follows: sched.definitions };
  if (c.nextAutoAt !== NEVER) c.nextAutoAt = nextAutoFor(c, at, s.config.timings);
}

/** A cross-region copy starting in the destination partition `p`: the source's identifier, type and cluster, no tags. */
function createRegionCopy(s: State, p: Partition, e: SnapshotCopyStarted, ctx: ApplyContext): void {
  // the source is nearly always the snapshot whose completion started the copy: the timer's own
  const likely = ctx.likely;
  const src =
    likely !== undefined && likely.id === e.source.id && likely.region === e.source.region && likely.owner === e.source.account && likely.status !== 'deleted'
      ? likely
      : findSnapshot(s, e.source.account, e.source.region, e.source.id);
  if (!src) throw new ApplyError(`SnapshotCopyStarted ${e.ref.id}: no source ${e.source.account}/${e.source.region}/${e.source.id}`);
  // (regionCopyOf checked this when it decided the copy; a log read back is checked)
  if (!ctx.decided && snapshotOfCluster(p, src.profile.clusterId, e.ref.id)) throw new ApplyError(`SnapshotCopyStarted: ${e.ref.id} already exists in ${p.account}/${p.region}`);
  if (e.snapshotType === 'automated' && !ctx.decided && !isAutomatedIdOf(e.ref.id, src.profile.clusterId)) throw new ApplyError(`automated copy ${e.ref.id}: not an id of cluster ${src.profile.clusterId}`);
  const createTime = instant(e.createTime, 'SnapshotCopyStarted.createTime');
  const endTime = instant(createTime + Math.round(planSeconds(e.plan) * 1000), 'SnapshotCopyStarted end');
  const snap: SnapshotRecord = {
    kind: 'snapshot',
    id: e.ref.id,
    seq: s.nextSeq++,
    owner: e.ref.account,
    region: e.ref.region,
    type: e.snapshotType,
    status: 'creating',
    createTime,
    totalMb: e.totalMb,
    incrementalMb: e.incrementalMb,
    plan: e.plan,
    endTime,
    finalProgressMb: 0,
    retention: e.retention,
    retentionStart: NOT_YET,
    tags: NO_TAGS,
    grants: NO_GRANTS,
    profile: e.kmsKeyId === undefined ? src.profile : { ...src.profile, kmsKeyId: e.kmsKeyId },
    source: src.id,
    sourceRegion: src.region,
    dueAt: endTime,
  };
  if (snap.type === 'manual') {
    p.manual.set(snap.id, snap);
    indexByCluster(p, snap);
  } else {
    p.heldAutomatedCopies = true;
    const copied = p.copiedAutomated.get(snap.profile.clusterId);
    if (copied) {
      copied.snaps.push(snap);
      copied.times.push(snap.createTime);
    } else p.copiedAutomated.set(snap.profile.clusterId, { snaps: [snap], times: [snap.createTime] });
  }
  p.order.add(snap.seq, snap.id);
  ctx.retime(snap, p);
  // the source cluster's next copy is incremental, and draws the next window of its copy stream
  const from = findPartition(s, e.source.account, e.source.region);
  const c = from && livingCluster(from, src);
  if (c) c.copiesTaken++;
}

/** The record of a cluster created empty or restored from a snapshot (status `creating`). */
function newCluster(s: State, e: ClusterCreated | ClusterRestoreStarted): ClusterRecord {
  const readyAt = instant(e.readyAt, `${e.type}.readyAt`);
  return {
    kind: 'cluster',
    id: e.ref.id,
    seq: s.nextSeq++,
    status: 'creating',
    profile: e.profile,
    workload: e.workload,
    tags: e.tags,
    automatedRetention: e.automatedRetention,
    manualRetention: e.manualRetention,
    dueAt: readyAt,
    nextAutoAt: NEVER,
    lastBackupStart: NOT_YET,
    lastAutoStart: NOT_YET,
    autoTaken: 0,
    outage: null,
    finalSnapshotId: null,
    automated: [],
    latestAutoSeq: 0,
    latestAutoExpiry: NEVER,
    backupsInFlight: 0,
    restore:
      e.type === 'ClusterRestoreStarted'
        ? { source: { account: e.source.account, region: e.source.region, id: e.source.id }, sizeMb: e.sizeMb, createTime: readyAt, plan: e.plan, endTime: instant(readyAt + Math.round(planSeconds(e.plan) * 1000), 'restore end'), finalProgressMb: 0, outcome: 'restoring' }
        : null,
    copy: null,
    copiesTaken: 0,
    tableRestores: [],
    tables: new Set(),
    schedule: null,
  };
}

/** A table restore of cluster `c` starting (`PENDING`); at most one runs at a time. */
function startTableRestore(s: State, c: ClusterRecord, e: TableRestoreStarted): void {
  const last = c.tableRestores[c.tableRestores.length - 1];
  if (last !== undefined && last.plan !== null) throw new ApplyError(`cluster ${c.id}: table restore ${last.requestId} is still running`);
  const createTime = instant(e.requestTime, 'TableRestoreStarted.requestTime');
  c.tableRestores.push({
    requestId: e.requestId,
    seq: s.nextSeq++,
    snapshotId: e.snapshotId,
    sourceDatabaseName: e.sourceDatabaseName,
    sourceSchemaName: e.sourceSchemaName,
    sourceTableName: e.sourceTableName,
    targetDatabaseName: e.targetDatabaseName ?? null,
    targetSchemaName: e.targetSchemaName ?? null,
    newTableName: e.newTableName,
    tableKey: e.tableKey,
    sizeMb: e.sizeMb,
    status: 'PENDING',
    createTime,
    plan: e.plan,
    endTime: instant(createTime + Math.round(planSeconds(e.plan) * 1000), 'table restore end'),
    finalProgressMb: 0,
  });
}

/**
 * Moves a table restore of `c` along its machine at `at`. An ending one fixes its figures; one that
 * succeeded has created its table; past {@link TABLE_RESTORE_HISTORY} ended ones, the oldest goes.
 */
function transitionTableRestore(c: ClusterRecord, e: TableRestoreTransitioned, at: number): void {
  const list = c.tableRestores;
  // the running one is the last; only it moves
  const r = list[list.length - 1];
  if (r === undefined || r.requestId !== e.requestId) throw new ApplyError(`cluster ${c.id}: no running table restore ${e.requestId}`);
  const next = nextTableRestoreStatus(r.status, e.event);
  if (next === undefined) throw new ApplyError(`table restore ${r.requestId}: no ${e.event} edge from ${r.status}`);
  r.status = next;
  if (e.event === 'START' || r.plan === null) return;
  r.finalProgressMb = e.event === 'SUCCEED' ? r.sizeMb : Math.min(r.sizeMb, pointOnPlan(r.plan, Math.max(0, at - r.createTime) / 1000).progress);
  r.endTime = Math.min(r.endTime, at);
  r.plan = null;
  if (e.event === 'SUCCEED') c.tables.add(r.tableKey);
  if (list.length > TABLE_RESTORE_HISTORY) list.shift();
}

/** Ends cluster `c`'s restore with `outcome` at `at`: its figures are fixed, a failure makes the cluster `incompatible-restore`. */
function endRestore(s: State, c: ClusterRecord, outcome: 'completed' | 'failed', at: number): void {
  const r = c.restore;
  if (r === null || r.plan === null) throw new ApplyError(`cluster ${c.id}: no restore running`);
  r.finalProgressMb = outcome === 'completed' ? r.sizeMb : pointOnPlan(r.plan, Math.max(0, at - r.createTime) / 1000).progress;
  r.endTime = Math.min(r.endTime, at);
  r.plan = null;
  r.outcome = outcome;
  // a cluster already on its way out (deleting) just loses its restore
  if (outcome === 'failed' && nextClusterStatus(c.status, 'RESTORE_FAILED') !== undefined) transitionCluster(s, c, 'RESTORE_FAILED', at);
}

/**
 * An outage a backup drew strikes only an available cluster (`OUTAGE` finds it so): one that fell
 * due while the cluster was pausing or paused (the pause snapshot's) never struck, and goes as the
 * cluster resumes, or its due times, past by then, would be queued again.
 */
function dropOutageMissedWhilePaused(c: ClusterRecord, at: number): void {
  if (c.outage !== null && c.outage[0] <= at) c.outage = null;
}

function transitionCluster(s: State, c: ClusterRecord, event: ClusterEvent, at: number, dueAt?: number, finalId?: string): void {
  const next = nextClusterStatus(c.status, event);
  if (next === undefined) throw new ApplyError(`cluster ${c.id}: no ${event} edge from ${c.status}`);
  c.status = next;
  c.dueAt = dueAt ?? NEVER;
  if (finalId !== undefined) c.finalSnapshotId = finalId;
  const timings = s.config.timings;
  switch (event) {
    case 'READY':
      c.nextAutoAt = nextAutoFor(c, at, timings);
      return;
    case 'RESUME':
    case 'RECOVERED':
    case 'REBOOTED':
      if (event === 'RECOVERED') c.outage = null;
      if (event === 'RESUME') dropOutageMissedWhilePaused(c, at);
      // a scheduled cluster waits for the schedule's next invocation
      if (c.nextAutoAt <= at) c.nextAutoAt = c.schedule?.follows ? nextAutoFor(c, at, timings) : at + timings.automatedMinMinutes * 60_000;
      return;
    case 'REBOOT': {
      if (c.dueAt === NEVER) throw new ApplyError(`cluster ${c.id}: REBOOT without the time it ends`);
      // an outage still ahead moves later by the reboot's length, as the plans of the backups it
      // strikes do (their SnapshotTransferStalled events): cluster and backups keep agreeing
      if (c.outage !== null && c.outage[0] >= at) c.outage = outageAfterReboot(c.outage, at, c.dueAt);
      return; // the schedule stands (the automated timer finds the cluster rebooting and waits)
    }
    case 'DELETE':
    case 'DELETE_WITH_FINAL_SNAPSHOT':
      c.nextAutoAt = NEVER;
      c.outage = null;
      return;
    case 'GONE': // a removed record keeps no due times, so any timer still naming it is stale
      c.nextAutoAt = NEVER;
      c.outage = null;
      // a restore still loading, a table restore or a schedule change still due go with it
      if (c.restore !== null && c.restore.plan !== null) c.restore.plan = null;
      for (const r of c.tableRestores) if (r.plan !== null) r.plan = null;
      if (c.schedule !== null && c.schedule.state === 'MODIFYING') c.schedule = null;
      return;
    case 'RESTORE_FAILED': // a failed restore takes no more automated snapshots
      c.nextAutoAt = NEVER;
      return;
    case 'BEGIN_PAUSE': // a pausing or paused cluster takes no automated snapshots (not even the pause snapshot schedules one)
    case 'PAUSE_DONE':
    case 'BEGIN_RESUME':
      c.nextAutoAt = NEVER;
      return;
    case 'RESUME_DONE':
      dropOutageMissedWhilePaused(c, at);
      // the schedule goes on from the last automated snapshot (the pause snapshot), no sooner than the minimum gap after resuming
      // (a scheduled cluster: the schedule's next invocation)
      c.nextAutoAt = c.schedule?.follows ? nextAutoFor(c, at, timings) : Math.max(nextAutomatedAt(c, c.lastAutoStart, timings), at + timings.automatedMinMinutes * 60_000);
      return;
    case 'PAUSE': // logs before pausing existed: the schedule stood, the automated timer found the cluster paused and waited
    case 'MODIFY':
    case 'MODIFIED':
    case 'OUTAGE':
    case 'FINAL_SNAPSHOT_TAKEN':
      return; // the schedule stands (a paused or rebooting cluster's automated timer finds it so and waits)
    default:
      assertNever(event, 'cluster event');
  }
}

function createSnapshot(s: State, p: Partition, e: SnapshotCreated, at: number, ctx: ApplyContext): void {
  const c = p.clusters.get(e.clusterId);
  const profile = e.kind === 'copy' ? snapshotIn(p, e.source ?? '')?.profile : c?.profile;
  if (!profile) throw new ApplyError(`snapshot ${e.ref.id}: no source for its cluster profile`);
  if (e.kind === 'automated' && (!c || (!ctx.decided && !isAutomatedIdOf(e.ref.id, c.id)))) throw new ApplyError(`automated snapshot ${e.ref.id}: not an id of cluster ${e.clusterId}`);
  const endTime = instant(instant(e.createTime, 'SnapshotCreated.createTime') + Math.round(planSeconds(e.plan) * 1000), 'SnapshotCreated end');
  const snap: SnapshotRecord = {
    kind: 'snapshot',
    id: e.ref.id,
    seq: s.nextSeq++,
    owner: e.ref.account,
    region: e.ref.region,
    type: e.kind === 'automated' ? 'automated' : 'manual',
    status: e.kind === 'final' ? 'final snapshot' : 'creating',
    createTime: e.createTime,
    totalMb: e.totalMb,
    incrementalMb: e.incrementalMb,
    plan: e.plan,
    endTime,
    finalProgressMb: 0,
    retention: e.retention,
    retentionStart: NOT_YET,
    tags: e.tags,
    grants: NO_GRANTS,
    profile,
    source: e.source ?? null,
    sourceRegion: null,
    dueAt: endTime,
  };
  if (snap.type === 'manual') {
    p.manual.set(snap.id, snap);
    indexByCluster(p, snap);
  }
  p.order.add(snap.seq, snap.id);
  ctx.retime(snap, p);
  if (c && e.kind !== 'copy') {
    c.backupsInFlight++;
    if (e.kind === 'automated') {
      c.automated.push(snap);
      c.lastAutoStart = e.createTime;
      c.autoTaken++;
      // the pause snapshot (the cluster is pausing) schedules no next one: a paused cluster takes none
      c.nextAutoAt = c.status === 'pausing' ? NEVER : nextAutoFor(c, e.createTime, s.config.timings);
    }
    if (e.outage && (c.outage === null || c.outage[1] <= at)) c.outage = e.outage;
    if (e.kind === 'automated' || e.outage) ctx.retime(c, p); // its next automated snapshot, or an outage window
  }
}

function transitionSnapshot(s: State, p: Partition, snap: SnapshotRecord, event: SnapshotEvent, at: number, ctx: ApplyContext): void {
  const next = nextSnapshotStatus(snap.status, event);
  if (next === undefined) throw new ApplyError(`snapshot ${snap.id}: no ${event} edge from ${snap.status}`);
  const c = livingCluster(p, snap);
  // a copy transfers data but is not a backup of the cluster
  const backupOf = snap.source === null ? c : undefined;
  const running = snap.plan !== null;
  if (snap.plan !== null) {
    snap.finalProgressMb = event === 'COMPLETE' ? planFinalProgress(snap.plan) : pointOnPlan(snap.plan, (at - snap.createTime) / 1000).progress;
    snap.endTime = Math.min(snap.endTime, at);
    snap.plan = null;
    if (backupOf) {
      backupOf.backupsInFlight--;
      // a backup purged before its end (automated snapshots turned off) takes the cluster outage it drew, if still ahead
      if (event === 'PURGE' && backupOf.backupsInFlight === 0 && backupOf.outage !== null && backupOf.outage[0] > at) backupOf.outage = null;
    }
  }
  snap.status = next;
  // Retention runs from the end of the backup; a failed automated snapshot expires like any other.
  const retained = event === 'COMPLETE' || (event === 'FAIL' && snap.type === 'automated');
  if (retained) snap.retentionStart = at;
  snap.dueAt = retained ? expiryOf(snap) : NEVER;
  if (event === 'COMPLETE' && backupOf) {
    if (backupOf.lastBackupStart < snap.createTime) backupOf.lastBackupStart = snap.createTime;
    if (snap.type === 'automated' && snap.seq > backupOf.latestAutoSeq) setLatestAuto(backupOf, snap);
  }
  // the next automated snapshot fell due while this one ran (see `automated` in timers.ts): under the
  // default policy it starts now; a scheduled cluster waits for the schedule's next invocation
  if (running && backupOf && snap.type === 'automated' && backupOf.nextAutoAt < at) {
    backupOf.nextAutoAt = backupOf.schedule?.follows ? nextAutoFor(backupOf, at, s.config.timings) : at;
    ctx.retime(backupOf, p);
  }
  // a copy from another region that arrived: the source cluster's next copy there moves only its increment
  if (event === 'COMPLETE' && snap.sourceRegion !== null) {
    const home = findPartition(s, snap.owner, snap.sourceRegion);
    const from = home && livingCluster(home, snap);
    if (from?.copy && from.copy.destinationRegion === snap.region) from.copy.copies++;
  }
  if (next === 'deleted') removeSnapshot(s, p, snap, c);
}

/** Removes `snap` from `p` and its indexes; `c` is its living cluster, if any. */
function removeSnapshot(s: State, p: Partition, snap: SnapshotRecord, c: ClusterRecord | undefined): void {
  p.order.remove(snap.seq);
  for (const g of snap.grants) sharedIndex(s, g, snap.region).remove(snap.seq);
  if (snap.type === 'manual') {
    p.manual.delete(snap.id);
    unindexByCluster(p, snap);
    return;
  }
  if (snap.sourceRegion !== null) {
    const copied = p.copiedAutomated.get(snap.profile.clusterId);
    if (!copied) throw new ApplyError(`copied automated snapshot ${snap.id}: not kept under ${snap.profile.clusterId}`);
    const i = removeBySeq(copied.snaps, snap.seq);
    if (i === 0) copied.times.shift();
    else if (i > 0) copied.times.splice(i, 1);
    if (copied.snaps.length === 0) p.copiedAutomated.delete(snap.profile.clusterId);
    return;
  }
  if (!c) throw new ApplyError(`automated snapshot ${snap.id}: its cluster is gone`);
  removeBySeq(c.automated, snap.seq);
  if (c.latestAutoSeq === snap.seq) setLatestAuto(c, newestAvailableAuto(c));
}

/**
 * Removes the snapshot numbered `seq` from `list` (oldest first, so it is nearly always the first;
 * compared by seq: under immer both are drafts). Returns where it was, or -1.
 */
function removeBySeq(list: SnapshotRecord[], seq: number): number {
  let i = 0;
  while (i < list.length && list[i]!.seq !== seq) i++;
  if (i >= list.length) return -1;
  if (i === 0) list.shift();
  else list.splice(i, 1);
  return i;
}

/** Records `snap` (or none) as the newest available automated snapshot of `c`. */
function setLatestAuto(c: ClusterRecord, snap: SnapshotRecord | undefined): void {
  c.latestAutoSeq = snap?.seq ?? 0;
  c.latestAutoExpiry = snap ? expiryOf(snap) : NEVER;
}

/** The newest available automated snapshot of `c` (scans; only when the latest goes away). */
function newestAvailableAuto(c: ClusterRecord): SnapshotRecord | undefined {
  for (let i = c.automated.length - 1; i >= 0; i--) if (c.automated[i]!.status === 'available') return c.automated[i];
  return undefined;
}

