/**
 * DescribeEvents, DescribeEventCategories and the event subscription operations: what each does
 * (the catalogue mapping of every domain event that publishes, the filters, paging and AWS's
 * 14-day window, subscriptions and their notifications), and every refusal with AWS's exact code
 * and HTTP status.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_SUBSCRIPTIONS_QUOTA } from '../../src/events/config.ts';
import { AWS_EVENT_MAP, CATALOGUE, EVENT_WINDOW_MS, emissionOf } from '../../src/model/aws-events.ts';
import { findPartition } from '../../src/model/state.ts';
import { replay, type Notification } from '../../src/sim/simulator.ts';
import { DAYS, HOURS, OTHER, OWNER, OWNER_ELSEWHERE, availableCluster, newSim, pause, refuses as refusesCall, resume, type Rec, type Simulator } from './fixtures.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alerts';
/** Every event of the caller's last 14 days (the window), all pages. */
function allEvents(sim: Simulator, input: Rec = {}, caller = OWNER): Rec[] {
  const out: Rec[] = [];
  let marker: string | undefined;
  do {
    const page = sim.execute('DescribeEvents', { StartTime: new Date(sim.nowMs() - EVENT_WINDOW_MS), ...input, ...(marker ? { Marker: marker } : {}) }, caller);
    out.push(...page.Events);
    marker = page.Marker;
  } while (marker);
  return out;
}
/** `operation` with `input` is refused with `code` and `status`, and leaves the log as it was. */
const refuses = (sim: Simulator, operation: string, input: Rec, code: Parameters<typeof refusesCall>[2], status: number, caller = OWNER) =>
  refusesCall(sim, () => sim.execute(operation, input, caller), code, status);
const ids = (events: Rec[]): string[] => events.map((e) => `${e.EventId} ${e.SourceIdentifier}`);
const subscribe = (sim: Simulator, name: string, extra: Rec = {}, caller = OWNER) => sim.execute('CreateEventSubscription', { SubscriptionName: name, SnsTopicArn: TOPIC, ...extra }, caller);

describe('the catalogue mapping: each domain event that publishes, its AWS event', () => {
  it('a cluster created, a user snapshot started and completed, deleted', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
    sim.runUntilIdle();
    sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: 's1' });
    const events = allEvents(sim);
    expect(ids(events)).toEqual(['REDSHIFT-EVENT-2000 c1', 'REDSHIFT-EVENT-2009 s1', 'REDSHIFT-EVENT-3004 s1', 'REDSHIFT-EVENT-2011 s1']);
    const [created, started, completed, deleted] = events as [Rec, Rec, Rec, Rec];
    expect(created).toMatchObject({ SourceType: 'cluster', EventCategories: ['management'], Severity: 'INFO', Message: 'Your Amazon Redshift cluster: c1 has been created and is ready for use.' });
    expect(started).toMatchObject({ SourceType: 'cluster-snapshot', EventCategories: ['management'], Severity: 'INFO' });
    expect(started.Message).toMatch(/^A user snapshot s1 for Amazon Redshift Cluster c1 started at \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    expect(completed).toMatchObject({ SourceType: 'cluster-snapshot', EventCategories: ['monitoring'], Severity: 'INFO' });
    expect(deleted).toMatchObject({ SourceType: 'cluster-snapshot', EventCategories: ['management'], Severity: 'INFO' });
    expect(completed.Date).toBeInstanceOf(Date);
    expect(completed.Date.getTime()).toBeGreaterThan(started.Date.getTime());
  });

  it('automated snapshots publish nothing (AWS publishes no events for them)', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    sim.advance(DAYS(3)); // several automated snapshots taken, completed and purged
    expect(ids(allEvents(sim))).toEqual(['REDSHIFT-EVENT-2000 c1']);
  });

  it('a failed user snapshot is 3503 (ERROR), a cancelled one 2010', () => {
    const sim = newSim({ faults: { backupFailure: 1 } });
    availableCluster(sim, 'c1');
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's2' });
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', SkipFinalClusterSnapshot: true });
    sim.runUntilIdle();
    const events = allEvents(sim);
    const failedOrCancelled = events.filter((e) => e.SourceType === 'cluster-snapshot' && e.EventId !== 'REDSHIFT-EVENT-2009');
    expect(failedOrCancelled.length).toBe(2);
    for (const e of failedOrCancelled) {
      if (e.EventId === 'REDSHIFT-EVENT-3503') expect(e).toMatchObject({ Severity: 'ERROR', EventCategories: ['monitoring'] });
      else expect(e).toMatchObject({ EventId: 'REDSHIFT-EVENT-2010', Severity: 'INFO', EventCategories: ['management'] });
    }
    expect(events.at(-1)).toMatchObject({ EventId: 'REDSHIFT-EVENT-2001', SourceIdentifier: 'c1', Message: expect.stringMatching(/A final snapshot was not saved\.$/) });
  });

  it('a final snapshot: started 2012, succeeded 3005, then the cluster deleted 2001 with it saved', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'last' });
    sim.runUntilIdle();
    const events = allEvents(sim);
    expect(ids(events)).toEqual(['REDSHIFT-EVENT-2000 c1', 'REDSHIFT-EVENT-2012 last', 'REDSHIFT-EVENT-3005 last', 'REDSHIFT-EVENT-2001 c1']);
    expect(events[3]!.Message).toMatch(/A final snapshot was saved\.$/);
  });

  it('a failed final snapshot is 3502 (ERROR)', () => {
    const sim = newSim({ faults: { backupFailure: 1 } });
    availableCluster(sim, 'c1');
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'last' });
    sim.runUntilIdle();
    expect(allEvents(sim).find((e) => e.SourceIdentifier === 'last' && e.EventId !== 'REDSHIFT-EVENT-2012')).toMatchObject({ EventId: 'REDSHIFT-EVENT-3502', Severity: 'ERROR' });
  });

  it('pausing 3618 (management), paused 3619, resumed 3622 (monitoring); the pause snapshot publishes nothing', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    pause(sim, 'c1');
    resume(sim, 'c1');
    const events = allEvents(sim, { SourceType: 'cluster', SourceIdentifier: 'c1' });
    expect(ids(events)).toEqual(['REDSHIFT-EVENT-2000 c1', 'REDSHIFT-EVENT-3618 c1', 'REDSHIFT-EVENT-3619 c1', 'REDSHIFT-EVENT-3622 c1']);
    expect(events.map((e) => e.EventCategories[0])).toEqual(['management', 'management', 'monitoring', 'monitoring']);
    expect(allEvents(sim, { SourceType: 'cluster-snapshot' })).toEqual([]);
  });

  it('a restore started 2008 and completed 3003 (no 2000 for a restored cluster); a failed one 3501 (ERROR)', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
    sim.runUntilIdle();
    sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: 'dr', SnapshotIdentifier: 's1' });
    sim.runUntilIdle();
    const events = allEvents(sim, { SourceType: 'cluster', SourceIdentifier: 'dr' });
    expect(ids(events)).toEqual(['REDSHIFT-EVENT-2008 dr', 'REDSHIFT-EVENT-3003 dr']);
    expect(events[1]!.Message).toBe('Amazon Redshift cluster dr was successfully created from snapshot s1 and is available for use.');

    const failing = newSim({ faults: { restoreFailure: 1 } });
    availableCluster(failing, 'c1');
    failing.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
    failing.runUntilIdle();
    failing.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: 'dr', SnapshotIdentifier: 's1' });
    failing.runUntilIdle();
    expect(allEvents(failing, { SourceType: 'cluster', SourceIdentifier: 'dr' }).at(-1)).toMatchObject({ EventId: 'REDSHIFT-EVENT-3501', Severity: 'ERROR', EventCategories: ['monitoring'] });
  });

  it('a snapshot copied to another region is 3007, an event of the source cluster in the source region', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: OWNER_ELSEWHERE.region });
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
    sim.runUntilIdle();
    const copied = allEvents(sim).filter((e) => e.EventId === 'REDSHIFT-EVENT-3007');
    expect(copied).toEqual([
      expect.objectContaining({ SourceType: 'cluster', SourceIdentifier: 'c1', EventCategories: ['monitoring'], Severity: 'INFO', Message: expect.stringMatching(/^Your snapshot s1 was successfully copied from region us-east-1 to eu-west-1 at /) }),
    ]);
    expect(allEvents(sim, {}, OWNER_ELSEWHERE)).toEqual([]);
  });

  it('an automated snapshot copied in from another region publishes 3007 when it completes, and nothing else (apply skips the table for the rest)', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: OWNER_ELSEWHERE.region });
    sim.advance(HOURS(9)); // an automated snapshot taken, and its copy under way
    const dest = findPartition(sim.state, OWNER_ELSEWHERE.account, OWNER_ELSEWHERE.region)!;
    const copy = dest.copiedAutomated.get('c1')!.snaps[0]!;
    const ref = { account: OWNER_ELSEWHERE.account, region: OWNER_ELSEWHERE.region, id: copy.id };
    const published = (event: 'COMPLETE' | 'FAIL' | 'CANCEL' | 'DELETE' | 'PURGE') => emissionOf(sim.state, { type: 'SnapshotTransitioned', ref, event })?.eventId;
    expect(published('COMPLETE')).toBe('REDSHIFT-EVENT-3007');
    for (const event of ['FAIL', 'CANCEL', 'DELETE', 'PURGE'] as const) expect(published(event)).toBeUndefined();
  });

  it("names each automated snapshot copied by its identifier (kept as its time where no copied-in snapshot's identifier can clash)", () => {
    const named = (sim: Simulator, caller = OWNER) =>
      allEvents(sim, {}, caller)
        .filter((e) => e.EventId === 'REDSHIFT-EVENT-3007')
        .map((e) => /^Your snapshot (\S+) was/.exec(e.Message)![1]);
    const automated = (sim: Simulator, cluster: string, caller = OWNER) =>
      (sim.execute('DescribeClusterSnapshots', { ClusterIdentifier: cluster, SnapshotType: 'automated' }, caller).Snapshots as Rec[]).map((x) => x.SnapshotIdentifier);
    // one way: the source region has never held a copy, so its ledger keeps times
    const oneWay = newSim();
    availableCluster(oneWay, 'c1');
    oneWay.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: OWNER_ELSEWHERE.region });
    oneWay.advance(HOURS(20));
    const kept = automated(oneWay, 'c1').filter((id) => oneWay.execute('DescribeClusterSnapshots', { SnapshotIdentifier: id }, OWNER_ELSEWHERE).Snapshots[0]?.Status === 'available');
    expect(kept.length).toBeGreaterThan(1);
    expect(named(oneWay)).toEqual(kept);
    const ledger = findPartition(oneWay.state, OWNER.account, OWNER.region)!.events;
    expect(ledger.snapshot.filter((x) => x?.startsWith('rs:'))).toEqual([]);
    // both ways, with clusters of one name: each region has held copies, so each keeps the names
    const both = newSim();
    availableCluster(both, 'c1');
    availableCluster(both, 'c1', {}, OWNER_ELSEWHERE);
    both.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: OWNER_ELSEWHERE.region });
    both.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: OWNER.region }, OWNER_ELSEWHERE);
    both.advance(HOURS(20));
    for (const [caller, other] of [[OWNER, OWNER_ELSEWHERE], [OWNER_ELSEWHERE, OWNER]] as const) {
      const copied = automated(both, 'c1', caller).filter((id) => (both.execute('DescribeClusterSnapshots', { SnapshotType: 'automated' }, other).Snapshots as Rec[]).some((x) => x.SnapshotIdentifier === id && x.SourceRegion === caller.region && x.Status === 'available'));
      expect(copied.length).toBeGreaterThan(1);
      expect(named(both, caller)).toEqual(copied);
      expect(findPartition(both.state, caller.account, caller.region)!.events.snapshot.filter((x) => x?.startsWith('rs:'))).toEqual(copied);
    }
    expect(replay(both.entries()).state).toEqual(both.state);
  });

  it('maps every row to an event of the catalogue, and lists the reboot slot (3000) in the catalogue', () => {
    expect(Object.keys(AWS_EVENT_MAP).sort()).toEqual(['ClusterRemoved', 'ClusterRestoreEnded', 'ClusterRestoreStarted', 'ClusterTransitioned', 'SnapshotCreated', 'SnapshotTransitioned']);
    expect(Object.keys(CATALOGUE)).toContain('REDSHIFT-EVENT-3000');
    for (const [id, c] of Object.entries(CATALOGUE)) expect(c.eventId).toBe(id);
  });
});

describe('DescribeEvents', () => {
  /** A simulator whose owner has one user snapshot started per hour for `hours` hours. */
  function hourly(hours: number): Simulator {
    const sim = newSim({ quotas: { manualSnapshots: 1000 } });
    availableCluster(sim, 'c1');
    for (let i = 0; i < hours; i++) {
      sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: `h${i}` });
      sim.advance(HOURS(1));
    }
    return sim;
  }

  it('returns the past hour by default (an hour ago included), oldest first', () => {
    const sim = hourly(3);
    const out = sim.execute('DescribeEvents', {});
    expect(ids(out.Events)).toEqual(['REDSHIFT-EVENT-2009 h2', 'REDSHIFT-EVENT-3004 h2']);
    expect(out.Marker).toBeUndefined();
  });

  it('Duration: minutes before now', () => {
    const sim = hourly(3);
    expect(ids(sim.execute('DescribeEvents', { Duration: 150 }).Events)).toEqual(['REDSHIFT-EVENT-2009 h1', 'REDSHIFT-EVENT-3004 h1', 'REDSHIFT-EVENT-2009 h2', 'REDSHIFT-EVENT-3004 h2']);
  });

  it('StartTime and EndTime, both inclusive', () => {
    const sim = hourly(3);
    const all = allEvents(sim);
    const second = all.find((e) => e.SourceIdentifier === 'h1' && e.EventId === 'REDSHIFT-EVENT-2009')!;
    expect(ids(sim.execute('DescribeEvents', { StartTime: second.Date, EndTime: second.Date }).Events)).toEqual(['REDSHIFT-EVENT-2009 h1']);
  });

  it('an EndTime before the start Duration sets (60 minutes by default) lists nothing, without an error', () => {
    const sim = hourly(3);
    const twoHoursAgo = new Date(sim.nowMs() - 2 * 3600_000);
    expect(sim.execute('DescribeEvents', { EndTime: twoHoursAgo }).Events).toEqual([]);
    expect(sim.execute('DescribeEvents', { EndTime: twoHoursAgo, Duration: 10 }).Events).toEqual([]);
    // a Duration reaching back before the EndTime lists up to it
    expect(sim.execute('DescribeEvents', { EndTime: twoHoursAgo, Duration: 400 }).Events).toEqual(allEvents(sim).filter((e) => e.Date! <= twoHoursAgo));
  });

  it('SourceType, and SourceType with SourceIdentifier', () => {
    const sim = hourly(2);
    expect(allEvents(sim, { SourceType: 'cluster' }).map((e) => e.EventId)).toEqual(['REDSHIFT-EVENT-2000']);
    expect(ids(allEvents(sim, { SourceType: 'cluster-snapshot', SourceIdentifier: 'h1' }))).toEqual(['REDSHIFT-EVENT-2009 h1', 'REDSHIFT-EVENT-3004 h1']);
    expect(allEvents(sim, { SourceType: 'cluster', SourceIdentifier: 'h1' })).toEqual([]);
  });

  it('pages by MaxRecords and Marker', () => {
    const sim = hourly(10); // 21 events: the cluster's, then two per snapshot
    const first = sim.execute('DescribeEvents', { Duration: 100 * 60, MaxRecords: 20 });
    expect(first.Events).toHaveLength(20);
    const second = sim.execute('DescribeEvents', { Duration: 100 * 60, MaxRecords: 20, Marker: first.Marker });
    expect(second.Events).toHaveLength(1);
    expect(second.Marker).toBeUndefined();
    expect(ids([...first.Events, ...second.Events])).toEqual(ids(allEvents(sim)));
  });

  it('keeps 14 days: older events are never returned, and are dropped from the state', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    for (let i = 0; i < 70; i++) {
      sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: `n${i}` });
      sim.runUntilIdle();
      sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: `n${i}` });
    }
    sim.advance(DAYS(14) + 1);
    expect(sim.execute('DescribeEvents', { StartTime: new Date(0) }).Events).toEqual([]);
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'new' });
    sim.runUntilIdle();
    const ledger = findPartition(sim.state, OWNER.account, OWNER.region)!.events;
    // the 211 old ones were dropped as the new ones came: the ring keeps the window only, and
    // holds no names of dropped events
    expect(ledger.size).toBe(2);
    expect(ledger.at.length).toBe(256);
    expect(ledger.eventId.filter((id) => id !== undefined)).toEqual(['REDSHIFT-EVENT-2009', 'REDSHIFT-EVENT-3004']);
    expect(ledger.snapshot.filter((id) => id !== undefined)).toEqual(['new', 'new']);
    expect(ids(sim.execute('DescribeEvents', { StartTime: new Date(0) }).Events)).toEqual(['REDSHIFT-EVENT-2009 new', 'REDSHIFT-EVENT-3004 new']);
    expect(replay(sim.entries()).state).toEqual(sim.state);
  });

  it('keeps its events in order when the window wraps around the ring and the ring grows', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    const snapshot = (id: string) => {
      sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: id });
      sim.runUntilIdle();
      sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: id });
    };
    for (let i = 0; i < 8; i++) snapshot(`a${i}`); // 25 events: a ring of 32
    sim.advance(DAYS(14) + 1);
    // the next event drops the 25 old ones: the window starts at slot 25, wraps past 31, and
    // fills the ring while it does, so it grows with its oldest event in the middle
    for (let i = 0; i < 13; i++) snapshot(`b${i}`);
    const ledger = findPartition(sim.state, OWNER.account, OWNER.region)!.events;
    expect(ledger.size).toBe(39);
    expect(ledger.at.length).toBe(64);
    const events = allEvents(sim, { StartTime: new Date(0), MaxRecords: 20 });
    expect(ids(events)).toEqual(Array.from({ length: 13 }, (_, i) => ['2009', '3004', '2011'].map((n) => `REDSHIFT-EVENT-${n} b${i}`)).flat());
    expect(events.map((e) => e.Date.getTime())).toEqual(events.map((e) => e.Date.getTime()).sort((x, y) => x - y));
    expect(replay(sim.entries()).state).toEqual(sim.state);
  });

  it("shows the caller's own account and region only", () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    expect(sim.execute('DescribeEvents', { Duration: 600 }, OTHER).Events).toEqual([]);
    expect(sim.execute('DescribeEvents', { Duration: 600 }, OWNER_ELSEWHERE).Events).toEqual([]);
  });

  it('refuses SourceIdentifier without SourceType, StartTime with Duration (InvalidParameterCombination)', () => {
    const sim = newSim();
    refuses(sim, 'DescribeEvents', { SourceIdentifier: 'c1' }, 'InvalidParameterCombination', 400);
    refuses(sim, 'DescribeEvents', { StartTime: new Date(0), Duration: 5 }, 'InvalidParameterCombination', 400);
  });

  it('refuses a bad source type, Duration, period, MaxRecords or Marker (InvalidParameterValue)', () => {
    const sim = newSim();
    refuses(sim, 'DescribeEvents', { SourceType: 'bucket' }, 'InvalidParameterValue', 400);
    refuses(sim, 'DescribeEvents', { Duration: 0 }, 'InvalidParameterValue', 400);
    refuses(sim, 'DescribeEvents', { StartTime: new Date(2), EndTime: new Date(1) }, 'InvalidParameterValue', 400);
    refuses(sim, 'DescribeEvents', { MaxRecords: 19 }, 'InvalidParameterValue', 400);
    refuses(sim, 'DescribeEvents', { Marker: 'not-ours' }, 'InvalidParameterValue', 400);
  });
});

describe('DescribeEventCategories', () => {
  it('lists the catalogue by source type, with AWS ids, categories, severities and descriptions', () => {
    const out = newSim().execute('DescribeEventCategories', {});
    expect(out.EventCategoriesMapList.map((m: Rec) => m.SourceType)).toEqual(['cluster', 'cluster-snapshot']);
    const snapshots = out.EventCategoriesMapList[1].Events as Rec[];
    expect(snapshots.map((e) => e.EventId)).toEqual(['REDSHIFT-EVENT-2009', 'REDSHIFT-EVENT-2010', 'REDSHIFT-EVENT-2011', 'REDSHIFT-EVENT-2012', 'REDSHIFT-EVENT-3004', 'REDSHIFT-EVENT-3005', 'REDSHIFT-EVENT-3502', 'REDSHIFT-EVENT-3503']);
    expect(snapshots[0]).toEqual({
      EventId: 'REDSHIFT-EVENT-2009',
      EventCategories: ['management'],
      Severity: 'INFO',
      EventDescription: 'A user snapshot [snapshot name] for Amazon Redshift Cluster [cluster name] started at [time]. To monitor snapshot progress, please visit the AWS Management Console.',
    });
  });

  it('filters by SourceType; a type snapsim publishes nothing for has no entry; an unknown one is InvalidParameterValue', () => {
    const sim = newSim();
    expect(sim.execute('DescribeEventCategories', { SourceType: 'cluster' }).EventCategoriesMapList.map((m: Rec) => m.SourceType)).toEqual(['cluster']);
    expect(sim.execute('DescribeEventCategories', { SourceType: 'cluster-parameter-group' })).toEqual({ EventCategoriesMapList: [] });
    refuses(sim, 'DescribeEventCategories', { SourceType: 'clusters' }, 'InvalidParameterValue', 400);
  });
});

describe('CreateEventSubscription', () => {
  it('creates an active, enabled subscription and DescribeEventSubscriptions lists it', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    const out = subscribe(sim, 'ops', { SourceType: 'cluster', SourceIds: ['c1'], EventCategories: ['Monitoring'], Severity: 'error', Tags: [{ Key: 'team', Value: 'dba' }] });
    const expected = {
      CustomerAwsId: OWNER.account,
      CustSubscriptionId: 'ops',
      SnsTopicArn: TOPIC,
      Status: 'active',
      SubscriptionCreationTime: sim.now(),
      SourceType: 'cluster',
      SourceIdsList: ['c1'],
      EventCategoriesList: ['monitoring'],
      Severity: 'ERROR',
      Enabled: true,
      Tags: [{ Key: 'team', Value: 'dba' }],
    };
    expect(out).toEqual({ EventSubscription: expected });
    expect(sim.execute('DescribeEventSubscriptions', {})).toEqual({ EventSubscriptionsList: [expected] });
    expect(subscribe(sim, 'off', { Enabled: false }).EventSubscription).toMatchObject({ Enabled: false, SourceIdsList: [], EventCategoriesList: [] });
  });

  it('refuses a name the account holds in the region (SubscriptionAlreadyExist), but not elsewhere', () => {
    const sim = newSim();
    subscribe(sim, 'ops');
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC }, 'SubscriptionAlreadyExist', 400);
    subscribe(sim, 'ops', {}, OTHER);
    subscribe(sim, 'ops', {}, OWNER_ELSEWHERE);
  });

  it(`refuses more than ${DEFAULT_EVENT_SUBSCRIPTIONS_QUOTA} per account and region (EventSubscriptionQuotaExceeded); quotas.eventSubscriptions changes it`, () => {
    const sim = newSim();
    for (let i = 0; i < DEFAULT_EVENT_SUBSCRIPTIONS_QUOTA; i++) subscribe(sim, `s${i}`);
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'one-more', SnsTopicArn: TOPIC }, 'EventSubscriptionQuotaExceeded', 400);
    subscribe(sim, 'one-more', {}, OWNER_ELSEWHERE);
    const small = newSim({ quotas: { eventSubscriptions: 1 } });
    subscribe(small, 'a');
    refuses(small, 'CreateEventSubscription', { SubscriptionName: 'b', SnsTopicArn: TOPIC }, 'EventSubscriptionQuotaExceeded', 400);
  });

  it('refuses a topic that is not an SNS topic ARN (SNSInvalidTopic)', () => {
    const sim = newSim();
    for (const arn of ['ops', 'arn:aws:sqs:us-east-1:123456789012:q', 'arn:aws:sns:us-east-1:1234:ops', 'arn:aws:sns:us-east-1:123456789012:', 'arn:aws:sns:us-east-1:123456789012:a b']) {
      refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: arn }, 'SNSInvalidTopic', 400);
    }
    subscribe(sim, 'fifo', { SnsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops.fifo' });
  });

  it('refuses an unknown category (SubscriptionCategoryNotFound), or one its source type has no events of', () => {
    const sim = newSim();
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, EventCategories: ['backup'] }, 'SubscriptionCategoryNotFound', 404);
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, SourceType: 'cluster-snapshot', EventCategories: ['security'] }, 'SubscriptionCategoryNotFound', 404);
  });

  it('refuses an unknown severity (SubscriptionSeverityNotFound)', () => {
    refuses(newSim(), 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, Severity: 'WARNING' }, 'SubscriptionSeverityNotFound', 404);
  });

  it('refuses a source id the caller does not have (SourceNotFound)', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, SourceType: 'cluster', SourceIds: ['c1', 'c9'] }, 'SourceNotFound', 404);
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, SourceType: 'cluster-snapshot', SourceIds: ['c1'] }, 'SourceNotFound', 404);
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, SourceType: 'cluster', SourceIds: ['c1'] }, 'SourceNotFound', 404, OTHER);
  });

  it('refuses source ids without a source type (InvalidParameterCombination), a bad source type or name (InvalidParameterValue), no topic (MissingParameter)', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, SourceIds: ['c1'] }, 'InvalidParameterCombination', 400);
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, SourceType: 'clusters' }, 'InvalidParameterValue', 400);
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: '1ops', SnsTopicArn: TOPIC }, 'InvalidParameterValue', 400);
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops--x', SnsTopicArn: TOPIC }, 'InvalidParameterValue', 400);
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops' }, 'MissingParameter', 400);
  });

  it('refuses more than 50 tags (TagLimitExceededFault) and a malformed tag (InvalidTagFault)', () => {
    const sim = newSim();
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }, 'TagLimitExceededFault', 400);
    refuses(sim, 'CreateEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: TOPIC, Tags: [{ Key: 'aws:x', Value: 'v' }] }, 'InvalidTagFault', 400);
  });
});

describe('ModifyEventSubscription', () => {
  it('changes the members given and keeps the others; a new source type drops the old ids', () => {
    const sim = newSim();
    availableCluster(sim, 'c1');
    subscribe(sim, 'ops', { SourceType: 'cluster', SourceIds: ['c1'], Severity: 'ERROR' });
    const out = sim.execute('ModifyEventSubscription', { SubscriptionName: 'ops', Enabled: false, EventCategories: ['management'] });
    expect(out.EventSubscription).toMatchObject({ SourceType: 'cluster', SourceIdsList: ['c1'], Severity: 'ERROR', Enabled: false, EventCategoriesList: ['management'] });
    expect(sim.execute('ModifyEventSubscription', { SubscriptionName: 'ops', SourceType: 'cluster-snapshot' }).EventSubscription).toMatchObject({ SourceType: 'cluster-snapshot', SourceIdsList: [] });
  });

  it('refuses an unknown subscription (SubscriptionNotFound) and every bad member with CreateEventSubscription’s codes', () => {
    const sim = newSim();
    refuses(sim, 'ModifyEventSubscription', { SubscriptionName: 'nope' }, 'SubscriptionNotFound', 404);
    subscribe(sim, 'ops');
    refuses(sim, 'ModifyEventSubscription', { SubscriptionName: 'ops', SnsTopicArn: 'topic' }, 'SNSInvalidTopic', 400);
    refuses(sim, 'ModifyEventSubscription', { SubscriptionName: 'ops', EventCategories: ['nope'] }, 'SubscriptionCategoryNotFound', 404);
    refuses(sim, 'ModifyEventSubscription', { SubscriptionName: 'ops', Severity: 'FATAL' }, 'SubscriptionSeverityNotFound', 404);
    refuses(sim, 'ModifyEventSubscription', { SubscriptionName: 'ops', SourceType: 'cluster', SourceIds: ['ghost'] }, 'SourceNotFound', 404);
    refuses(sim, 'ModifyEventSubscription', { SubscriptionName: 'ops', SourceIds: ['ghost'] }, 'InvalidParameterCombination', 400);
  });
});

describe('DeleteEventSubscription and DescribeEventSubscriptions', () => {
  it('deletes; the name is free again; unknown names are SubscriptionNotFound', () => {
    const sim = newSim();
    subscribe(sim, 'ops');
    expect(sim.execute('DeleteEventSubscription', { SubscriptionName: 'ops' })).toEqual({});
    refuses(sim, 'DeleteEventSubscription', { SubscriptionName: 'ops' }, 'SubscriptionNotFound', 404);
    refuses(sim, 'DescribeEventSubscriptions', { SubscriptionName: 'ops' }, 'SubscriptionNotFound', 404);
    subscribe(sim, 'ops');
  });

  it('pages in creation order, filters by name and by tags', () => {
    const sim = newSim({ quotas: { eventSubscriptions: 30 } });
    for (let i = 0; i < 25; i++) subscribe(sim, `s${i}`, { Tags: [{ Key: 'n', Value: String(i % 2) }] });
    const first = sim.execute('DescribeEventSubscriptions', { MaxRecords: 20 });
    const second = sim.execute('DescribeEventSubscriptions', { MaxRecords: 20, Marker: first.Marker });
    expect([...first.EventSubscriptionsList, ...second.EventSubscriptionsList].map((s: Rec) => s.CustSubscriptionId)).toEqual(Array.from({ length: 25 }, (_, i) => `s${i}`));
    expect(second.Marker).toBeUndefined();
    expect(sim.execute('DescribeEventSubscriptions', { SubscriptionName: 's3' }).EventSubscriptionsList.map((s: Rec) => s.CustSubscriptionId)).toEqual(['s3']);
    expect(sim.execute('DescribeEventSubscriptions', { TagValues: ['1'] }).EventSubscriptionsList).toHaveLength(12);
    refuses(sim, 'DescribeEventSubscriptions', { MaxRecords: 101 }, 'InvalidParameterValue', 400);
  });
});

describe('tags on event subscriptions by ARN (CreateTags, DeleteTags, DescribeTags)', () => {
  const arn = (name: string, caller = OWNER) => `arn:aws:redshift:${caller.region}:${caller.account}:eventsubscription:${name}`;

  it('tags and untags a subscription by its ARN; DescribeTags lists it (ResourceType eventsubscription, or "Event subscription"); the log replays it', () => {
    const sim = newSim();
    subscribe(sim, 'ops', { Tags: [{ Key: 'team', Value: 'dba' }] });
    sim.execute('CreateTags', { ResourceName: arn('ops'), Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'sre' }] });
    expect(sim.execute('DescribeEventSubscriptions', { SubscriptionName: 'ops' }).EventSubscriptionsList[0].Tags).toEqual([{ Key: 'team', Value: 'sre' }, { Key: 'env', Value: 'prod' }]);
    const entry = (Key: string, Value: string) => ({ Tag: { Key, Value }, ResourceName: arn('ops'), ResourceType: 'eventsubscription' });
    expect(sim.execute('DescribeTags', {}).TaggedResources).toEqual([entry('env', 'prod'), entry('team', 'sre')]);
    expect(sim.execute('DescribeTags', { ResourceType: 'Event subscription' }).TaggedResources).toEqual([entry('env', 'prod'), entry('team', 'sre')]);
    expect(sim.execute('DescribeTags', { ResourceName: arn('ops'), TagKeys: ['env'] }).TaggedResources).toEqual([entry('env', 'prod')]);
    expect(sim.execute('DescribeTags', { ResourceType: 'cluster' }).TaggedResources).toEqual([]);
    sim.execute('DeleteTags', { ResourceName: arn('ops'), TagKeys: ['team'] });
    expect(sim.execute('DescribeEventSubscriptions', { TagKeys: ['team'] }).EventSubscriptionsList).toEqual([]);
    expect(sim.execute('DescribeEventSubscriptions', { TagKeys: ['env'] }).EventSubscriptionsList).toHaveLength(1);
    expect(findPartition(replay(sim.entries()).state, OWNER.account, OWNER.region)!.subscriptions.get('ops')!.tags).toEqual([{ Key: 'env', Value: 'prod' }]);
  });

  it("refuses a subscription that is not there, another account's, or deleted: ResourceNotFoundFault (404)", () => {
    const sim = newSim();
    subscribe(sim, 'ops');
    subscribe(sim, 'theirs', {}, OTHER);
    const tag = (resource: string) => () => sim.execute('CreateTags', { ResourceName: resource, Tags: [{ Key: 'k', Value: 'v' }] });
    refusesCall(sim, tag(arn('nope')), 'ResourceNotFoundFault', 404);
    refusesCall(sim, tag(arn('theirs', OTHER)), 'ResourceNotFoundFault', 404);
    sim.execute('DeleteEventSubscription', { SubscriptionName: 'ops' });
    refusesCall(sim, tag(arn('ops')), 'ResourceNotFoundFault', 404);
    refusesCall(sim, () => sim.execute('DescribeTags', { ResourceName: arn('ops') }), 'ResourceNotFoundFault', 404);
  });
});

describe('notifications', () => {
  it('each event an enabled subscription matches is a notification: in the ring and to sim.onNotification', () => {
    const sim = newSim();
    const heard: Notification[] = [];
    sim.onNotification((n) => heard.push(n));
    availableCluster(sim, 'c1');
    subscribe(sim, 'errors', { Severity: 'ERROR' });
    subscribe(sim, 'snapshots', { SourceType: 'cluster-snapshot', EventCategories: ['monitoring'] });
    subscribe(sim, 'c1-only', { SourceType: 'cluster', SourceIds: ['c1'] });
    subscribe(sim, 'disabled', { Enabled: false });
    subscribe(sim, 'elsewhere', {}, OWNER_ELSEWHERE);
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
    sim.runUntilIdle();
    pause(sim, 'c1');
    expect(heard.map((n) => `${n.subscription} ${n.event.EventId}`)).toEqual(['snapshots REDSHIFT-EVENT-3004', 'c1-only REDSHIFT-EVENT-3618', 'c1-only REDSHIFT-EVENT-3619']);
    expect(sim.notifications()).toEqual(heard);
    expect(heard[0]).toMatchObject({ seq: 1, account: OWNER.account, region: OWNER.region, snsTopicArn: TOPIC, event: { SourceType: 'cluster-snapshot', SourceIdentifier: 's1', Severity: 'INFO', EventCategories: ['monitoring'] } });
    expect(heard[0]!.event.Date).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('keeps the latest notificationLimit in the ring; a rebuilt simulator sends none of the past', () => {
    const sim = newSim({ notificationLimit: 2 });
    subscribe(sim, 'all');
    availableCluster(sim, 'c1');
    pause(sim, 'c1');
    resume(sim, 'c1');
    expect(sim.notifications().map((n) => n.event.EventId)).toEqual(['REDSHIFT-EVENT-3619', 'REDSHIFT-EVENT-3622']);
    expect(sim.notifications().map((n) => n.seq)).toEqual([3, 4]);
    expect(replay(sim.entries()).notifications()).toEqual([]);
  });

  it('adds nothing to the log: a run with a subscription logs the same events otherwise', () => {
    const run = (withSubscription: boolean) => {
      const sim = newSim();
      availableCluster(sim, 'c1');
      if (withSubscription) subscribe(sim, 'all');
      sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
      sim.runUntilIdle();
      return sim.entries().filter((e) => e.command?.name !== 'CreateEventSubscription');
    };
    expect(run(true).map((e) => e.events)).toEqual(run(false).map((e) => e.events));
  });

  it('the bench-only eventProjection: false keeps no events', () => {
    const sim = newSim({ eventProjection: false });
    availableCluster(sim, 'c1');
    expect(sim.execute('DescribeEvents', { Duration: 600 }).Events).toEqual([]);
  });
});
