/**
 * The events operations: DescribeEvents and DescribeEventCategories read the AWS events projection
 * (`aws-events.ts`); CreateEventSubscription, ModifyEventSubscription, DeleteEventSubscription and
 * DescribeEventSubscriptions keep event subscriptions, records without timers. snapsim has no SNS:
 * a topic ARN is checked for its form only (SNSInvalidTopic), and a subscription is `active` at once.
 */
import { eventSubscriptionsQuota } from '../events/config.ts';
import type { EventSubscriptionSettings } from '../events/types.ts';
import type { EventInfoMap, EventSubscription } from '../shapes/redshift.ts';
import { awsEventView, CATALOGUE, catalogueEntry, EVENT_WINDOW_MS, eventAt, eventNumber, slotOf, SOURCE_TYPES, type CatalogueEntry } from './aws-events.ts';
import { fault, type ServiceError } from './errors.ts';
import { copyTags } from './input.ts';
import { command, query } from './operation.ts';
import { decodeMarker, encodeMarker, matchesTagFilter, pageSize } from './paging.ts';
import { findCluster, findPartition, findSnapshot, refOf } from './state.ts';
import type { AwsEventRecord, Caller, State, SubscriptionRecord } from './types.ts';

/** DescribeEvents' default period: the hour before the request. */
const DEFAULT_DURATION_MINUTES = 60;

/**
 * The categories AWS's published catalogue lists events of, by source type: a subscription that
 * names a source type and a category none of its events has is refused (SubscriptionCategoryNotFound).
 * Cluster and scheduled-action events span every category snapsim checks.
 */
const CATEGORIES_OF: Readonly<Record<string, readonly string[] | undefined>> = {
  'cluster-snapshot': ['management', 'monitoring'],
  'cluster-parameter-group': ['configuration'],
  'cluster-security-group': ['security'],
};

/**
 * DescribeEvents: the caller's AWS events of its region in time order, within AWS's 14-day window,
 * paged by `MaxRecords` (20..100, default 100) and `Marker`. The period is `StartTime` (else
 * `Duration` minutes, default 60, before now) to `EndTime` (else now), both inclusive; giving
 * `StartTime` and `Duration` together is InvalidParameterCombination, a `StartTime` after the
 * `EndTime` InvalidParameterValue (a period from `Duration` that starts after it is empty). `SourceType` keeps one source type; `SourceIdentifier` one
 * source, and needs `SourceType` (InvalidParameterCombination).
 */
const describeEvents = query<'DescribeEvents'>({
  required: [],
  rules: { SourceIdentifier: 'string', SourceType: 'sourceType', StartTime: 'timestamp', EndTime: 'timestamp', Duration: 'eventDuration', MaxRecords: 'maxRecords', Marker: 'string' },
  run(s, input, caller, now) {
    if (input.SourceIdentifier !== undefined && input.SourceType === undefined) throw fault('InvalidParameterCombination', 'SourceType must be provided with SourceIdentifier.');
    if (input.StartTime !== undefined && input.Duration !== undefined) throw fault('InvalidParameterCombination', 'Specify StartTime or Duration, not both.');
    const end = input.EndTime === undefined ? now : input.EndTime.getTime();
    const start = input.StartTime !== undefined ? input.StartTime.getTime() : now - (input.Duration ?? DEFAULT_DURATION_MINUTES) * 60_000;
    // a StartTime the caller gave after the EndTime is an error; a period from Duration (or its default) that starts after it is empty
    if (start > end && input.StartTime !== undefined) throw fault('InvalidParameterValue', 'The StartTime must be before the EndTime.');
    const from = Math.max(start, now - EVENT_WINDOW_MS);
    const after = input.Marker === undefined ? 0 : decodeMarker(input.Marker).after;
    const limit = pageSize(input.MaxRecords);
    const { SourceType: type, SourceIdentifier: id } = input;
    const page: AwsEventRecord[] = [];
    const l = findPartition(s, caller.account, caller.region)?.events;
    if (l !== undefined) {
      for (let k = 0; k < l.size; k++) {
        const i = slotOf(l, k);
        const at = l.at[i]!;
        if (at > end) break; // in time order: nothing later matches
        if (eventNumber(l, k) <= after || at < from || (type !== undefined && catalogueEntry(l.eventId[i]!).sourceType !== type) || (id !== undefined && l.sourceId[i] !== id)) continue;
        if (page.length === limit) return { Events: page.map(awsEventView), Marker: encodeMarker({ after: page[page.length - 1]!.n }) };
        page.push(eventAt(l, k));
      }
    }
    return { Events: page.map(awsEventView) };
  },
});

/** The `EventInfoMap` of a catalogue entry: its description is its message with the names as placeholders. */
const infoOf = (c: CatalogueEntry): EventInfoMap => ({
  EventId: c.eventId,
  EventCategories: [...c.categories],
  EventDescription: c.message({ cluster: '[cluster name]', snapshot: '[snapshot name]', from: '[source region]', to: '[destination region]' }, '[time]'),
  Severity: c.severity,
});

/**
 * DescribeEventCategories: the events snapsim publishes (its catalogue), by source type, for every
 * source type or the one given (one of AWS's five, else InvalidParameterValue); a source type
 * snapsim publishes nothing for has no entry.
 */
const describeEventCategories = query<'DescribeEventCategories'>({
  required: [],
  rules: { SourceType: 'sourceType' },
  run(_s, input) {
    const types = input.SourceType === undefined ? SOURCE_TYPES : [input.SourceType];
    const entries: readonly CatalogueEntry[] = Object.values(CATALOGUE);
    const out = [];
    for (const t of types) {
      const events = entries.filter((c) => c.sourceType === t).map(infoOf);
      if (events.length > 0) out.push({ SourceType: t, Events: events });
    }
    return { EventCategoriesMapList: out };
  },
});

/** SubscriptionNotFound for subscription `name` of the caller's account and region. */
const subscriptionNotFound = (name: string, caller: Caller): ServiceError =>
  fault('SubscriptionNotFound', `Event subscription ${name} not found in ${caller.region} for account ${caller.account}.`);

/** The caller's subscription named `name`, if any. */
export const findSubscription = (s: State, account: string, region: string, name: string): SubscriptionRecord | undefined =>
  findPartition(s, account, region)?.subscriptions.get(name);

/** The AWS `EventSubscription` of subscription `sub` of `account`. */
export const subscriptionView = (sub: SubscriptionRecord, account: string): EventSubscription => ({
  CustomerAwsId: account,
  CustSubscriptionId: sub.name,
  SnsTopicArn: sub.snsTopicArn,
  Status: 'active',
  SubscriptionCreationTime: new Date(sub.createTime),
  ...(sub.sourceType === undefined ? {} : { SourceType: sub.sourceType }),
  SourceIdsList: [...sub.sourceIds],
  EventCategoriesList: [...sub.categories],
  ...(sub.severity === undefined ? {} : { Severity: sub.severity }),
  Enabled: sub.enabled,
  Tags: sub.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
});

/** Whether the caller has a source `id` of type `type`: a cluster, or a snapshot it owns; snapsim models no other sources. */
function sourceExists(s: State, caller: Caller, type: string, id: string): boolean {
  if (type === 'cluster') return findCluster(s, caller.account, caller.region, id) !== undefined;
  if (type === 'cluster-snapshot') return findSnapshot(s, caller.account, caller.region, id) !== undefined;
  return false;
}

/**
 * Checks a subscription's settings as they would stand: source ids need a source type
 * (InvalidParameterCombination) and, when `checkIds`, must name sources the caller has
 * (SourceNotFound); a category must apply to the source type (SubscriptionCategoryNotFound).
 */
function checkSettings(s: State, caller: Caller, settings: EventSubscriptionSettings, checkIds: boolean): void {
  const type = settings.sourceType;
  if (settings.sourceIds.length > 0 && type === undefined) throw fault('InvalidParameterCombination', 'You must specify a source type in order to specify source IDs.');
  if (checkIds && type !== undefined) {
    for (const id of settings.sourceIds) {
      if (!sourceExists(s, caller, type, id)) throw fault('SourceNotFound', `The source ${id.slice(0, 255)} of type ${type} does not exist in ${caller.region}.`);
    }
  }
  const allowed = type === undefined ? undefined : CATEGORIES_OF[type];
  const bad = allowed && settings.categories.find((c) => !allowed.includes(c));
  if (bad) throw fault('SubscriptionCategoryNotFound', `The event category ${bad} does not apply to source type ${type}.`);
}

/** A list of names without repeats, in first-seen order. */
const distinct = (xs: readonly string[]): string[] => [...new Set(xs)];

/**
 * CreateEventSubscription: a subscription named by the snapshot identifier's rules
 * (InvalidParameterValue), unique per account and region (SubscriptionAlreadyExist), within the
 * quota of 20 (EventSubscriptionQuotaExceeded), publishing to an SNS topic ARN (SNSInvalidTopic),
 * selecting by source type, source ids (SourceNotFound), categories (SubscriptionCategoryNotFound)
 * and severity (SubscriptionSeverityNotFound); enabled unless `Enabled` is false.
 */
const createEventSubscription = command<'CreateEventSubscription'>({
  required: ['SubscriptionName', 'SnsTopicArn'],
  rules: {
    SubscriptionName: 'subscriptionName',
    SnsTopicArn: 'snsTopicArn',
    SourceType: 'sourceType',
    SourceIds: 'stringList',
    EventCategories: 'eventCategories',
    Severity: 'eventSeverity',
    Enabled: 'boolean',
    Tags: 'tags',
  },
  decide(s, input, caller) {
    const name = input.SubscriptionName;
    const p = findPartition(s, caller.account, caller.region);
    if (p?.subscriptions.has(name)) throw fault('SubscriptionAlreadyExist', `An event subscription named ${name} already exists in ${caller.region}.`);
    const quota = eventSubscriptionsQuota(s.config);
    if ((p?.subscriptions.size ?? 0) >= quota) throw fault('EventSubscriptionQuotaExceeded', `The account has reached its quota of ${quota} event subscriptions in ${caller.region}.`);
    const settings: EventSubscriptionSettings = {
      snsTopicArn: input.SnsTopicArn,
      ...(input.SourceType === undefined ? {} : { sourceType: input.SourceType }),
      sourceIds: distinct(input.SourceIds ?? []),
      categories: distinct((input.EventCategories ?? []).map((c) => c.toLowerCase())),
      ...(input.Severity === undefined ? {} : { severity: input.Severity.toUpperCase() }),
      enabled: input.Enabled ?? true,
    };
    checkSettings(s, caller, settings, true);
    return {
      events: [{ type: 'EventSubscriptionCreated', ref: refOf(caller, name), ...settings, tags: copyTags(input.Tags) }],
      reply: (after) => ({ EventSubscription: subscriptionView(findSubscription(after, caller.account, caller.region, name)!, caller.account) }),
    };
  },
});

/**
 * ModifyEventSubscription: changes the members given of an existing subscription
 * (SubscriptionNotFound), with CreateEventSubscription's checks; a new `SourceType` without
 * `SourceIds` drops the ids of the old one. Source ids kept from before are not checked again
 * (a source deleted since stays named).
 */
const modifyEventSubscription = command<'ModifyEventSubscription'>({
  required: ['SubscriptionName'],
  rules: { SubscriptionName: 'string', SnsTopicArn: 'snsTopicArn', SourceType: 'sourceType', SourceIds: 'stringList', EventCategories: 'eventCategories', Severity: 'eventSeverity', Enabled: 'boolean' },
  decide(s, input, caller) {
    const name = input.SubscriptionName;
    const sub = findSubscription(s, caller.account, caller.region, name);
    if (!sub) throw subscriptionNotFound(name, caller);
    const sourceType = input.SourceType ?? sub.sourceType;
    const keptIds = input.SourceType === undefined || input.SourceType === sub.sourceType ? sub.sourceIds : [];
    const severity = input.Severity?.toUpperCase() ?? sub.severity;
    const settings: EventSubscriptionSettings = {
      snsTopicArn: input.SnsTopicArn ?? sub.snsTopicArn,
      ...(sourceType === undefined ? {} : { sourceType }),
      sourceIds: input.SourceIds === undefined ? [...keptIds] : distinct(input.SourceIds),
      categories: input.EventCategories === undefined ? [...sub.categories] : distinct(input.EventCategories.map((c) => c.toLowerCase())),
      ...(severity === undefined ? {} : { severity }),
      enabled: input.Enabled ?? sub.enabled,
    };
    checkSettings(s, caller, settings, input.SourceIds !== undefined);
    return {
      events: [{ type: 'EventSubscriptionModified', ref: refOf(caller, name), ...settings }],
      reply: (after) => ({ EventSubscription: subscriptionView(findSubscription(after, caller.account, caller.region, name)!, caller.account) }),
    };
  },
});

/** DeleteEventSubscription: an unknown subscription is SubscriptionNotFound. */
const deleteEventSubscription = command<'DeleteEventSubscription'>({
  required: ['SubscriptionName'],
  rules: { SubscriptionName: 'string' },
  decide(s, input, caller) {
    const name = input.SubscriptionName;
    if (!findSubscription(s, caller.account, caller.region, name)) throw subscriptionNotFound(name, caller);
    return { events: [{ type: 'EventSubscriptionDeleted', ref: refOf(caller, name) }], reply: () => ({}) };
  },
});

/**
 * DescribeEventSubscriptions: the caller's subscriptions in its region, in creation order, paged by
 * `MaxRecords` (20..100, default 100) and `Marker`; `SubscriptionName` names one (unknown:
 * SubscriptionNotFound); `TagKeys`/`TagValues` keep those with a matching tag.
 */
const describeEventSubscriptions = query<'DescribeEventSubscriptions'>({
  required: [],
  rules: { SubscriptionName: 'string', MaxRecords: 'maxRecords', Marker: 'string', TagKeys: 'stringList', TagValues: 'stringList' },
  run(s, input, caller) {
    const match = (sub: SubscriptionRecord) => matchesTagFilter(sub.tags, input.TagKeys, input.TagValues);
    const name = input.SubscriptionName;
    if (name !== undefined) {
      const sub = findSubscription(s, caller.account, caller.region, name);
      if (!sub) throw subscriptionNotFound(name, caller);
      return { EventSubscriptionsList: match(sub) ? [subscriptionView(sub, caller.account)] : [] };
    }
    const after = input.Marker === undefined ? 0 : decodeMarker(input.Marker).after;
    const limit = pageSize(input.MaxRecords);
    const page: SubscriptionRecord[] = [];
    // a partition's map holds its subscriptions in creation order (each is set once, when created)
    for (const sub of findPartition(s, caller.account, caller.region)?.subscriptions.values() ?? []) {
      if (sub.seq <= after || !match(sub)) continue;
      if (page.length === limit) return { EventSubscriptionsList: page.map((x) => subscriptionView(x, caller.account)), Marker: encodeMarker({ after: page[page.length - 1]!.seq }) };
      page.push(sub);
    }
    return { EventSubscriptionsList: page.map((x) => subscriptionView(x, caller.account)) };
  },
});

/** The events operations, by AWS name. */
export const EVENT_OPERATIONS = {
  DescribeEvents: describeEvents,
  DescribeEventCategories: describeEventCategories,
  CreateEventSubscription: createEventSubscription,
  ModifyEventSubscription: modifyEventSubscription,
  DeleteEventSubscription: deleteEventSubscription,
  DescribeEventSubscriptions: describeEventSubscriptions,
};
