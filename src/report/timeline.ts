/**
 * The timeline projection: folds log entries into what a person looks at — one lane per cluster
 * (lifetime, outages), one bar per snapshot (start, end, outcome, progress curve, deletion), one
 * lane per (destination region, source cluster) of cross-region copies with a bar per copy, one
 * bar per cluster restore's data transfer, region outages — plus marks for authorizations,
 * revocations, copies, skipped copies, deletions and snapshot schedule changes; and, when asked,
 * the AWS events the run published (DescribeEvents' events, recomputed from the log with the
 * projection of `model/aws-events.ts`). Unlike the domain state it forgets nothing, so it can draw
 * the whole run. Used live by the scenario runner and offline by `snapsim report`.
 */
import { assertNever } from '../events/assert-never.ts';
import type { DomainEvent, LogEntry, Ref, RegionOutage } from '../events/types.ts';
import { formatMb } from '../format/duration.ts';
import { catalogueEntry, messageOf, newestEvent } from '../model/aws-events.ts';
import { apply as applyEvent, type ApplyContext } from '../model/evolve.ts';
import { stallPlan } from '../model/stall.ts';
import { emptyState } from '../model/state.ts';
import type { AwsEventRecord, Partition, State } from '../model/types.ts';

/**
 * A cluster incarnation: one lane of the report. Or, with `copiesFrom` set, the lane of a
 * cluster's cross-region copies in one destination region (`region`), labelled `region ← id`:
 * created with the first copy (or skipped copy), never removed, no cluster figures.
 */
export interface Lane {
  /** Unique within the timeline: `account/region/id#n` (copies: `account/region/id←sourceRegion#n`). */
  readonly key: string;
  readonly account: string;
  /** The cluster's region; for a copies lane, the destination region. */
  readonly region: string;
  /** The cluster's identifier; for a copies lane, the source cluster's. */
  readonly id: string;
  /** For a lane of cross-region copies: the source region; null for a cluster's lane. */
  readonly copiesFrom: string | null;
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
  /** `copy`: a same-region copy (CopyClusterSnapshot); `region-copy`: a cross-region copy (see `copiedFrom`). */
  readonly kind: 'manual' | 'automated' | 'copy' | 'final' | 'region-copy';
  /** When it started moving data (a cross-region copy: when its source completed, not its create time). */
  readonly start: number;
  readonly totalMb: number;
  /** MB it moves (a cross-region copy: the whole snapshot the first time, else the source's increment). */
  readonly incrementalMb: number;
  /** The planned progress curve: `[sec, mb, sec, mb, …]` from the start (re-planned when the backup stalls or a region outage catches it). */
  points: readonly number[];
  /** Seconds before sizes were known. */
  knownAt: number;
  /** A same-region copy's source snapshot identifier. */
  readonly source: string | null;
  /** A cross-region copy's source: where it came from, its type, the source's bar, its create time (the data's age). */
  readonly copiedFrom: CopySource | null;
  /** When the backup ended (completed, failed or cancelled); null while it runs. */
  end: number | null;
  outcome: Outcome | null;
  /** When it was deleted (by the user) or purged (by the service). */
  deletedAt: number | null;
  deletedBy: 'DELETE' | 'PURGE' | null;
  /** Accounts authorized at the end of the log. */
  readonly grants: string[];
}

/** Where a cross-region copy came from. */
export interface CopySource {
  readonly account: string;
  readonly region: string;
  readonly id: string;
  readonly snapshotType: 'manual' | 'automated';
  /** The source's bar, when the log has it. */
  readonly bar: string | null;
  /** The source's create time: the copy holds the data as of then. */
  readonly createTime: number;
}

/** The final (so far) outcome of a restore: `cancelled` when its cluster went away mid-transfer. */
export type RestoreOutcome = 'completed' | 'failed' | 'cancelled';

/** A cluster restore's data transfer: one bar on the restored cluster's lane. */
export interface Restore {
  /** Unique within the timeline: the lane's key and `/restore`. */
  readonly key: string;
  readonly lane: string;
  readonly account: string;
  readonly region: string;
  /** The restored cluster's identifier. */
  readonly id: string;
  /** The snapshot restored. */
  readonly source: Ref;
  /** The bar of the snapshot restored, when the log has it live. */
  readonly sourceBar: string | null;
  /** MB to load (the snapshot's total size). */
  readonly sizeMb: number;
  /** When RestoreFromClusterSnapshot was accepted. */
  readonly requestedAt: number;
  /** When the data transfer started (provisioning ended). */
  readonly start: number;
  /** The planned progress curve: `[sec, mb, …]` from `start`. */
  readonly points: readonly number[];
  readonly knownAt: number;
  /** When the transfer ended (or its cluster was removed); null while it runs. */
  end: number | null;
  outcome: RestoreOutcome | null;
}

/** Kinds of point marks on the timeline. */
export type MarkKind = 'authorize' | 'revoke' | 'copy' | 'copy-skipped' | 'delete' | 'purge' | 'outage' | 'recovered' | 'cluster-delete' | 'restore-start' | 'restore-end' | 'pause' | 'resume' | 'reboot' | 'table-restore' | 'schedule';

/** An AWS event the run published (as DescribeEvents shows it), placed on its cluster's lane. */
export interface AwsEventMark {
  readonly at: number;
  /** `REDSHIFT-EVENT-nnnn`. */
  readonly eventId: string;
  readonly severity: string;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly account: string;
  readonly region: string;
  readonly message: string;
  /** The lane of the cluster it speaks of (a snapshot's: its cluster's), null when that is not drawn. */
  readonly lane: string | null;
}

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
  /** Restores' data transfers, in order of request. */
  readonly restores: Restore[];
  /** Region outages scheduled, in order of scheduling: [from, to) each. */
  readonly regionOutages: RegionOutage[];
  /** The AWS events published, in log order (empty unless the builder was asked for them). */
  readonly awsEvents: AwsEventMark[];
}

/** Options of a {@link TimelineBuilder}. */
export interface TimelineOptions {
  /**
   * Recompute the AWS events (REDSHIFT-EVENT-…) the run published: the log is replayed into a
   * state of its own, as `replay` does, and the projection's events are kept. Doubles the cost of
   * folding entries; off by default (the scenario runner does not draw them), on in {@link buildTimeline}.
   */
  readonly awsEvents?: boolean;
}

/** A live handle on a timeline being built, entry by entry. */
export class TimelineBuilder {
  /** The projection so far. */
  readonly timeline: Timeline = { seed: 0, start: 0, end: 0, lanes: [], bars: [], marks: [], restores: [], regionOutages: [], awsEvents: [] };
  private readonly liveLanes = new Map<string, Lane>();
  private readonly liveBars = new Map<string, Bar>();
  private readonly lanesByKey = new Map<string, Lane>();
  /** Lanes of cross-region copies by `account/destination/sourceRegion/clusterId`. */
  private readonly copyLanes = new Map<string, Lane>();
  /** Running restores by their cluster's `account/region/id`. */
  private readonly liveRestores = new Map<string, Restore>();
  /** When a cross-region copy's plan counts from (its source's create time), by bar key; other plans count from their bar's start. */
  private readonly planOrigin = new Map<string, number>();
  private readonly laneCount = new Map<string, number>();
  private readonly barCount = new Map<string, number>();
  /** The schedule each live cluster lane is associated with, by `account/region/id`. */
  private readonly schedules = new Map<string, string>();
  /** The log replayed so far, for the AWS events (undefined when not asked, or when the log cannot be replayed). */
  private shadow: State | undefined;
  private wantsAwsEvents: boolean;
  /** The AWS events the event being folded published. */
  private readonly published: { event: AwsEventRecord; partition: Partition }[] = [];
  private readonly shadowCtx: ApplyContext;

  constructor(opts: TimelineOptions = {}) {
    this.wantsAwsEvents = opts.awsEvents === true;
    const published = this.published;
    this.shadowCtx = { hint: undefined, likely: undefined, decided: false, retime: () => {}, published: (partition) => published.push({ event: newestEvent(partition.events), partition }) };
  }

  /** Folds one entry into the timeline. */
  add(entry: LogEntry): void {
    if (entry.at > this.timeline.end) this.timeline.end = entry.at;
    for (const e of entry.events) {
      if (!this.wantsAwsEvents) {
        this.apply(e, entry.at);
        continue;
      }
      this.project(e, entry.at);
      // a cluster's lane is found before the event (one being removed is still live) or, for one it creates, after it
      const pending = this.published.splice(0).map(({ event, partition }) => ({ event, partition, lane: this.eventLane(event, partition) }));
      this.apply(e, entry.at);
      for (const { event, partition, lane } of pending) {
        const c = catalogueEntry(event.eventId);
        this.timeline.awsEvents.push({
          at: event.at, eventId: event.eventId, severity: c.severity, sourceType: event.sourceType, sourceId: event.sourceId,
          account: partition.account, region: partition.region, message: messageOf(event), lane: lane ?? this.eventLane(event, partition),
        });
      }
    }
  }

  /** Applies `e` to the replayed state, which records the AWS events it publishes; a log that cannot be replayed stops them (the timeline still draws). */
  private project(e: DomainEvent, at: number): void {
    try {
      if (this.shadow === undefined) {
        if (e.type !== 'SimulationStarted') throw new Error('a log starts with SimulationStarted');
        this.shadow = emptyState(e.seed, e.start, e.config);
      }
      applyEvent(this.shadow, e, at, this.shadowCtx);
    } catch {
      this.wantsAwsEvents = false;
      this.shadow = undefined;
      this.published.length = 0;
    }
  }

  /** The live lane of the cluster an AWS event speaks of. */
  private eventLane(event: AwsEventRecord, p: Partition): string | null {
    return this.liveLanes.get(`${p.account}/${p.region}/${event.args.cluster}`)?.key ?? null;
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
    if (e.type === 'RegionOutageScheduled') {
      t.regionOutages.push(e.outage);
      return;
    }
    if (e.type === 'ApiErrorInjected' || e.type === 'ApiErrorRaised') return; // not drawn
    const base = `${e.ref.account}/${e.ref.region}/${e.ref.id}`;
    switch (e.type) {
      case 'ClusterCreated':
      case 'ClusterRestoreStarted': {
        const lane: Lane = {
          key: this.nth(this.laneCount, base), account: e.ref.account, region: e.ref.region, id: e.ref.id, copiesFrom: null,
          nodeType: e.profile.nodeType, nodes: e.profile.numberOfNodes, createdAt: at, readyAt: null, deleteAt: null, removedAt: null, outages: [],
        };
        t.lanes.push(lane);
        this.liveLanes.set(base, lane);
        this.lanesByKey.set(lane.key, lane);
        if (e.type === 'ClusterRestoreStarted') {
          this.mark('restore-start', at, lane.key, null, `from ${e.source.account}/${e.source.id}, ${formatMb(e.sizeMb)}`);
          const restore: Restore = {
            key: `${lane.key}/restore`, lane: lane.key, account: e.ref.account, region: e.ref.region, id: e.ref.id,
            source: e.source, sourceBar: this.liveBars.get(`${e.source.account}/${e.source.region}/${e.source.id}`)?.key ?? null,
            sizeMb: e.sizeMb, requestedAt: at, start: e.readyAt, points: e.plan.points, knownAt: e.plan.knownAt, end: null, outcome: null,
          };
          t.restores.push(restore);
          this.liveRestores.set(base, restore);
        }
        return;
      }
      case 'ClusterRestoreEnded': {
        const lane = this.liveLanes.get(base);
        if (lane) this.mark('restore-end', at, lane.key, null, e.outcome);
        const restore = this.liveRestores.get(base);
        if (restore) {
          restore.end = at;
          restore.outcome = e.outcome;
          this.liveRestores.delete(base);
        }
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
        // a reboot: drawn as the cluster's unavailable span, like an outage
        if (e.event === 'REBOOT') {
          lane.outages.push([at, null]);
          this.mark('reboot', at, lane.key, null, 'rebooting');
        }
        if (e.event === 'REBOOTED') {
          const open = lane.outages[lane.outages.length - 1];
          if (open && open[1] === null) open[1] = at;
          this.mark('reboot', at, lane.key, null, 'rebooted: available');
        }
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
        this.schedules.delete(base);
        const restore = this.liveRestores.get(base);
        if (restore) {
          restore.end = at;
          restore.outcome = 'cancelled';
          this.liveRestores.delete(base);
        }
        return;
      }
      case 'SnapshotCreated': {
        const laneKey = this.liveLanes.get(`${e.ref.account}/${e.ref.region}/${e.clusterId}`)?.key
          ?? (e.source ? this.liveBars.get(`${e.ref.account}/${e.ref.region}/${e.source}`)?.lane : undefined)
          ?? this.orphanLane(e.ref.account, e.ref.region, e.clusterId, at);
        const bar: Bar = {
          key: this.nth(this.barCount, base), account: e.ref.account, region: e.ref.region, id: e.ref.id, lane: laneKey, kind: e.kind,
          start: e.createTime, totalMb: e.totalMb, incrementalMb: e.incrementalMb, points: e.plan.points, knownAt: e.plan.knownAt,
          source: e.source ?? null, copiedFrom: null, end: null, outcome: null, deletedAt: null, deletedBy: null, grants: [],
        };
        t.bars.push(bar);
        this.liveBars.set(base, bar);
        if (e.kind === 'copy') this.mark('copy', at, laneKey, bar.key, `${e.source} → ${e.ref.id}`);
        return;
      }
      case 'SnapshotCopyStarted': {
        const source = this.liveBars.get(`${e.source.account}/${e.source.region}/${e.source.id}`);
        const lane = this.copyLane(e.ref.account, e.ref.region, e.source.region, source, at);
        const { points, knownAt } = shiftPlan(e.plan.points, e.plan.knownAt, (at - e.createTime) / 1000);
        const bar: Bar = {
          key: this.nth(this.barCount, base), account: e.ref.account, region: e.ref.region, id: e.ref.id, lane: lane.key, kind: 'region-copy',
          start: at, totalMb: e.totalMb, incrementalMb: e.incrementalMb, points, knownAt, source: null,
          copiedFrom: { ...e.source, snapshotType: e.snapshotType, bar: source?.key ?? null, createTime: e.createTime },
          end: null, outcome: null, deletedAt: null, deletedBy: null, grants: [],
        };
        t.bars.push(bar);
        this.liveBars.set(base, bar);
        this.planOrigin.set(bar.key, e.createTime);
        return;
      }
      case 'SnapshotCopySkipped': {
        const source = this.liveBars.get(`${e.source.account}/${e.source.region}/${e.source.id}`);
        const lane = this.copyLane(e.ref.account, e.ref.region, e.source.region, source, at);
        this.mark('copy-skipped', at, lane.key, null, `${e.source.id}: ${e.reason === 'quota' ? 'manual snapshot quota full' : 'a snapshot of that name exists'}`);
        return;
      }
      case 'SnapshotTransferReplanned': {
        // the bar ends when its transfer does; its curve follows the new plan (a stall, or a failure)
        const bar = this.liveBars.get(base);
        if (!bar) return;
        const origin = this.planOrigin.get(bar.key) ?? bar.start;
        const { points, knownAt } = shiftPlan(e.plan.points, e.plan.knownAt, (bar.start - origin) / 1000);
        bar.points = points;
        bar.knownAt = knownAt;
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
      case 'SnapshotTransferStalled': {
        const bar = this.liveBars.get(base);
        if (!bar) return;
        const plan = stallPlan({ points: bar.points, knownAt: bar.knownAt, outcome: 'available' }, bar.start, e.from, e.to);
        bar.points = plan.points;
        bar.knownAt = plan.knownAt;
        return;
      }
      case 'TableRestoreStarted': {
        const lane = this.liveLanes.get(base);
        if (lane) this.mark('table-restore', at, lane.key, null, `${e.sourceTableName} from ${e.snapshotId} as ${e.newTableName}, ${formatMb(e.sizeMb)}`);
        return;
      }
      case 'TableRestoreTransitioned': {
        const lane = this.liveLanes.get(base);
        if (lane && e.event !== 'START') this.mark('table-restore', at, lane.key, null, `table restore ${e.event === 'SUCCEED' ? 'succeeded' : e.event === 'FAIL' ? 'failed' : 'canceled'}`);
        return;
      }
      case 'ClusterSnapshotScheduleChanged': {
        const lane = this.liveLanes.get(base);
        if (!lane) return;
        if (e.scheduleId === null) {
          const was = this.schedules.get(base);
          this.mark('schedule', at, lane.key, null, `${was === undefined ? 'schedule' : `schedule ${was}`} removed: default automated snapshots`);
          this.schedules.delete(base);
          return;
        }
        const again = this.schedules.get(base) === e.scheduleId;
        this.schedules.set(base, e.scheduleId);
        const active = (e.activeAt ?? at) <= at;
        this.mark('schedule', at, lane.key, null, `schedule ${e.scheduleId} ${again ? 'changed' : 'associated'}: ${active ? 'ACTIVE' : 'MODIFYING'}`);
        return;
      }
      case 'ClusterSnapshotScheduleActivated': {
        const lane = this.liveLanes.get(base);
        if (lane) this.mark('schedule', at, lane.key, null, `schedule ${this.schedules.get(base) ?? '?'}: ACTIVE`);
        return;
      }
      case 'SnapshotRetentionChanged':
      case 'ClusterRetentionChanged':
      case 'ResourceTagsChanged':
      case 'SnapshotCopyEnabled':
      case 'SnapshotCopyDisabled':
      case 'SnapshotCopyRetentionChanged':
      case 'SnapshotCopyGrantCreated':
      case 'SnapshotCopyGrantDeleted':
      case 'SnapshotScheduleCreated':
      case 'SnapshotScheduleModified':
      case 'SnapshotScheduleDeleted':
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
    const lane: Lane = { key: this.nth(this.laneCount, `${account}/${region}/${id}`), account, region, id, copiesFrom: null, nodeType: '?', nodes: 0, createdAt: at, readyAt: null, deleteAt: null, removedAt: at, outages: [] };
    this.timeline.lanes.push(lane);
    this.lanesByKey.set(lane.key, lane);
    return lane.key;
  }

  /**
   * The lane of a cluster's cross-region copies into `region` (the cluster named by the source
   * snapshot's bar), made on its first use and placed after the cluster's lane and its other
   * copy lanes.
   */
  private copyLane(account: string, region: string, sourceRegion: string, source: Bar | undefined, at: number): Lane {
    const sourceLane = source ? this.lanesByKey.get(source.lane) : undefined;
    const clusterId = sourceLane?.id ?? '?';
    const mapKey = `${account}/${region}/${sourceRegion}/${clusterId}`;
    const existing = this.copyLanes.get(mapKey);
    if (existing) return existing;
    const lane: Lane = {
      key: this.nth(this.laneCount, `${account}/${region}/${clusterId}←${sourceRegion}`), account, region, id: clusterId, copiesFrom: sourceRegion,
      nodeType: '', nodes: 0, createdAt: at, readyAt: null, deleteAt: null, removedAt: null, outages: [],
    };
    const lanes = this.timeline.lanes;
    let i = sourceLane ? lanes.indexOf(sourceLane) : -1;
    if (i < 0) lanes.push(lane);
    else {
      while (lanes[i + 1]?.copiesFrom != null) i++;
      lanes.splice(i + 1, 0, lane);
    }
    this.copyLanes.set(mapKey, lane);
    this.lanesByKey.set(lane.key, lane);
    return lane;
  }
}

/**
 * A plan counted from an origin `offset` seconds before a bar's start, counted from the start:
 * breakpoints before it dropped (the progress at the start interpolated), later ones moved back.
 */
function shiftPlan(points: readonly number[], knownAt: number, offset: number): { points: number[]; knownAt: number } {
  if (offset <= 0) return { points: [...points], knownAt };
  const out: number[] = [];
  let prevT: number | null = null;
  let prevMb = 0;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const tt = points[i]! - offset;
    const mb = points[i + 1]!;
    if (tt < 0) {
      prevT = tt;
      prevMb = mb;
      continue;
    }
    if (out.length === 0 && tt > 0 && prevT !== null) out.push(0, prevMb + ((mb - prevMb) * -prevT) / (tt - prevT));
    out.push(tt, mb);
  }
  if (out.length === 0 && prevT !== null) out.push(0, prevMb);
  return { points: out, knownAt: Math.max(0, knownAt - offset) };
}

/** Builds the timeline of a whole log, with its AWS events unless `opts` says otherwise. */
export function buildTimeline(entries: Iterable<LogEntry>, opts: TimelineOptions = { awsEvents: true }): Timeline {
  const b = new TimelineBuilder(opts);
  for (const e of entries) b.add(e);
  return b.timeline;
}

/** The progress curve of a bar or restore, cut at its end: `[sec, mb]` pairs. */
export function curveOf(bar: Pick<Bar, 'points' | 'start' | 'end'>): [number, number][] {
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
