/**
 * The lifecycle invariants (docs/testing.md) as executable checks. An {@link InvariantTracker}
 * watches a simulator across steps (statuses change only along the machines' edges, progress and
 * elapsed never decrease, `deleted` never comes back) and `check()` throws an
 * {@link InvariantViolation} naming the first violated invariant. With `everyPrefix`, it also
 * follows the log entry by entry, so what happens inside one long advance is checked too.
 */
import { encodeLog } from '../events/codec.ts';
import { copyGrantsQuota, eventSubscriptionsQuota, snapshotSchedulesQuota } from '../events/config.ts';
import { regionDown } from '../model/region-outage.ts';
import { CATALOGUE, EVENT_WINDOW_MS, eventColumns, eventNumber, slotOf, type CatalogueEntry } from '../model/aws-events.ts';
import type { DomainEvent, LogEntry, Ref } from '../events/types.ts';
import { clusterMachine, CLUSTER_TABLE, SNAPSHOT_TABLE, snapshotMachine, type ClusterStatus, type SnapshotStatus, type TransitionTable } from '../machines/index.ts';
import { replay, replayNdjson, type Notification, type Simulator } from '../sim/simulator.ts';
import { automatedId, isAutomatedIdOf } from '../model/automated-id.ts';
import { apply } from '../model/evolve.ts';
import { expiryOf, sameIncarnation } from '../model/records.ts';
import { emptyState, findPartition, snapshotsOf } from '../model/state.ts';
import { NEVER, TABLE_RESTORE_HISTORY, type ClusterRecord, type Partition, type SnapshotRecord, type State, type Tag } from '../model/types.ts';
import { tableRestoreView } from '../model/table-restore.ts';
import { clusterView, snapshotView } from '../model/views.ts';
import { planFinalProgress, pointOnPlan } from '../model/progress.ts';
import { nodeFamily } from '../model/node-types.ts';
import { isInvocation } from '../model/schedule-definitions.ts';

/** For each status of a transition table, the fewest edges leading to each status reachable from it (0 to itself). */
function distancesOf<S extends string>(table: TransitionTable<S, string>): ReadonlyMap<S, ReadonlyMap<S, number>> {
  const out = new Map<S, Map<S, number>>();
  for (const from of Object.keys(table) as S[]) {
    const dist = new Map<S, number>([[from, 0]]);
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      const s = queue[i]!;
      for (const next of Object.values(table[s]) as S[]) {
        if (dist.has(next)) continue;
        dist.set(next, dist.get(s)! + 1);
        queue.push(next);
      }
    }
    out.set(from, dist);
  }
  return out;
}

/**
 * How one kind of record (cluster, snapshot) may change status, derived from its machine's
 * table: along a path of edges, and (when the log says how many transitions it went through)
 * along one no longer than that.
 */
class StatusRule<S extends string> {
  private readonly dist: ReadonlyMap<S, ReadonlyMap<S, number>>;

  constructor(
    readonly kind: string,
    table: TransitionTable<S, string>,
    /** The statuses a record may start in. */
    private readonly starts: readonly S[],
    /** The status a record that is gone has reached. */
    private readonly terminal: S,
  ) {
    this.dist = distancesOf(table);
  }

  /** Throws unless a record first seen in `to` could have started and moved there in at most `budget` edges. */
  born(key: string, to: S, budget: number): void {
    const edges = Math.min(...this.starts.map((s) => this.edges(s, to)));
    if (edges > budget) this.fail(key, `new in ${to}`, edges, budget);
  }

  /** Throws unless a path of at most `budget` edges leads from `from` to `to`. */
  moved(key: string, from: S, to: S, budget: number): void {
    const edges = this.edges(from, to);
    if (edges > budget) this.fail(key, `${from} -> ${to}`, edges, budget);
  }

  /** Throws unless a record last seen in `from` could have reached the terminal status (it is gone) in at most `budget` edges. */
  removed(key: string, from: S, budget: number): void {
    this.moved(`${key} (gone)`, from, this.terminal, budget);
  }

  private edges(from: S, to: S): number {
    return this.dist.get(from)?.get(to) ?? Infinity;
  }

  private fail(key: string, change: string, edges: number, budget: number): never {
    const logged = budget < 0 ? 'no creation' : budget === 1 ? '1 transition' : `${budget} transitions`;
    const why = edges === Infinity ? 'no path' : `${edges} edge${edges === 1 ? '' : 's'}, but the log names ${logged}`;
    throw new InvariantViolation(`${this.kind} status changes only along machine edges`, `${key}: ${change} (${why})`);
  }
}

/** A cluster starts in its machine's initial state. */
const CLUSTER_RULE = new StatusRule<ClusterStatus>('cluster', CLUSTER_TABLE, [clusterMachine.config.initial as ClusterStatus], 'deleted');
/** A snapshot starts in its machine's initial state, or (a cluster's final snapshot) in `final snapshot`. */
const SNAPSHOT_RULE = new StatusRule<SnapshotStatus>('snapshot', SNAPSHOT_TABLE, [snapshotMachine.config.initial as SnapshotStatus, 'final snapshot'], 'deleted');

/**
 * For each record the entries name (`account/region/id`), how many status transitions they log
 * for it: a created record starts at 0, each transition (and a cluster's removal) adds 1.
 */
function transitionsIn(entries: readonly LogEntry[], from: number, to: number) {
  const clusters = new Map<string, number>();
  const snapshots = new Map<string, number>();
  const count = (m: Map<string, number>, ref: { account: string; region: string; id: string }, n: number) => {
    const key = `${ref.account}/${ref.region}/${ref.id}`;
    m.set(key, (m.get(key) ?? 0) + n);
  };
  for (let i = from; i < to; i++) {
    for (const e of entries[i]!.events) {
      if (e.type === 'ClusterCreated' || e.type === 'ClusterRestoreStarted') count(clusters, e.ref, 0);
      else if (e.type === 'ClusterTransitioned' || e.type === 'ClusterRemoved' || e.type === 'ClusterRestoreEnded') count(clusters, e.ref, 1);
      else if (e.type === 'SnapshotCreated' || e.type === 'SnapshotCopyStarted') count(snapshots, e.ref, 0);
      else if (e.type === 'SnapshotTransitioned') count(snapshots, e.ref, 1);
    }
  }
  return { clusters, snapshots };
}

/** An observed record: its incarnation key, its `account/region/id`, its status. */
interface Observed<S> {
  readonly ref: string;
  readonly status: S;
}

/**
 * The statuses of one kind of record as last observed, keyed by incarnation: each change must be
 * a path in the machine no longer than the transitions the log names for it since, a new record
 * must start where records start (and the log must name it), and a key once gone never comes back.
 */
class StatusWatch<S extends string> {
  private last = new Map<string, Observed<S>>();
  private readonly gone = new Set<string>();

  constructor(private readonly rule: StatusRule<S>) {}

  /**
   * Compares `now` with the previous observation, given the transitions logged in between
   * (`undefined`: unknown, so any path will do).
   */
  observe(now: Map<string, Observed<S>>, logged: ReadonlyMap<string, number> | undefined): void {
    const budget = (ref: string, none: number) => (logged === undefined ? Infinity : (logged.get(ref) ?? none));
    for (const [key, { ref, status }] of now) {
      if (this.gone.has(key)) throw new InvariantViolation('deleted never comes back', `${this.rule.kind} ${key}`);
      const before = this.last.get(key);
      if (before === undefined) this.rule.born(key, status, budget(ref, -1));
      else this.rule.moved(key, before.status, status, budget(ref, 0));
    }
    for (const [key, { ref, status }] of this.last) {
      if (now.has(key)) continue;
      this.rule.removed(key, status, budget(ref, 0));
      this.gone.add(key);
    }
    this.last = now;
  }
}

interface Seen {
  progress: number;
  elapsed: number;
}

/** A snapshot's incarnation: a deleted id created again is another snapshot. */
const keyOf = (s: SnapshotRecord) => `${s.owner}/${s.region}/${s.id}#${s.seq}`;
/** A cluster's incarnation. */
/** An account/region/id key of a reference. */
const refKey = (r: Ref): string => `${r.account}/${r.region}/${r.id}`;
const clusterKeyOf = (account: string, region: string, c: ClusterRecord) => `${account}/${region}/${c.id}#${c.seq}`;

/** Raised when an invariant does not hold. */
export class InvariantViolation extends Error {
  constructor(invariant: string, detail: string) {
    super(`invariant violated: ${invariant}: ${detail}`);
    this.name = 'InvariantViolation';
  }
}

/** Options of {@link InvariantTracker}. */
export interface TrackerOptions {
  /**
   * Follow the log entry by entry: at each append, the live state (every earlier entry applied)
   * must equal the log's prefix replayed, and every status change since the previous entry must
   * be a path in its machine. Catches what a long advance does between two steps. Needs the
   * whole log in memory (from `SimulationStarted`). Default false.
   */
  everyPrefix?: boolean;
}

/** Tags of a resource: at most 50, each key once (reference §4.3). */
function checkTags(key: string, tags: readonly Tag[]): void {
  if (tags.length > 50) throw new InvariantViolation('at most 50 tags per resource', `${key}: ${tags.length}`);
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw new InvariantViolation('tag keys unique per resource', `${key}: ${tags.map((t) => t.Key).join()}`);
}

/** Tracks one simulator across steps and checks every invariant after each. */
export class InvariantTracker {
  private readonly seen = new Map<string, Seen>();
  private readonly clusters = new StatusWatch(CLUSTER_RULE);
  private readonly snapshots = new StatusWatch(SNAPSHOT_RULE);
  private checkedEntries = 0;
  /** When each cluster's reboot (RebootCluster) the log has started ends. */
  private readonly rebootEnds = new Map<string, number>();
  /** Each cluster's status as the log checked so far says (see {@link checkLog}). */
  private readonly logStatuses = new Map<string, ClusterStatus>();
  /** Each snapshot schedule's definitions as the log checked so far says (by `account/region/id`). */
  private readonly logSchedules = new Map<string, readonly string[]>();
  /** The definitions each scheduled cluster's automated snapshots follow, as the log says (absent: the default policy). */
  private readonly logFollows = new Map<string, readonly string[]>();
  /** The schedule (`account/region/id`) each associated cluster is associated with, as the log says. */
  private readonly logAssociations = new Map<string, string>();
  /** When each cluster's latest automated snapshot was taken, as the log says (by `account/region/id`). */
  private readonly logLastAutomated = new Map<string, number>();
  /**
   * What bounds each cluster's next automated snapshot under the default policy, as the log says
   * (by `account/region/id`): `since`, the latest of its last automated snapshot's start, the
   * moment it became available, automated snapshots turned on, or its schedule changed;
   * `heldUntil`, when its last automated snapshot ended (one due meanwhile starts then);
   * `running`, its automated snapshots still creating; `retention`, its automated retention.
   */
  private readonly logCadence = new Map<string, { since: number; heldUntil: number; running: Set<string>; retention: number }>();
  /** The cluster (its key) of each automated snapshot still creating, as the log says (by snapshot key). */
  private readonly logRunningAutomated = new Map<string, string>();
  /** Each restore's end (time and outcome) when first seen, by cluster key. */
  private readonly restoreCourses = new Map<string, { endTime: number; outcome: string }>();
  /** Each cluster's cross-region copy settings as the log says (by `account/region/id`; absent: off). */
  private readonly logCopies = new Map<string, { destination: string; retention: number; manualRetention: number }>();
  /** How many log entries had been applied at the last status observation. */
  private observedEntries = 0;
  /** The log's prefix replayed entry by entry (everyPrefix only). */
  private prefix: State | undefined;
  private prefixLength = 0;
  private readonly unsubscribe: (() => void) | undefined;
  private readonly unlisten: () => void;
  /** What the notifications heard since the last check broke (a listener's throw is swallowed by the simulator). */
  private readonly notificationFaults: string[] = [];

  constructor(
    private readonly sim: Simulator,
    opts: TrackerOptions = {},
  ) {
    this.observeStatuses(sim.entries().length, true);
    this.unlisten = sim.onNotification((n) => this.checkNotification(n));
    if (opts.everyPrefix) {
      for (const entry of sim.entries()) this.replayEntry(entry);
      this.unsubscribe = sim.log.subscribe((entry) => this.onAppend(entry));
    }
  }

  /** Stops following the log. */
  dispose(): void {
    this.unsubscribe?.();
    this.unlisten();
  }

  /**
   * A notification is sent only for an enabled subscription, as it stands when the event is
   * recorded, of the event's own account and region, whose every filter matches the event (its
   * source type, one of its source ids, one of its categories, its severity), to the topic it
   * names; and the event is one of the catalogue, with the catalogue's severity and categories.
   * Checked against the filters directly, not through the simulator's own matching.
   */
  private checkNotification(n: Notification): void {
    const what = `${n.account}/${n.region} ${n.subscription}: ${n.event.EventId} of ${n.event.SourceIdentifier}`;
    const c = (CATALOGUE as Record<string, CatalogueEntry | undefined>)[n.event.EventId];
    if (c === undefined || c.severity !== n.event.Severity || c.sourceType !== n.event.SourceType || c.categories.join() !== n.event.EventCategories.join()) {
      this.notificationFaults.push(`a notification's event is one of the catalogue, as the catalogue says: ${what}`);
      return;
    }
    const sub = findPartition(this.sim.state, n.account, n.region)?.subscriptions.get(n.subscription);
    const matches =
      sub !== undefined &&
      sub.enabled &&
      sub.snsTopicArn === n.snsTopicArn &&
      (sub.sourceType === undefined || sub.sourceType === n.event.SourceType) &&
      (sub.sourceIds.length === 0 || sub.sourceIds.includes(n.event.SourceIdentifier)) &&
      (sub.categories.length === 0 || n.event.EventCategories.some((x) => sub.categories.includes(x))) &&
      (sub.severity === undefined || sub.severity === n.event.Severity);
    if (!matches) this.notificationFaults.push(`a notification only for an enabled subscription whose filters match: ${what}`);
  }

  /** Checks every invariant now; `replayCheck` also rebuilds the state from the log (in memory and through NDJSON) and compares. */
  check(opts: { replayCheck?: boolean } = {}): void {
    const sim = this.sim;
    const now = sim.nowMs();
    if (this.notificationFaults.length > 0) {
      const [first] = this.notificationFaults.splice(0);
      const cut = first!.indexOf(': ');
      throw new InvariantViolation(first!.slice(0, cut), first!.slice(cut + 2));
    }
    this.observeStatuses();
    const live = new Set<string>();
    for (const p of sim.state.partitions.values()) {
      const ids = new Set<string>();
      const all = [...snapshotsOf(p)];
      for (const s of all) {
        const key = keyOf(s);
        live.add(key);
        if (ids.has(s.id)) throw new InvariantViolation('snapshot ids unique per account and region', s.id);
        ids.add(s.id);
        this.checkFigures(s, key, now);
        if (s.plan !== null) this.checkStalls(p, s, key);
        if (s.sourceRegion !== null) checkRegionCopy(s, key, now);
        this.checkGrants(s);
        checkTags(key, s.tags);
      }
      for (const [id, s] of p.manual) {
        if (s.type !== 'manual' || s.id !== id) throw new InvariantViolation('the partition map holds manual snapshots by id', `${id}: ${s.type} ${s.id}`);
      }
      for (const [clusterId, { snaps: list, times }] of p.copiedAutomated) {
        if (!p.heldAutomatedCopies) throw new InvariantViolation('a partition holding copied automated snapshots says it has held some', `${p.account}/${p.region}: ${clusterId}`);
        if (times.length !== list.length || list.some((s, i) => times[i] !== s.createTime)) {
          throw new InvariantViolation('the creation times kept beside copied automated snapshots are theirs', clusterId);
        }
        list.forEach((s, i) => {
          if (s.type !== 'automated' || s.profile.clusterId !== clusterId || s.sourceRegion === null || (i > 0 && list[i - 1]!.seq >= s.seq)) {
            throw new InvariantViolation('copied automated snapshots are kept by their cluster, oldest first', `${clusterId}: ${s.type} ${s.id}`);
          }
        });
        if (list.length === 0) throw new InvariantViolation('no empty list of copied automated snapshots is kept', clusterId);
      }
      for (const c of p.clusters.values()) {
        this.checkAutomated(c);
        // until a copy arrives, automated identifiers name their snapshots' times (the events ledger relies on it)
        const named = p.heldAutomatedCopies ? undefined : c.automated.find((s) => s.id !== automatedId(c.id, s.createTime));
        if (named) throw new InvariantViolation('an automated identifier names its time where no copied-in one can clash', `${c.id}: ${named.id}`);
        checkTags(clusterKeyOf(p.account, p.region, c), c.tags);
        if (c.restore !== null) this.checkRestore(c, clusterKeyOf(p.account, p.region, c), p.account, p.region, now);
        if (c.tableRestores.length > 0) this.checkTableRestores(c, clusterKeyOf(p.account, p.region, c), now);
        // a reboot (RebootCluster) ends on time: never still rebooting past its end
        if (c.status === 'rebooting' && c.dueAt !== NEVER && c.dueAt < now) throw new InvariantViolation('a reboot ends on time', `${clusterKeyOf(p.account, p.region, c)}: due ${c.dueAt}, now ${now}`);
        live.add(clusterKeyOf(p.account, p.region, c));
        for (const r of c.tableRestores) live.add(`${clusterKeyOf(p.account, p.region, c)}/table-restore/${r.requestId}`);
      }
      const order = all.sort((a, b) => a.seq - b.seq).map((s) => s.id);
      if ([...p.order.after(0)].join() !== order.join()) throw new InvariantViolation('the creation-order index lists every snapshot', `${p.account}/${p.region}`);
      this.checkManualByCluster(p);
      this.checkCopyGrants(p);
      this.checkSchedules(p, now);
      this.checkEvents(p, now);
    }
    for (const key of this.seen.keys()) if (!live.has(key)) this.seen.delete(key);
    this.checkLog();
    this.checkCadence(now);
    if (this.prefix !== undefined) this.checkPrefix(this.sim.entries().length);
    if (opts.replayCheck) this.checkReplay();
  }

  /**
   * Every cluster's and snapshot's status now (the log's first `applied` entries applied),
   * against the previous observation and the transitions the entries since then name. The first
   * observation takes the records as they are (the log kept may not start with them).
   */
  private observeStatuses(applied = this.sim.entries().length, first = false): void {
    const clusters = new Map<string, Observed<ClusterStatus>>();
    const snapshots = new Map<string, Observed<SnapshotStatus>>();
    for (const p of this.sim.state.partitions.values()) {
      for (const c of p.clusters.values()) clusters.set(clusterKeyOf(p.account, p.region, c), { ref: `${p.account}/${p.region}/${c.id}`, status: c.status });
      for (const s of snapshotsOf(p)) snapshots.set(keyOf(s), { ref: `${s.owner}/${s.region}/${s.id}`, status: s.status });
    }
    const logged = first ? undefined : transitionsIn(this.sim.entries(), this.observedEntries, applied);
    this.clusters.observe(clusters, logged?.clusters);
    this.snapshots.observe(snapshots, logged?.snapshots);
    this.observedEntries = applied;
  }

  /**
   * A running transfer's plan moves no data while one of its regions is down (a backup's region, a
   * copy's two), nor, for a backup, while its cluster is down for the outage it meets.
   */
  private checkStalls(p: Partition, s: SnapshotRecord, key: string): void {
    const plan = s.plan!;
    const points = plan.points;
    for (let i = 1; i < points.length; i += 2) {
      if (!(points[i]! >= 0 && points[i]! <= s.incrementalMb) || (i > 1 && points[i]! < points[i - 2]!) || (i > 1 && points[i - 1]! < points[i - 3]!)) {
        throw new InvariantViolation('a transfer plan moves forward, from 0 to at most its size', `${key}: ${JSON.stringify(points)} for ${s.incrementalMb} MB`);
      }
    }
    if (plan.outcome === 'available' && points[points.length - 1] !== s.incrementalMb) {
      throw new InvariantViolation('a transfer that succeeds moves all of its size', `${key}: ${points[points.length - 1]} of ${s.incrementalMb} MB`);
    }
    const at = (t: number) => pointOnPlan(plan, Math.max(0, (t - s.createTime) / 1000)).progress;
    const regions = s.sourceRegion === null ? [s.region] : [s.sourceRegion, s.region];
    for (const o of this.sim.state.regionOutages) {
      if (regions.includes(o.region) && o.to > s.createTime && at(o.to) !== at(o.from)) {
        throw new InvariantViolation('no data moves while a transfer\'s region is down', `${key}: ${at(o.from)} MB at ${o.from}, ${at(o.to)} MB at ${o.to} (${o.region})`);
      }
    }
    const c = s.source === null && s.sourceRegion === null ? p.clusters.get(s.profile.clusterId) : undefined;
    const o = c !== undefined && sameIncarnation(c, s) ? c.outage : null;
    if (o !== null && o[1] > s.createTime && at(o[1]) !== at(o[0])) {
      throw new InvariantViolation('no data moves while a backup\'s cluster is down for its outage', `${key}: ${at(o[0])} MB at ${o[0]}, ${at(o[1])} MB at ${o[1]}`);
    }
  }

  private checkFigures(s: SnapshotRecord, key: string, now: number): void {
    const v = snapshotView(s, now, s.owner);
    const total = v.TotalBackupSizeInMegaBytes as number;
    const inc = v.ActualIncrementalBackupSizeInMegaBytes as number;
    const progress = v.BackupProgressInMegaBytes as number;
    const elapsed = v.ElapsedTimeInSeconds as number;
    const eta = v.EstimatedSecondsToCompletion as number;
    if (total !== -1 && !(progress >= 0 && progress <= inc && inc <= total)) {
      throw new InvariantViolation('0 <= progress <= incremental <= total', `${key}: ${progress} / ${inc} / ${total}`);
    }
    if (!(eta >= 0 || eta === -1)) throw new InvariantViolation('an ETA is a number of seconds ahead (or -1 while unknown)', `${key}: ${eta}`);
    if (s.status === 'available' && (progress !== inc || eta !== 0)) {
      throw new InvariantViolation('available => progress = incremental and ETA = 0', `${key}: ${progress} / ${inc}, ETA ${eta}`);
    }
    const before = this.seen.get(key);
    if (before) {
      if (progress < before.progress) throw new InvariantViolation('progress never decreases', `${key}: ${before.progress} -> ${progress}`);
      if (elapsed < before.elapsed) throw new InvariantViolation('elapsed never decreases', `${key}: ${before.elapsed} -> ${elapsed}`);
    }
    this.seen.set(key, { progress, elapsed });
  }

  /**
   * A restore's transfer, read off its record (every target): its plan moves at most the
   * snapshot's size, all of it when it succeeds; 0 ≤ progress ≤ size; progress and elapsed never
   * decrease; an ended restore has no plan and ended by now. Its figures as AWS shows them: a DC2
   * target's 0 ≤ progress ≤ size, completed ⇒ progress = size and ETA 0; an RA3 or RG target
   * shows the size and zeros (AWS updates the figures for DC2 targets only).
   */
  private checkRestore(c: ClusterRecord, key: string, account: string, region: string, now: number): void {
    const r = c.restore!;
    const running = r.outcome === 'restoring';
    if (running !== (r.plan !== null) || (!running && r.endTime > now)) throw new InvariantViolation('a restore runs while restoring only, and ended by now', `${key}: ${r.outcome}, ended ${r.endTime}`);
    if (r.plan !== null) {
      const moves = planFinalProgress(r.plan);
      if (moves > r.sizeMb || (r.plan.outcome === 'available' && moves !== r.sizeMb)) throw new InvariantViolation("a restore moves its snapshot's size, all of it when it succeeds", `${key}: ${moves} / ${r.sizeMb}`);
    }
    // nothing stops a restore under way (a revoked grant, a deleted snapshot): it ends when and how it was planned
    const course = this.restoreCourses.get(key);
    const ends = { endTime: r.endTime, outcome: r.plan !== null ? (r.plan.outcome === 'available' ? 'completed' : 'failed') : r.outcome };
    if (course === undefined) this.restoreCourses.set(key, ends);
    else if (course.endTime !== ends.endTime || course.outcome !== ends.outcome) {
      throw new InvariantViolation('a restore under way ends when and how it was planned', `${key}: planned ${course.outcome} at ${course.endTime}, now ${ends.outcome} at ${ends.endTime}`);
    }
    const progress = r.plan === null ? r.finalProgressMb : pointOnPlan(r.plan, Math.max(0, now - r.createTime) / 1000).progress;
    const elapsed = Math.max(0, Math.min(now, r.endTime) - r.createTime);
    if (!(progress >= 0 && progress <= r.sizeMb)) throw new InvariantViolation('0 <= restore progress <= size', `${key}: ${progress} / ${r.sizeMb}`);
    const before = this.seen.get(key);
    if (before && (progress < before.progress || elapsed < before.elapsed)) throw new InvariantViolation('restore progress and elapsed never decrease', `${key}: ${JSON.stringify(before)} -> ${progress}, ${elapsed}`);
    this.seen.set(key, { progress, elapsed });
    const v = clusterView(c, account, region, now).RestoreStatus!;
    const size = v.SnapshotSizeInMegaBytes!;
    const shown = v.ProgressInMegaBytes!;
    if (nodeFamily(c.profile.nodeType) !== 'dc2') {
      if (size !== Math.round(r.sizeMb) || shown !== 0 || v.EstimatedTimeToCompletionInSeconds !== 0 || v.ElapsedTimeInSeconds !== 0 || v.CurrentRestoreRateInMegaBytesPerSecond !== 0) {
        throw new InvariantViolation('an RA3 or RG restore target shows its size and zeros', `${key}: ${JSON.stringify(v)}`);
      }
      return;
    }
    if (!(shown >= 0 && shown <= size)) throw new InvariantViolation('0 <= restore progress <= size (as shown)', `${key}: ${shown} / ${size}`);
    if (v.Status === 'completed' && (shown !== size || v.EstimatedTimeToCompletionInSeconds !== 0)) {
      throw new InvariantViolation('a completed restore has progress = size and ETA 0', `${key}: ${shown} / ${size}, ETA ${v.EstimatedTimeToCompletionInSeconds}`);
    }
  }

  /**
   * A cluster's table restores: at most one not ended, and it is the newest; at most
   * {@link TABLE_RESTORE_HISTORY} ended ones kept; as AWS shows them, 0 ≤ progress ≤ total and
   * progress never decreases; SUCCEEDED ⇒ progress = total, and the table it created is the cluster's.
   */
  private checkTableRestores(c: ClusterRecord, key: string, now: number): void {
    const list = c.tableRestores;
    list.forEach((r, i) => {
      const running = r.status === 'PENDING' || r.status === 'IN_PROGRESS';
      if (running !== (r.plan !== null)) throw new InvariantViolation('a table restore runs while PENDING or IN_PROGRESS only', `${key}: ${r.requestId} ${r.status}`);
      if (running && i !== list.length - 1) throw new InvariantViolation('at most one table restore in progress per cluster', `${key}: ${r.requestId} of ${list.length}`);
      if (i > 0 && list[i - 1]!.seq >= r.seq) throw new InvariantViolation('a cluster keeps its table restores oldest first', `${key}: ${r.requestId}`);
      const v = tableRestoreView(c.id, r, now);
      const progress = v.ProgressInMegaBytes!;
      const total = v.TotalDataInMegaBytes;
      const rkey = `${key}/table-restore/${r.requestId}`;
      if (progress < 0 || (total !== undefined && progress > total)) throw new InvariantViolation('0 <= table restore progress <= total', `${rkey}: ${progress} / ${total}`);
      if (r.status === 'SUCCEEDED' && (progress !== total || !c.tables.has(r.tableKey))) throw new InvariantViolation('a succeeded table restore has progress = total and created its table', `${rkey}: ${progress} / ${total}`);
      const before = this.seen.get(rkey);
      if (before && progress < before.progress) throw new InvariantViolation('table restore progress never decreases', `${rkey}: ${before.progress} -> ${progress}`);
      this.seen.set(rkey, { progress, elapsed: 0 });
    });
    const ended = list.filter((r) => r.plan === null).length;
    if (ended > TABLE_RESTORE_HISTORY) throw new InvariantViolation(`a cluster keeps at most ${TABLE_RESTORE_HISTORY} ended table restores`, `${key}: ${ended}`);
  }

  /** A cluster keeps its own automated snapshots, oldest first, and knows the latest available one. */
  private checkAutomated(c: ClusterRecord): void {
    const own = c.automated;
    own.forEach((s, i) => {
      if (s.type !== 'automated' || !isAutomatedIdOf(s.id, c.id) || !sameIncarnation(c, s) || (i > 0 && own[i - 1]!.seq >= s.seq)) {
        throw new InvariantViolation('a cluster keeps its own automated snapshots, oldest first', `${c.id}: ${s.id}`);
      }
    });
    // one automated backup at a time (one falling due while another runs waits for its end)
    if (own.filter((s) => s.status === 'creating').length > 1) throw new InvariantViolation('a cluster takes one automated snapshot at a time', c.id);
    const latest = own.filter((s) => s.status === 'available').at(-1);
    if ((latest?.seq ?? 0) !== c.latestAutoSeq || (latest ? expiryOf(latest) : NEVER) !== c.latestAutoExpiry) {
      throw new InvariantViolation('latest automated snapshot', `${c.id}: ${c.latestAutoSeq} (expiring ${c.latestAutoExpiry}) != ${latest?.seq ?? 0}`);
    }
  }

  /** The by-cluster index lists each cluster's manual snapshots in creation order, and no cluster without any. */
  private checkManualByCluster(p: Partition): void {
    const expected = new Map<string, string[]>();
    for (const s of [...p.manual.values()].sort((a, b) => a.seq - b.seq)) {
      const ids = expected.get(s.profile.clusterId) ?? [];
      ids.push(s.id);
      expected.set(s.profile.clusterId, ids);
    }
    const where = `${p.account}/${p.region}`;
    if (p.manualByCluster.size !== expected.size) throw new InvariantViolation('the by-cluster index lists every manual snapshot', `${where}: ${p.manualByCluster.size} clusters indexed, ${expected.size} with manual snapshots`);
    for (const [clusterId, ids] of expected) {
      const indexed = p.manualByCluster.get(clusterId);
      if (!indexed || [...indexed.after(0)].join() !== ids.join()) throw new InvariantViolation('the by-cluster index lists every manual snapshot', `${where} cluster ${clusterId}`);
    }
  }

  /**
   * Snapshot copy grants: held by name, at most the quota of the account and region, each with at
   * most 50 tags of unique keys, and a grant a cluster copies with is never gone while it does.
   */
  private checkCopyGrants(p: Partition): void {
    const where = `${p.account}/${p.region}`;
    const quota = copyGrantsQuota(this.sim.config);
    if (p.copyGrants.size > quota) throw new InvariantViolation(`snapshot copy grants: at most ${quota} per account and region`, `${where}: ${p.copyGrants.size}`);
    let seq = 0;
    for (const [name, g] of p.copyGrants) {
      if (g.name !== name) throw new InvariantViolation('the partition map holds grants by name', `${where}: ${name} holds ${g.name}`);
      if (g.seq <= seq) throw new InvariantViolation('the partition map holds grants in creation order', `${where}: ${name}`);
      seq = g.seq;
      checkTags(`${where}/grant/${name}`, g.tags);
    }
    for (const c of p.clusters.values()) {
      const grant = c.copy?.grantName;
      if (grant == null) continue;
      if (findPartition(this.sim.state, p.account, c.copy!.destinationRegion)?.copyGrants.get(grant) === undefined) {
        throw new InvariantViolation('a grant a cluster copies with exists in the destination region', `${where}/${c.id}: ${c.copy!.destinationRegion}/${grant}`);
      }
    }
  }

  /**
   * Snapshot schedules: held by identifier in creation order, at most the quota, tags as any
   * resource's; a schedule a cluster is associated with exists (it is never deleted while in use);
   * an ACTIVE association follows its schedule's current definitions, and a scheduled cluster's
   * next automated snapshot is due at one of the invocations it follows.
   */
  private checkSchedules(p: Partition, now: number): void {
    const where = `${p.account}/${p.region}`;
    const quota = snapshotSchedulesQuota(this.sim.config);
    if (p.schedules.size > quota) throw new InvariantViolation(`snapshot schedules: at most ${quota} per account and region`, `${where}: ${p.schedules.size}`);
    let seq = 0;
    for (const [id, x] of p.schedules) {
      if (x.id !== id || x.seq <= seq) throw new InvariantViolation('the partition map holds schedules by identifier, in creation order', `${where}: ${id}`);
      seq = x.seq;
      checkTags(`${where}/schedule/${id}`, x.tags);
    }
    for (const c of p.clusters.values()) {
      const a = c.schedule;
      if (a === null) continue;
      const sched = p.schedules.get(a.id);
      if (sched === undefined) throw new InvariantViolation('a schedule associated with a cluster is never deleted', `${where}/${c.id}: ${a.id}`);
      if (a.state === 'ACTIVE' && (a.activeAt !== NEVER || a.follows?.join('\n') !== sched.definitions.join('\n'))) {
        throw new InvariantViolation("an ACTIVE association follows its schedule's definitions", `${where}/${c.id}: ${a.id}`);
      }
      if (a.state === 'MODIFYING' && !Number.isFinite(a.activeAt)) throw new InvariantViolation('a MODIFYING association becomes ACTIVE at a set time', `${where}/${c.id}`);
      if (a.follows !== null && c.nextAutoAt !== NEVER && c.nextAutoAt > now && !isInvocation(a.follows, c.nextAutoAt)) {
        throw new InvariantViolation("a scheduled cluster's next automated snapshot is one of its schedule's invocations", `${where}/${c.id}: ${new Date(c.nextAutoAt).toISOString()}`);
      }
    }
  }

  /**
   * Follows through the log what bounds each cluster's next automated snapshot ({@link logCadence});
   * `before` is the cluster's status before `e` when `e` moves it.
   */
  private followCadence(e: DomainEvent, at: number, before: ClusterStatus | undefined): void {
    switch (e.type) {
      case 'ClusterCreated':
      case 'ClusterRestoreStarted':
        this.logCadence.set(refKey(e.ref), { since: at, heldUntil: at, running: new Set(), retention: e.automatedRetention });
        return;
      case 'ClusterRemoved':
        for (const snap of this.logCadence.get(refKey(e.ref))?.running ?? []) this.logRunningAutomated.delete(snap);
        this.logCadence.delete(refKey(e.ref));
        return;
      case 'ClusterRetentionChanged': {
        const r = this.logCadence.get(refKey(e.ref));
        if (r === undefined) return;
        if (r.retention === 0 && e.automatedRetention > 0) r.since = Math.max(r.since, at);
        r.retention = e.automatedRetention;
        return;
      }
      case 'ClusterSnapshotScheduleChanged': {
        const r = this.logCadence.get(refKey(e.ref));
        if (r !== undefined) r.since = Math.max(r.since, at);
        return;
      }
      case 'ClusterTransitioned':
      case 'ClusterRestoreEnded': {
        const r = this.logCadence.get(refKey(e.ref));
        if (r !== undefined && before !== 'available' && this.logStatuses.get(refKey(e.ref)) === 'available') r.since = Math.max(r.since, at);
        return;
      }
      case 'SnapshotCreated': {
        if (e.kind !== 'automated') return;
        const cluster = refKey({ ...e.ref, id: e.clusterId });
        const r = this.logCadence.get(cluster);
        if (r === undefined) return;
        r.since = Math.max(r.since, e.createTime);
        r.running.add(refKey(e.ref));
        this.logRunningAutomated.set(refKey(e.ref), cluster);
        return;
      }
      case 'SnapshotTransitioned': {
        const key = refKey(e.ref);
        const cluster = this.logRunningAutomated.get(key);
        if (cluster === undefined) return;
        this.logRunningAutomated.delete(key);
        const r = this.logCadence.get(cluster);
        if (r === undefined) return;
        r.running.delete(key);
        r.heldUntil = Math.max(r.heldUntil, at);
        return;
      }
      default:
        return;
    }
  }

  /**
   * Under the default policy an available cluster with automated snapshots on takes one at least
   * every `automatedEveryHours` (AWS: every eight hours, or sooner after 5 GB per node of
   * changes; never sooner than `automatedMinMinutes`, so the bound is the larger of the two),
   * counted from the latest of its last automated snapshot's start, the moment it became
   * available, automated snapshots turned on or its schedule changed; one still running when the
   * next falls due holds that one back to its own end. Followed from the log alone.
   */
  private checkCadence(now: number): void {
    const { automatedEveryHours, automatedMinMinutes } = this.sim.state.config.timings;
    const bound = Math.max(automatedEveryHours * 3_600_000, automatedMinMinutes * 60_000);
    for (const [key, r] of this.logCadence) {
      if (r.retention === 0 || r.running.size > 0 || this.logAssociations.has(key) || this.logStatuses.get(key) !== 'available') continue;
      const due = Math.max(r.since + bound, r.heldUntil);
      if (now > due) {
        throw new InvariantViolation('under the default policy, an available cluster takes an automated snapshot at least every automatedEveryHours', `${key}: none due by ${new Date(due).toISOString()} (since ${new Date(r.since).toISOString()}), now ${new Date(now).toISOString()}`);
      }
    }
  }

  /** Follows each cluster's cross-region copy settings through the log in {@link logCopies}. */
  private followCopy(e: DomainEvent): void {
    switch (e.type) {
      case 'SnapshotCopyEnabled':
        this.logCopies.set(refKey(e.ref), { destination: e.destinationRegion, retention: e.retention, manualRetention: e.manualRetention });
        return;
      case 'SnapshotCopyDisabled':
      case 'ClusterRemoved':
        this.logCopies.delete(refKey(e.ref));
        return;
      case 'SnapshotCopyRetentionChanged': {
        const copy = this.logCopies.get(refKey(e.ref));
        if (copy) this.logCopies.set(refKey(e.ref), e.manual ? { ...copy, manualRetention: e.retention } : { ...copy, retention: e.retention });
        return;
      }
      default:
    }
  }

  /**
   * A cross-region copy starts in the account of its source, in the destination region its
   * cluster's copy settings name, kept for the retention they set for its type.
   */
  private checkCopyStart(e: Extract<DomainEvent, { type: 'SnapshotCopyStarted' }>): void {
    if (e.ref.account !== e.source.account) throw new InvariantViolation('a cross-region copy stays in its source\'s account', `${refKey(e.source)} -> ${refKey(e.ref)}`);
    const home = findPartition(this.sim.state, e.source.account, e.source.region);
    const found = home?.manual.get(e.source.id) ?? [...(home?.clusters.values() ?? [])].flatMap((c) => c.automated).find((s) => s.id === e.source.id);
    const src = found?.createTime === e.createTime ? found : undefined;
    if (src === undefined) return; // gone since (or its identifier taken again): nothing to tell its settings by
    const copy = this.logCopies.get(refKey({ ...e.source, id: src.profile.clusterId }));
    if (copy === undefined) throw new InvariantViolation('only a cluster with copy enabled is copied', `${refKey(e.source)} -> ${refKey(e.ref)}`);
    if (e.ref.region !== copy.destination) throw new InvariantViolation('a copy goes to the destination region its cluster names', `${refKey(e.ref)}, destination ${copy.destination}`);
    const retention = e.snapshotType === 'automated' ? copy.retention : copy.manualRetention;
    if (e.retention !== retention) throw new InvariantViolation('a copy is kept for the copy retention of its type', `${refKey(e.ref)}: ${e.retention}, settings ${retention}`);
  }

  /** Follows the schedule events of the log in {@link logSchedules} and {@link logFollows}. */
  private followSchedule(e: DomainEvent, at: number): void {
    const schedKey = (account: string, region: string, id: string) => `${account}/${region}/${id}`;
    switch (e.type) {
      case 'SnapshotScheduleCreated':
      case 'SnapshotScheduleModified':
        this.logSchedules.set(refKey(e.ref), e.definitions);
        return;
      case 'SnapshotScheduleDeleted':
        this.logSchedules.delete(refKey(e.ref));
        return;
      case 'ClusterCreated':
      case 'ClusterRestoreStarted':
      case 'ClusterRemoved':
        this.logFollows.delete(refKey(e.ref));
        this.logAssociations.delete(refKey(e.ref));
        return;
      case 'ClusterSnapshotScheduleChanged': {
        const key = refKey(e.ref);
        if (e.scheduleId === null) {
          this.logFollows.delete(key);
          this.logAssociations.delete(key);
          return;
        }
        this.logAssociations.set(key, schedKey(e.ref.account, e.ref.region, e.scheduleId));
        if ((e.activeAt ?? at) <= at) this.logFollows.set(key, this.logSchedules.get(schedKey(e.ref.account, e.ref.region, e.scheduleId)) ?? []);
        return;
      }
      case 'ClusterSnapshotScheduleActivated': {
        const key = refKey(e.ref);
        const sched = this.logAssociations.get(key);
        if (sched !== undefined) this.logFollows.set(key, this.logSchedules.get(sched) ?? []);
        return;
      }
      default:
        return;
    }
  }

  /**
   * The AWS events projection: a partition's events in time order with rising numbers, each an
   * event of the catalogue; DescribeEvents never returns one older than AWS's 14 days; event
   * subscriptions by name, in creation order, at most the quota.
   */
  private checkEvents(p: Partition, now: number): void {
    const where = `${p.account}/${p.region}`;
    const l = p.events;
    const capacity = l.at.length;
    for (const column of eventColumns(l)) {
      if (column.length !== capacity) throw new InvariantViolation('the AWS events ledger keeps one slot per event in every column', `${where}: ${column.length} of ${capacity}`);
    }
    if ((capacity & (capacity - 1)) !== 0) throw new InvariantViolation("the AWS events ledger's capacity is a power of two", `${where}: ${capacity}`);
    if (l.size > capacity || l.count < l.size || l.head < 0 || l.head >= Math.max(1, capacity)) {
      throw new InvariantViolation('the AWS events ledger counts the events it keeps', `${where}: count ${l.count}, ${l.size} kept from slot ${l.head} of ${capacity}`);
    }
    for (let k = 0; k < l.size; k++) {
      const i = slotOf(l, k);
      if (k > 0 && l.at[i]! < l.at[slotOf(l, k - 1)]!) throw new InvariantViolation('AWS events are kept in time order', `${where}: ${l.eventId[i]} #${eventNumber(l, k)}`);
      if (!Object.hasOwn(CATALOGUE, l.eventId[i]!)) throw new InvariantViolation('every AWS event is one of the catalogue', `${where}: ${l.eventId[i]}`);
      if (!Number.isNaN(l.snapshotAt[i]) && l.snapshot[i] !== undefined) throw new InvariantViolation('the AWS events ledger keeps a snapshot name one way', `${where}: slot ${i}`);
    }
    // a dropped event's names are released (its slot holds none until it is reused)
    for (let k = l.size; k < capacity; k++) {
      const i = slotOf(l, k);
      if (l.eventId[i] !== undefined || l.snapshot[i] !== undefined || l.cluster[i] !== undefined) throw new InvariantViolation('the AWS events ledger keeps no names of dropped events', `${where}: slot ${i}`);
    }
    // (DescribeEvents is refused while the region is down)
    if (l.size > 0 && regionDown(this.sim.state, p.region, now) === undefined) {
      const out = this.sim.execute('DescribeEvents', { StartTime: new Date(0), MaxRecords: 100 }, { account: p.account, region: p.region }) as { Events: { Date: Date }[] };
      for (const e of out.Events) if (e.Date.getTime() < now - EVENT_WINDOW_MS) throw new InvariantViolation('DescribeEvents returns no event older than 14 days', `${where}: ${e.Date.toISOString()}`);
    }
    const quota = eventSubscriptionsQuota(this.sim.config);
    if (p.subscriptions.size > quota) throw new InvariantViolation(`event subscriptions: at most ${quota} per account and region`, `${where}: ${p.subscriptions.size}`);
    let seq = 0;
    for (const [name, sub] of p.subscriptions) {
      if (sub.name !== name || sub.seq <= seq) throw new InvariantViolation('the partition map holds subscriptions by name, in creation order', `${where}: ${name}`);
      seq = sub.seq;
    }
  }

  /** Authorized accounts: manual snapshots only, never the owner, no duplicates, at most the configured quota. */
  private checkGrants(s: SnapshotRecord): void {
    if (s.grants.length === 0) return;
    const quota = this.sim.config.quotas.authorizationsPerSnapshot;
    if (s.type !== 'manual') throw new InvariantViolation('authorized accounts: manual snapshots only', s.id);
    if (s.grants.includes(s.owner)) throw new InvariantViolation('authorized accounts: never the owner', s.id);
    if (new Set(s.grants).size !== s.grants.length) throw new InvariantViolation('authorized accounts: each at most once', `${s.id}: ${s.grants.join()}`);
    if (s.grants.length > quota) throw new InvariantViolation(`authorized accounts: at most ${quota}`, `${s.id}: ${s.grants.length}`);
  }

  /** Follows a cluster event of the log in {@link logStatuses} (along the machine's table; an unknown cluster stays unknown). */
  private followStatus(e: DomainEvent): void {
    if (e.type === 'ClusterCreated' || e.type === 'ClusterRestoreStarted') {
      this.logStatuses.set(refKey(e.ref), 'creating');
      return;
    }
    if (e.type === 'ClusterRemoved') {
      this.logStatuses.delete(refKey(e.ref));
      return;
    }
    if (e.type !== 'ClusterTransitioned' && e.type !== 'ClusterRestoreEnded') return;
    const event = e.type === 'ClusterTransitioned' ? e.event : e.outcome === 'failed' ? 'RESTORE_FAILED' : undefined;
    if (event === undefined) return;
    const from = this.logStatuses.get(refKey(e.ref));
    const to = from === undefined ? undefined : CLUSTER_TABLE[from][event];
    if (to !== undefined) this.logStatuses.set(refKey(e.ref), to);
  }

  /**
   * Automated snapshots only by the service (on its schedule, or the pause snapshot PauseCluster
   * has it take), and only of an available cluster: none while it is pausing, paused or resuming;
   * manual ones only by a caller; cross-region copies only by the service. Cluster statuses are
   * followed from the log alone (a cluster whose creation the log does not hold is not known to it).
   */
  private checkLog(): void {
    const entries = this.sim.entries();
    for (let i = this.checkedEntries; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.seq !== i) throw new InvariantViolation('dense sequence numbers', `entry ${i} has seq ${entry.seq}`);
      if (i > 0 && entry.at < entries[i - 1]!.at) {
        throw new InvariantViolation('time never runs back: each entry of the log at or after the one before', `entry ${i} at ${new Date(entry.at).toISOString()}, after ${new Date(entries[i - 1]!.at).toISOString()}`);
      }
      for (const e of entry.events) {
        if (e.type === 'SnapshotCopyStarted') {
          if (entry.command !== null) throw new InvariantViolation('cross-region copies only by the service', e.ref.id);
          this.checkCopyStart(e);
        }
        if (e.type === 'ClusterRestoreStarted' && (entry.command === null || e.ref.account !== entry.command.account || e.ref.region !== entry.command.region)) {
          throw new InvariantViolation('a restored cluster belongs to the caller, in its region', `${refKey(e.ref)} restored by ${entry.command ? `${entry.command.account}/${entry.command.region}` : 'the service'}`);
        }
        if (entry.command !== null && e.type !== 'ApiErrorRaised' && regionDown(this.sim.state, entry.command.region, entry.at)) {
          throw new InvariantViolation('a region that is down accepts no request', `${entry.command.name} in ${entry.command.region} at ${new Date(entry.at).toISOString()}`);
        }
        if (e.type === 'ClusterTransitioned' && e.event === 'REBOOT' && e.dueAt !== undefined) this.rebootEnds.set(refKey(e.ref), e.dueAt);
        if (e.type === 'ClusterTransitioned' && e.event === 'REBOOTED') {
          const due = this.rebootEnds.get(refKey(e.ref));
          if (entry.command !== null || (due !== undefined && due !== entry.at)) throw new InvariantViolation('a reboot ends on time, by the service', `${refKey(e.ref)} at ${entry.at}, due ${due}`);
          this.rebootEnds.delete(refKey(e.ref));
        }
        if (e.type !== 'SnapshotCreated') continue;
        if (e.kind !== 'automated') {
          if (entry.command === null) throw new InvariantViolation('manual snapshots only by a caller', e.ref.id);
          const status = e.kind === 'manual' ? this.logStatuses.get(refKey({ ...e.ref, id: e.clusterId })) : undefined;
          if (status !== undefined && status !== 'available') throw new InvariantViolation('a manual snapshot only of an available cluster', `${e.ref.id} of a ${status} cluster`);
          continue;
        }
        const cluster = refKey({ ...e.ref, id: e.clusterId });
        const pausing = entry.command?.name === 'PauseCluster' && entry.events.some((p) => p.type === 'ClusterTransitioned' && p.event === 'BEGIN_PAUSE' && refKey(p.ref) === cluster);
        if (entry.command !== null && !pausing) throw new InvariantViolation('automated snapshots only by the service', e.ref.id);
        const status = this.logStatuses.get(cluster);
        if (status !== undefined && status !== 'available') throw new InvariantViolation('automated snapshots only of an available cluster (none while pausing, paused or resuming)', `${e.ref.id} of a ${status} cluster`);
        const follows = this.logFollows.get(cluster);
        if (entry.command === null && follows !== undefined && !isInvocation(follows, e.createTime)) {
          throw new InvariantViolation("a cluster on a schedule takes automated snapshots only at the schedule's invocations", `${e.ref.id} at ${new Date(e.createTime).toISOString()}`);
        }
        const last = this.logLastAutomated.get(cluster);
        const gap = this.sim.state.config.timings.automatedMinMinutes * 60_000;
        if (entry.command === null && follows === undefined && last !== undefined && e.createTime - last < gap) {
          throw new InvariantViolation('under the default policy, automated snapshots are at least automatedMinMinutes apart', `${e.ref.id}: ${(e.createTime - last) / 60_000} min after the last`);
        }
        this.logLastAutomated.set(cluster, e.createTime);
      }
      for (const e of entry.events) {
        const before = e.type === 'ClusterTransitioned' || e.type === 'ClusterRestoreEnded' ? this.logStatuses.get(refKey(e.ref)) : undefined;
        this.followStatus(e);
        this.followCadence(e, entry.at, before);
        this.followSchedule(e, entry.at);
        this.followCopy(e);
        if (e.type === 'ClusterRemoved') this.logLastAutomated.delete(refKey(e.ref));
      }
    }
    this.checkedEntries = entries.length;
  }

  /**
   * An entry is about to be applied: the live state now holds every earlier entry, so it must
   * equal the log's prefix replayed, and its statuses must have moved along the machines' edges
   * since the previous entry. Then the entry joins the replayed prefix.
   */
  private onAppend(entry: LogEntry): void {
    this.checkPrefix(entry.seq);
    this.observeStatuses(this.sim.entries().length - 1);
    this.replayEntry(entry);
  }

  /** Applies one entry to the replayed prefix, as `replay` does; an entry that cannot be replayed is a violation. */
  private replayEntry(entry: LogEntry): void {
    if (entry.seq !== this.prefixLength) throw new InvariantViolation('dense sequence numbers', `entry ${this.prefixLength} has seq ${entry.seq}`);
    try {
      if (this.prefix === undefined) {
        const first = entry.events[0];
        if (first?.type !== 'SimulationStarted') throw new Error('a log must start with SimulationStarted');
        this.prefix = emptyState(first.seed, first.start, first.config);
      }
      for (const e of entry.events) apply(this.prefix, e, entry.at);
    } catch (e) {
      throw new InvariantViolation('every prefix of the log replays', `entry ${entry.seq}: ${(e as Error).message}`);
    }
    this.prefixLength++;
  }

  /** The replayed prefix of `length` entries equals the live state. */
  private checkPrefix(length: number): void {
    if (this.prefixLength !== length) throw new InvariantViolation('replay equals live at every prefix', `replayed ${this.prefixLength} of ${length} entries`);
    if (!deepEqual(this.prefix, this.sim.state)) throw new InvariantViolation('replay equals live at every prefix', `after ${length} entries`);
  }

  /**
   * Replaying the log rebuilds a state deep-equal to the live one, from the entries in memory and
   * from their NDJSON (the project's codec), and the rebuilt log encodes to the same bytes.
   */
  private checkReplay(): void {
    const entries = this.sim.entries();
    const rebuilt = replay(entries);
    if (!deepEqual(rebuilt.state, this.sim.state)) throw new InvariantViolation('replay equals live', `after ${entries.length} entries`);
    const ndjson = encodeLog(entries);
    const decoded = replayNdjson(ndjson);
    if (!deepEqual(decoded.state, this.sim.state)) throw new InvariantViolation('NDJSON replay equals live', `after ${entries.length} entries`);
    const again = decoded.encodeLog();
    if (again !== ndjson) {
      let i = 0;
      while (i < again.length && again[i] === ndjson[i]) i++;
      const line = ndjson.slice(0, i).split('\n').length;
      throw new InvariantViolation('a replayed log encodes byte for byte the same', `first difference on line ${line}, offset ${i}`);
    }
  }
}

/**
 * A cross-region copy exists only in a region other than its source's, under its source's
 * identifier, and never outlives its retention (no copy is kept past it, not even the latest).
 */
function checkRegionCopy(s: SnapshotRecord, key: string, now: number): void {
  if (s.sourceRegion === s.region) throw new InvariantViolation('a copy exists only in its destination region', key);
  if (s.source !== s.id) throw new InvariantViolation('a copy keeps its source\'s identifier', `${key}: copied from ${s.source}`);
  if (expiryOf(s) <= now) throw new InvariantViolation('a copy never outlives its retention', `${key}: expired ${new Date(expiryOf(s)).toISOString()}`);
}

/** Structural equality over plain data, Maps, Sets, arrays and class instances (own fields). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return false;
    const ka = [...a.keys()];
    const kb = [...m.keys()];
    return ka.every((k, i) => Object.is(k, kb[i]) && deepEqual(a.get(k), m.get(k)));
  }
  if (a instanceof Set) {
    const sb = [...(b as Set<unknown>)];
    return a.size === sb.length && [...a].every((x, i) => deepEqual(x, sb[i]));
  }
  if (Array.isArray(a)) {
    const arr = b as unknown[];
    return a.length === arr.length && a.every((x, i) => deepEqual(x, arr[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
