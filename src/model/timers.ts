/**
 * Scheduled service work: the due times each record carries, and `decideTimer`, which turns a due
 * time into events (a backup ends, a cluster becomes ready or goes away, an automated snapshot is
 * taken, a retention period ends, an outage begins or ends). Pure, like `decide`.
 */
import type { DomainEvent, Ref } from '../events/types.ts';
import type { Environment } from './environment.ts';
import { expiryOf, sameIncarnation } from './evolve.ts';
import { findCluster, findPartition } from './state.ts';
import { backupStarted } from './backup-start.ts';
import type { ClusterRecord, SnapshotRecord, State } from './types.ts';

/** What a timer is for. The numeric order breaks ties at equal time and entity. */
export const TimerKind = { ClusterDue: 0, OutageStart: 1, OutageEnd: 2, SnapshotDue: 3, Automated: 4 } as const;
/** A timer kind. */
export type TimerKind = (typeof TimerKind)[keyof typeof TimerKind];

/** A due time of one record. `seq` is the record's creation sequence number. */
export interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly kind: TimerKind;
  readonly account: string;
  readonly region: string;
  readonly id: string;
}

/** The due times of a cluster: all of them, or only the automated schedule or the outage window. */
export function clusterTimers(c: ClusterRecord, account: string, region: string, only?: 'automated' | 'outage'): Timer[] {
  const out: Timer[] = [];
  if (only === undefined && c.dueAt !== null) out.push({ at: c.dueAt, seq: c.seq, kind: TimerKind.ClusterDue, account, region, id: c.id });
  if (only !== 'outage' && c.nextAutoAt !== null) out.push({ at: c.nextAutoAt, seq: c.seq, kind: TimerKind.Automated, account, region, id: c.id });
  if (only !== 'automated' && c.outage !== null) {
    out.push({ at: c.outage[0], seq: c.seq, kind: TimerKind.OutageStart, account, region, id: c.id });
    out.push({ at: c.outage[1], seq: c.seq, kind: TimerKind.OutageEnd, account, region, id: c.id });
  }
  return out;
}

/** The due time of a snapshot whose `dueAt` is set. */
export const snapshotTimer = (s: SnapshotRecord): Timer => ({ at: s.dueAt!, seq: s.seq, kind: TimerKind.SnapshotDue, account: s.owner, region: s.region, id: s.id });

/** Whether a timer still matches its record (timers are not cancelled, they go stale). */
export function isCurrent(s: State, t: Timer): boolean {
  if (t.kind === TimerKind.SnapshotDue) {
    const snap = findPartition(s, t.account, t.region)?.snapshots.get(t.id);
    return snap !== undefined && snap.seq === t.seq && snap.dueAt === t.at;
  }
  const c = findCluster(s, t.account, t.region, t.id);
  if (!c || c.seq !== t.seq) return false;
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

/** Whether a current timer is in-flight work (as opposed to the recurring schedule or retention). */
export function isWork(s: State, t: Timer): boolean {
  if (t.kind === TimerKind.Automated) return false;
  if (t.kind === TimerKind.SnapshotDue) return findPartition(s, t.account, t.region)?.snapshots.get(t.id)?.plan != null;
  return true;
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const DAY_MS = 86_400_000;
const dayNames = new Map<number, string>();

/** AWS's automated snapshot identifier: `rs:<cluster>-YYYY-MM-DD-HH-MM-SS` (UTC). */
export function automatedId(clusterId: string, at: number): string {
  const day = Math.floor(at / DAY_MS);
  let date = dayNames.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayNames.set(day, date);
  }
  const sec = Math.floor((at - day * DAY_MS) / 1000);
  return `rs:${clusterId}-${date}-${TWO[Math.floor(sec / 3600)]}-${TWO[Math.floor(sec / 60) % 60]}-${TWO[sec % 60]}`;
}

/** Events that purge a cluster's older automated snapshots whose retention has ended. */
function purgeExpiredAutomated(s: State, c: ClusterRecord, ref: Ref, keep: string, now: number): DomainEvent[] {
  const p = findPartition(s, ref.account, ref.region)!;
  const out: DomainEvent[] = [];
  // oldest first; the first one still within its retention ends the search (later ones end later)
  for (const id of c.autoIds) {
    if (id === keep) continue;
    const snap = p.snapshots.get(id);
    if (!snap || snap.status === 'creating') continue;
    const expiry = expiryOf(snap);
    if (expiry === null || expiry > now) break;
    out.push({ type: 'SnapshotTransitioned', ref: { ...ref, id }, event: 'PURGE' });
  }
  return out;
}

/** Whether `snap` is the newest available automated snapshot of its (living) cluster. */
function isLatestAutomated(s: State, snap: SnapshotRecord): boolean {
  const c = findCluster(s, snap.owner, snap.region, snap.profile.clusterId);
  if (!c || !sameIncarnation(c, snap)) return false;
  const p = findPartition(s, snap.owner, snap.region)!;
  // newest first: the first available one decides
  for (let i = c.autoIds.length - 1; i >= 0; i--) {
    const other = p.snapshots.get(c.autoIds[i]!);
    if (other?.status === 'available') return other === snap;
  }
  return false;
}

function snapshotDue(s: State, snap: SnapshotRecord, env: Environment): DomainEvent[] {
  const ref: Ref = { account: snap.owner, region: snap.region, id: snap.id };
  if (snap.plan === null) {
    if (snap.type === 'automated' && snap.status === 'available' && isLatestAutomated(s, snap)) return []; // AWS keeps the latest automated snapshot
    return [{ type: 'SnapshotTransitioned', ref, event: 'PURGE' }];
  }
  const events: DomainEvent[] = [{ type: 'SnapshotTransitioned', ref, event: snap.plan.outcome === 'available' ? 'COMPLETE' : 'FAIL' }];
  const c = findCluster(s, snap.owner, snap.region, snap.profile.clusterId);
  if (!c || !sameIncarnation(c, snap)) return events;
  const cref: Ref = { ...ref, id: c.id };
  if (c.status === 'final-snapshot' && c.finalSnapshotId === snap.id) {
    events.push({ type: 'ClusterTransitioned', ref: cref, event: 'FINAL_SNAPSHOT_TAKEN', dueAt: env.now + env.clusterDeleteMs(cref, env.now) });
  }
  if (snap.type === 'automated' && snap.plan.outcome === 'available') events.push(...purgeExpiredAutomated(s, c, cref, snap.id, env.now));
  return events;
}

function clusterDue(s: State, c: ClusterRecord, ref: Ref): DomainEvent[] {
  if (c.status === 'creating') return [{ type: 'ClusterTransitioned', ref, event: 'READY' }];
  if (c.status !== 'deleting') return [];
  const events: DomainEvent[] = c.autoIds.map((id) => ({ type: 'SnapshotTransitioned', ref: { ...ref, id }, event: 'PURGE' }) as const);
  // Manual backups still transferring when the cluster goes away are cancelled (kept, deletable).
  for (const snap of findPartition(s, ref.account, ref.region)!.snapshots.values()) {
    if (snap.type === 'manual' && snap.status === 'creating' && snap.source === null && sameIncarnation(c, snap)) {
      events.push({ type: 'SnapshotTransitioned', ref: { ...ref, id: snap.id }, event: 'CANCEL' });
    }
  }
  events.push({ type: 'ClusterRemoved', ref });
  return events;
}

function automated(s: State, c: ClusterRecord, ref: Ref, env: Environment): DomainEvent[] {
  if (c.status !== 'available') return [];
  const now = env.now;
  const id = automatedId(c.id, now);
  if (findPartition(s, ref.account, ref.region)?.snapshots.has(id)) return [];
  return [backupStarted(c, { ...ref, id }, 'automated', c.automatedRetention, [], env)];
}

/** The events a due timer produces (possibly none). */
export function decideTimer(s: State, t: Timer, env: Environment): DomainEvent[] {
  const ref: Ref = { account: t.account, region: t.region, id: t.id };
  if (t.kind === TimerKind.SnapshotDue) return snapshotDue(s, findPartition(s, t.account, t.region)!.snapshots.get(t.id)!, env);
  const c = findCluster(s, t.account, t.region, t.id)!;
  switch (t.kind) {
    case TimerKind.ClusterDue:
      return clusterDue(s, c, ref);
    case TimerKind.Automated:
      return automated(s, c, ref, env);
    case TimerKind.OutageStart:
      return c.status === 'available' ? [{ type: 'ClusterTransitioned', ref, event: 'OUTAGE' }] : [];
    default:
      return c.status === 'rebooting' ? [{ type: 'ClusterTransitioned', ref, event: 'RECOVERED' }] : [];
  }
}
