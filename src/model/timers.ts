/**
 * Scheduled service work: the due times each record carries, and `decideTimer`, which turns a due
 * time into events (a backup ends, a cluster becomes ready or goes away, an automated snapshot is
 * taken, a retention period ends, an outage begins or ends). Pure, like `decide`.
 */
import { assertNever } from '../events/assert-never.ts';
import type { DomainEvent, Ref } from '../events/types.ts';
import type { SnapshotEvent } from '../machines/index.ts';
import type { Environment } from './environment.ts';
import { expiryOf, livingCluster, sameIncarnation } from './records.ts';
import { automatedId } from './automated-id.ts';
import { backupStarted } from './backup-start.ts';
import { refOf } from './state.ts';
import { NEVER, type ClusterRecord, type Partition, type SnapshotRecord, type State, type Tag, type TimedRecord } from './types.ts';
import { regionCopyOf } from './region-copy.ts';

/** What a timer is for. The numeric order breaks ties at equal time and entity. */
export const TimerKind = { ClusterDue: 0, OutageStart: 1, OutageEnd: 2, SnapshotDue: 3, Automated: 4, RestoreDue: 5, TableRestoreDue: 6, ScheduleDue: 7 } as const;
/** A timer kind. */
export type TimerKind = (typeof TimerKind)[keyof typeof TimerKind];

/**
 * A due time of one record, in `partition`; the record's creation sequence number breaks ties.
 * Each timer kind belongs to one kind of record (ClusterDue, OutageStart, OutageEnd, Automated,
 * RestoreDue, TableRestoreDue and ScheduleDue to clusters; SnapshotDue to snapshots). A timer is never cancelled: it goes stale when its
 * record's due time moves or the record goes away (a removed record has no due times left).
 */
export interface Timer {
  readonly at: number;
  readonly kind: TimerKind;
  readonly partition: Partition;
  readonly record: TimedRecord;
}

/** Where due times are queued (the scheduler): no timer object is built per due time. */
export interface TimerSink {
  add(at: number, kind: TimerKind, record: TimedRecord, partition: Partition): void;
}

/** Queues every due time `record` of partition `p` carries (stale ones are skipped when popped). */
export function queueTimers(sink: TimerSink, record: TimedRecord, p: Partition): void {
  switch (record.kind) {
    case 'cluster':
      if (record.dueAt !== NEVER) sink.add(record.dueAt, TimerKind.ClusterDue, record, p);
      if (record.nextAutoAt !== NEVER) sink.add(record.nextAutoAt, TimerKind.Automated, record, p);
      if (record.outage !== null) {
        sink.add(record.outage[0], TimerKind.OutageStart, record, p);
        sink.add(record.outage[1], TimerKind.OutageEnd, record, p);
      }
      if (record.restore !== null && record.restore.plan !== null) sink.add(record.restore.endTime, TimerKind.RestoreDue, record, p);
      if (record.tableRestores.length > 0) {
        const due = tableRestoreDue(record);
        if (due !== NEVER) sink.add(due, TimerKind.TableRestoreDue, record, p);
      }
      if (record.schedule !== null && record.schedule.state === 'MODIFYING') sink.add(record.schedule.activeAt, TimerKind.ScheduleDue, record, p);
      return;
    case 'snapshot':
      if (record.dueAt !== NEVER) sink.add(record.dueAt, TimerKind.SnapshotDue, record, p);
      return;
    default:
      assertNever(record, 'record kind');
  }
}

/**
 * When cluster `c`'s running table restore (its last) moves next: from `PENDING` when its plan has
 * sized the table, from `IN_PROGRESS` when the plan ends; {@link NEVER} when none runs.
 */
export function tableRestoreDue(c: ClusterRecord): number {
  const r = c.tableRestores[c.tableRestores.length - 1];
  if (r === undefined || r.plan === null) return NEVER;
  return r.status === 'PENDING' ? r.createTime + Math.round(r.plan.knownAt * 1000) : r.endTime;
}

/** When `record`'s due time of `kind` is now; {@link NEVER} when it has none. */
function dueOf(kind: TimerKind, record: TimedRecord): number {
  switch (record.kind) {
    case 'snapshot':
      return record.dueAt;
    case 'cluster':
      switch (kind) {
        case TimerKind.ClusterDue:
          return record.dueAt;
        case TimerKind.Automated:
          return record.nextAutoAt;
        case TimerKind.OutageStart:
          return record.outage?.[0] ?? NEVER;
        case TimerKind.OutageEnd:
          return record.outage?.[1] ?? NEVER;
        case TimerKind.RestoreDue:
          return record.restore !== null && record.restore.plan !== null ? record.restore.endTime : NEVER;
        case TimerKind.TableRestoreDue:
          return tableRestoreDue(record);
        case TimerKind.ScheduleDue:
          return record.schedule !== null && record.schedule.state === 'MODIFYING' ? record.schedule.activeAt : NEVER;
        case TimerKind.SnapshotDue:
          return NEVER; // a snapshot's kind: never queued for a cluster
        default:
          return assertNever(kind, 'timer kind');
      }
    default:
      return assertNever(record, 'record kind');
  }
}

/** Whether a timer still matches its record (timers are not cancelled, they go stale). */
export const isCurrent = (t: Timer): boolean => {
  // most timers are snapshots' (one due time each): read it without the switch over kinds
  const r = t.record;
  return r.kind === 'snapshot' ? r.dueAt === t.at : dueOf(t.kind, r) === t.at;
};

/** Whether a due time of `kind` on `record` is in-flight work (as opposed to the recurring schedule or retention). */
export function isWork(kind: TimerKind, record: TimedRecord): boolean {
  switch (record.kind) {
    case 'snapshot':
      return record.plan !== null;
    case 'cluster':
      return kind !== TimerKind.Automated;
    default:
      return assertNever(record, 'record kind');
  }
}

/** The tags of an automated snapshot: none, one frozen array for all of them. */
const NO_TAGS: readonly Tag[] = Object.freeze([]);

/** The event that moves snapshot `snap` of partition `p` along `event`. */
const transition = (p: Partition, snap: SnapshotRecord, event: SnapshotEvent): DomainEvent => ({ type: 'SnapshotTransitioned', ref: refOf(p, snap.id), event });

/** Appends to `out` the events that purge a cluster's older automated snapshots whose retention has ended. */
function purgeExpiredAutomated(out: DomainEvent[], p: Partition, c: ClusterRecord, keep: SnapshotRecord, now: number): void {
  // oldest first; the first one still within its retention ends the search (later ones end later)
  for (const snap of c.automated) {
    if (snap === keep || snap.status === 'creating') continue;
    if (expiryOf(snap) > now) break;
    out.push(transition(p, snap, 'PURGE'));
  }
}

/** Whether `snap` is the newest available automated snapshot of its (living) cluster. */
const isLatestAutomated = (p: Partition, snap: SnapshotRecord): boolean => livingCluster(p, snap)?.latestAutoSeq === snap.seq;

function snapshotDue(s: State, p: Partition, snap: SnapshotRecord, env: Environment): DomainEvent[] {
  if (snap.plan === null) {
    if (snap.type === 'automated' && snap.status === 'available' && isLatestAutomated(p, snap)) return []; // AWS keeps the latest automated snapshot
    return [transition(p, snap, 'PURGE')];
  }
  const events = [transition(p, snap, snap.plan.outcome === 'available' ? 'COMPLETE' : 'FAIL')];
  const c = livingCluster(p, snap);
  if (!c) return events;
  if (c.status === 'final-snapshot' && c.finalSnapshotId === snap.id) {
    const cref = refOf(p, c.id);
    events.push({ type: 'ClusterTransitioned', ref: cref, event: 'FINAL_SNAPSHOT_TAKEN', dueAt: env.now + env.clusterDeleteMs(cref, env.now) });
  }
  // the pause snapshot (the one backup of a pausing cluster) ended: paused, if the pausing time is over too (else at its end)
  if (c.status === 'pausing' && snap.source === null && c.backupsInFlight === 1 && c.dueAt <= env.now) {
    events.push({ type: 'ClusterTransitioned', ref: refOf(p, c.id), event: 'PAUSE_DONE' });
  }
  // only the latest available automated snapshot outlives its retention (AWS keeps it): purge it once a newer one is in
  if (snap.type === 'automated' && snap.plan.outcome === 'available' && c.latestAutoExpiry <= env.now) purgeExpiredAutomated(events, p, c, snap, env.now);
  // a completed backup (not a same-region copy) of a cluster with cross-region copy on is copied
  if (c.copy !== null && snap.source === null && snap.plan.outcome === 'available') events.push(regionCopyOf(s, p, c, c.copy, snap, env));
  return events;
}

function clusterDue(p: Partition, c: ClusterRecord, ref: Ref): DomainEvent[] {
  switch (c.status) {
    case 'creating':
      return [{ type: 'ClusterTransitioned', ref, event: 'READY' }];
    case 'pausing': // paused once its pause snapshot has ended too (that snapshot's end does it, when later)
      return c.backupsInFlight === 0 ? [{ type: 'ClusterTransitioned', ref, event: 'PAUSE_DONE' }] : [];
    case 'resuming':
      return [{ type: 'ClusterTransitioned', ref, event: 'RESUME_DONE' }];
    case 'rebooting': // a reboot's seeded time ended (an injected outage's rebooting has no due time: its end is OutageEnd)
      return [{ type: 'ClusterTransitioned', ref, event: 'REBOOTED' }];
    case 'deleting':
      break;
    default:
      return [];
  }
  const events = c.automated.map((snap) => transition(p, snap, 'PURGE'));
  // Manual backups still transferring when the cluster goes away are cancelled (kept, deletable).
  // Its manual snapshots are indexed by cluster in creation order: the partition's may be many.
  const own = p.manualByCluster.get(c.id);
  if (own) {
    for (const id of own.after(0)) {
      const snap = p.manual.get(id)!;
      if (snap.status === 'creating' && snap.source === null && sameIncarnation(c, snap)) events.push(transition(p, snap, 'CANCEL'));
    }
  }
  events.push({ type: 'ClusterRemoved', ref });
  return events;
}

function automated(s: State, p: Partition, c: ClusterRecord, env: Environment): DomainEvent[] {
  if (c.status !== 'available') return [];
  // one automated snapshot at a time: one due while the last still runs starts when that one ends (evolve re-arms it then)
  if (c.backupsInFlight > 0 && c.automated.length > 0 && c.automated[c.automated.length - 1]!.status === 'creating') return [];
  // The id names the second. An `rs:` id is never a manual one (identifiers have no ':'), and
  // automated snapshots live at least a day and go away with their cluster, so the only one it
  // could clash with is this cluster's latest, if that was taken in the same second.
  if (Math.floor(c.lastAutoStart / 1000) === Math.floor(env.now / 1000)) return [];
  let id = automatedId(c.id, env.now);
  // nor, but for an automated snapshot copied in from another region (its cluster there has this
  // name) in the same second, which this one then names the next second after
  if (p.copiedAutomated.size > 0 && p.copiedAutomated.get(c.id)?.snaps.some((snap) => snap.id === id)) id = automatedId(c.id, env.now + 1000);
  return [backupStarted(s, c, refOf(p, id), 'automated', c.automatedRetention, NO_TAGS, env)];
}

/** The events of a cluster's current due time of `kind`. */
function clusterTimer(s: State, kind: TimerKind, p: Partition, c: ClusterRecord, env: Environment): DomainEvent[] {
  switch (kind) {
    case TimerKind.Automated:
      return automated(s, p, c, env);
    case TimerKind.ClusterDue:
      return clusterDue(p, c, refOf(p, c.id));
    case TimerKind.OutageStart:
      return c.status === 'available' ? [{ type: 'ClusterTransitioned', ref: refOf(p, c.id), event: 'OUTAGE' }] : [];
    case TimerKind.OutageEnd: // not a reboot's rebooting (it has a due time, and ends by REBOOTED)
      return c.status === 'rebooting' && c.dueAt === NEVER ? [{ type: 'ClusterTransitioned', ref: refOf(p, c.id), event: 'RECOVERED' }] : [];
    case TimerKind.RestoreDue: {
      const plan = c.restore?.plan;
      return plan ? [{ type: 'ClusterRestoreEnded', ref: refOf(p, c.id), outcome: plan.outcome === 'available' ? 'completed' : 'failed' }] : [];
    }
    case TimerKind.TableRestoreDue: {
      const r = c.tableRestores[c.tableRestores.length - 1];
      if (r === undefined || r.plan === null) return [];
      const event = r.status === 'PENDING' ? 'START' : r.plan.outcome === 'available' ? 'SUCCEED' : 'FAIL';
      return [{ type: 'TableRestoreTransitioned', ref: refOf(p, c.id), requestId: r.requestId, event }];
    }
    case TimerKind.ScheduleDue:
      return c.schedule?.state === 'MODIFYING' ? [{ type: 'ClusterSnapshotScheduleActivated', ref: refOf(p, c.id) }] : [];
    case TimerKind.SnapshotDue:
      return []; // a snapshot's kind: never queued for a cluster
    default:
      return assertNever(kind, 'timer kind');
  }
}

/**
 * The events a current timer produces (possibly none): a pure function of the state `s` and the
 * timer (mostly of the timer's partition; a cross-region copy reads its destination's).
 */
export function decideTimer(t: Timer, s: State, env: Environment): DomainEvent[] {
  const record = t.record;
  switch (record.kind) {
    case 'snapshot':
      return snapshotDue(s, t.partition, record, env);
    case 'cluster':
      return clusterTimer(s, t.kind, t.partition, record, env);
    default:
      return assertNever(record, 'record kind');
  }
}
