/**
 * The timeline projection: folds log entries into what a person looks at — one lane per cluster
 * (lifetime, outages) and one bar per snapshot (start, end, outcome, progress curve, deletion) —
 * plus marks for authorizations, revocations, copies and deletions. Unlike the domain state it
 * forgets nothing, so it can draw the whole run. Used live by the scenario runner and offline by
 * `snapsim report`.
 */
import { assertNever } from '../events/assert-never.ts';
import type { DomainEvent, LogEntry } from '../events/types.ts';
import { formatMb } from '../format/duration.ts';

/** A cluster incarnation: one lane of the report. */
export interface Lane {
  /** Unique within the timeline: `account/region/id#n`. */
  readonly key: string;
  readonly account: string;
  readonly region: string;
  readonly id: string;
  readonly nodeType: string;
  readonly nodes: number;
  readonly createdAt: number;
  readyAt: number | null;
  /** When DeleteCluster was accepted. */
  deleteAt: number | null;
  removedAt: number | null;
  /** Outage windows [from, to]; `to` null while still down. */
  readonly outages: [number, number | null][];
}

/** The final (so far) outcome of a backup. */
export type Outcome = 'available' | 'failed' | 'cancelled';

/** A snapshot: one bar of the report. */
export interface Bar {
  /** Unique within the timeline (snapshot ids can be reused after deletion). */
  readonly key: string;
  readonly account: string;
  readonly region: string;
  readonly id: string;
  readonly lane: string;
  readonly kind: 'manual' | 'automated' | 'copy' | 'final';
  readonly start: number;
  readonly totalMb: number;
  readonly incrementalMb: number;
  /** The planned progress curve: `[sec, mb, sec, mb, …]` from the start. */
  readonly points: readonly number[];
  /** Seconds before sizes were known. */
  readonly knownAt: number;
  readonly source: string | null;
  /** When the backup ended (completed, failed or cancelled); null while it runs. */
  end: number | null;
  outcome: Outcome | null;
  /** When it was deleted (by the user) or purged (by the service). */
  deletedAt: number | null;
  deletedBy: 'DELETE' | 'PURGE' | null;
  /** Accounts authorized at the end of the log. */
  readonly grants: string[];
}

/** Kinds of point marks on the timeline. */
export type MarkKind = 'authorize' | 'revoke' | 'copy' | 'delete' | 'purge' | 'outage' | 'recovered' | 'cluster-delete' | 'restore-start' | 'restore-end' | 'pause' | 'resume';

/** A point mark: something happened to a bar or lane at an instant. */
export interface Mark {
  readonly kind: MarkKind;
  readonly at: number;
  readonly lane: string;
  /** The bar it concerns, if any. */
  readonly bar: string | null;
  /** A short label: the account, the source snapshot, … */
  readonly detail: string;
}

/** The whole projection. */
export interface Timeline {
  seed: number;
  start: number;
  /** Time of the last entry. */
  end: number;
  readonly lanes: Lane[];
  readonly bars: Bar[];
  readonly marks: Mark[];
}

/** A live handle on a timeline being built, entry by entry. */
export class TimelineBuilder {
  /** The projection so far. */
  readonly timeline: Timeline = { seed: 0, start: 0, end: 0, lanes: [], bars: [], marks: [] };
  private readonly liveLanes = new Map<string, Lane>();
  private readonly liveBars = new Map<string, Bar>();
  private readonly laneCount = new Map<string, number>();
  private readonly barCount = new Map<string, number>();

  /** Folds one entry into the timeline. */
  add(entry: LogEntry): void {
    if (entry.at > this.timeline.end) this.timeline.end = entry.at;
    for (const e of entry.events) this.apply(e, entry.at);
  }

  /** The live (not yet removed) lane of a cluster, if any. */
  lane(account: string, region: string, id: string): Lane | undefined {
    return this.liveLanes.get(`${account}/${region}/${id}`);
  }

  /** The live (not yet deleted) bar of a snapshot, if any. */
  bar(account: string, region: string, id: string): Bar | undefined {
    return this.liveBars.get(`${account}/${region}/${id}`);
  }

  private nth(counts: Map<string, number>, base: string): string {
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return `${base}#${n}`;
  }

  private mark(kind: MarkKind, at: number, lane: string, bar: string | null, detail: string): void {
    this.timeline.marks.push({ kind, at, lane, bar, detail });
  }

  private apply(e: DomainEvent, at: number): void {
    const t = this.timeline;
    if (e.type === 'SimulationStarted') {
      t.seed = e.seed;
      t.start = e.start;
      t.end = Math.max(t.end, e.start);
      return;
    }
    if (e.type === 'ApiErrorInjected' || e.type === 'ApiErrorRaised') return; // not drawn
    const base = `${e.ref.account}/${e.ref.region}/${e.ref.id}`;
    switch (e.type) {
      case 'ClusterCreated':
      case 'ClusterRestoreStarted': {
        const lane: Lane = {
          key: this.nth(this.laneCount, base), account: e.ref.account, region: e.ref.region, id: e.ref.id,
          nodeType: e.profile.nodeType, nodes: e.profile.numberOfNodes, createdAt: at, readyAt: null, deleteAt: null, removedAt: null, outages: [],
        };
        t.lanes.push(lane);
        this.liveLanes.set(base, lane);
        if (e.type === 'ClusterRestoreStarted') this.mark('restore-start', at, lane.key, null, `from ${e.source.account}/${e.source.id}, ${formatMb(e.sizeMb)}`);
        return;
      }
      case 'ClusterRestoreEnded': {
        const lane = this.liveLanes.get(base);
        if (lane) this.mark('restore-end', at, lane.key, null, e.outcome);
        return;
      }
      case 'ClusterTransitioned': {
        const lane = this.liveLanes.get(base);
        if (!lane) return;
        if (e.event === 'READY') lane.readyAt = at;
        if (e.event === 'OUTAGE') {
          lane.outages.push([at, null]);
          this.mark('outage', at, lane.key, null, lane.id);
        }
        if (e.event === 'RECOVERED') {
          const open = lane.outages[lane.outages.length - 1];
          if (open && open[1] === null) open[1] = at;
          this.mark('recovered', at, lane.key, null, lane.id);
        }
        // pausing and resuming (PAUSE and RESUME: logs from before they existed, paused or available at once)
        if (e.event === 'BEGIN_PAUSE') this.mark('pause', at, lane.key, null, 'pausing');
        if (e.event === 'PAUSE_DONE' || e.event === 'PAUSE') this.mark('pause', at, lane.key, null, 'paused');
        if (e.event === 'BEGIN_RESUME') this.mark('resume', at, lane.key, null, 'resuming');
        if (e.event === 'RESUME_DONE' || e.event === 'RESUME') this.mark('resume', at, lane.key, null, 'available');
        if (e.event === 'DELETE' || e.event === 'DELETE_WITH_FINAL_SNAPSHOT') {
          lane.deleteAt = at;
          this.mark('cluster-delete', at, lane.key, null, e.finalSnapshotId ? `final snapshot ${e.finalSnapshotId}` : 'no final snapshot');
        }
        return;
      }
      case 'ClusterRemoved': {
        const lane = this.liveLanes.get(base);
        if (lane) lane.removedAt = at;
        this.liveLanes.delete(base);
        return;
      }
      case 'SnapshotCreated': {
        const laneKey = this.liveLanes.get(`${e.ref.account}/${e.ref.region}/${e.clusterId}`)?.key
          ?? (e.source ? this.liveBars.get(`${e.ref.account}/${e.ref.region}/${e.source}`)?.lane : undefined)
          ?? this.orphanLane(e.ref.account, e.ref.region, e.clusterId, at);
        const bar: Bar = {
          key: this.nth(this.barCount, base), account: e.ref.account, region: e.ref.region, id: e.ref.id, lane: laneKey, kind: e.kind,
          start: e.createTime, totalMb: e.totalMb, incrementalMb: e.incrementalMb, points: e.plan.points, knownAt: e.plan.knownAt,
          source: e.source ?? null, end: null, outcome: null, deletedAt: null, deletedBy: null, grants: [],
        };
        t.bars.push(bar);
        this.liveBars.set(base, bar);
        if (e.kind === 'copy') this.mark('copy', at, laneKey, bar.key, `${e.source} → ${e.ref.id}`);
        return;
      }
      case 'SnapshotTransitioned': {
        const bar = this.liveBars.get(base);
        if (!bar) return;
        if (bar.end === null && (e.event === 'COMPLETE' || e.event === 'FAIL' || e.event === 'CANCEL' || e.event === 'PURGE')) {
          bar.end = at;
          bar.outcome = e.event === 'COMPLETE' ? 'available' : e.event === 'FAIL' ? 'failed' : 'cancelled';
        }
        if (e.event === 'DELETE' || e.event === 'PURGE') {
          bar.deletedAt = at;
          bar.deletedBy = e.event;
          this.liveBars.delete(base);
          this.mark(e.event === 'DELETE' ? 'delete' : 'purge', at, bar.lane, bar.key, bar.id);
        }
        return;
      }
      case 'SnapshotAccessAuthorized':
      case 'SnapshotAccessRevoked': {
        const bar = this.liveBars.get(base);
        if (!bar) return;
        const authorize = e.type === 'SnapshotAccessAuthorized';
        if (authorize) bar.grants.push(e.grantee);
        else bar.grants.splice(bar.grants.indexOf(e.grantee), 1);
        this.mark(authorize ? 'authorize' : 'revoke', at, bar.lane, bar.key, e.grantee);
        return;
      }
      case 'SnapshotRetentionChanged':
      case 'ClusterRetentionChanged':
      case 'ResourceTagsChanged':
      case 'SnapshotCopyEnabled':
      case 'SnapshotCopyDisabled':
      case 'SnapshotCopyRetentionChanged':
      case 'SnapshotCopyStarted':
      case 'SnapshotCopySkipped':
      case 'SnapshotCopyGrantCreated':
      case 'SnapshotCopyGrantDeleted':
      case 'EventSubscriptionCreated':
      case 'EventSubscriptionModified':
      case 'EventSubscriptionDeleted':
        return; // not drawn
      default:
        assertNever(e, 'event');
    }
  }

  /** A lane for a snapshot whose cluster is not in the log (should not happen; keeps drawing robust). */
  private orphanLane(account: string, region: string, id: string, at: number): string {
    const lane: Lane = { key: this.nth(this.laneCount, `${account}/${region}/${id}`), account, region, id, nodeType: '?', nodes: 0, createdAt: at, readyAt: null, deleteAt: null, removedAt: at, outages: [] };
    this.timeline.lanes.push(lane);
    return lane.key;
  }
}

/** Builds the timeline of a whole log. */
export function buildTimeline(entries: Iterable<LogEntry>): Timeline {
  const b = new TimelineBuilder();
  for (const e of entries) b.add(e);
  return b.timeline;
}

/** The progress curve of a bar, cut at its end: `[sec, mb]` pairs. */
export function curveOf(bar: Bar): [number, number][] {
  const p = bar.points;
  const endSec = bar.end === null ? Infinity : (bar.end - bar.start) / 1000;
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < p.length; i += 2) {
    const t = p[i]!;
    const mb = p[i + 1]!;
    if (t <= endSec) {
      out.push([t, mb]);
      continue;
    }
    const prev = out[out.length - 1];
    if (prev && Number.isFinite(endSec)) {
      const [t0, mb0] = prev;
      out.push([endSec, mb0 + ((mb - mb0) * (endSec - t0)) / (t - t0)]);
    }
    break;
  }
  return out;
}
