/**
 * fast-check arbitraries for model-based tests of snapsim (and of users' code on top of it):
 * random sequences of AWS calls and time advances over a small world of accounts, regions,
 * clusters and snapshot names, each checking every invariant after it runs.
 */
import fc from 'fast-check';
import { declaresError } from '../api/model.ts';
import { clusterArn, copyGrantArn, eventSubscriptionArn, scheduleArn, snapshotArn } from '../model/arns.ts';
import { isServiceError, type ErrorCode } from '../model/errors.ts';
import { findPartition, snapshotsOf } from '../model/state.ts';
import { regionDown } from '../model/region-outage.ts';
import type { Simulator } from '../sim/simulator.ts';
import type { LogEntry } from '../events/types.ts';
import type { ClusterStatus } from '../machines/index.ts';
import type { Caller, ClusterRecord, SnapshotRecord } from '../model/types.ts';
import { InvariantTracker } from './invariants.ts';

/** The world the commands range over. */
export const WORLD = {
  accounts: ['123456789012', '210987654321'],
  regions: ['us-east-1', 'eu-west-1'],
  clusters: ['alpha', 'beta'],
  snapshots: ['s1', 's2', 's3', 'before-deploy'],
  /** Owners among them (refused), and more outsiders than a small quota admits. */
  grantees: ['123456789012', '210987654321', '333333333333', '444444444444', '555555555555', 'amazon-redshift-support'],
  /** Tag keys: more than a resource may hold (50), so the tag limit is met. */
  tagKeys: Array.from({ length: 60 }, (_, i) => `k${i}`),
  tagValues: ['', 'a', 'b'],
  /** Snapshot copy grant names, and one that breaks the naming rules. */
  copyGrants: ['dr-grant', 'eu-key', 'g3', 'Bad--Grant'],
  /** Snapshot schedule identifiers, and one that breaks the identifier rule. */
  schedules: ['nightly', 'weekdays', 'hourly', 'bad_id'],
  /** Schedule definitions: valid ones (some overlapping each other within an hour), and invalid (weekdays only: less than daily) or unsupported ones. */
  scheduleDefinitions: ['cron(30 2 *)', 'rate(6 hours)', 'cron(0 12 *)', 'rate(1 hour)', 'cron(15 2 *)', 'cron(0 12 2-6)', 'cron(0,30 * *)', 'rate(30 minutes)', 'rate(25 hours)'],
  /** Event subscription names (more than a small quota admits), and one that breaks the naming rules. */
  subscriptions: ['oncall', 'snapshots', 'alpha-events', 'bad_name'],
  /** SNS topic ARNs: valid ones, then what is not an SNS topic (SNSInvalidTopic). */
  snsTopics: ['arn:aws:sns:us-east-1:123456789012:oncall', 'arn:aws:sns:eu-west-1:210987654321:dr', 'arn:aws:sqs:us-east-1:123456789012:queue', 'oncall'],
  /** Event source types: those snapsim publishes for, one it publishes nothing for, and one AWS does not have. */
  sourceTypes: ['cluster', 'cluster-snapshot', 'scheduled-action', 'bucket'],
  /** Event categories: AWS's (security has no snapshot events), and one AWS does not have. */
  eventCategories: ['management', 'monitoring', 'Monitoring', 'security', 'backups'],
  /** Event severities, in any case, and one AWS does not have. */
  severities: ['ERROR', 'INFO', 'info', 'WARNING'],
  /** Source ids: the seeded world's cluster and snapshot, others that come and go, and one never created. */
  sourceIds: ['alpha', 'before-deploy', 'beta', 's1', 'gamma'],
} as const;

/** The real system under test plus its invariant tracker. */
export interface Real {
  readonly sim: Simulator;
  readonly tracker: InvariantTracker;
  /** Replay the log after every step (costly; on by default in snapsim's own tests). */
  readonly replayEveryStep: boolean;
}

/** The model: what the run has seen (commands here check the real system only). */
export interface Model {
  accepted: number;
  rejected: number;
  /** When present, counts each outcome by `"<Operation> ok"` or `"<Operation> <ErrorCode>"`. */
  outcomes?: Record<string, number>;
}

/** A call as it is sent: the input and the caller, possibly resolved against the live state. */
export interface Sent {
  readonly input: Record<string, unknown>;
  readonly caller: Caller;
}

/** Operations a pausing or resuming cluster refuses (InvalidClusterState) until it is paused or available. */
const WAITS_FOR_TRANSITION: ReadonlySet<string> = new Set(['CreateClusterSnapshot', 'DeleteCluster', 'PauseCluster', 'ResumeCluster', 'ModifyCluster']);

/** Whether a log entry is a call an injected API error answered (its only events: `ApiErrorRaised`). */
const answeredByInjection = (entry: LogEntry): boolean => entry.events.length > 0 && entry.events.every((ev) => ev.type === 'ApiErrorRaised');

/** One AWS call as a fast-check command. Subclasses may resolve it against the live state when it runs. */

export class CallCommand implements fc.Command<Model, Real> {
  /** The call as last run (what {@link toString} shows). */
  private sent: Sent;

  constructor(
    readonly operation: string,
    readonly input: Record<string, unknown>,
    readonly caller: Caller,
  ) {
    this.sent = { input, caller };
  }
  check(): boolean {
    return true;
  }
  /** The call to send now; by default {@link input} and {@link caller} as generated. */
  protected resolve(_r: Real): Sent {
    return { input: this.input, caller: this.caller };
  }
  run(m: Model, r: Real): void {
    const { input, caller } = (this.sent = this.resolve(r));
    const before = r.sim.entries().length;
    const clusterStatus = findPartition(r.sim.state, caller.account, caller.region)?.clusters.get(String(input.ClusterIdentifier))?.status;
    let outcome = 'ok';
    try {
      r.sim.execute(this.operation, input, caller);
      m.accepted++;
      if (this.operation === 'CreateClusterSnapshot' && clusterStatus !== 'available') {
        throw new Error(`manual snapshot accepted from a ${clusterStatus ?? 'missing'} cluster`);
      }
      if ((clusterStatus === 'pausing' || clusterStatus === 'resuming') && WAITS_FOR_TRANSITION.has(this.operation)) {
        throw new Error(`${this.operation} accepted on a ${clusterStatus} cluster`);
      }
    } catch (e) {
      if (!isServiceError(e)) throw e;
      m.rejected++;
      outcome = e.code;
      if (!declaresError(this.operation, e.code)) throw new Error(`${this.operation} answered ${e.code}, which AWS's model does not declare for it`);
      // a refusal changes nothing, but an injected error's answer is logged (one entry, ApiErrorRaised only)
      const added = r.sim.entries().slice(before);
      if (added.length > 0 && !(added.length === 1 && answeredByInjection(added[0]!))) {
        throw new Error(`rejected ${this.operation} (${e.code}) changed the log`);
      }
    }
    if (m.outcomes) {
      const key = `${this.operation} ${outcome}`;
      m.outcomes[key] = (m.outcomes[key] ?? 0) + 1;
    }
    r.tracker.check({ replayCheck: r.replayEveryStep });
  }
  /** Whether the caller's region is down now (a region outage): follow-up checks by other calls are skipped then. */
  protected regionDownNow(r: Real): boolean {
    return regionDown(r.sim.state, this.caller.region, r.sim.nowMs()) !== undefined;
  }
  /** The call as last sent. */
  protected sentCall(): Sent {
    return this.sent;
  }
  toString(): string {
    return `${this.operation}(${JSON.stringify(this.sent.input)}) as ${this.sent.caller.account}/${this.sent.caller.region}`;
  }
}

/**
 * DescribeStorage, checked against what the caller's own available snapshots and clusters show:
 * the backup total is the sum of their incremental sizes, the provisioned total node capacity ×
 * nodes of its clusters (read through DescribeClusterSnapshots and DescribeClusters).
 */
export class StorageCommand extends CallCommand {
  constructor(caller: Caller) {
    super('DescribeStorage', {}, caller);
  }
  override run(m: Model, r: Real): void {
    super.run(m, r);
    if (this.regionDownNow(r)) return;
    const { sim } = r;
    const storage = sim.execute('DescribeStorage', {}, this.caller);
    // per cluster incarnation, the oldest available snapshot's whole size and the later ones' increments
    type View = { Status: string; ClusterIdentifier: string; ClusterCreateTime: Date; SnapshotCreateTime: Date; TotalBackupSizeInMegaBytes: number; ActualIncrementalBackupSizeInMegaBytes: number };
    const oldest = new Map<string, View>();
    let backup = 0;
    for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
      const page = sim.execute('DescribeClusterSnapshots', { OwnerAccount: this.caller.account, ...(marker ? { Marker: marker } : {}) }, this.caller);
      for (const s of page.Snapshots as View[]) {
        if (s.Status !== 'available') continue;
        backup += s.ActualIncrementalBackupSizeInMegaBytes;
        const lineage = `${s.ClusterIdentifier}@${s.ClusterCreateTime.getTime()}`;
        const o = oldest.get(lineage);
        if (o === undefined || s.SnapshotCreateTime.getTime() < o.SnapshotCreateTime.getTime()) oldest.set(lineage, s);
      }
      marker = page.Marker as string | undefined;
    }
    for (const o of oldest.values()) backup += o.TotalBackupSizeInMegaBytes - o.ActualIncrementalBackupSizeInMegaBytes;
    let provisioned = 0;
    for (const c of sim.execute('DescribeClusters', {}, this.caller).Clusters as { NodeType: string; NumberOfNodes: number }[]) provisioned += (sim.config.nodeCapacityMb[c.NodeType] ?? 0) * c.NumberOfNodes;
    if (Math.abs(storage.TotalBackupSizeInMegaBytes - backup) > 0.05 + 1e-9 * backup) throw new Error(`DescribeStorage backup ${storage.TotalBackupSizeInMegaBytes} MB, the caller's available snapshots hold ${backup} MB`);
    if (storage.TotalProvisionedStorageInMegaBytes !== provisioned) throw new Error(`DescribeStorage provisioned ${storage.TotalProvisionedStorageInMegaBytes} MB, its clusters hold ${provisioned} MB`);
  }
}

/** Every partition of the live state, in a fixed order (by key). */
const partitionsOf = (r: Real) => [...r.sim.state.partitions.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);

/**
 * A tag call (CreateTags, DeleteTags, DescribeTags by ResourceName) on a cluster, snapshot,
 * snapshot copy grant, snapshot schedule or event subscription that exists when it runs: the
 * `pick`-th of the world's taggable resources (by partition, then creation), named by its ARN and called by its owner, or with `outsider` by the world's other
 * account (which finds nothing). With none, the call stands as generated.
 */
export class TaggedResourceCommand extends CallCommand {
  constructor(
    operation: string,
    input: Record<string, unknown>,
    caller: Caller,
    readonly pick: number,
    readonly outsider: boolean,
  ) {
    super(operation, input, caller);
  }
  protected override resolve(r: Real): Sent {
    const all = partitionsOf(r).flatMap((p) =>
      [...p.clusters.values(), ...snapshotsOf(p), ...p.copyGrants.values(), ...p.schedules.values(), ...p.subscriptions.values()]
        .sort((a, b) => a.seq - b.seq)
        .map((rec) => ({
          arn:
            rec.kind === 'cluster'
              ? clusterArn(p.account, p.region, rec.id)
              : rec.kind === 'copy-grant'
                ? copyGrantArn(p.account, p.region, rec.name)
                : rec.kind === 'schedule'
                  ? scheduleArn(p.account, p.region, rec.id)
                  : rec.kind === 'event-subscription'
                    ? eventSubscriptionArn(p.account, p.region, rec.name)
                    : snapshotArn(rec),
          account: p.account,
          region: p.region,
        })),
    );
    if (all.length === 0) return super.resolve(r);
    const { arn, account, region } = all[this.pick % all.length]!;
    const caller = { account: this.outsider ? WORLD.accounts.find((a) => a !== account)! : account, region };
    return { input: { ...this.input, ResourceName: arn }, caller };
  }
}

/**
 * DescribeTags as generated, then checked against the other describe calls: every page of an
 * unfiltered DescribeTags (10 a page) lists each tag of the caller's clusters, own snapshots,
 * snapshot copy grants, snapshot schedules and event subscriptions that DescribeClusters,
 * DescribeClusterSnapshots, DescribeSnapshotCopyGrants, DescribeSnapshotSchedules and
 * DescribeEventSubscriptions show, exactly once.
 */
export class DescribeTagsCommand extends CallCommand {
  constructor(input: Record<string, unknown>, caller: Caller) {
    super('DescribeTags', input, caller);
  }
  override run(m: Model, r: Real): void {
    super.run(m, r);
    if (this.regionDownNow(r)) return;
    const { sim } = r;
    const line = (arn: string, t: { Key: string; Value: string }) => `${arn} ${t.Key}=${t.Value}`;
    const listed: string[] = [];
    for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
      const page = sim.execute('DescribeTags', { MaxRecords: 10, ...(marker ? { Marker: marker } : {}) }, this.caller);
      for (const t of page.TaggedResources as { ResourceName: string; Tag: { Key: string; Value: string } }[]) listed.push(line(t.ResourceName, t.Tag));
      marker = page.Marker as string | undefined;
    }
    const expected: string[] = [];
    for (const c of sim.execute('DescribeClusters', {}, this.caller).Clusters as { ClusterIdentifier: string; Tags: { Key: string; Value: string }[] }[]) {
      for (const t of c.Tags) expected.push(line(clusterArn(this.caller.account, this.caller.region, c.ClusterIdentifier), t));
    }
    for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
      const page = sim.execute('DescribeClusterSnapshots', { OwnerAccount: this.caller.account, ...(marker ? { Marker: marker } : {}) }, this.caller);
      for (const s of page.Snapshots as { SnapshotArn: string; Tags: { Key: string; Value: string }[] }[]) for (const t of s.Tags) expected.push(line(s.SnapshotArn, t));
      marker = page.Marker as string | undefined;
    }
    for (const g of allCopyGrants(sim, this.caller)) for (const t of g.Tags) expected.push(line(copyGrantArn(this.caller.account, this.caller.region, g.SnapshotCopyGrantName), t));
    for (const x of allSchedules(sim, this.caller)) for (const t of x.Tags) expected.push(line(scheduleArn(this.caller.account, this.caller.region, x.ScheduleIdentifier), t));
    for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
      const page = sim.execute('DescribeEventSubscriptions', { MaxRecords: 20, ...(marker ? { Marker: marker } : {}) }, this.caller);
      for (const x of page.EventSubscriptionsList as { CustSubscriptionId: string; Tags: { Key: string; Value: string }[] }[]) {
        for (const t of x.Tags) expected.push(line(eventSubscriptionArn(this.caller.account, this.caller.region, x.CustSubscriptionId), t));
      }
      marker = page.Marker as string | undefined;
    }
    if (listed.slice().sort().join('\n') !== expected.sort().join('\n')) {
      throw new Error(`DescribeTags listed ${listed.length} tags, the other describe operations show ${expected.length}`);
    }
  }
}

/** A schedule as DescribeSnapshotSchedules shows it. */
interface ScheduleView {
  ScheduleIdentifier: string;
  ScheduleDefinitions: string[];
  Tags: { Key: string; Value: string }[];
  AssociatedClusterCount: number;
  AssociatedClusters: { ClusterIdentifier: string; ScheduleAssociationState: string }[];
}

/** Every schedule of the caller, following DescribeSnapshotSchedules' markers 20 at a time. */
function allSchedules(sim: Simulator, caller: Caller, input: Record<string, unknown> = {}): ScheduleView[] {
  const all: ScheduleView[] = [];
  for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
    const page = sim.execute('DescribeSnapshotSchedules', { ...input, MaxRecords: 20, ...(marker ? { Marker: marker } : {}) }, caller);
    all.push(...(page.SnapshotSchedules as ScheduleView[]));
    marker = page.Marker as string | undefined;
  }
  return all;
}

/**
 * DescribeSnapshotSchedules as generated, then checked against the state: its pages list each of
 * the caller's schedules once, in creation order, each with exactly the clusters associated with
 * it; the cluster filter keeps the cluster's schedule; DescribeClusters shows the same association.
 */
export class DescribeSchedulesCommand extends CallCommand {
  constructor(input: Record<string, unknown>, caller: Caller) {
    super('DescribeSnapshotSchedules', input, caller);
  }
  override run(m: Model, r: Real): void {
    super.run(m, r);
    const { sim } = r;
    const p = findPartition(sim.state, this.caller.account, this.caller.region);
    const held = [...(p?.schedules.values() ?? [])].sort((a, b) => a.seq - b.seq);
    const listed = allSchedules(sim, this.caller);
    if (listed.map((x) => x.ScheduleIdentifier).join() !== held.map((x) => x.id).join()) throw new Error(`DescribeSnapshotSchedules paged ${listed.map((x) => x.ScheduleIdentifier).join() || 'none'}, the caller holds ${held.map((x) => x.id).join() || 'none'}`);
    for (const x of listed) {
      const users = [...(p?.clusters.values() ?? [])].filter((c) => c.schedule?.id === x.ScheduleIdentifier);
      const shown = x.AssociatedClusters.map((a) => `${a.ClusterIdentifier}:${a.ScheduleAssociationState}`).join();
      if (x.AssociatedClusterCount !== users.length || shown !== users.map((c) => `${c.id}:${c.schedule!.state}`).join()) throw new Error(`DescribeSnapshotSchedules shows ${x.ScheduleIdentifier} with ${shown || 'no clusters'}`);
    }
    for (const c of p?.clusters.values() ?? []) {
      const view = sim.execute('DescribeClusters', { ClusterIdentifier: c.id }, this.caller).Clusters[0] as { SnapshotScheduleIdentifier?: string; SnapshotScheduleState?: string };
      if (view.SnapshotScheduleIdentifier !== c.schedule?.id || view.SnapshotScheduleState !== c.schedule?.state) throw new Error(`DescribeClusters shows ${c.id}'s schedule otherwise than the state`);
      const mine = sim.execute('DescribeSnapshotSchedules', { ClusterIdentifier: c.id }, this.caller).SnapshotSchedules as ScheduleView[];
      if (mine.map((x) => x.ScheduleIdentifier).join() !== (c.schedule?.id ?? '')) throw new Error(`DescribeSnapshotSchedules for cluster ${c.id} lists ${mine.map((x) => x.ScheduleIdentifier).join() || 'none'}`);
    }
  }
}

/** A grant as DescribeSnapshotCopyGrants shows it. */
interface GrantView {
  SnapshotCopyGrantName: string;
  KmsKeyId: string;
  Tags: { Key: string; Value: string }[];
}

/** Every grant of the caller, following DescribeSnapshotCopyGrants' markers 20 at a time. */
function allCopyGrants(sim: Simulator, caller: Caller, input: Record<string, unknown> = {}): GrantView[] {
  const all: GrantView[] = [];
  for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
    const page = sim.execute('DescribeSnapshotCopyGrants', { ...input, MaxRecords: 20, ...(marker ? { Marker: marker } : {}) }, caller);
    all.push(...(page.SnapshotCopyGrants as GrantView[]));
    marker = page.Marker as string | undefined;
  }
  return all;
}

/**
 * DescribeSnapshotCopyGrants as generated, then checked: its pages (20 at a time) list each of the
 * caller's grants once, in creation order, each as naming it finds it; a tag filter keeps exactly
 * the grants with a matching tag.
 */
export class DescribeCopyGrantsCommand extends CallCommand {
  constructor(input: Record<string, unknown>, caller: Caller) {
    super('DescribeSnapshotCopyGrants', input, caller);
  }
  override run(m: Model, r: Real): void {
    super.run(m, r);
    if (this.regionDownNow(r)) return;
    const { sim } = r;
    const grants = allCopyGrants(sim, this.caller);
    const names = grants.map((g) => g.SnapshotCopyGrantName);
    const held = [...(findPartition(sim.state, this.caller.account, this.caller.region)?.copyGrants.values() ?? [])].sort((a, b) => a.seq - b.seq).map((g) => g.name);
    if (names.join() !== held.join()) throw new Error(`DescribeSnapshotCopyGrants paged ${names.join() || 'none'}, the caller holds ${held.join() || 'none'}`);
    for (const g of grants) {
      const one = sim.execute('DescribeSnapshotCopyGrants', { SnapshotCopyGrantName: g.SnapshotCopyGrantName }, this.caller).SnapshotCopyGrants as GrantView[];
      if (JSON.stringify(one) !== JSON.stringify([g])) throw new Error(`DescribeSnapshotCopyGrants by name shows ${g.SnapshotCopyGrantName} otherwise than the list`);
    }
    const keys = this.input.TagKeys as string[] | undefined;
    const values = this.input.TagValues as string[] | undefined;
    if (keys?.length || values?.length) {
      const filtered = allCopyGrants(sim, this.caller, { TagKeys: keys, TagValues: values }).map((g) => g.SnapshotCopyGrantName);
      const expected = grants.filter((g) => g.Tags.some((t) => (!keys?.length || keys.includes(t.Key)) && (!values?.length || values.includes(t.Value)))).map((g) => g.SnapshotCopyGrantName);
      if (filtered.join() !== expected.join()) throw new Error(`DescribeSnapshotCopyGrants' tag filter kept ${filtered.join() || 'none'}, expected ${expected.join() || 'none'}`);
    }
  }
}

/** A subscription as DescribeEventSubscriptions shows it. */
interface SubscriptionView {
  CustSubscriptionId: string;
  SnsTopicArn: string;
  SourceType?: string;
  SourceIdsList: string[];
  EventCategoriesList: string[];
  Severity?: string;
  Enabled: boolean;
  Tags: { Key: string; Value: string }[];
}

/** Every subscription of the caller, following DescribeEventSubscriptions' markers 20 at a time. */
function allSubscriptions(sim: Simulator, caller: Caller, input: Record<string, unknown> = {}): SubscriptionView[] {
  const all: SubscriptionView[] = [];
  for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
    const page = sim.execute('DescribeEventSubscriptions', { ...input, MaxRecords: 20, ...(marker ? { Marker: marker } : {}) }, caller);
    all.push(...(page.EventSubscriptionsList as SubscriptionView[]));
    marker = page.Marker as string | undefined;
  }
  return all;
}

/**
 * DescribeEventSubscriptions as generated, then checked against the state: its pages list each of
 * the caller's subscriptions once, in creation order, each with the settings the state holds and
 * as naming it finds it; a tag filter keeps exactly those with a matching tag.
 */
export class DescribeSubscriptionsCommand extends CallCommand {
  constructor(input: Record<string, unknown>, caller: Caller) {
    super('DescribeEventSubscriptions', input, caller);
  }
  override run(m: Model, r: Real): void {
    super.run(m, r);
    if (this.regionDownNow(r)) return;
    const { sim } = r;
    const listed = allSubscriptions(sim, this.caller);
    const held = [...(findPartition(sim.state, this.caller.account, this.caller.region)?.subscriptions.values() ?? [])].sort((a, b) => a.seq - b.seq);
    if (listed.map((x) => x.CustSubscriptionId).join() !== held.map((x) => x.name).join()) {
      throw new Error(`DescribeEventSubscriptions paged ${listed.map((x) => x.CustSubscriptionId).join() || 'none'}, the caller holds ${held.map((x) => x.name).join() || 'none'}`);
    }
    held.forEach((sub, i) => {
      const v = listed[i]!;
      const same =
        v.SnsTopicArn === sub.snsTopicArn &&
        v.SourceType === sub.sourceType &&
        v.SourceIdsList.join() === sub.sourceIds.join() &&
        v.EventCategoriesList.join() === sub.categories.join() &&
        v.Severity === sub.severity &&
        v.Enabled === sub.enabled;
      if (!same) throw new Error(`DescribeEventSubscriptions shows ${sub.name} otherwise than the state`);
      const one = sim.execute('DescribeEventSubscriptions', { SubscriptionName: sub.name }, this.caller).EventSubscriptionsList as SubscriptionView[];
      if (JSON.stringify(one) !== JSON.stringify([v])) throw new Error(`DescribeEventSubscriptions by name shows ${sub.name} otherwise than the list`);
    });
    const keys = this.input.TagKeys as string[] | undefined;
    if (keys?.length) {
      const filtered = allSubscriptions(sim, this.caller, { TagKeys: keys }).map((x) => x.CustSubscriptionId);
      const expected = listed.filter((x) => x.Tags.some((t) => keys.includes(t.Key))).map((x) => x.CustSubscriptionId);
      if (filtered.join() !== expected.join()) throw new Error(`DescribeEventSubscriptions' tag filter kept ${filtered.join() || 'none'}, expected ${expected.join() || 'none'}`);
    }
  }
}

/**
 * A call on an event subscription that exists when it runs: the `pick`-th subscription of the
 * world (by partition, then creation), called by its owner. With none, the call stands as generated.
 */
export class ExistingSubscriptionCommand extends CallCommand {
  constructor(
    operation: string,
    input: Record<string, unknown>,
    caller: Caller,
    readonly pick: number,
  ) {
    super(operation, input, caller);
  }
  protected override resolve(r: Real): Sent {
    const found = partitionsOf(r).flatMap((p) => [...p.subscriptions.keys()].map((name) => ({ name, caller: { account: p.account, region: p.region } })));
    if (found.length === 0) return super.resolve(r);
    const { name, caller } = found[this.pick % found.length]!;
    return { input: { ...this.input, SubscriptionName: name }, caller };
  }
}

/** Advancing virtual time as a fast-check command. */
export class AdvanceCommand implements fc.Command<Model, Real> {
  constructor(readonly seconds: number) {}
  check(): boolean {
    return true;
  }
  run(_m: Model, r: Real): void {
    r.sim.advance(this.seconds);
    r.tracker.check({ replayCheck: r.replayEveryStep });
  }
  toString(): string {
    return `advance(${this.seconds})`;
  }
}

/** Schedules an outage of a region of the world, starting `inSeconds` from now, for `seconds`. */
export class RegionOutageCommand implements fc.Command<Model, Real> {
  constructor(
    readonly region: string,
    readonly inSeconds: number,
    readonly seconds: number,
    readonly failure: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(_m: Model, r: Real): void {
    const from = r.sim.nowMs() + this.inSeconds * 1000;
    r.sim.scheduleRegionOutage({ region: this.region, from, to: from + this.seconds * 1000, failure: this.failure });
    r.tracker.check({ replayCheck: r.replayEveryStep });
  }
  toString(): string {
    return `regionOutage(${this.region}, in ${this.inSeconds} s, for ${this.seconds} s, failure ${this.failure})`;
  }
}

/** An injected API error (`injectApiError`): the next `count` calls of `operation`, or each with probability `rate`, answer `code`. */
export class InjectApiErrorCommand implements fc.Command<Model, Real> {
  constructor(
    readonly operation: string,
    readonly code: string,
    readonly count: number | undefined,
    readonly rate: number | undefined,
  ) {}
  check(): boolean {
    return true;
  }
  run(_m: Model, r: Real): void {
    r.sim.injectApiError({ operation: this.operation, code: this.code as ErrorCode, ...(this.count !== undefined ? { count: this.count } : { rate: this.rate! }) });
    r.tracker.check({ replayCheck: r.replayEveryStep });
  }
  toString(): string {
    return `injectApiError(${this.operation}, ${this.code}, ${this.count !== undefined ? `count ${this.count}` : `rate ${this.rate}`})`;
  }
}

/** The errors runbooks retry, on operations AWS declares them for (so every answer is one AWS could give). */
const INJECTED: readonly (readonly [string, string])[] = [
  ['RestoreFromClusterSnapshot', 'InsufficientClusterCapacity'],
  ['RestoreFromClusterSnapshot', 'LimitExceededFault'],
  ['ResumeCluster', 'InsufficientClusterCapacity'],
  ['EnableSnapshotCopy', 'CopyToRegionDisabledFault'],
  ['AuthorizeSnapshotAccess', 'DependentServiceRequestThrottlingFault'],
];

/** Injected API errors now and then: by count (1 or 2 calls) or by a seeded rate. */
export const apiErrorCommand: fc.Arbitrary<fc.Command<Model, Real>> = fc
  .tuple(fc.constantFrom(...INJECTED), fc.oneof(fc.constantFrom(1, 2).map((n) => ({ count: n, rate: undefined })), fc.constant({ count: undefined, rate: 0.5 })))
  .map(([[operation, code], { count, rate }]) => new InjectApiErrorCommand(operation, code, count, rate));

/** CopyClusterSnapshot of the caller's `pick`-th automated snapshot (by id), whatever exists then. */
export class CopyAutomatedCommand extends CallCommand {
  constructor(
    readonly pick: number,
    target: string,
    caller: Caller,
  ) {
    super('CopyClusterSnapshot', { SourceSnapshotIdentifier: 'rs:none', TargetSnapshotIdentifier: target }, caller);
  }
  protected override resolve(r: Real): Sent {
    const automated = [...(findPartition(r.sim.state, this.caller.account, this.caller.region)?.clusters.values() ?? [])].flatMap((c) => c.automated.map((s) => s.id)).sort();
    const input = automated.length > 0 ? { ...this.input, SourceSnapshotIdentifier: automated[this.pick % automated.length] } : this.input;
    return { input, caller: this.caller };
  }
}

/**
 * A call on an existing cluster in `status`, chosen when it runs: the `pick`-th of the world's
 * clusters in that status (by partition, then identifier), called by its owner; with none, the
 * call stands as generated.
 */
export class ExistingClusterCommand extends CallCommand {
  constructor(
    operation: string,
    input: Record<string, unknown>,
    caller: Caller,
    readonly pick: number,
    readonly status: ClusterStatus = 'available',
    /** Clusters to prefer among those in `status` (any of them when none is preferred). */
    readonly prefer?: (c: ClusterRecord) => boolean,
  ) {
    super(operation, input, caller);
  }
  protected override resolve(r: Real): Sent {
    const inStatus = (only: ((c: ClusterRecord) => boolean) | undefined) =>
      partitionsOf(r).flatMap((p) =>
        [...p.clusters.values()]
          .filter((c) => c.status === this.status && (only === undefined || only(c)))
          .map((c) => c.id)
          .sort()
          .map((id) => ({ id, caller: { account: p.account, region: p.region } })),
      );
    let found = inStatus(this.prefer);
    if (found.length === 0 && this.prefer !== undefined) found = inStatus(undefined);
    if (found.length === 0) return super.resolve(r);
    const { id, caller } = found[this.pick % found.length]!;
    return { input: { ...this.input, ClusterIdentifier: id }, caller };
  }
}

/**
 * A call on a snapshot schedule that exists when it runs: the `pick`-th schedule of the world (by
 * partition, then creation), called by its owner; with `onCluster`, paired with an available
 * cluster of its partition (`ClusterIdentifier`). With none, the call stands as generated.
 */
export class ExistingScheduleCommand extends CallCommand {
  constructor(
    operation: string,
    input: Record<string, unknown>,
    caller: Caller,
    readonly pick: number,
    readonly onCluster: boolean,
  ) {
    super(operation, input, caller);
  }
  protected override resolve(r: Real): Sent {
    const found = partitionsOf(r).flatMap((p) => {
      const clusters = this.onCluster ? [...p.clusters.values()].filter((c) => c.status === 'available').map((c) => c.id).sort() : [undefined];
      return [...p.schedules.keys()].flatMap((id) => clusters.map((c) => ({ id, c, caller: { account: p.account, region: p.region } })));
    });
    if (found.length === 0) return super.resolve(r);
    const { id, c, caller } = found[this.pick % found.length]!;
    return { input: { ...this.input, ScheduleIdentifier: id, ...(c === undefined ? {} : { ClusterIdentifier: c }) }, caller };
  }
}

/**
 * EnableSnapshotCopy naming a snapshot copy grant that exists when it runs: the `pick`-th
 * available cluster that has a grant of its account in another region, copying there with it (as
 * generated when there is none), so grants in use meet DeleteSnapshotCopyGrant.
 */
export class EnableCopyWithGrantCommand extends CallCommand {
  constructor(
    input: Record<string, unknown>,
    caller: Caller,
    readonly pick: number,
  ) {
    super('EnableSnapshotCopy', input, caller);
  }
  protected override resolve(r: Real): Sent {
    const parts = partitionsOf(r);
    const found = parts.flatMap((p) =>
      [...p.clusters.values()]
        .filter((c) => c.status === 'available' && c.copy === null)
        .flatMap((c) =>
          parts
            .filter((d) => d.account === p.account && d.region !== p.region)
            .flatMap((d) => [...d.copyGrants.keys()].map((grant) => ({ input: { ClusterIdentifier: c.id, DestinationRegion: d.region, SnapshotCopyGrantName: grant }, caller: { account: p.account, region: p.region } }))),
        ),
    );
    return found.length === 0 ? super.resolve(r) : found[this.pick % found.length]!;
  }
}

/** Which manual snapshots a {@link ManualSnapshotCommand} prefers. */
export type SnapshotPreference = 'any' | 'available' | 'shared';

const PREFERENCES: Record<SnapshotPreference, (s: SnapshotRecord) => boolean> = {
  any: () => true,
  available: (s) => s.status === 'available',
  shared: (s) => s.grants.length > 0,
};

/**
 * A call on an existing manual snapshot, chosen when it runs: the `pick`-th (by partition, then
 * creation) of the world's manual snapshots that match `prefer`, else of all of them, called by
 * its owner; with none, the call stands as generated. With `pickGrantee`, the
 * `AccountWithRestoreAccess` becomes one the snapshot is shared with, if any (so revokes find a
 * grant).
 */
export class ManualSnapshotCommand extends CallCommand {
  constructor(
    operation: string,
    input: Record<string, unknown>,
    caller: Caller,
    readonly pick: number,
    readonly prefer: SnapshotPreference = 'any',
    readonly pickGrantee = false,
  ) {
    super(operation, input, caller);
  }
  protected override resolve(r: Real): Sent {
    const all = partitionsOf(r).flatMap((p) => [...p.manual.values()].sort((a, b) => a.seq - b.seq));
    if (all.length === 0) return super.resolve(r);
    const preferred = all.filter(PREFERENCES[this.prefer]);
    const list = preferred.length > 0 ? preferred : all;
    const snap = list[this.pick % list.length]!;
    const input: Record<string, unknown> = { ...this.input, SnapshotIdentifier: snap.id };
    if (this.pickGrantee && snap.grants.length > 0) input.AccountWithRestoreAccess = snap.grants[this.pick % snap.grants.length];
    return { input, caller: { account: snap.owner, region: snap.region } };
  }
}

/**
 * RestoreFromClusterSnapshot of the `pick`-th snapshot that exists then (any type), by its owner,
 * by an account it is shared with, or by an outsider, under a name in any case, into the
 * snapshot's node type or `nodeType` (RA3 targets show no restore figures). Checks the
 * invariant that a restore of another account's snapshot is accepted only with a grant when it
 * starts, and that the restored cluster is the caller's.
 */
export class RestoreCommand extends CallCommand {
  private grantedBefore: boolean | undefined;
  constructor(
    target: string,
    caller: Caller,
    readonly pick: number,
    readonly as: 'owner' | 'grantee' | 'outsider',
    readonly upper: boolean,
    nodeType?: string,
  ) {
    super('RestoreFromClusterSnapshot', { ClusterIdentifier: target, SnapshotIdentifier: 'none', ...(nodeType === undefined ? {} : { NodeType: nodeType }) }, caller);
  }
  protected override resolve(r: Real): Sent {
    const all = partitionsOf(r).flatMap((p) => [...snapshotsOf(p)].sort((a, b) => a.seq - b.seq));
    this.grantedBefore = undefined;
    if (all.length === 0) return super.resolve(r);
    const snap = all[this.pick % all.length]!;
    const outsider = WORLD.accounts.find((a) => a !== snap.owner && !snap.grants.includes(a)) ?? snap.owner;
    const account = this.as === 'grantee' && snap.grants.length > 0 ? snap.grants[this.pick % snap.grants.length]! : this.as === 'outsider' ? outsider : snap.owner;
    const caller = { account: account === 'amazon-redshift-support' ? snap.owner : account, region: snap.region };
    this.grantedBefore = snap.grants.includes(caller.account);
    const input: Record<string, unknown> = { ...this.input, SnapshotIdentifier: this.upper ? snap.id.toUpperCase() : snap.id };
    if (caller.account !== snap.owner) input.OwnerAccount = snap.owner;
    return { input, caller };
  }
  override run(m: Model, r: Real): void {
    const before = r.sim.log.nextSeq;
    super.run(m, r);
    const sent = this.sentCall();
    if (r.sim.log.nextSeq === before || this.grantedBefore === undefined || answeredByInjection(r.sim.entries().at(-1)!)) return;
    const owner = sent.input.OwnerAccount;
    if (owner !== undefined && owner !== sent.caller.account && !this.grantedBefore) throw new Error(`restore of ${String(owner)}'s snapshot accepted for ${sent.caller.account} without a grant`);
    const c = findPartition(r.sim.state, sent.caller.account, sent.caller.region)?.clusters.get(String(sent.input.ClusterIdentifier));
    if (!c || c.restore === null) throw new Error(`accepted restore left no restored cluster ${String(sent.input.ClusterIdentifier)} in the caller's account`);
  }
}

/**
 * RestoreTableFromClusterSnapshot into the `pick`-th available cluster that exists then, from the
 * `pick`-th of its own snapshots (any status, so InvalidClusterSnapshotState happens too), under
 * a few table names (so a name is created twice and refused), in any case.
 */
export class TableRestoreCommand extends CallCommand {
  constructor(
    input: Record<string, unknown>,
    caller: Caller,
    readonly pick: number,
  ) {
    super('RestoreTableFromClusterSnapshot', input, caller);
  }
  protected override resolve(r: Real): Sent {
    const clusters = partitionsOf(r).flatMap((p) => [...p.clusters.values()].filter((c) => c.status === 'available').sort((a, b) => a.seq - b.seq).map((c) => ({ p, c })));
    if (clusters.length === 0) return super.resolve(r);
    const { p, c } = clusters[this.pick % clusters.length]!;
    const own = [...snapshotsOf(p)].filter((s) => s.profile.clusterId === c.id && s.sourceRegion === null).sort((a, b) => a.seq - b.seq);
    const snapshotId = own.length > 0 ? own[this.pick % own.length]!.id : String(this.input.SnapshotIdentifier);
    return { input: { ...this.input, ClusterIdentifier: c.id, SnapshotIdentifier: snapshotId }, caller: { account: p.account, region: p.region } };
  }
}

/** Running until no work is in flight, as a fast-check command. */
export class IdleCommand implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }
  run(_m: Model, r: Real): void {
    r.sim.runUntilIdle();
    r.tracker.check({ replayCheck: r.replayEveryStep });
  }
  toString(): string {
    return 'runUntilIdle()';
  }
}

// most calls come from one home account and region, so snapshots pile up where later calls look
const home: Caller = { account: WORLD.accounts[0], region: WORLD.regions[0] };
const caller: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(home) },
  { weight: 1, arbitrary: fc.record({ account: fc.constantFrom(...WORLD.accounts), region: fc.constantFrom(...WORLD.regions) }) },
);
const cluster = fc.constantFrom(...WORLD.clusters);
const snap = fc.constantFrom(...WORLD.snapshots);
// mostly valid retention periods (-1 keeps forever), sometimes ones AWS refuses
const retention = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(-1, 1, 2, 35) }, { weight: 1, arbitrary: fc.constantFrom(0, 3654) });
const call = (operation: string, input: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(input, caller).map(([i, c]) => new CallCommand(operation, i, c));
const grantee = fc.constantFrom(...WORLD.grantees);
const onCluster = (operation: string, input: fc.Arbitrary<Record<string, unknown>>, status: ClusterStatus = 'available', prefer?: (c: ClusterRecord) => boolean) =>
  fc.tuple(input, caller, fc.nat(8)).map(([i, c, pick]) => new ExistingClusterCommand(operation, i, c, pick, status, prefer));
/** Clusters copying their snapshots to another region. */
const copying = (c: ClusterRecord): boolean => c.copy !== null;
const onManual = (operation: string, input: fc.Arbitrary<Record<string, unknown>>, prefer: SnapshotPreference = 'any', pickGrantee = false) =>
  fc.tuple(input, caller, fc.nat(8)).map(([i, c, pick]) => new ManualSnapshotCommand(operation, i, c, pick, prefer, pickGrantee));

const tag = fc.record({ Key: fc.constantFrom(...WORLD.tagKeys), Value: fc.constantFrom(...WORLD.tagValues) });
// mostly distinct keys (a key twice is InvalidTagFault), sometimes enough to pass the limit of 50
const tagList = fc.oneof(
  { weight: 4, arbitrary: fc.uniqueArray(tag, { minLength: 1, maxLength: 40, size: 'max', selector: (t) => t.Key }) },
  { weight: 1, arbitrary: fc.array(tag, { minLength: 0, maxLength: 3 }) },
);
const onTagged = (operation: string, input: fc.Arbitrary<Record<string, unknown>>) =>
  // picks among few resources, so tags pile up on them to the limit of 50
  fc.tuple(input, caller, fc.nat(3), fc.nat(7)).map(([i, c, pick, outsider]) => new TaggedResourceCommand(operation, i, c, pick, outsider === 0));
const someKeys = fc.uniqueArray(fc.constantFrom(...WORLD.tagKeys), { maxLength: 4 });

/**
 * Tag calls on the world's clusters and snapshots (by their ARNs, mostly by their owner), and
 * DescribeTags with every kind of filter, checked against the other describe calls.
 */
export const tagCommands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  onTagged('CreateTags', fc.record({ ResourceName: fc.constant('arn:aws:redshift:us-east-1:123456789012:cluster:none'), Tags: tagList })),
  onTagged('DeleteTags', fc.record({ ResourceName: fc.constant('arn:aws:redshift:us-east-1:123456789012:cluster:none'), TagKeys: someKeys })),
  onTagged('DescribeTags', fc.record({ ResourceName: fc.constant('arn:aws:redshift:us-east-1:123456789012:cluster:none'), TagKeys: someKeys }, { requiredKeys: ['ResourceName'] })),
  fc
    .tuple(
      fc.record(
        {
          ResourceType: fc.constantFrom('Cluster', 'snapshot', 'Parameter group', 'bucket'),
          MaxRecords: fc.constantFrom(10, 25, 50, 5),
          TagKeys: someKeys,
          TagValues: fc.uniqueArray(fc.constantFrom(...WORLD.tagValues), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
      caller,
    )
    .map(([i, c]) => new DescribeTagsCommand(i, c)),
];

const grantName = fc.constantFrom(...WORLD.copyGrants);

/**
 * Snapshot copy grant calls: create (a key given or the default, some tags), delete, and
 * DescribeSnapshotCopyGrants by name, by tag filter or all, checked against the state.
 */
export const copyGrantCommands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  call('CreateSnapshotCopyGrant', fc.record({ SnapshotCopyGrantName: grantName, KmsKeyId: fc.constantFrom('alias/dr', 'arn:aws:kms:eu-west-1:123456789012:key/k1'), Tags: tagList }, { requiredKeys: ['SnapshotCopyGrantName'] })),
  call('DeleteSnapshotCopyGrant', fc.record({ SnapshotCopyGrantName: grantName })),
  fc
    .tuple(fc.record({ SnapshotCopyGrantName: grantName, TagKeys: someKeys, TagValues: fc.uniqueArray(fc.constantFrom(...WORLD.tagValues), { maxLength: 2 }) }, { requiredKeys: [] }), caller)
    .map(([i, c]) => new DescribeCopyGrantsCommand(i, c)),
  // copy enabled with a grant, so grants in use meet DeleteSnapshotCopyGrant
  fc
    .tuple(fc.record({ ClusterIdentifier: cluster, DestinationRegion: fc.constantFrom(...WORLD.regions), SnapshotCopyGrantName: grantName }), caller, fc.nat(8))
    .map(([i, c, pick]) => new EnableCopyWithGrantCommand(i, c, pick)),
  onCluster('DisableSnapshotCopy', fc.record({ ClusterIdentifier: cluster }), 'available', copying),
];

const scheduleId = fc.constantFrom(...WORLD.schedules);
const onSchedule = (operation: string, input: fc.Arbitrary<Record<string, unknown>>, withCluster: boolean) =>
  fc.tuple(input, caller, fc.nat(8)).map(([i, c, pick]) => new ExistingScheduleCommand(operation, { ScheduleIdentifier: 'none', ...i }, c, pick, withCluster));
const definitions = fc.oneof(
  { weight: 4, arbitrary: fc.uniqueArray(fc.constantFrom(...WORLD.scheduleDefinitions.slice(0, 3)), { minLength: 1, maxLength: 2 }) },
  { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...WORLD.scheduleDefinitions), { minLength: 0, maxLength: 3 }) },
);

/**
 * Snapshot schedule calls: create (valid definitions mostly, sometimes overlapping, unsupported
 * or none; some tags), modify, delete, associate and disassociate existing clusters, create
 * clusters on a schedule, and DescribeSnapshotSchedules checked against the state.
 */
export const scheduleCommands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  call('CreateSnapshotSchedule', fc.record({ ScheduleIdentifier: scheduleId, ScheduleDefinitions: definitions, Tags: tagList, DryRun: fc.constantFrom(false, false, false, true) }, { requiredKeys: ['ScheduleIdentifier', 'ScheduleDefinitions'] })),
  call('ModifySnapshotSchedule', fc.record({ ScheduleIdentifier: scheduleId, ScheduleDefinitions: definitions })),
  call('DeleteSnapshotSchedule', fc.record({ ScheduleIdentifier: scheduleId })),
  onCluster('ModifyClusterSnapshotSchedule', fc.record({ ClusterIdentifier: cluster, ScheduleIdentifier: scheduleId })),
  // the same calls on schedules (and clusters) that exist, so associations, modifications and deletes of schedules in use happen often
  onSchedule('ModifyClusterSnapshotSchedule', fc.record({ ClusterIdentifier: cluster }), true),
  onSchedule('ModifySnapshotSchedule', fc.record({ ScheduleDefinitions: definitions }), false),
  onSchedule('DeleteSnapshotSchedule', fc.record({}), false),
  onCluster('ModifyClusterSnapshotSchedule', fc.record({ ClusterIdentifier: cluster, DisassociateSchedule: fc.constant(true) }), 'available', (c) => c.schedule !== null),
  call('CreateCluster', fc.record({ ClusterIdentifier: cluster, NodeType: fc.constant('dc2.large'), MasterUsername: fc.constant('admin'), SnapshotScheduleIdentifier: scheduleId })),
  fc
    .tuple(fc.record({ TagKeys: someKeys }, { requiredKeys: [] }), caller)
    .map(([i, c]) => new DescribeSchedulesCommand(i, c)),
];

const subscriptionName = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...WORLD.subscriptions.slice(0, 3)) }, { weight: 1, arbitrary: fc.constant(WORLD.subscriptions[3]) });
const validTopic = fc.constantFrom(...WORLD.snsTopics.slice(0, 2));
/** Mostly valid selections (a source type snapsim publishes for, ids the world has, AWS's categories and severities), sometimes any member of the world. */
const selection = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.record({ Severity: fc.constantFrom('ERROR', 'INFO'), EventCategories: fc.uniqueArray(fc.constantFrom('management', 'monitoring'), { maxLength: 2 }) }, { requiredKeys: [] }),
      fc.record({ SourceType: fc.constant('cluster'), SourceIds: fc.constantFrom(['alpha'], [], ['alpha', 'beta']), Severity: fc.constantFrom('ERROR', 'INFO') }, { requiredKeys: ['SourceType'] }),
      fc.record({ SourceType: fc.constant('cluster-snapshot'), SourceIds: fc.constantFrom(['before-deploy'], []), EventCategories: fc.constantFrom(['monitoring'], ['management', 'monitoring']) }, { requiredKeys: ['SourceType'] }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        SourceType: fc.constantFrom(...WORLD.sourceTypes),
        SourceIds: fc.uniqueArray(fc.constantFrom(...WORLD.sourceIds), { maxLength: 2 }),
        EventCategories: fc.uniqueArray(fc.constantFrom(...WORLD.eventCategories), { maxLength: 2 }),
        Severity: fc.constantFrom(...WORLD.severities),
      },
      { requiredKeys: [] },
    ),
  },
);
const topic = fc.oneof({ weight: 4, arbitrary: validTopic }, { weight: 1, arbitrary: fc.constantFrom(...WORLD.snsTopics) });

/**
 * Event subscription calls: create (valid settings mostly; sometimes a bad SNS topic, an unknown
 * category, severity or source type, ids of sources that do not exist, a name taken or past the
 * quota; some tags), modify and delete subscriptions that exist (and by name, which may not),
 * DescribeEventSubscriptions checked against the state, and DescribeEvents.
 */
export const subscriptionCommands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  fc
    .tuple(fc.record({ SubscriptionName: subscriptionName, SnsTopicArn: topic, Enabled: fc.constantFrom(true, true, true, false), Tags: fc.array(tag, { maxLength: 2 }) }, { requiredKeys: ['SubscriptionName', 'SnsTopicArn'] }), selection, caller)
    .map(([i, sel, c]) => new CallCommand('CreateEventSubscription', { ...i, ...sel }, c)),
  fc
    .tuple(fc.record({ SnsTopicArn: topic, Enabled: fc.boolean() }, { requiredKeys: [] }), selection, caller, fc.nat(8))
    .map(([i, sel, c, pick]) => new ExistingSubscriptionCommand('ModifyEventSubscription', { SubscriptionName: 'none', ...i, ...sel }, c, pick)),
  fc.tuple(caller, fc.nat(8)).map(([c, pick]) => new ExistingSubscriptionCommand('DeleteEventSubscription', { SubscriptionName: 'none' }, c, pick)),
  // a valid subscription in the home account and region, where most snapshots are taken: names are taken and the quota met there
  fc
    .tuple(subscriptionName, validTopic, fc.constantFrom<Record<string, unknown>>({}, {}, { SourceType: 'cluster-snapshot' }, { Severity: 'INFO' }, { SourceType: 'cluster', SourceIds: ['alpha'] }))
    .map(([name, arn, sel]) => new CallCommand('CreateEventSubscription', { SubscriptionName: name, SnsTopicArn: arn, ...sel }, home)),
  call('ModifyEventSubscription', fc.record({ SubscriptionName: subscriptionName, Enabled: fc.boolean() })),
  call('DeleteEventSubscription', fc.record({ SubscriptionName: subscriptionName })),
  fc
    .tuple(fc.record({ TagKeys: fc.uniqueArray(fc.constantFrom(...WORLD.tagKeys.slice(0, 4)), { maxLength: 2 }) }, { requiredKeys: [] }), caller)
    .map(([i, c]) => new DescribeSubscriptionsCommand(i, c)),
  call('DescribeEventSubscriptions', fc.record({ SubscriptionName: subscriptionName })),
  call('DescribeEvents', fc.record({ SourceType: fc.constantFrom('cluster', 'cluster-snapshot'), Duration: fc.constantFrom(60, 1440, 20_160) }, { requiredKeys: [] })),
  // one member wrong, each refusal in turn: a topic that is not SNS, an unknown category, severity or source type, a source that does not exist, a category the source type has no events of
  fc
    .tuple(
      subscriptionName,
      fc.constantFrom<Record<string, unknown>>(
        { SnsTopicArn: WORLD.snsTopics[2] },
        { EventCategories: ['backups'] },
        { Severity: 'WARNING' },
        { SourceType: 'bucket' },
        { SourceType: 'cluster', SourceIds: ['gamma'] },
        { SourceType: 'cluster-snapshot', EventCategories: ['security'] },
      ),
      caller,
    )
    .map(([name, bad, c]) => new CallCommand('CreateEventSubscription', { SubscriptionName: name, SnsTopicArn: WORLD.snsTopics[0], ...bad }, c)),
];

/**
 * Sharing calls on snapshots that exist: authorize on available snapshots (again on shared ones,
 * so the authorization quota is met) and revoke grants that exist.
 */
export const sharingCommands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  onManual('AuthorizeSnapshotAccess', fc.record({ SnapshotIdentifier: snap, AccountWithRestoreAccess: grantee }), 'available'),
  onManual('AuthorizeSnapshotAccess', fc.record({ SnapshotIdentifier: snap, AccountWithRestoreAccess: grantee }), 'shared'),
  onManual('RevokeSnapshotAccess', fc.record({ SnapshotIdentifier: snap, AccountWithRestoreAccess: grantee }), 'shared', true),
];

/**
 * Cross-region copy calls on clusters that exist: enabled mostly into the world's other region
 * (so copies land where callers act, are restored there and meet snapshots of the same name),
 * sometimes into a region outside the world, its own region or one that does not exist.
 */
export const copyCommands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  onCluster('EnableSnapshotCopy', fc.record({
    ClusterIdentifier: cluster,
    DestinationRegion: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORLD.regions) }, { weight: 1, arbitrary: fc.constantFrom('us-west-2', 'mars-east-1') }),
    RetentionPeriod: fc.constantFrom(1, 2, 7, 36),
    ManualSnapshotRetentionPeriod: fc.constantFrom(-1, 1, 3, 0),
  }, { requiredKeys: ['ClusterIdentifier', 'DestinationRegion'] })),
  onCluster('DisableSnapshotCopy', fc.record({ ClusterIdentifier: cluster }), 'available', copying),
  // again on a cluster that copies already
  onCluster('EnableSnapshotCopy', fc.record({ ClusterIdentifier: cluster, DestinationRegion: fc.constantFrom(...WORLD.regions) }), 'available', copying),
  onCluster('ModifySnapshotCopyRetentionPeriod', fc.record({ ClusterIdentifier: cluster, RetentionPeriod: fc.constantFrom(1, 3, -1, 40), Manual: fc.boolean() }, { requiredKeys: ['ClusterIdentifier', 'RetentionPeriod'] }), 'available', copying),
];

/**
 * Table restore and reboot calls: table restores into clusters that exist (from their own
 * snapshots, a few table names), DescribeTableRestoreStatus of a cluster or all, paged, or of a
 * request id that does not exist; reboots of available clusters and of any.
 */
export const tableRestoreCommands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  fc
    .tuple(
      fc.record(
        {
          SnapshotIdentifier: snap,
          SourceDatabaseName: fc.constantFrom('dev', 'sales'),
          SourceSchemaName: fc.constantFrom('public', 'crm'),
          SourceTableName: fc.constantFrom('orders', 'Customers'),
          NewTableName: fc.constantFrom('restored', 'Restored', 'orders_v2', ''),
          TargetSchemaName: fc.constantFrom('public', 'recovered'),
          EnableCaseSensitiveIdentifier: fc.boolean(),
        },
        { requiredKeys: ['SnapshotIdentifier', 'SourceDatabaseName', 'SourceTableName', 'NewTableName'] },
      ),
      caller,
      fc.nat(8),
    )
    .map(([i, c, pick]) => new TableRestoreCommand(i, c, pick)),
  call('DescribeTableRestoreStatus', fc.record({ ClusterIdentifier: cluster, MaxRecords: fc.constantFrom(20, 100, 5), TableRestoreRequestId: fc.constant('00000000-0000-4000-8000-000000000000') }, { requiredKeys: [] })),
  call('DescribeTableRestoreStatus', fc.constant({})),
  onCluster('RebootCluster', fc.record({ ClusterIdentifier: cluster })),
  call('RebootCluster', fc.record({ ClusterIdentifier: cluster })),
];

/** Arbitrary AWS calls over {@link WORLD}, valid and invalid alike. */
export const callCommands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  call('CreateCluster', fc.record({ ClusterIdentifier: cluster, NodeType: fc.constantFrom('dc2.large', 'ra3.xlplus'), MasterUsername: fc.constant('admin'), NumberOfNodes: fc.integer({ min: 1, max: 4 }) })),
  call('CreateClusterSnapshot', fc.record({ ClusterIdentifier: cluster, SnapshotIdentifier: snap, ManualSnapshotRetentionPeriod: retention }, { requiredKeys: ['ClusterIdentifier', 'SnapshotIdentifier'] })),
  onCluster('CreateClusterSnapshot', fc.record({ ClusterIdentifier: cluster, SnapshotIdentifier: snap, ManualSnapshotRetentionPeriod: retention }, { requiredKeys: ['ClusterIdentifier', 'SnapshotIdentifier'] })),
  fc.tuple(fc.nat(8), snap, caller).map(([pick, target, c]) => new CopyAutomatedCommand(pick, target, c)),
  call('DeleteClusterSnapshot', fc.record({ SnapshotIdentifier: snap })),
  call('ModifyClusterSnapshot', fc.record({ SnapshotIdentifier: snap, ManualSnapshotRetentionPeriod: retention, Force: fc.boolean() })),
  call('AuthorizeSnapshotAccess', fc.record({ SnapshotIdentifier: snap, AccountWithRestoreAccess: grantee })),
  call('RevokeSnapshotAccess', fc.record({ SnapshotIdentifier: snap, AccountWithRestoreAccess: grantee })),
  // the same calls on snapshots that exist, so deletes, retention changes, grants, the
  // authorization quota and revokes happen often, not by luck
  onManual('DeleteClusterSnapshot', fc.record({ SnapshotIdentifier: snap })),
  onManual('ModifyClusterSnapshot', fc.record({ SnapshotIdentifier: snap, ManualSnapshotRetentionPeriod: retention, Force: fc.boolean() })),
  // batches of them, repeats and unknown ids included
  call('BatchDeleteClusterSnapshots', fc.record({ Identifiers: fc.array(fc.record({ SnapshotIdentifier: snap, SnapshotClusterIdentifier: cluster }, { requiredKeys: ['SnapshotIdentifier'] }), { minLength: 1, maxLength: 3 }) })),
  call('BatchModifyClusterSnapshots', fc.record({ SnapshotIdentifierList: fc.array(snap, { minLength: 1, maxLength: 3 }), ManualSnapshotRetentionPeriod: retention, Force: fc.boolean() }, { requiredKeys: ['SnapshotIdentifierList'] })),
  onCluster('RebootCluster', fc.record({ ClusterIdentifier: cluster })),
  ...sharingCommands,
  call('DeleteCluster', fc.oneof(
    fc.record({ ClusterIdentifier: cluster, SkipFinalClusterSnapshot: fc.constant(true) }),
    fc.record({ ClusterIdentifier: cluster, FinalClusterSnapshotIdentifier: snap }),
  )),
  call('PauseCluster', fc.record({ ClusterIdentifier: cluster })),
  call('ResumeCluster', fc.record({ ClusterIdentifier: cluster })),
  onCluster('ResumeCluster', fc.record({ ClusterIdentifier: cluster }), 'paused'),
  // calls on a cluster midway through pausing or resuming, which it refuses
  fc.constantFrom<ClusterStatus>('pausing', 'resuming').chain((status) =>
    fc.oneof(
      onCluster('CreateClusterSnapshot', fc.record({ ClusterIdentifier: cluster, SnapshotIdentifier: snap }), status),
      onCluster('DeleteCluster', fc.record({ ClusterIdentifier: cluster, SkipFinalClusterSnapshot: fc.constant(true) }), status),
    ),
  ),
  call('DescribeClusterSnapshots', fc.record({ ClusterIdentifier: cluster, SnapshotType: fc.constantFrom('manual', 'automated') }, { requiredKeys: [] })),
  caller.map((c) => new StorageCommand(c)),
  onCluster('ModifyCluster', fc.record({ ClusterIdentifier: cluster, AutomatedSnapshotRetentionPeriod: fc.constantFrom(0, 1, 2, 35), ManualSnapshotRetentionPeriod: retention }, { requiredKeys: ['ClusterIdentifier'] })),
  ...copyCommands,
  // one slot for all tag calls, so they do not crowd out the lifecycle calls
  fc.oneof({ weight: 3, arbitrary: tagCommands[0]! }, ...tagCommands.slice(1)),
  fc
    .tuple(fc.constantFrom('alpha', 'beta', 'gamma'), caller, fc.nat(8), fc.constantFrom('owner', 'grantee', 'outsider') as fc.Arbitrary<'owner' | 'grantee' | 'outsider'>, fc.boolean(), fc.constantFrom(undefined, 'ra3.xlplus'))
    .map(([target, c, pick, as, upper, nodeType]) => new RestoreCommand(target, c, pick, as, upper, nodeType)),
];

/** Region outages now or soon, a minute to half an hour long, stalling or failing what they catch. */
export const regionOutageCommand: fc.Arbitrary<fc.Command<Model, Real>> = fc
  .tuple(fc.constantFrom(...WORLD.regions), fc.constantFrom(0, 30, 600), fc.constantFrom(60, 300, 1_800), fc.constantFrom(0, 0.5, 1))
  .map(([region, inSeconds, seconds, failure]) => new RegionOutageCommand(region, inSeconds, seconds, failure));

/** Time advances from seconds to days, so backups, automated cadence and retention all show. */
export const advanceCommand: fc.Arbitrary<fc.Command<Model, Real>> = fc
  .constantFrom(5, 60, 600, 3_600, 9 * 3_600, 2 * 86_400)
  .map((s) => new AdvanceCommand(s));

/**
 * A random sequence of calls and advances (sharing calls weighted up, so grants pile up and get
 * revoked; copy calls too, so copy is enabled, changed and disabled on the same cluster; region
 * outages now and then). `replayPath` is the hint a failure report prints after the commands
 * (`/*replayPath="…"*\/`): with the same seed and path, it replays the shrunk sequence exactly.
 */
export const lifecycleCommands = (maxCommands = 60, opts: { replayPath?: string | undefined } = {}) =>
  fc.commands([...callCommands, ...sharingCommands, fc.oneof(...copyCommands), regionOutageCommand, apiErrorCommand, advanceCommand, advanceCommand, advanceCommand, fc.constant(new IdleCommand())], {
    maxCommands,
    size: 'max',
    ...(opts.replayPath ? { replayPath: opts.replayPath } : {}),
  });

/**
 * A random sequence weighted to tag calls (CreateTags above all, so tags pile up to the limit),
 * with the lifecycle's other calls and time advances between them, so resources are tagged while
 * they are created, paused, deleted and purged.
 */
export const tagLifecycleCommands = (maxCommands = 40, opts: { replayPath?: string | undefined } = {}) =>
  fc.commands([...tagCommands, tagCommands[0]!, tagCommands[0]!, fc.oneof(...callCommands), copyGrantCommands[0]!, advanceCommand], {
    maxCommands,
    size: 'max',
    ...(opts.replayPath ? { replayPath: opts.replayPath } : {}),
  });

/**
 * A random sequence weighted to snapshot copy grant calls (creates above all, so the quota is
 * met), with tag calls (which reach grants by their ARNs), the lifecycle's other calls and time
 * advances between them, so grants are created, tagged, listed and deleted beside clusters and
 * snapshots, and replay must rebuild them.
 */
export const copyGrantLifecycleCommands = (maxCommands = 40, opts: { replayPath?: string | undefined } = {}) =>
  fc.commands([...copyGrantCommands, copyGrantCommands[0]!, tagCommands[0]!, fc.oneof(...callCommands), advanceCommand], {
    maxCommands,
    size: 'max',
    ...(opts.replayPath ? { replayPath: opts.replayPath } : {}),
  });

/**
 * A random sequence weighted to table restores and reboots (table restores above all, so one meets
 * another in progress and a name created already), with the lifecycle's other calls (backups to
 * stall, clusters deleted under a running table restore) and short and long advances between them.
 */
export const tableRestoreLifecycleCommands = (maxCommands = 40, opts: { replayPath?: string | undefined } = {}) =>
  fc.commands([...tableRestoreCommands, tableRestoreCommands[0]!, tableRestoreCommands[0]!, fc.oneof(...callCommands), fc.oneof(...callCommands), advanceCommand, advanceCommand], {
    maxCommands,
    size: 'max',
    ...(opts.replayPath ? { replayPath: opts.replayPath } : {}),
  });

/**
 * A random sequence weighted to snapshot schedule calls (creates and associations above all, so
 * clusters follow schedules), with the lifecycle's other calls (pausing, deleting, retention
 * changes) and time advances between them, so automated snapshots are taken on schedules while
 * they change, and replay must rebuild them.
 */
export const scheduleLifecycleCommands = (maxCommands = 40, opts: { replayPath?: string | undefined } = {}) =>
  fc.commands([...scheduleCommands, scheduleCommands[0]!, scheduleCommands[4]!, scheduleCommands[4]!, tagCommands[0]!, fc.oneof(...callCommands), advanceCommand, advanceCommand], {
    maxCommands,
    size: 'max',
    ...(opts.replayPath ? { replayPath: opts.replayPath } : {}),
  });

/** A manual snapshot of the home account and region's alpha, and its deletion: AWS events (2009, 3004, 2011) where most subscriptions are. */
const homeSnapshot = snap.map((id) => new CallCommand('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: id }, home));
const homeSnapshotDeleted = snap.map((id) => new CallCommand('DeleteClusterSnapshot', { SnapshotIdentifier: id }, home));

/**
 * A random sequence weighted to event subscription calls (creates above all, so names are taken
 * and the quota met), with the lifecycle's other calls (snapshots taken, failed, deleted; clusters
 * paused, deleted, restored: the AWS events subscriptions are told of) and time advances between
 * them, so notifications are sent while subscriptions change, and replay must rebuild them.
 */
export const subscriptionLifecycleCommands = (maxCommands = 40, opts: { replayPath?: string | undefined } = {}) =>
  fc.commands([...subscriptionCommands, subscriptionCommands[3]!, subscriptionCommands[3]!, subscriptionCommands[1]!, homeSnapshot, homeSnapshot, homeSnapshotDeleted, fc.oneof(...callCommands), advanceCommand, advanceCommand], {
    maxCommands,
    size: 'max',
    ...(opts.replayPath ? { replayPath: opts.replayPath } : {}),
  });

/**
 * Gives every account and region of {@link WORLD} an available cluster `alpha` and an available
 * manual snapshot `before-deploy` of it, so calls have targets from the first step.
 */
export function seedWorld(sim: Simulator): void {
  for (const account of WORLD.accounts) {
    for (const region of WORLD.regions) {
      sim.execute('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' }, { account, region });
    }
  }
  sim.runUntilIdle();
  for (const account of WORLD.accounts) {
    for (const region of WORLD.regions) {
      sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 'before-deploy' }, { account, region });
    }
  }
  sim.runUntilIdle();
}
