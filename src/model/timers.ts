/**
 * Scheduled service work: the due times each record carries, and `decideTimer`, which turns a due
 * time into events (a backup ends, a cluster becomes ready or goes away, an automated snapshot is
 * taken, a retention period ends, an outage begins or ends). Pure, like `decide`.
 */
import type { DomainEvent, Ref } from '../events/types.ts';
import type { SnapshotEvent } from '../machines/index.ts';
import type { Environment } from './environment.ts';
import { expiryOf, livingCluster, sameIncarnation } from './records.ts';
import { automatedId } from './automated-id.ts';
import { backupStarted } from './backup-start.ts';
import { refOf } from './state.ts';
import { NEVER, type ClusterRecord, type Partition, type SnapshotRecord, type Tag } from './types.ts';

/** What a timer is for. The numeric order breaks ties at equal time and entity. */
export const TimerKind = { ClusterDue: 0, OutageStart: 1, OutageEnd: 2, SnapshotDue: 3, Automated: 4 } as const;
/** A timer kind. */
export type TimerKind = (typeof TimerKind)[keyof typeof TimerKind];

/**
 * A due time of one record: `record` is the cluster (kinds other than SnapshotDue) or snapshot
 * it belongs to, in `partition`; the record's creation sequence number breaks ties. A timer is
 * never cancelled: it goes stale when its record's due time moves or the record goes away (a
 * removed record has no due times left).
 */
export interface Timer {
  readonly at: number;
  readonly kind: TimerKind;
  readonly partition: Partition;
  readonly record: ClusterRecord | SnapshotRecord;
}

/** Where due times are queued (the scheduler): no timer object is built per due time. */
export interface TimerSink {
  add(at: number, kind: TimerKind, record: ClusterRecord | SnapshotRecord, partition: Partition): void;
}

/** Queues the due times of a cluster: all of them, or only the automated schedule or the outage window. */
export function queueClusterTimers(sink: TimerSink, c: ClusterRecord, p: Partition, only?: 'automated' | 'outage'): void {
  if (only === undefined && c.dueAt !== NEVER) sink.add(c.dueAt, TimerKind.ClusterDue, c, p);
  if (only !== 'outage' && c.nextAutoAt !== NEVER) sink.add(c.nextAutoAt, TimerKind.Automated, c, p);
  if (only !== 'automated' && c.outage !== null) {
    sink.add(c.outage[0], TimerKind.OutageStart, c, p);
    sink.add(c.outage[1], TimerKind.OutageEnd, c, p);
  }
}

/** Queues the due time of a snapshot, if it has one. */
export function queueSnapshotTimer(sink: TimerSink, snap: SnapshotRecord, p: Partition): void {
  if (snap.dueAt !== NEVER) sink.add(snap.dueAt, TimerKind.SnapshotDue, snap, p);
}

const clusterOf = (t: Timer): ClusterRecord => t.record as ClusterRecord;
const snapshotOf = (t: Timer): SnapshotRecord => t.record as SnapshotRecord;

/** Whether a timer still matches its record (timers are not cancelled, they go stale). */
export function isCurrent(t: Timer): boolean {
  if (t.kind === TimerKind.SnapshotDue) return snapshotOf(t).dueAt === t.at;
  const c = clusterOf(t);
  switch (t.kind) {
    case TimerKind.ClusterDue:
      return c.dueAt === t.at;
    case TimerKind.Automated:
      return c.nextAutoAt === t.at;
    case TimerKind.OutageStart:
      return c.outage?.[0] === t.at;
    default:
      return c.outage?.[1] === t.at;
  }
}

/** Whether a due time of `kind` on `record` is in-flight work (as opposed to the recurring schedule or retention). */
export function isWork(kind: TimerKind, record: ClusterRecord | SnapshotRecord): boolean {
  if (kind === TimerKind.Automated) return false;
  if (kind === TimerKind.SnapshotDue) return (record as SnapshotRecord).plan !== null;
  return true;
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

function snapshotDue(p: Partition, snap: SnapshotRecord, env: Environment): DomainEvent[] {
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
  // only the latest available automated snapshot outlives its retention (AWS keeps it): purge it once a newer one is in
  if (snap.type === 'automated' && snap.plan.outcome === 'available' && c.latestAutoExpiry <= env.now) purgeExpiredAutomated(events, p, c, snap, env.now);
  return events;
}

function clusterDue(p: Partition, c: ClusterRecord, ref: Ref): DomainEvent[] {
  if (c.status === 'creating') return [{ type: 'ClusterTransitioned', ref, event: 'READY' }];
  if (c.status !== 'deleting') return [];
  const events = c.automated.map((snap) => transition(p, snap, 'PURGE'));
  // Manual backups still transferring when the cluster goes away are cancelled (kept, deletable).
  for (const snap of p.manual.values()) {
    if (snap.status === 'creating' && snap.source === null && sameIncarnation(c, snap)) {
      events.push(transition(p, snap, 'CANCEL'));
    }
  }
  events.push({ type: 'ClusterRemoved', ref });
  return events;
}

function automated(p: Partition, c: ClusterRecord, env: Environment): DomainEvent[] {
  if (c.status !== 'available') return [];
  // The id names the second. An `rs:` id is never a manual one (identifiers have no ':'), and
  // automated snapshots live at least a day and go away with their cluster, so the only one it
  // could clash with is this cluster's latest, if that was taken in the same second.
  if (Math.floor(c.lastAutoStart / 1000) === Math.floor(env.now / 1000)) return [];
  return [backupStarted(c, refOf(p, automatedId(c.id, env.now)), 'automated', c.automatedRetention, NO_TAGS, env)];
}

/**
 * The events a current timer produces (possibly none). Reads only the timer's partition, which
 * is part of the state, so this stays a pure function of the state and the timer.
 */
export function decideTimer(t: Timer, env: Environment): DomainEvent[] {
  const p = t.partition;
  if (t.kind === TimerKind.SnapshotDue) return snapshotDue(p, snapshotOf(t), env);
  const c = clusterOf(t);
  if (t.kind === TimerKind.Automated) return automated(p, c, env);
  const ref = refOf(p, c.id);
  switch (t.kind) {
    case TimerKind.ClusterDue:
      return clusterDue(p, c, ref);
    case TimerKind.OutageStart:
      return c.status === 'available' ? [{ type: 'ClusterTransitioned', ref, event: 'OUTAGE' }] : [];
    default:
      return c.status === 'rebooting' ? [{ type: 'ClusterTransitioned', ref, event: 'RECOVERED' }] : [];
  }
}
