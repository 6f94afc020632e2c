/**
 * Decider specifications of the snapshot schedule operations: the events CreateSnapshotSchedule,
 * ModifySnapshotSchedule, DeleteSnapshotSchedule and ModifyClusterSnapshotSchedule decide, the
 * codes they refuse with, the schedule association of CreateCluster, and the timers a schedule
 * drives (MODIFYING → ACTIVE, automated snapshots at the schedule's invocations).
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/events/config.ts';
import type { DomainEvent } from '../../src/events/types.ts';
import { SimEnvironment } from '../../src/sim/environment.ts';
import { given, SEED } from './spec.ts';
import { at, availableCluster, clusterCreated, HOUR, MINUTE, READY, ref, T0 } from './events.ts';

const created = (id: string, definitions: string[] = ['cron(30 2 *)']): DomainEvent => ({ type: 'SnapshotScheduleCreated', ref: ref(id), definitions, tags: [] });
/** When the association of cluster `id` made at `t` becomes ACTIVE under the specs' seed. */
const activeAt = (id: string, t: number): number => t + new SimEnvironment(resolveConfig(), SEED, t).scheduleModifyingMs(ref(id), t);
const associated = (cluster: string, schedule: string, when: number): DomainEvent => ({ type: 'ClusterSnapshotScheduleChanged', ref: ref(cluster), scheduleId: schedule, activeAt: when });

describe('CreateSnapshotSchedule', () => {
  it('decides the schedule with its definitions, description and tags; the reply shows the next invocations', () => {
    const reply = given()
      .at(T0)
      .when('CreateSnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(30 2 *)'], ScheduleDescription: 'at 02:30', Tags: [{ Key: 'env', Value: 'prod' }], NextInvocations: 2 })
      .then([{ type: 'SnapshotScheduleCreated', ref: ref('nightly'), definitions: ['cron(30 2 *)'], description: 'at 02:30', tags: [{ Key: 'env', Value: 'prod' }] }]);
    expect(reply).toEqual({
      ScheduleDefinitions: ['cron(30 2 *)'],
      ScheduleIdentifier: 'nightly',
      ScheduleDescription: 'at 02:30',
      Tags: [{ Key: 'env', Value: 'prod' }],
      NextInvocations: [new Date(T0 + 2.5 * HOUR), new Date(T0 + 26.5 * HOUR)],
      AssociatedClusterCount: 0,
      AssociatedClusters: [],
    });
  });

  it('decides nothing on a DryRun, and answers the schedule it would create', () => {
    const reply = given().at(T0).when('CreateSnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['rate(12 hours)'], DryRun: true }).then([]);
    expect((reply as { NextInvocations: Date[] }).NextInvocations.slice(0, 2)).toEqual([new Date(T0 + 12 * HOUR), new Date(T0 + 24 * HOUR)]);
  });

  it('refuses a duplicate, the quota, and bad definitions with their codes', () => {
    given(created('nightly')).when('CreateSnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 1 *)'] }).thenError('SnapshotScheduleAlreadyExists');
    given(created('a')).withConfig({ quotas: { snapshotSchedules: 1 } }).when('CreateSnapshotSchedule', { ScheduleIdentifier: 'b', ScheduleDefinitions: ['cron(0 1 *)'] }).thenError('SnapshotScheduleQuotaExceeded');
    given().when('CreateSnapshotSchedule', { ScheduleIdentifier: 'a', ScheduleDefinitions: ['cron(0,30 1 *)'] }).thenError('InvalidSchedule');
    given().when('CreateSnapshotSchedule', { ScheduleIdentifier: 'a', ScheduleDefinitions: ['rate(1 day)'] }).thenError('ScheduleDefinitionTypeUnsupported');
  });
});

describe('ModifyClusterSnapshotSchedule', () => {
  it('associates the cluster, MODIFYING until seeded minutes later', () => {
    const when = activeAt('alpha', T0 + HOUR);
    expect(when - (T0 + HOUR)).toBeGreaterThanOrEqual(MINUTE);
    expect(when - (T0 + HOUR)).toBeLessThanOrEqual(5 * MINUTE);
    given(...availableCluster('alpha'), created('nightly'))
      .at(T0 + HOUR)
      .when('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'alpha', ScheduleIdentifier: 'nightly' })
      .then([associated('alpha', 'nightly', when)]);
  });

  it('disassociates at once', () => {
    given(...availableCluster('alpha'), created('nightly'), at(T0 + HOUR, associated('alpha', 'nightly', T0 + HOUR)))
      .when('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'alpha', DisassociateSchedule: true })
      .then([{ type: 'ClusterSnapshotScheduleChanged', ref: ref('alpha'), scheduleId: null }]);
  });

  it('refuses unknown clusters and schedules, and changes while one is applying', () => {
    given(created('nightly')).when('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'alpha', ScheduleIdentifier: 'nightly' }).thenError('ClusterNotFound');
    given(...availableCluster('alpha')).when('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'alpha', ScheduleIdentifier: 'nightly' }).thenError('SnapshotScheduleNotFound');
    given(...availableCluster('alpha'), created('nightly'), at(T0 + HOUR, associated('alpha', 'nightly', T0 + 2 * HOUR)))
      .at(T0 + HOUR)
      .when('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'alpha', DisassociateSchedule: true })
      .thenError('InvalidClusterSnapshotScheduleState');
    given(...availableCluster('alpha')).when('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'alpha', DisassociateSchedule: true }).thenError('InvalidClusterSnapshotScheduleState');
  });
});

describe('ModifySnapshotSchedule and DeleteSnapshotSchedule', () => {
  it('modifying a schedule puts each associated cluster MODIFYING', () => {
    const t = T0 + 3 * HOUR;
    given(...availableCluster('alpha'), created('nightly'), at(T0 + HOUR, associated('alpha', 'nightly', T0 + HOUR)))
      .at(t)
      .when('ModifySnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 4 *)'] })
      .then([{ type: 'SnapshotScheduleModified', ref: ref('nightly'), definitions: ['cron(0 4 *)'] }, associated('alpha', 'nightly', activeAt('alpha', t))]);
  });

  it('refuses a second modify while the first is applying', () => {
    given(...availableCluster('alpha'), created('nightly'), at(T0 + HOUR, associated('alpha', 'nightly', T0 + 2 * HOUR)))
      .at(T0 + HOUR)
      .when('ModifySnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 4 *)'] })
      .thenError('SnapshotScheduleUpdateInProgress');
  });

  it('deletes a schedule no cluster uses, refuses one in use', () => {
    given(created('nightly')).when('DeleteSnapshotSchedule', { ScheduleIdentifier: 'nightly' }).then([{ type: 'SnapshotScheduleDeleted', ref: ref('nightly') }]);
    given(...availableCluster('alpha'), created('nightly'), at(T0 + HOUR, associated('alpha', 'nightly', T0 + HOUR)))
      .when('DeleteSnapshotSchedule', { ScheduleIdentifier: 'nightly' })
      .thenError('InvalidClusterSnapshotScheduleState');
    given().when('DeleteSnapshotSchedule', { ScheduleIdentifier: 'nightly' }).thenError('SnapshotScheduleNotFound');
  });
});

describe('CreateCluster with SnapshotScheduleIdentifier', () => {
  it('decides the cluster, then its association, ACTIVE at once (activeAt now)', () => {
    const reply = given(created('nightly'))
      .at(T0)
      .when('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin', SnapshotScheduleIdentifier: 'nightly' })
      .thenShape((events) => {
        expect(events.map((e) => e.type)).toEqual(['ClusterCreated', 'ClusterSnapshotScheduleChanged']);
        expect(events[1]).toEqual(associated('alpha', 'nightly', T0));
      });
    expect(reply).toMatchObject({ Cluster: { SnapshotScheduleIdentifier: 'nightly', SnapshotScheduleState: 'ACTIVE' } });
  });

  it('refuses an unknown schedule', () => {
    given().when('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin', SnapshotScheduleIdentifier: 'nope' }).thenError('SnapshotScheduleNotFound');
  });
});

describe('timers', () => {
  it('the association becomes ACTIVE at its time', () => {
    given(...availableCluster('alpha'), created('nightly'), at(T0 + HOUR, associated('alpha', 'nightly', T0 + HOUR + 3 * MINUTE)))
      .whenTimer('ScheduleDue', 'alpha')
      .then([{ type: 'ClusterSnapshotScheduleActivated', ref: ref('alpha') }]);
  });

  it("a scheduled cluster's automated snapshot is due at the schedule's next invocation", () => {
    // created at T0 on the schedule (ACTIVE at once): ready at READY, first snapshot at 02:30 UTC
    given(created('nightly'), clusterCreated('alpha'), at(T0, associated('alpha', 'nightly', T0)), at(READY, { type: 'ClusterTransitioned', ref: ref('alpha'), event: 'READY' }))
      .whenTimer('Automated', 'alpha')
      .thenShape((events) => {
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ type: 'SnapshotCreated', kind: 'automated', ref: ref('rs:alpha-2025-01-01-02-30-00'), createTime: T0 + 2.5 * HOUR });
      });
  });
});

