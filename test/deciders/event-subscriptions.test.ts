/**
 * Decider specifications of the event subscription operations: the one event
 * CreateEventSubscription, ModifyEventSubscription and DeleteEventSubscription each decide (the
 * whole settings as they stand after the command), the reply built from the state after it, and
 * the exact code each refuses with.
 */
import { describe, expect, it } from 'vitest';
import type { EventSubscriptionCreated, EventSubscriptionModified } from '../../src/events/types.ts';
import { given } from './spec.ts';
import { availableCluster, availableSnapshot, OTHER, OWNER, ref, T0 } from './events.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:oncall';
const PAGER = 'arn:aws:sns:us-east-1:123456789012:pager';
const alpha = availableCluster('alpha');
const s1 = [...alpha, ...availableSnapshot('s1', 'alpha')];

/** `EventSubscriptionCreated` of subscription `name`: every event to {@link TOPIC}, enabled, untagged, unless told otherwise. */
const created = (name: string, o: Partial<Omit<EventSubscriptionCreated, 'type' | 'ref'>> = {}): EventSubscriptionCreated => ({
  type: 'EventSubscriptionCreated',
  ref: ref(name),
  snsTopicArn: TOPIC,
  sourceIds: [],
  categories: [],
  enabled: true,
  tags: [],
  ...o,
});

/** `EventSubscriptionModified` of subscription `name` with the whole new settings. */
const modified = (name: string, o: Partial<Omit<EventSubscriptionModified, 'type' | 'ref'>> = {}): EventSubscriptionModified => ({
  type: 'EventSubscriptionModified',
  ref: ref(name),
  snsTopicArn: TOPIC,
  sourceIds: [],
  categories: [],
  enabled: true,
  ...o,
});

describe('CreateEventSubscription', () => {
  it('decides a subscription to every event, enabled, by default; the reply is the subscription, active', () => {
    const reply = given().at(T0).when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: TOPIC }).then([created('oncall')]);
    expect(reply).toEqual({
      EventSubscription: {
        CustomerAwsId: OWNER.account,
        CustSubscriptionId: 'oncall',
        SnsTopicArn: TOPIC,
        Status: 'active',
        SubscriptionCreationTime: new Date(T0),
        SourceIdsList: [],
        EventCategoriesList: [],
        Enabled: true,
        Tags: [],
      },
    });
  });

  it('decides the source type, ids (each once), categories (lower case, each once), severity (upper case), Enabled and tags given', () => {
    given(...s1)
      .when('CreateEventSubscription', {
        SubscriptionName: 'snapshots',
        SnsTopicArn: TOPIC,
        SourceType: 'cluster-snapshot',
        SourceIds: ['s1', 's1'],
        EventCategories: ['Monitoring', 'monitoring', 'management'],
        Severity: 'error',
        Enabled: false,
        Tags: [{ Key: 'team', Value: 'dr' }],
      })
      .then([created('snapshots', { sourceType: 'cluster-snapshot', sourceIds: ['s1'], categories: ['monitoring', 'management'], severity: 'ERROR', enabled: false, tags: [{ Key: 'team', Value: 'dr' }] })]);
  });

  it('decides a subscription on a cluster by its identifier', () => {
    given(...alpha)
      .when('CreateEventSubscription', { SubscriptionName: 'alpha-events', SnsTopicArn: TOPIC, SourceType: 'cluster', SourceIds: ['alpha'], Severity: 'INFO' })
      .then([created('alpha-events', { sourceType: 'cluster', sourceIds: ['alpha'], severity: 'INFO' })]);
  });

  it('decides a name another account holds', () => {
    given({ ...created('oncall'), ref: ref('oncall', { account: OTHER, region: OWNER.region }) })
      .when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: TOPIC })
      .then([created('oncall')]);
  });

  it('refuses a name the account holds in the region: SubscriptionAlreadyExist', () => {
    given(created('oncall')).when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: PAGER }).thenError('SubscriptionAlreadyExist');
  });

  it('refuses a subscription past the quota: EventSubscriptionQuotaExceeded', () => {
    given(created('a'), created('b'))
      .withConfig({ quotas: { eventSubscriptions: 2 } })
      .when('CreateEventSubscription', { SubscriptionName: 'c', SnsTopicArn: TOPIC })
      .thenError('EventSubscriptionQuotaExceeded');
  });

  it('refuses what is not an SNS topic ARN: SNSInvalidTopic', () => {
    given().when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: 'arn:aws:sqs:us-east-1:123456789012:queue' }).thenError('SNSInvalidTopic');
  });

  it('refuses an unknown category, or one the source type has no events of: SubscriptionCategoryNotFound', () => {
    given().when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: TOPIC, EventCategories: ['backups'] }).thenError('SubscriptionCategoryNotFound');
    given().when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: TOPIC, SourceType: 'cluster-snapshot', EventCategories: ['security'] }).thenError('SubscriptionCategoryNotFound');
  });

  it('refuses an unknown severity: SubscriptionSeverityNotFound', () => {
    given().when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: TOPIC, Severity: 'WARNING' }).thenError('SubscriptionSeverityNotFound');
  });

  it('refuses an unknown source type (InvalidParameterValue), ids without a type (InvalidParameterCombination), an unknown source (SourceNotFound)', () => {
    given().when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: TOPIC, SourceType: 'bucket' }).thenError('InvalidParameterValue');
    given(...alpha).when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: TOPIC, SourceIds: ['alpha'] }).thenError('InvalidParameterCombination');
    given(...alpha).when('CreateEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: TOPIC, SourceType: 'cluster', SourceIds: ['beta'] }).thenError('SourceNotFound');
  });
});

describe('ModifyEventSubscription', () => {
  const onAlpha = created('oncall', { sourceType: 'cluster', sourceIds: ['alpha'], categories: ['monitoring'], severity: 'ERROR' });

  it('decides the whole new settings: the members given changed, the others kept', () => {
    const reply = given(...alpha, onAlpha)
      .when('ModifyEventSubscription', { SubscriptionName: 'oncall', SnsTopicArn: PAGER, Severity: 'info', Enabled: false })
      .then([modified('oncall', { snsTopicArn: PAGER, sourceType: 'cluster', sourceIds: ['alpha'], categories: ['monitoring'], severity: 'INFO', enabled: false })]);
    expect((reply as { EventSubscription: { Enabled: boolean; Severity: string } }).EventSubscription).toMatchObject({ Enabled: false, Severity: 'INFO', SnsTopicArn: PAGER, SourceIdsList: ['alpha'] });
  });

  it('drops the old source ids when the source type changes without new ids', () => {
    given(...s1, onAlpha)
      .when('ModifyEventSubscription', { SubscriptionName: 'oncall', SourceType: 'cluster-snapshot' })
      .then([modified('oncall', { sourceType: 'cluster-snapshot', sourceIds: [], categories: ['monitoring'], severity: 'ERROR' })]);
  });

  it('refuses an unknown subscription: SubscriptionNotFound', () => {
    given(...alpha).when('ModifyEventSubscription', { SubscriptionName: 'oncall', Enabled: false }).thenError('SubscriptionNotFound');
  });

  it('refuses new source ids the caller does not have: SourceNotFound', () => {
    given(...alpha, onAlpha).when('ModifyEventSubscription', { SubscriptionName: 'oncall', SourceIds: ['beta'] }).thenError('SourceNotFound');
  });
});

describe('DeleteEventSubscription', () => {
  it('decides the deletion; the reply is empty', () => {
    const reply = given(created('oncall')).when('DeleteEventSubscription', { SubscriptionName: 'oncall' }).then([{ type: 'EventSubscriptionDeleted', ref: ref('oncall') }]);
    expect(reply).toEqual({});
  });

  it('refuses an unknown subscription, and another account\'s: SubscriptionNotFound', () => {
    given().when('DeleteEventSubscription', { SubscriptionName: 'oncall' }).thenError('SubscriptionNotFound');
    given(created('oncall')).when('DeleteEventSubscription', { SubscriptionName: 'oncall' }, { account: OTHER, region: OWNER.region }).thenError('SubscriptionNotFound');
  });
});
