/**
 * The simulator: ties the domain (decide/apply), virtual time, the scheduler and the event log
 * together behind one object with a method per AWS operation. Deterministic: the same seed,
 * start and calls give a byte-identical log.
 */
import { encodeEntry, encodeLog, decodeLines } from '../events/codec.ts';
import { checksummedLine } from '../events/file-log.ts';
import { isInstant, EARLIEST_VIRTUAL_TIME, LATEST_VIRTUAL_TIME } from '../events/instant.ts';
import { ACCOUNT_ID, REGION_NAME } from '../model/regions.ts';
import { InMemoryLog, type EventLog } from '../events/log.ts';
import type { ApiErrorRule, Command, DomainEvent, LogEntry, RegionOutage, SimulationStarted } from '../events/types.ts';
import { regionDown, replansForOutage } from '../model/region-outage.ts';
import { configProblem, resolveConfig, type SimConfig, type SimConfigInput } from '../events/config.ts';
import { ERRORS, fault, type ErrorCode } from '../model/errors.ts';
import { apply, type ApplyContext } from '../model/evolve.ts';
import { awsEventView, newestEvent, subscriptionMatches } from '../model/aws-events.ts';
import { OPERATIONS, operationNamed, type ImplementedOperation } from '../model/operations.ts';
import { AWS_OPERATIONS, type InputOf, type OutputOf } from '../shapes/redshift.ts';
import { validateInput } from '../model/rules.ts';
import { emptyState, snapshotsOf } from '../model/state.ts';
import { decideTimer, isCurrent, isWork, queueTimers, type Timer, type TimerSink } from '../model/timers.ts';
import type { AwsEventRecord, Caller, Partition, SnapshotRecord, State, TimedRecord } from '../model/types.ts';
import type { Input } from '../model/input.ts';
import { SimEnvironment } from './environment.ts';
import { numberAfter, requestId, unloggedRequestId } from './request-ids.ts';
import { DueTimer, TimerQueues } from './scheduler.ts';
import { stream } from './random.ts';
import { waitFor, type WaiterResult, type WaitOptions } from './waiters.ts';
import type { WaiterName } from './waiter-model.ts';

/** The account and region used when a call names none. */
export const DEFAULT_CALLER: Caller = { account: '123456789012', region: 'us-east-1' };

/** The default virtual start: a fixed instant, so runs are reproducible. */
export const DEFAULT_START = Date.UTC(2025, 0, 1, 0, 0, 0);

/** Options of {@link createSimulator}. */
export interface SimulatorOptions extends SimConfigInput {
  /** Root seed; every random figure derives from it. Default 1. */
  seed?: number;
  /** Virtual start time. Default 2025-01-01T00:00:00Z. */
  start?: Date | string | number;
  /** Where entries go. Default: in memory. A non-empty log is replayed and continued. */
  log?: EventLog;
  /** API errors to inject from the start (see {@link Simulator.injectApiError}). */
  apiErrors?: readonly ApiErrorRule[];
  /** Region outages to schedule from the start (see {@link Simulator.scheduleRegionOutage}). */
  regionOutages?: readonly RegionOutageRequest[];
  /**
   * How many notifications the simulator keeps for {@link Simulator.notifications} (a ring: the
   * oldest go first). Not persisted. Default {@link DEFAULT_NOTIFICATION_LIMIT}.
   */
  notificationLimit?: number;
  /**
   * @internal For the simulate benchmark only: `false` keeps no AWS events projection (DescribeEvents
   * then answers nothing, and no notification is sent), to measure what it costs. Not persisted.
   */
  eventProjection?: boolean;
}

/** Options of a simulator that its log does not keep (they do not change what it decides). */
export interface RuntimeOptions {
  readonly notificationLimit?: number;
  readonly eventProjection?: boolean;
}

/** Notifications a simulator keeps by default. */
export const DEFAULT_NOTIFICATION_LIMIT = 1000;

/**
 * What an event subscription would have published to its SNS topic: the AWS event (as
 * DescribeEvents shows it, its `Date` an ISO string) and the subscription it matched.
 */
export interface Notification {
  /** The notification's number in this simulator's run (1, 2, …). */
  readonly seq: number;
  readonly account: string;
  readonly region: string;
  /** The subscription's name (`CustSubscriptionId`). */
  readonly subscription: string;
  readonly snsTopicArn: string;
  readonly event: {
    readonly EventId: string;
    readonly SourceIdentifier: string;
    readonly SourceType: string;
    readonly EventCategories: readonly string[];
    readonly Severity: string;
    readonly Message: string;
    readonly Date: string;
  };
}

/** A region outage as the library and the control API ask for it (see {@link Simulator.scheduleRegionOutage}). */
export interface RegionOutageRequest {
  /** The region that goes down, e.g. `us-east-1`. */
  readonly region: string;
  /** When it goes down; default: now. */
  readonly from?: Date | string | number;
  /** When it is back. */
  readonly to: Date | string | number;
  /** Probability that a transfer caught by it fails rather than stalls; default {@link DEFAULT_OUTAGE_FAILURE}. */
  readonly failure?: number;
}

/** Share of the transfers caught by a region outage that fail (the rest stall through it), unless told. */
export const DEFAULT_OUTAGE_FAILURE = 0.5;


/** Members named in a command that the log must not keep in clear. */
const REDACTED = new Set(['MasterUserPassword']);

const toMs = (t: Date | string | number): number => {
  const ms = typeof t === 'number' ? t : t instanceof Date || typeof t === 'string' ? new Date(t).getTime() : NaN;
  if (!isInstant(ms)) throw new RangeError(`not a time: ${String(t)}`);
  return ms;
};

/** `t` as a time the clock may reach: {@link toMs}, no later than {@link LATEST_VIRTUAL_TIME}. */
const toClock = (t: Date | string | number): number => {
  const ms = toMs(t);
  if (ms > LATEST_VIRTUAL_TIME) throw new RangeError(`${new Date(ms).toISOString()} is past the latest virtual time, ${new Date(LATEST_VIRTUAL_TIME).toISOString()}`);
  return ms;
};

/** Whether `c` is a caller: a 12-digit account and a region name like `us-east-1`. */
const isCaller = (c: unknown): c is Caller =>
  typeof c === 'object' && c !== null && typeof (c as Caller).account === 'string' && ACCOUNT_ID.test((c as Caller).account) && typeof (c as Caller).region === 'string' && REGION_NAME.test((c as Caller).region);

/** Callers already found well-formed (the same objects are passed call after call). */
const checkedCallers = new WeakSet<object>();


/**
 * The input as the log keeps it: a deep copy (a caller changing its tags list afterwards must not
 * change the log), without undefined members, passwords masked.
 */
function loggedInput(input: Input): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in input) {
    const v = input[k];
    if (v === undefined || !Object.hasOwn(input, k)) continue;
    // lists and structures (tags) are cloned; the common all-strings input copies nothing more
    out[k] = REDACTED.has(k) ? '****' : typeof v === 'object' && v !== null ? structuredClone(v) : v;
  }
  return out;
}

/** An operation's output: AWS member names and values (timestamps as `Date`). */
export type Output = Record<string, any>;

/**
 * The context in which a simulator applies the events it decided: the cause's partition and
 * snapshot as hints, nothing re-checked that decide built, and every re-timed record's due times
 * queued on the simulator's timers.
 */
class CommitContext implements ApplyContext {
  hint: Partition | undefined = undefined;
  likely: SnapshotRecord | undefined = undefined;
  readonly decided = true;
  /** AWS events recorded by the entry being applied that subscriptions may hear of, with their partitions, to notify of once it has applied. */
  readonly published: ((p: Partition) => void) | undefined;
  readonly pending: { event: AwsEventRecord; partition: Partition }[] = [];
  constructor(
    private readonly sink: TimerSink,
    readonly projecting: boolean,
  ) {
    // (an event of a partition without subscriptions tells nobody: no record of it is built)
    this.published = projecting ? (p) => p.subscriptions.size > 0 && this.pending.push({ event: newestEvent(p.events), partition: p }) : undefined;
  }
  retime(record: TimedRecord, p: Partition): void {
    queueTimers(this.sink, record, p);
  }
}

/** A simulated Redshift control plane in virtual time. */
export class Simulator {
  /** The domain state (read it; change it only through operations and time). */
  readonly state: State;
  /** The event log. */
  readonly log: EventLog;
  /** Every due time, and (once runUntilIdle has run) the in-flight work among them: backups, cluster transitions, outages. */
  private readonly timers = new TimerQueues();
  /** The due time being looked at by advanceTo or nextWork (reused: popping allocates nothing). */
  private readonly due = new DueTimer();
  private readonly env: SimEnvironment;
  private clock: number;
  /** How this simulator applies the events it decides (one object, reused). */
  private readonly applying: CommitContext;
  /** The latest notifications, oldest first (at most `notificationLimit`). */
  private readonly sent: Notification[] = [];
  private readonly notificationLimit: number;
  private notified = 0;
  private readonly notificationListeners = new Set<(n: Notification) => void>();
  /** The number of the next logged command (see `numberAfter`). */
  private requests = 0;
  /** Draws made for rate rules of injected errors (keys them with the log position: the same calls draw the same). */
  private rateDraws = 0;
  /** Ids handed to requests that left no log entry, by this simulator. */
  private unlogged = 0;

  /** @internal Use {@link createSimulator} or {@link replay}. */
  constructor(state: State, log: EventLog, now: number, requests: number, runtime: RuntimeOptions = {}) {
    const limit = runtime.notificationLimit ?? DEFAULT_NOTIFICATION_LIMIT;
    checkNotificationLimit(limit);
    this.notificationLimit = limit;
    this.applying = new CommitContext(this.timers, runtime.eventProjection !== false);
    this.state = state;
    this.log = log;
    this.clock = now;
    this.requests = requests;
    this.env = new SimEnvironment(state.config, state.seed, now);
    this.queueAllTimers();
  }

  /** The root seed. */
  get seed(): number {
    return this.state.seed;
  }

  /** The resolved configuration. */
  get config(): SimConfig {
    return this.state.config;
  }

  /** Virtual now. */
  now(): Date {
    return new Date(this.clock);
  }

  /** Virtual now, ms since the epoch. */
  nowMs(): number {
    return this.clock;
  }

  /** Whether `operation` is implemented. */
  implements(operation: string): boolean {
    return Object.hasOwn(OPERATIONS, operation);
  }

  /** Names of the implemented operations. */
  operations(): string[] {
    return Object.keys(OPERATIONS);
  }

  /**
   * The id of a request that leaves no log entry (a refusal, a query, a request that never
   * reached an operation): from a counter of its own, so it takes no logged command's id.
   */
  unloggedRequestId(): string {
    return unloggedRequestId(this.state.seed, this.requests, this.unlogged++);
  }

  /**
   * Runs an AWS operation by name for `caller` and returns its output, or throws a ServiceError.
   * A refused command changes nothing; an accepted one is appended to the log, then applied.
   * `meta.requestId`, if given, is the id to log the command under; otherwise the simulator
   * numbers it (see `request-ids.ts`) and, given `meta`, leaves the id it used there (a query's
   * too).
   */
  execute(operation: string, input: Input = {}, caller: Caller = DEFAULT_CALLER, meta?: { requestId?: string }): Output {
    if (!checkedCallers.has(caller)) {
      if (!isCaller(caller)) throw new RangeError(`a caller is { account: 12 digits, region: a region name like us-east-1 }, got ${JSON.stringify(caller)?.slice(0, 200)}`);
      checkedCallers.add(caller);
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new RangeError(`the input of ${String(operation).slice(0, 64)} must be an object of its members, got ${JSON.stringify(input)?.slice(0, 100)}`);
    const op = operationNamed(operation);
    if (op === undefined) {
      // an operation of AWS's API that snapsim does not serve is not implemented, as over HTTP; any other name is no action
      if (AWS_OPERATIONS.has(operation)) throw fault('NotImplemented', `The operation ${operation} is not implemented by snapsim`);
      throw fault('InvalidAction', `The action ${String(operation).slice(0, 64)} is not valid for this web service.`);
    }
    if (this.state.regionOutages.length > 0) {
      const down = regionDown(this.state, caller.region, this.clock);
      if (down) throw fault('ServiceUnavailable', `The service is unavailable in ${caller.region} until ${new Date(down.to).toISOString()} (a region outage injected by snapsim). Try again later.`);
    }
    validateInput(operation, input, op.required, op.rules);
    if (this.state.apiErrors.length > 0) this.raiseInjected(operation, input, caller, meta);
    if (op.kind === 'query') {
      const output: Output = op.run(this.state, input, caller, this.clock);
      if (meta) meta.requestId ??= this.unloggedRequestId(); // only when asked: a query's id is no part of the log
      return output;
    }
    this.env.now = this.clock;
    const decision = op.decide(this.state, input, caller, this.env);
    // every accepted command is logged, also one that changes nothing (a retention set to its value)
    this.logCall(operation, input, caller, meta, decision.events);
    return decision.reply(this.state) as Output;
  }

  /**
   * Logs a caller's call with `events` and applies them: under `meta.requestId` when given, else
   * under the next number of ours (see `request-ids.ts`), which it leaves in `meta`.
   */
  private logCall(operation: string, input: Input, caller: Caller, meta: { requestId?: string } | undefined, events: DomainEvent[]): void {
    const command: Command = { name: operation, account: caller.account, region: caller.region, input: loggedInput(input) };
    const supplied = meta?.requestId;
    const rid = supplied ?? requestId(this.state.seed, this.requests);
    if (meta) meta.requestId = rid;
    this.commit(rid, command, events);
    // numberAfter of an id of ours is the next number: only a supplied id needs reading
    this.requests = supplied === undefined ? this.requests + 1 : numberAfter(this.requests, supplied);
  }

  /**
   * Injects an API error into `rule.operation`: its next `rule.count` calls, or each call with the
   * seeded probability `rule.rate`, answer `rule.code` (a code of the error table) — for testing
   * the retry paths of runbooks. Logged, so a replay holds the same rules and the log shows every
   * call they answered.
   */
  injectApiError(rule: ApiErrorRule): void {
    this.commit(null, null, [{ type: 'ApiErrorInjected', rule: keptRule(rule) }]);
  }

  /**
   * Schedules an outage of `req.region` from `req.from` (default now) to `req.to`: its requests
   * answer 503 ServiceUnavailable meanwhile, and every transfer in or out of it that runs into the
   * outage — a backup there, a cross-region copy from or to it, running now or started later —
   * stalls through it or, with probability `req.failure` (a seeded draw per transfer), fails when
   * it begins. Logged (with the new plans of the transfers already running), so a replay holds it.
   */
  scheduleRegionOutage(req: RegionOutageRequest): void {
    const outage = outageFrom(req, this.clock);
    this.env.now = this.clock;
    const replans = replansForOutage(this.state, outage, this.state.regionOutages.length, this.env);
    this.commit(null, null, [{ type: 'RegionOutageScheduled', outage }, ...replans]);
  }

  /**
   * Answers this call with an injected error when a rule of its operation fires: a counted rule
   * while it has calls left, else a rate rule by a draw keyed by the rule, the log's length and
   * the draws made since its last entry (the same calls give the same answers; a simulator rebuilt
   * from a log draws as the live one did from the log's end, unlogged calls made after its last
   * entry aside). The call is logged with the event that fired, then refused.
   */
  private raiseInjected(operation: string, input: Input, caller: Caller, meta?: { requestId?: string }): void {
    const rules = this.state.apiErrors;
    let fired = -1;
    for (let i = 0; i < rules.length && fired < 0; i++) {
      const { rule, remaining } = rules[i]!;
      if (rule.operation !== operation || remaining <= 0) continue;
      if (rule.count !== undefined || stream(this.state.seed, 'api-error', operation, i, this.log.nextSeq, this.rateDraws++).next() < rule.rate!) fired = i;
    }
    if (fired < 0) return;
    this.logCall(operation, input, caller, meta, [{ type: 'ApiErrorRaised', rule: fired }]);
    const code = rules[fired]!.rule.code as ErrorCode;
    throw fault(code, `Injected by snapsim (rule ${fired}): ${operation} answers ${code}`);
  }

  /** Moves virtual time forward by `seconds`, running every due service action on the way. */
  advance(seconds: number): void {
    if (typeof seconds !== 'number' || !(seconds >= 0) || !(this.clock + seconds * 1000 <= LATEST_VIRTUAL_TIME)) {
      throw new RangeError(`advance needs seconds >= 0 that end no later than ${new Date(LATEST_VIRTUAL_TIME).toISOString()}, got ${String(seconds)}`);
    }
    this.advanceTo(this.clock + Math.round(seconds * 1000));
  }

  /**
   * Moves virtual time forward to `t`, running every due service action on the way. When the log
   * refuses an entry (its append throws), that action stays due, nothing of it is applied, the
   * clock stands where the last action it recorded left it (or where it was), and the error is
   * thrown: a later advance runs the action again.
   */
  advanceTo(t: Date | string | number): void {
    const target = toClock(t);
    if (target < this.clock) throw new RangeError(`time cannot go back: ${new Date(target).toISOString()} < ${this.now().toISOString()}`);
    const { all, work } = this.timers;
    const due = this.due;
    // an entry may be queued twice (an event re-queued an unchanged due time): run it once
    let lastAt = NaN;
    let lastRecord: unknown;
    let lastKind = -1;
    let reached = this.clock;
    while (all.popDueInto(target, due)) {
      if (due.at === lastAt && due.record === lastRecord && due.kind === lastKind) continue;
      lastAt = due.at;
      lastRecord = due.record;
      lastKind = due.kind;
      if (!isCurrent(due)) continue;
      // time never runs back: work whose due time the clock has passed (queued again after it) runs now
      const at = due.at < this.clock ? this.clock : due.at;
      this.clock = at;
      this.env.now = at;
      const events = decideTimer(due, this.state, this.env);
      if (events.length === 0) continue;
      try {
        this.commit(null, null, events, due);
        reached = at;
      } catch (e) {
        // the log refused the entry (a full disk): nothing was applied, so the work stays due and
        // runs again on the next advance; the clock goes back to the last entry this advance logged
        all.add(due.at, due.kind, due.record, due.partition);
        this.clock = reached;
        this.env.now = reached;
        throw e;
      }
    }
    this.clock = target;
    // work due up to now has run (or decided to do nothing): it is no longer in flight
    if (work !== undefined) while (work.nextAt() <= target) work.pop();
  }

  /**
   * Runs until no work is in flight (no backup transferring, no cluster in a transitional
   * status), or until `maxSeconds` of virtual time have passed. The recurring automated schedule
   * and retention expiries do not count as work.
   */
  runUntilIdle(maxSeconds = 366 * 86_400): void {
    const limit = this.clock + maxSeconds * 1000;
    for (;;) {
      const next = this.nextWork();
      if (next === undefined || next > limit) break;
      this.advanceTo(next);
    }
  }

  /**
   * Runs AWS's waiter `name` (ClusterAvailable, ClusterDeleted, ClusterRestored,
   * SnapshotAvailable) in virtual time: polls its operation and advances the clock by the
   * waiter's delay between polls until an acceptor says success; throws `WaiterError` on a
   * failure acceptor or when its attempts run out.
   */
  waitFor(name: WaiterName, input: Record<string, unknown>, caller?: Caller, opts?: WaitOptions): WaiterResult {
    return waitFor(this, name, input, caller, opts);
  }

  /** Appends a listener called with each new log line (NDJSON, no newline). */
  onAppend(listener: (line: string, entry: LogEntry) => void): () => void {
    return this.log.subscribe((entry) => listener(encodeEntry(entry), entry));
  }

  /**
   * Resolves once every entry appended so far is durable. A server awaits it before answering,
   * so an acknowledged command is on disk (with a file log in `group` mode, one sync covers every
   * request that arrived meanwhile).
   */
  async flush(): Promise<void> {
    await this.log.flush?.();
  }

  /**
   * The log's entries, in memory: the default in-memory log's own list; from any other log, all
   * of them read into an array (a file log reads its file; a bounded one throws LogNotKeptError).
   * Prefer `log.read()`, a stream, over a long history.
   */
  entries(): readonly LogEntry[] {
    return this.log instanceof InMemoryLog ? this.log.entries() : Array.from(this.log.read());
  }

  /** The whole log as NDJSON (without checksums), read from the log as {@link entries}. */
  encodeLog(): string {
    return encodeLog(this.log.read());
  }

  /**
   * The log as stored, checksummed NDJSON lines streamed from the log (a file log's own lines;
   * any other log's entries encoded one at a time): what `GET /_snapsim/log` sends, and what
   * `serve --log`, `replay` and `report` read. Throws LogNotKeptError at once when the log no
   * longer keeps its early entries.
   */
  logLines(): Iterable<string> {
    const own = this.log.lines?.();
    if (own !== undefined) return own;
    const entries = this.log.read();
    return {
      *[Symbol.iterator]() {
        for (const e of entries) yield `${checksummedLine(e)}\n`;
      },
    };
  }

  /**
   * When the next in-flight work is due. Entries that went stale, stopped being work, or lie in
   * the past (their time was passed by an advance, which ran them) are dropped on the way.
   */
  private nextWork(): number | undefined {
    const work = this.timers.work ?? this.timers.trackWork((sink) => this.queueAllTimers(sink));
    const t = this.due;
    while (work.peekInto(t)) {
      if (t.at >= this.clock && isCurrent(t) && isWork(t.kind, t.record)) return t.at;
      work.pop();
    }
    return undefined;
  }

  /**
   * Appends an entry, then applies its events (decided here, so valid by construction; see
   * `ApplyContext`), queuing the timers of every record they re-timed. `cause` is the due time that
   * produced them, if any: its partition is where they most likely happen, and its snapshot the one
   * they most likely touch, which spares looking either up.
   */
  private commit(rid: string | null, command: Command | null, events: DomainEvent[], cause?: Timer): void {
    const entry: LogEntry = { seq: this.log.nextSeq, at: this.clock, requestId: rid, command, events };
    this.log.append(entry);
    // rate rules draw by (log position, draws since it): a simulator rebuilt from the log draws as this one from here on
    this.rateDraws = 0;
    const ctx = this.applying;
    ctx.hint = cause?.partition;
    ctx.likely = cause !== undefined && cause.record.kind === 'snapshot' ? cause.record : undefined;
    for (const e of events) apply(this.state, e, this.clock, ctx);
    if (ctx.pending.length > 0) this.notify(ctx.pending);
  }

  /**
   * Sends the notifications of the AWS events an entry recorded: one per enabled subscription of
   * the event's account and region that matches it (see `subscriptionMatches`), kept in the ring
   * and handed to every `onNotification` listener. Empties `pending`.
   */
  private notify(pending: { event: AwsEventRecord; partition: Partition }[]): void {
    for (const { event, partition } of pending) {
      if (partition.subscriptions.size === 0) continue;
      let view: Notification['event'] | undefined;
      for (const sub of partition.subscriptions.values()) {
        if (!subscriptionMatches(sub, event)) continue;
        if (view === undefined) {
          const v = awsEventView(event);
          view = { ...v, Date: v.Date.toISOString() };
        }
        const n: Notification = { seq: ++this.notified, account: partition.account, region: partition.region, subscription: sub.name, snsTopicArn: sub.snsTopicArn, event: view };
        if (this.notificationLimit > 0) {
          if (this.sent.length >= this.notificationLimit) this.sent.shift();
          this.sent.push(n);
        }
        for (const listener of this.notificationListeners) {
          try {
            listener(n);
          } catch {
            // a listener's failure is its own: the entry has applied, the others still hear
          }
        }
      }
    }
    pending.length = 0;
  }

  /**
   * The latest notifications event subscriptions would have sent (what a runbook would have been
   * told), oldest first: at most `notificationLimit` (a ring), from this simulator's run (a
   * simulator rebuilt from a log does not send the past again).
   */
  notifications(): readonly Notification[] {
    return [...this.sent];
  }

  /** Calls `listener` with every notification from now on; returns the unsubscribe function. */
  onNotification(listener: (n: Notification) => void): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** Queues every due time the state holds into `sink` (a new simulator, fresh or rebuilt from a log). */
  private queueAllTimers(sink: TimerSink = this.timers): void {
    for (const p of this.state.partitions.values()) {
      for (const c of p.clusters.values()) queueTimers(sink, c, p);
      for (const s of snapshotsOf(p)) queueTimers(sink, s, p);
    }
  }
}

/**
 * A method per implemented operation, for scripts and tests (the HTTP layer uses `execute`):
 * `createCluster(input, caller?)`, typed by the operation's AWS input and output shapes. Derived
 * from the operations table; an input whose members are all optional may be left out.
 */
export type OperationMethods = {
  [O in ImplementedOperation as Uncapitalize<O>]: {} extends InputOf<O>
    ? (input?: InputOf<O>, caller?: Caller) => OutputOf<O>
    : (input: InputOf<O>, caller?: Caller) => OutputOf<O>;
};

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the methods are defined on the prototype below
export interface Simulator extends OperationMethods {}

for (const name of Object.keys(OPERATIONS)) {
  Object.defineProperty(Simulator.prototype, name[0]!.toLowerCase() + name.slice(1), {
    value(this: Simulator, input: Input = {}, caller?: Caller): Output {
      return this.execute(name, input, caller);
    },
    writable: true,
    configurable: true,
  });
}

/**
 * Creates a simulator. With a non-empty `log`, replays it and continues from its end (its seed,
 * start and configuration win; `apiErrors` and `regionOutages`, if given, must be those it started with).
 */
export function createSimulator(opts: SimulatorOptions = {}): Simulator {
  const log = opts.log ?? new InMemoryLog();
  const runtime: RuntimeOptions = { ...(opts.notificationLimit === undefined ? {} : { notificationLimit: opts.notificationLimit }), ...(opts.eventProjection === undefined ? {} : { eventProjection: opts.eventProjection }) };
  if (log.nextSeq > 0) {
    const continued = replay(log.read(), { log, ...runtime });
    refuseOtherFaults(continued.state, opts);
    return continued;
  }
  const seed = opts.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a whole number (at most 2^53 - 1 either way), got ${String(seed)}`);
  const start = opts.start === undefined ? DEFAULT_START : toClock(opts.start);
  if (start < EARLIEST_VIRTUAL_TIME) throw new RangeError(`start ${new Date(start).toISOString()} is before the earliest virtual time, ${new Date(EARLIEST_VIRTUAL_TIME).toISOString()}`);
  const config = resolveConfig(opts);
  // every option is checked before the log holds anything
  checkNotificationLimit(runtime.notificationLimit ?? DEFAULT_NOTIFICATION_LIMIT);
  for (const rule of opts.apiErrors ?? []) keptRule(rule);
  for (const outage of opts.regionOutages ?? []) outageFrom(outage, start);
  const started: SimulationStarted = { type: 'SimulationStarted', seed, start, config };
  log.append({ seq: 0, at: start, requestId: null, command: null, events: [started] });
  const sim = new Simulator(emptyState(seed, start, config), log, start, 0, runtime);
  for (const rule of opts.apiErrors ?? []) sim.injectApiError(rule);
  for (const outage of opts.regionOutages ?? []) sim.scheduleRegionOutage(outage);
  return sim;
}

/**
 * A continued log holds the API error rules and region outages it was started with, and any
 * injected since: `opts.apiErrors` and `opts.regionOutages` must be the first of them (as a
 * restart with the same configuration gives), else they would be silently ignored. Throws a
 * RangeError naming the first difference.
 */
function refuseOtherFaults(s: State, opts: SimulatorOptions): void {
  const how = '(a continued log keeps its own; inject more with injectApiError, scheduleRegionOutage or the control API)';
  // each as it was logged when the run started (built by the same functions, so the same JSON)
  (opts.apiErrors ?? []).forEach((rule, i) => {
    const kept = s.apiErrors[i]?.rule;
    if (kept === undefined || JSON.stringify(kept) !== JSON.stringify(keptRule(rule))) {
      throw new RangeError(`the log holds ${kept ? `API error rule ${JSON.stringify(kept)}` : 'no API error rule'} where apiErrors[${i}] is ${JSON.stringify(rule)} ${how}`);
    }
  });
  (opts.regionOutages ?? []).forEach((req, i) => {
    const kept = s.regionOutages[i];
    if (kept === undefined || JSON.stringify(kept) !== JSON.stringify(outageFrom(req, s.start))) {
      throw new RangeError(`the log holds ${kept ? `region outage ${JSON.stringify(kept)}` : 'no region outage'} where regionOutages[${i}] is ${JSON.stringify(req)} ${how}`);
    }
  });
}

/** Refuses a `notificationLimit` that is not a whole number >= 0 (RangeError). */
function checkNotificationLimit(limit: number): void {
  if (!(Number.isSafeInteger(limit) && limit >= 0)) throw new RangeError(`notificationLimit must be a whole number >= 0, got ${limit}`);
}

/** The API error rule `rule` as it is logged (count or rate, nothing else); a RangeError when it cannot be taken. */
function keptRule(rule: ApiErrorRule): ApiErrorRule {
  const { operation, code, count, rate } = rule;
  if (operationNamed(operation) === undefined) throw new RangeError(`cannot inject an error into ${operation}: snapsim does not implement it`);
  if (!Object.hasOwn(ERRORS, code)) throw new RangeError(`cannot inject ${code}: not a code of snapsim's error table`);
  if ((count === undefined) === (rate === undefined)) throw new RangeError('give count or rate, not both');
  if (count !== undefined && !(Number.isSafeInteger(count) && count >= 1)) throw new RangeError(`count must be a whole number >= 1, got ${count}`);
  if (rate !== undefined && !(typeof rate === 'number' && rate > 0 && rate <= 1)) throw new RangeError(`rate must be a number in (0, 1], got ${JSON.stringify(rate)}`);
  return count !== undefined ? { operation, code, count } : { operation, code, rate: rate! };
}

/** The outage `req` asks for when scheduled at `now` (its defaults filled in); a RangeError when it cannot be taken. */
function outageFrom(req: RegionOutageRequest, now: number): RegionOutage {
  const { region } = req;
  if (typeof region !== 'string' || !REGION_NAME.test(region)) throw new RangeError(`not a region name: ${String(region).slice(0, 64)}`);
  const from = Math.max(req.from === undefined ? now : toMs(req.from), now);
  const to = toMs(req.to);
  if (!(to > from)) throw new RangeError(`the outage must end after it begins (and after now): ${new Date(from).toISOString()} .. ${new Date(to).toISOString()}`);
  const failure = req.failure ?? DEFAULT_OUTAGE_FAILURE;
  if (!(typeof failure === 'number' && failure >= 0 && failure <= 1)) throw new RangeError(`failure must be a probability in [0, 1], got ${JSON.stringify(failure)}`);
  return { region, from, to, failure };
}

/**
 * Rebuilds a simulator from log entries (the first must be `SimulationStarted`), applying the
 * events one entry at a time, so `entries` may be a stream. The result continues exactly where
 * the log ended. Without `log`, the entries are kept in a new in-memory log; with `log`, they are
 * taken to be in it already (a log file being reopened, or an `InMemoryLog(n)` that continues a
 * stream without holding it) and new entries are appended there.
 */
export function replay(entries: Iterable<LogEntry>, opts: { log?: EventLog } & RuntimeOptions = {}): Simulator {
  const keep = opts.log ? undefined : new InMemoryLog();
  let state: State | undefined;
  let requests = 0;
  let last: LogEntry | undefined;
  let index = 0;
  for (const entry of entries) {
    try {
      if (!state) state = startedState(entry);
      else if (entry.events.some((e) => e.type === 'SimulationStarted')) throw new Error('SimulationStarted after the first entry');
      for (const e of entry.events) apply(state, e, entry.at);
      if (entry.command !== null) requests = numberAfter(requests, entry.requestId); // as execute counts
    } catch (e) {
      throw new ReplayError(index, entry.seq, e);
    }
    keep?.append(entry);
    last = entry;
    index++;
  }
  if (!state || !last) throw new Error('an empty log cannot be replayed');
  return new Simulator(state, opts.log ?? keep!, last.at, requests, opts);
}

/**
 * A log entry that cannot be replayed: its position in the log (0 for the first), its seq, and
 * why (`cause`: the error applying it raised, an `ApplyError` for an event the state refuses).
 */
export class ReplayError extends Error {
  constructor(
    readonly index: number,
    readonly seq: unknown,
    cause: unknown,
  ) {
    super(`entry ${index + 1} (seq ${String(seq)}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ReplayError';
  }
}

/**
 * What is wrong with a log's first entry, or undefined: it must be a `SimulationStarted` with a
 * seed that is a whole number, a start that is an instant, and a configuration every setting of
 * which is in range.
 */
export function startProblem(entry: LogEntry): string | undefined {
  const first = entry.events[0];
  if (!first || first.type !== 'SimulationStarted') return 'a log must start with SimulationStarted';
  if (!Number.isSafeInteger(first.seed)) return `SimulationStarted.seed must be a whole number, got ${JSON.stringify(first.seed)}`;
  if (typeof first.start !== 'number' || !isInstant(first.start)) return `SimulationStarted.start must be an instant (ms since 1970), got ${JSON.stringify(first.start)}`;
  const config: unknown = first.config;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return 'SimulationStarted.config must be an object';
  const bad = configProblem(config);
  return bad === undefined ? undefined : `SimulationStarted.config ${bad.path}: ${bad.problem}`;
}

/** The empty state a log's first entry starts (checked: {@link startProblem}). */
function startedState(entry: LogEntry): State {
  const problem = startProblem(entry);
  if (problem !== undefined) throw new Error(problem);
  const first = entry.events[0] as SimulationStarted;
  return emptyState(first.seed, first.start, first.config);
}

/** Rebuilds a simulator from NDJSON log text. */
export const replayNdjson = (text: string): Simulator => replay(decodeLines(text.split('\n')));
