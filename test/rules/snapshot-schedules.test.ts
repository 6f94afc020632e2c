/**
 * Snapshot schedules (reference §1.1, §1.4, §1.6, §3, §4): what each operation does and every
 * refusal with AWS's exact code and HTTP status; a cluster on a schedule takes its automated
 * snapshots at the schedule's invocations, and returns to the default policy when disassociated.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SNAPSHOT_SCHEDULES_QUOTA } from '../../src/events/config.ts';
import { isInvocation } from '../../src/model/schedule-definitions.ts';
import { OWNER, OWNER_ELSEWHERE, automatedSnapshots, availableCluster, cluster, clusterInput, manualSnapshot, newSim, refuses, someTags, world, type Rec, type Simulator } from './fixtures.ts';

const HOUR = 3_600_000;
const create = (sim: Simulator, id: string, definitions: string[] = ['cron(30 2 *)'], extra: Rec = {}, caller = OWNER) =>
  sim.execute('CreateSnapshotSchedule', { ScheduleIdentifier: id, ScheduleDefinitions: definitions, ...extra }, caller);
const associate = (sim: Simulator, clusterId: string, scheduleId: string) => sim.execute('ModifyClusterSnapshotSchedule', { ClusterIdentifier: clusterId, ScheduleIdentifier: scheduleId });
const disassociate = (sim: Simulator, clusterId: string) => sim.execute('ModifyClusterSnapshotSchedule', { ClusterIdentifier: clusterId, DisassociateSchedule: true });
const describeSchedules = (sim: Simulator, input: Rec = {}, caller = OWNER) => sim.execute('DescribeSnapshotSchedules', input, caller);
const idsOf = (out: Rec): string[] => (out.SnapshotSchedules as Rec[]).map((x) => x.ScheduleIdentifier);
const arnOf = (id: string) => `arn:aws:redshift:${OWNER.region}:${OWNER.account}:snapshotschedule:${id}`;
/** Runs time until no association is MODIFYING any more (the seeded minutes are at most 5). */
const settle = (sim: Simulator) => sim.advance(6 * 60);

describe('CreateSnapshotSchedule', () => {
  it('creates a schedule: definitions, description, tags, 10 next invocations, no clusters', () => {
    const sim = newSim({ start: '2025-01-01T00:00:00Z' });
    const out = create(sim, 'nightly', ['cron(30 2 *)'], { ScheduleDescription: 'daily', Tags: [{ Key: 'env', Value: 'prod' }] });
    expect(out).toMatchObject({ ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(30 2 *)'], ScheduleDescription: 'daily', Tags: [{ Key: 'env', Value: 'prod' }], AssociatedClusterCount: 0, AssociatedClusters: [] });
    expect(out.NextInvocations).toHaveLength(10);
    expect(out.NextInvocations[0]).toEqual(new Date('2025-01-01T02:30:00Z'));
    expect(idsOf(describeSchedules(sim))).toEqual(['nightly']);
  });
  it('NextInvocations sets how many invocations the reply shows (1..100)', () => {
    const sim = newSim();
    expect(create(sim, 'a', ['rate(1 hour)'], { NextInvocations: 3 }).NextInvocations).toHaveLength(3);
    expect(create(sim, 'b', ['rate(1 hour)'], { NextInvocations: 100 }).NextInvocations).toHaveLength(100);
    refuses(sim, () => create(sim, 'c', ['rate(1 hour)'], { NextInvocations: 0 }), 'InvalidParameterValue');
    refuses(sim, () => create(sim, 'c', ['rate(1 hour)'], { NextInvocations: 101 }), 'InvalidParameterValue');
  });
  it('DryRun answers the schedule and creates nothing', () => {
    const sim = newSim();
    const out = create(sim, 'dry', ['rate(6 hours)'], { DryRun: true, NextInvocations: 4 });
    expect(out.NextInvocations).toHaveLength(4);
    expect(idsOf(describeSchedules(sim))).toEqual([]);
    expect(sim.entries().filter((e) => e.events.some((x) => x.type === 'SnapshotScheduleCreated'))).toHaveLength(0);
  });
  it('DryRun still refuses what the call would refuse', () => {
    const sim = newSim();
    create(sim, 'a');
    refuses(sim, () => create(sim, 'a', ['cron(0 1 *)'], { DryRun: true }), 'SnapshotScheduleAlreadyExists');
  });
  it('SnapshotScheduleAlreadyExists for an identifier the account holds in the region (not another region)', () => {
    const sim = newSim();
    create(sim, 'a');
    refuses(sim, () => create(sim, 'a'), 'SnapshotScheduleAlreadyExists');
    expect(create(sim, 'a', ['cron(30 2 *)'], {}, OWNER_ELSEWHERE).ScheduleIdentifier).toBe('a');
  });
  it(`SnapshotScheduleQuotaExceeded past the quota (default ${DEFAULT_SNAPSHOT_SCHEDULES_QUOTA}, quotas.snapshotSchedules)`, () => {
    const sim = newSim({ quotas: { snapshotSchedules: 2 } });
    create(sim, 'a');
    create(sim, 'b');
    refuses(sim, () => create(sim, 'c'), 'SnapshotScheduleQuotaExceeded');
  });
  it('InvalidSchedule and ScheduleDefinitionTypeUnsupported for bad definitions', () => {
    const sim = newSim();
    refuses(sim, () => create(sim, 'a', ['cron(0,30 * *)']), 'InvalidSchedule');
    refuses(sim, () => create(sim, 'a', ['cron(0 12 *)', 'cron(45 12 *)']), 'InvalidSchedule');
    refuses(sim, () => create(sim, 'a', ['rate(48 hours)']), 'InvalidSchedule');
    refuses(sim, () => create(sim, 'a', []), 'InvalidSchedule');
    refuses(sim, () => sim.execute('CreateSnapshotSchedule', { ScheduleIdentifier: 'a' }), 'InvalidSchedule');
    refuses(sim, () => create(sim, 'a', ['rate(15 minutes)']), 'ScheduleDefinitionTypeUnsupported');
    refuses(sim, () => create(sim, 'a', ['at(2025-01-01T00:00:00)']), 'ScheduleDefinitionTypeUnsupported');
  });
  it('MissingParameter without an identifier; InvalidParameterValue for one with other characters', () => {
    const sim = newSim();
    refuses(sim, () => sim.execute('CreateSnapshotSchedule', { ScheduleDefinitions: ['cron(0 1 *)'] }), 'MissingParameter');
    refuses(sim, () => create(sim, 'my_schedule'), 'InvalidParameterValue');
    refuses(sim, () => create(sim, 'x'.repeat(256)), 'InvalidParameterValue');
    expect(create(sim, 'my-test').ScheduleIdentifier).toBe('my-test'); // the guide's own example
  });
  it('TagLimitExceededFault and InvalidTagFault for bad tags', () => {
    const sim = newSim();
    refuses(sim, () => create(sim, 'a', ['cron(0 1 *)'], { Tags: someTags(51) }), 'TagLimitExceededFault');
    refuses(sim, () => create(sim, 'a', ['cron(0 1 *)'], { Tags: [{ Key: 'aws:x', Value: 'y' }] }), 'InvalidTagFault');
  });
});

describe('ModifyClusterSnapshotSchedule', () => {
  it('associates: MODIFYING, then ACTIVE after seeded minutes; the cluster shows the schedule', () => {
    const sim = world();
    create(sim, 'nightly');
    associate(sim, 'c1', 'nightly');
    expect(cluster(sim, 'c1')).toMatchObject({ SnapshotScheduleIdentifier: 'nightly', SnapshotScheduleState: 'MODIFYING' });
    expect(describeSchedules(sim).SnapshotSchedules[0]).toMatchObject({ AssociatedClusterCount: 1, AssociatedClusters: [{ ClusterIdentifier: 'c1', ScheduleAssociationState: 'MODIFYING' }] });
    settle(sim);
    const c = cluster(sim, 'c1');
    expect(c).toMatchObject({ SnapshotScheduleIdentifier: 'nightly', SnapshotScheduleState: 'ACTIVE', ExpectedNextSnapshotScheduleTimeStatus: 'OnTrack' });
    expect(new Date(c.ExpectedNextSnapshotScheduleTime).toISOString().slice(11, 19)).toBe('02:30:00');
  });
  it('disassociates at once: no schedule on the cluster, none on the schedule', () => {
    const sim = world();
    create(sim, 'nightly');
    associate(sim, 'c1', 'nightly');
    settle(sim);
    disassociate(sim, 'c1');
    expect(cluster(sim, 'c1').SnapshotScheduleIdentifier).toBeUndefined();
    expect(describeSchedules(sim).SnapshotSchedules[0]).toMatchObject({ AssociatedClusterCount: 0, AssociatedClusters: [] });
  });
  it('ClusterNotFound (404) for an unknown cluster, SnapshotScheduleNotFound for an unknown schedule', () => {
    const sim = world();
    create(sim, 'nightly');
    refuses(sim, () => associate(sim, 'nope', 'nightly'), 'ClusterNotFound', 404);
    refuses(sim, () => associate(sim, 'c1', 'nope'), 'SnapshotScheduleNotFound');
  });
  it('InvalidParameterCombination for both or neither of ScheduleIdentifier and DisassociateSchedule', () => {
    const sim = world();
    create(sim, 'nightly');
    refuses(sim, () => sim.execute('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'c1' }), 'InvalidParameterCombination');
    refuses(sim, () => sim.execute('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'c1', ScheduleIdentifier: 'nightly', DisassociateSchedule: true }), 'InvalidParameterCombination');
  });
  it('InvalidClusterSnapshotScheduleState: while MODIFYING, disassociating none, the same schedule again, a cluster being deleted', () => {
    const sim = world({ clusters: ['c1', 'c2'] });
    create(sim, 'nightly');
    create(sim, 'other', ['cron(0 5 *)']);
    refuses(sim, () => disassociate(sim, 'c1'), 'InvalidClusterSnapshotScheduleState');
    associate(sim, 'c1', 'nightly');
    refuses(sim, () => associate(sim, 'c1', 'other'), 'InvalidClusterSnapshotScheduleState');
    refuses(sim, () => disassociate(sim, 'c1'), 'InvalidClusterSnapshotScheduleState');
    settle(sim);
    refuses(sim, () => associate(sim, 'c1', 'nightly'), 'InvalidClusterSnapshotScheduleState');
    sim.execute('DeleteCluster', { ClusterIdentifier: 'c2', SkipFinalClusterSnapshot: true });
    refuses(sim, () => associate(sim, 'c2', 'nightly'), 'InvalidClusterSnapshotScheduleState');
  });
});

describe('ModifySnapshotSchedule', () => {
  it('replaces the definitions; associated clusters go MODIFYING, then follow the new ones', () => {
    const sim = world();
    create(sim, 'nightly');
    associate(sim, 'c1', 'nightly');
    settle(sim);
    const out = sim.execute('ModifySnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 6 *)'] });
    expect(out).toMatchObject({ ScheduleDefinitions: ['cron(0 6 *)'], AssociatedClusters: [{ ClusterIdentifier: 'c1', ScheduleAssociationState: 'MODIFYING' }] });
    settle(sim);
    const c = cluster(sim, 'c1');
    expect(c.SnapshotScheduleState).toBe('ACTIVE');
    expect(new Date(c.ExpectedNextSnapshotScheduleTime).toISOString().slice(11, 19)).toBe('06:00:00');
  });
  it('SnapshotScheduleUpdateInProgress while a change still applies; SnapshotScheduleNotFound; InvalidSchedule', () => {
    const sim = world();
    create(sim, 'nightly');
    refuses(sim, () => sim.execute('ModifySnapshotSchedule', { ScheduleIdentifier: 'nope', ScheduleDefinitions: ['cron(0 6 *)'] }), 'SnapshotScheduleNotFound');
    refuses(sim, () => sim.execute('ModifySnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0,20 6 *)'] }), 'InvalidSchedule');
    associate(sim, 'c1', 'nightly');
    settle(sim);
    sim.execute('ModifySnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 6 *)'] });
    refuses(sim, () => sim.execute('ModifySnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 7 *)'] }), 'SnapshotScheduleUpdateInProgress');
    settle(sim);
    expect(sim.execute('ModifySnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 7 *)'] }).ScheduleDefinitions).toEqual(['cron(0 7 *)']);
  });
  it('a schedule with no clusters changes at once (no update in progress)', () => {
    const sim = newSim();
    create(sim, 'a');
    sim.execute('ModifySnapshotSchedule', { ScheduleIdentifier: 'a', ScheduleDefinitions: ['cron(0 6 *)'] });
    expect(sim.execute('ModifySnapshotSchedule', { ScheduleIdentifier: 'a', ScheduleDefinitions: ['cron(0 8 *)'] }).ScheduleDefinitions).toEqual(['cron(0 8 *)']);
  });
  it('MissingParameter without definitions', () => {
    const sim = newSim();
    create(sim, 'a');
    refuses(sim, () => sim.execute('ModifySnapshotSchedule', { ScheduleIdentifier: 'a' }), 'MissingParameter');
  });
});

describe('DeleteSnapshotSchedule', () => {
  it('deletes a schedule no cluster uses; its identifier is free again', () => {
    const sim = newSim();
    create(sim, 'a');
    expect(sim.execute('DeleteSnapshotSchedule', { ScheduleIdentifier: 'a' })).toEqual({});
    expect(idsOf(describeSchedules(sim))).toEqual([]);
    create(sim, 'a');
  });
  it('SnapshotScheduleNotFound for an unknown one; InvalidClusterSnapshotScheduleState while a cluster is associated', () => {
    const sim = world();
    refuses(sim, () => sim.execute('DeleteSnapshotSchedule', { ScheduleIdentifier: 'a' }), 'SnapshotScheduleNotFound');
    create(sim, 'a');
    associate(sim, 'c1', 'a');
    refuses(sim, () => sim.execute('DeleteSnapshotSchedule', { ScheduleIdentifier: 'a' }), 'InvalidClusterSnapshotScheduleState');
    settle(sim);
    disassociate(sim, 'c1');
    sim.execute('DeleteSnapshotSchedule', { ScheduleIdentifier: 'a' });
  });
});

describe('DescribeSnapshotSchedules', () => {
  it('filters by identifier, cluster and tags, and pages by MaxRecords and Marker', () => {
    const sim = world();
    for (let i = 1; i <= 5; i++) create(sim, `s${i}`, [`cron(0 ${i} *)`], { Tags: [{ Key: 'n', Value: i % 2 ? 'odd' : 'even' }] });
    associate(sim, 'c1', 's3');
    expect(idsOf(describeSchedules(sim, { ScheduleIdentifier: 's2' }))).toEqual(['s2']);
    expect(idsOf(describeSchedules(sim, { ScheduleIdentifier: 'nope' }))).toEqual([]);
    expect(idsOf(describeSchedules(sim, { ClusterIdentifier: 'c1' }))).toEqual(['s3']);
    expect(idsOf(describeSchedules(sim, { ClusterIdentifier: 'nope' }))).toEqual([]);
    expect(idsOf(describeSchedules(sim, { TagValues: ['even'] }))).toEqual(['s2', 's4']);
    expect(idsOf(describeSchedules(sim, { TagKeys: ['n'], TagValues: ['odd'] }))).toEqual(['s1', 's3', 's5']);
    const first = describeSchedules(sim, { MaxRecords: 2 });
    expect(idsOf(first)).toEqual(['s1', 's2']);
    const second = describeSchedules(sim, { MaxRecords: 2, Marker: first.Marker });
    expect(idsOf(second)).toEqual(['s3', 's4']);
    const last = describeSchedules(sim, { MaxRecords: 2, Marker: second.Marker });
    expect(idsOf(last)).toEqual(['s5']);
    expect(last.Marker).toBeUndefined();
  });
  it('InvalidParameterValue for MaxRecords outside 1..100 and a marker it did not issue', () => {
    const sim = newSim();
    refuses(sim, () => describeSchedules(sim, { MaxRecords: 0 }), 'InvalidParameterValue');
    refuses(sim, () => describeSchedules(sim, { MaxRecords: 101 }), 'InvalidParameterValue');
    refuses(sim, () => describeSchedules(sim, { Marker: 'junk' }), 'InvalidParameterValue');
  });
});

describe('CreateCluster and RestoreFromClusterSnapshot with SnapshotScheduleIdentifier', () => {
  it('a new cluster is on its schedule, ACTIVE, from the start', () => {
    const sim = newSim();
    create(sim, 'nightly');
    const c = availableCluster(sim, 'c1', { SnapshotScheduleIdentifier: 'nightly' });
    expect(c).toMatchObject({ SnapshotScheduleIdentifier: 'nightly', SnapshotScheduleState: 'ACTIVE' });
    expect(new Date(c.ExpectedNextSnapshotScheduleTime).toISOString().slice(11, 19)).toBe('02:30:00');
  });
  it('a restored cluster too; an unknown schedule is SnapshotScheduleNotFound for both', () => {
    const sim = world();
    create(sim, 'nightly');
    manualSnapshot(sim, 'm1');
    refuses(sim, () => sim.execute('CreateCluster', clusterInput('c2', { SnapshotScheduleIdentifier: 'nope' })), 'SnapshotScheduleNotFound');
    refuses(sim, () => sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: 'r1', SnapshotIdentifier: 'm1', SnapshotScheduleIdentifier: 'nope' }), 'SnapshotScheduleNotFound');
    sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: 'r1', SnapshotIdentifier: 'm1', SnapshotScheduleIdentifier: 'nightly' });
    expect(cluster(sim, 'r1')).toMatchObject({ SnapshotScheduleIdentifier: 'nightly', SnapshotScheduleState: 'ACTIVE' });
  });
});

describe("automated snapshots follow the cluster's schedule", () => {
  it("an associated cluster's automated snapshots are taken only at the schedule's invocations", () => {
    const definitions = ['cron(15 3 *)', 'cron(0 12 2-6)'];
    const sim = world();
    create(sim, 'sched', definitions);
    associate(sim, 'c1', 'sched');
    settle(sim);
    const since = sim.nowMs();
    sim.advance(8 * 86_400);
    const taken = automatedSnapshots(sim, 'c1').map((s) => (s.SnapshotCreateTime as Date).getTime()).filter((t) => t > since);
    expect(taken.length).toBeGreaterThan(0);
    for (const t of taken) expect(isInvocation(definitions, t), new Date(t).toISOString()).toBe(true);
  });
  it('an invocation that comes while the last automated snapshot still runs is skipped: the next after its end takes one', () => {
    const sim = newSim();
    create(sim, 'hourly', ['rate(1 hours)']);
    // a large cluster: its first (full) automated snapshot runs for hours
    availableCluster(sim, 'big', { NodeType: 'ra3.16xlarge', NumberOfNodes: 2, SnapshotScheduleIdentifier: 'hourly', AutomatedSnapshotRetentionPeriod: 35 });
    for (let t = 0; t < 12 * 6; t++) {
      sim.advance(600);
      expect(automatedSnapshots(sim, 'big').filter((s) => s.Status === 'creating').length).toBeLessThanOrEqual(1);
    }
    const [first, second] = automatedSnapshots(sim, 'big');
    const start = (first!.SnapshotCreateTime as Date).getTime();
    const end = start + (first!.ElapsedTimeInSeconds as number) * 1000;
    expect(end - start).toBeGreaterThan(HOUR);
    const next = (second!.SnapshotCreateTime as Date).getTime();
    expect(isInvocation(['rate(1 hours)'], next)).toBe(true);
    expect(next).toBeGreaterThan(end);
    expect(next - end).toBeLessThanOrEqual(HOUR);
  });
  it('disassociating returns to the default policy (about every 8 hours)', () => {
    const sim = world();
    create(sim, 'daily', ['cron(0 4 *)']);
    associate(sim, 'c1', 'daily');
    settle(sim);
    disassociate(sim, 'c1');
    const next = cluster(sim, 'c1').ExpectedNextSnapshotScheduleTime as Date;
    expect(next.getTime() - sim.nowMs()).toBeLessThanOrEqual(8 * HOUR);
  });
});

describe('tags on schedules', () => {
  it('CreateTags, DeleteTags and DescribeTags take schedule ARNs (ResourceType snapshotschedule)', () => {
    const sim = newSim();
    create(sim, 'a');
    sim.execute('CreateTags', { ResourceName: arnOf('a'), Tags: [{ Key: 'team', Value: 'data' }] });
    expect(sim.execute('DescribeTags', { ResourceName: arnOf('a') }).TaggedResources).toEqual([{ ResourceName: arnOf('a'), ResourceType: 'snapshotschedule', Tag: { Key: 'team', Value: 'data' } }]);
    expect(sim.execute('DescribeTags', { ResourceType: 'snapshotschedule' }).TaggedResources).toHaveLength(1);
    expect(idsOf(describeSchedules(sim, { TagKeys: ['team'] }))).toEqual(['a']);
    sim.execute('DeleteTags', { ResourceName: arnOf('a'), TagKeys: ['team'] });
    expect(sim.execute('DescribeTags', { ResourceName: arnOf('a') }).TaggedResources).toEqual([]);
    refuses(sim, () => sim.execute('CreateTags', { ResourceName: arnOf('nope'), Tags: [{ Key: 'k', Value: 'v' }] }), 'ResourceNotFoundFault', 404);
  });
});
