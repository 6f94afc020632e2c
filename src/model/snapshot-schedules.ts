/**
 * Snapshot schedules (reference §1.4): CreateSnapshotSchedule, ModifySnapshotSchedule,
 * DeleteSnapshotSchedule, DescribeSnapshotSchedules and ModifyClusterSnapshotSchedule. A schedule
 * is a list of `cron(…)`/`rate(…)` definitions in UTC (`schedule-definitions.ts`), named uniquely
 * per account and region; a cluster of the same account and region associated with it takes its
 * automated snapshots at the schedule's invocations instead of the default policy. Associating,
 * or changing an associated schedule's definitions, puts the cluster's association in `MODIFYING`
 * for seeded minutes (`timings.scheduleModifyingSeconds`), then `ACTIVE`; until then the cluster
 * keeps the policy it followed.
 */
import { snapshotSchedulesQuota } from '../events/config.ts';
import { LATEST_VIRTUAL_TIME } from '../events/instant.ts';
import type { ClusterSnapshotScheduleChanged } from '../events/types.ts';
import type { ClusterAssociatedToSchedule, SnapshotSchedule } from '../shapes/redshift.ts';
import type { Environment } from './environment.ts';
import { fault, isServiceError, type ServiceError } from './errors.ts';
import { copyTags } from './input.ts';
import { requireCluster } from './lookups.ts';
import { command, query } from './operation.ts';
import { decodeMarker, encodeMarker, matchesTagFilter } from './paging.ts';
import { DEFAULT_NEXT_INVOCATIONS, nextInvocations, parseSchedule } from './schedule-definitions.ts';
import { findPartition, refOf } from './state.ts';
import type { Caller, ClusterRecord, Partition, ScheduleRecord, State, Tag } from './types.ts';

/** The most clusters `AssociatedClusters` lists (AWS: "A maximum of 100 clusters is returned"). */
export const MAX_ASSOCIATED_CLUSTERS = 100;

/** SnapshotScheduleNotFound for schedule `id` of the caller's account and region. */
export const scheduleNotFound = (id: string, caller: Caller): ServiceError =>
  fault('SnapshotScheduleNotFound', `Snapshot schedule ${id} not found in ${caller.region} for account ${caller.account}.`);

/** The caller's schedule `id`, if any. */
export const findSchedule = (s: State, account: string, region: string, id: string): ScheduleRecord | undefined =>
  findPartition(s, account, region)?.schedules.get(id);

/** The caller's schedule `id`, or SnapshotScheduleNotFound. */
export function requireSchedule(s: State, caller: Caller, id: string): ScheduleRecord {
  const sched = findSchedule(s, caller.account, caller.region, id);
  if (!sched) throw scheduleNotFound(id, caller);
  return sched;
}

/** The clusters of `p` associated with schedule `id`, in creation order. */
export function clustersOf(p: Partition | undefined, id: string): ClusterRecord[] {
  const out: ClusterRecord[] = [];
  for (const c of p?.clusters.values() ?? []) if (c.schedule?.id === id) out.push(c);
  return out;
}

/** Whether a change of schedule `id` is still applying: a cluster's association with it is `MODIFYING`. */
export const isUpdating = (p: Partition | undefined, id: string): boolean => clustersOf(p, id).some((c) => c.schedule!.state === 'MODIFYING');

/** What a schedule view is built from: its identifier, definitions, description and tags. */
interface ScheduleFacts {
  readonly id: string;
  readonly definitions: readonly string[];
  readonly description: string | null;
  readonly tags: readonly Tag[];
}

/**
 * The AWS `SnapshotSchedule` of `sched` in partition `p` at `now`: its next `count` invocations
 * after `now`, and its associated clusters (at most 100 listed, all counted).
 */
export function scheduleView(p: Partition | undefined, sched: ScheduleFacts, now: number, count = DEFAULT_NEXT_INVOCATIONS): SnapshotSchedule {
  const clusters = clustersOf(p, sched.id);
  const associated: ClusterAssociatedToSchedule[] = clusters.slice(0, MAX_ASSOCIATED_CLUSTERS).map((c) => ({ ClusterIdentifier: c.id, ScheduleAssociationState: c.schedule!.state }));
  return {
    ScheduleDefinitions: [...sched.definitions],
    ScheduleIdentifier: sched.id,
    ScheduleDescription: sched.description ?? undefined,
    Tags: sched.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    NextInvocations: nextInvocations(sched.definitions, now, count)
      .filter((t) => t <= LATEST_VIRTUAL_TIME) // none after virtual time ends
      .map((t) => new Date(t)),
    AssociatedClusterCount: clusters.length,
    AssociatedClusters: associated,
  };
}

/**
 * The event associating cluster `clusterId` of the caller's with schedule `scheduleId`, `MODIFYING`
 * for seeded minutes (`ACTIVE` at once when `now` is true: a new cluster starts on its schedule).
 */
export function associationOf(caller: Caller, clusterId: string, scheduleId: string, env: Environment, now = false): ClusterSnapshotScheduleChanged {
  const ref = refOf(caller, clusterId);
  return { type: 'ClusterSnapshotScheduleChanged', ref, scheduleId, activeAt: now ? env.now : env.now + env.scheduleModifyingMs(ref, env.now) };
}

/**
 * CreateSnapshotSchedule: definitions checked by `parseSchedule` (InvalidSchedule,
 * ScheduleDefinitionTypeUnsupported), the identifier unique per account and region
 * (SnapshotScheduleAlreadyExists), within the quota (SnapshotScheduleQuotaExceeded), tags as
 * CreateClusterSnapshot takes them. The reply shows `NextInvocations` (default 10) next invocations.
 * `DryRun` checks everything and answers the schedule it would create, creating nothing.
 */
const createSnapshotSchedule = command<'CreateSnapshotSchedule'>({
  required: ['ScheduleIdentifier'],
  rules: { ScheduleIdentifier: 'scheduleIdentifier', ScheduleDefinitions: 'scheduleDefinitions', ScheduleDescription: 'string', Tags: 'tags', DryRun: 'boolean', NextInvocations: 'nextInvocations' },
  decide(s, input, caller, env) {
    const id = input.ScheduleIdentifier!;
    const { definitions } = parseSchedule(input.ScheduleDefinitions ?? []);
    const p = findPartition(s, caller.account, caller.region);
    if (p?.schedules.has(id)) throw fault('SnapshotScheduleAlreadyExists', `Snapshot schedule ${id} already exists in ${caller.region}.`);
    const quota = snapshotSchedulesQuota(s.config);
    if ((p?.schedules.size ?? 0) >= quota) throw fault('SnapshotScheduleQuotaExceeded', `The account has reached its quota of ${quota} snapshot schedules in ${caller.region}.`);
    const tags = copyTags(input.Tags);
    const description = input.ScheduleDescription;
    const count = input.NextInvocations ?? DEFAULT_NEXT_INVOCATIONS;
    const now = env.now;
    if (input.DryRun === true) {
      return { events: [], reply: () => scheduleView(undefined, { id, definitions, description: description ?? null, tags }, now, count) };
    }
    return {
      events: [{ type: 'SnapshotScheduleCreated', ref: refOf(caller, id), definitions, ...(description !== undefined ? { description } : {}), tags }],
      reply: (after) => {
        const q = findPartition(after, caller.account, caller.region);
        return scheduleView(q, q!.schedules.get(id)!, now, count);
      },
    };
  },
});

/**
 * `parseSchedule` for ModifySnapshotSchedule, whose model declares InvalidSchedule but not
 * ScheduleDefinitionTypeUnsupported: an unsupported form is InvalidSchedule here.
 */
function parseModified(definitions: readonly string[]): ReturnType<typeof parseSchedule> {
  try {
    return parseSchedule(definitions);
  } catch (e) {
    if (isServiceError(e) && e.code === 'ScheduleDefinitionTypeUnsupported') throw fault('InvalidSchedule', e.message);
    throw e;
  }
}

/**
 * ModifySnapshotSchedule: replaces the definitions (checked as on create; an unsupported form is
 * InvalidSchedule, the only definition error its model declares). An unknown schedule is
 * SnapshotScheduleNotFound; one whose previous change is still applying to a cluster is
 * SnapshotScheduleUpdateInProgress. Each associated cluster's association goes `MODIFYING`, then
 * `ACTIVE` after seeded minutes, when the cluster starts following the new definitions.
 */
const modifySnapshotSchedule = command<'ModifySnapshotSchedule'>({
  required: ['ScheduleIdentifier', 'ScheduleDefinitions'],
  rules: { ScheduleIdentifier: 'string', ScheduleDefinitions: 'scheduleDefinitions' },
  decide(s, input, caller, env) {
    const id = input.ScheduleIdentifier;
    requireSchedule(s, caller, id);
    const { definitions } = parseModified(input.ScheduleDefinitions);
    const p = findPartition(s, caller.account, caller.region);
    if (isUpdating(p, id)) throw fault('SnapshotScheduleUpdateInProgress', `The snapshot schedule ${id} is already being updated.`);
    const now = env.now;
    return {
      events: [
        { type: 'SnapshotScheduleModified', ref: refOf(caller, id), definitions },
        ...clustersOf(p, id).map((c) => associationOf(caller, c.id, id, env)),
      ],
      reply: (after) => {
        const q = findPartition(after, caller.account, caller.region);
        return scheduleView(q, q!.schedules.get(id)!, now);
      },
    };
  },
});

/** DeleteSnapshotSchedule: an unknown schedule is SnapshotScheduleNotFound; one a cluster is associated with is InvalidClusterSnapshotScheduleState. */
const deleteSnapshotSchedule = command<'DeleteSnapshotSchedule'>({
  required: ['ScheduleIdentifier'],
  rules: { ScheduleIdentifier: 'string' },
  decide(s, input, caller) {
    const id = input.ScheduleIdentifier;
    requireSchedule(s, caller, id);
    const users = clustersOf(findPartition(s, caller.account, caller.region), id);
    if (users.length > 0) {
      throw fault('InvalidClusterSnapshotScheduleState', `The snapshot schedule ${id} is associated with ${users.length} cluster(s) (${users[0]!.id}${users.length > 1 ? ', …' : ''}); disassociate them first.`);
    }
    return { events: [{ type: 'SnapshotScheduleDeleted', ref: refOf(caller, id) }], reply: () => ({}) };
  },
});

/**
 * DescribeSnapshotSchedules: the caller's schedules in its region, in creation order, paged by
 * `MaxRecords` (1..100, default 100) and `Marker`; `ScheduleIdentifier` keeps that one,
 * `ClusterIdentifier` the one that cluster is associated with (an unknown name keeps none: the
 * operation has no modeled errors), `TagKeys`/`TagValues` those with a matching tag.
 */
const describeSnapshotSchedules = query<'DescribeSnapshotSchedules'>({
  required: [],
  rules: { ClusterIdentifier: 'string', ScheduleIdentifier: 'string', TagKeys: 'stringList', TagValues: 'stringList', Marker: 'string', MaxRecords: 'scheduleMaxRecords' },
  run(s, input, caller, now) {
    const p = findPartition(s, caller.account, caller.region);
    const clusterId = input.ClusterIdentifier;
    const ofCluster = clusterId === undefined ? undefined : (p?.clusters.get(clusterId)?.schedule?.id ?? null);
    const match = (sched: ScheduleRecord) =>
      (input.ScheduleIdentifier === undefined || sched.id === input.ScheduleIdentifier) &&
      (ofCluster === undefined || sched.id === ofCluster) &&
      matchesTagFilter(sched.tags, input.TagKeys, input.TagValues);
    const after = input.Marker === undefined ? 0 : decodeMarker(input.Marker).after;
    const limit = input.MaxRecords ?? 100;
    const page: ScheduleRecord[] = [];
    // a partition's map holds its schedules in creation order (each is set once, when created)
    for (const sched of p?.schedules.values() ?? []) {
      if (sched.seq <= after || !match(sched)) continue;
      if (page.length === limit) return { SnapshotSchedules: page.map((x) => scheduleView(p, x, now)), Marker: encodeMarker({ after: page[page.length - 1]!.seq }) };
      page.push(sched);
    }
    return { SnapshotSchedules: page.map((x) => scheduleView(p, x, now)) };
  },
});

/**
 * ModifyClusterSnapshotSchedule: associates the cluster with `ScheduleIdentifier` (`MODIFYING`,
 * then `ACTIVE` after seeded minutes), or with `DisassociateSchedule=true` removes its association
 * at once (the default policy applies again). Exactly one of the two (InvalidParameterCombination).
 * An unknown cluster is ClusterNotFound, an unknown schedule SnapshotScheduleNotFound;
 * InvalidClusterSnapshotScheduleState for: a cluster being deleted, an association still
 * `MODIFYING`, disassociating a cluster with none, associating the schedule it already has.
 */
const modifyClusterSnapshotSchedule = command<'ModifyClusterSnapshotSchedule'>({
  required: ['ClusterIdentifier'],
  rules: { ClusterIdentifier: 'string', ScheduleIdentifier: 'string', DisassociateSchedule: 'boolean' },
  decide(s, input, caller, env) {
    const id = input.ScheduleIdentifier;
    const disassociate = input.DisassociateSchedule === true;
    if (disassociate === (id !== undefined)) {
      throw fault('InvalidParameterCombination', disassociate ? 'Specify ScheduleIdentifier or DisassociateSchedule=true, not both.' : 'Specify ScheduleIdentifier, or DisassociateSchedule=true.');
    }
    const c = requireCluster(s, caller, input.ClusterIdentifier);
    if (id !== undefined) requireSchedule(s, caller, id);
    const refuse = (why: string) => fault('InvalidClusterSnapshotScheduleState', `The snapshot schedule of cluster ${c.id} cannot be changed: ${why}.`);
    if (c.status === 'deleting' || c.status === 'final-snapshot') throw refuse(`the cluster is ${c.status}`);
    if (c.schedule?.state === 'MODIFYING') throw refuse(`its association with ${c.schedule.id} is still being modified`);
    if (disassociate && c.schedule === null) throw refuse('it is not associated with a snapshot schedule');
    if (id !== undefined && c.schedule?.id === id) throw refuse(`it is associated with ${id} already`);
    const event: ClusterSnapshotScheduleChanged = disassociate ? { type: 'ClusterSnapshotScheduleChanged', ref: refOf(caller, c.id), scheduleId: null } : associationOf(caller, c.id, id!, env);
    return { events: [event], reply: () => ({}) };
  },
});

/** The snapshot schedule operations, by AWS name. */
export const SCHEDULE_OPERATIONS = {
  CreateSnapshotSchedule: createSnapshotSchedule,
  ModifySnapshotSchedule: modifySnapshotSchedule,
  DeleteSnapshotSchedule: deleteSnapshotSchedule,
  DescribeSnapshotSchedules: describeSnapshotSchedules,
  ModifyClusterSnapshotSchedule: modifyClusterSnapshotSchedule,
};
