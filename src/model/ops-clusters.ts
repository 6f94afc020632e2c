/** Cluster operations: CreateCluster, DescribeClusters, DeleteCluster, PauseCluster, ResumeCluster, RebootCluster. */
import type { DomainEvent } from '../events/types.ts';
import { outageAfterReboot, sameIncarnation } from './records.ts';
import { runningTableRestore } from './table-restore.ts';
import { fault } from './errors.ts';
import { copyTags } from './input.ts';
import type { CreateClusterMessage } from '../shapes/redshift.ts';
import { command, query } from './operation.ts';
import { decodeMarker, encodeMarker, matchesTagFilter, pageSize } from './paging.ts';
import { findCluster, findPartition, refOf } from './state.ts';
import { requireCluster } from './lookups.ts';
import { can } from './preconditions.ts';
import { checkNewCluster } from './new-cluster.ts';
import { portFits } from './node-types.ts';
import { clusterView } from './views.ts';
import { backupStarted } from './backup-start.ts';
import { checkNewManual } from './new-manual.ts';
import { automatedId } from './automated-id.ts';
import { associationOf, requireSchedule } from './snapshot-schedules.ts';
import type { Caller, ClusterRecord, Partition, SnapshotRecord, State, Tag } from './types.ts';
import { heldWindows } from './region-outage.ts';
import { stallAlso } from './stall.ts';

const PASSWORD_CHARS = /^[\x21-\x7e]+$/;

const replyCluster = (caller: Caller, id: string, now: number) => (after: State) => {
  const c = findCluster(after, caller.account, caller.region, id)!;
  return { Cluster: clusterView(c, caller.account, caller.region, now) };
};

function checkPassword(input: CreateClusterMessage): void {
  const pw = input.MasterUserPassword;
  if (pw !== undefined && input.ManageMasterPassword === true) {
    throw fault('InvalidParameterCombination', 'You cannot use MasterUserPassword when ManageMasterPassword is true');
  }
  if (pw === undefined) return;
  const ok = pw.length >= 8 && pw.length <= 64 && /[A-Z]/.test(pw) && /[a-z]/.test(pw) && /\d/.test(pw) && PASSWORD_CHARS.test(pw) && !/['"\\/@]/.test(pw);
  if (!ok) {
    throw fault('InvalidParameterValue', 'MasterUserPassword must be 8 to 64 printable ASCII characters with an uppercase letter, a lowercase letter and a digit, and no \' " \\ / @');
  }
}

function nodeCount(input: CreateClusterMessage): number {
  const type = input.ClusterType;
  const n = input.NumberOfNodes;
  if (type !== undefined && type !== 'single-node' && type !== 'multi-node') throw fault('InvalidParameterValue', `Invalid ClusterType ${type}: use single-node or multi-node`);
  if (type === 'multi-node' && n === undefined) throw fault('MissingParameter', 'NumberOfNodes is required for a multi-node cluster');
  if (type === 'multi-node' && n === 1) throw fault('InvalidParameterCombination', 'A multi-node cluster needs at least 2 nodes');
  if (type === 'single-node' && n !== undefined && n > 1) throw fault('InvalidParameterCombination', 'A single-node cluster has 1 node');
  return n ?? 1;
}

/**
 * CreateCluster: a new cluster in `creating`, `available` after a seeded delay; with
 * `SnapshotScheduleIdentifier` (unknown: SnapshotScheduleNotFound) associated with that schedule
 * (`ACTIVE` at once), so its automated snapshots follow it from the start.
 */
const createCluster = command<'CreateCluster'>({
  required: ['ClusterIdentifier', 'NodeType', 'MasterUsername'],
  rules: {
    ClusterIdentifier: 'clusterIdentifier',
    NodeType: 'nodeType',
    MasterUsername: 'masterUsername',
    DBName: 'dbName',
    NumberOfNodes: 'numberOfNodes',
    Port: 'port',
    AutomatedSnapshotRetentionPeriod: 'automatedRetention',
    ManualSnapshotRetentionPeriod: 'manualRetention',
    Encrypted: 'boolean',
    Tags: 'tags',
    ClusterType: 'string',
    MasterUserPassword: 'string',
    ManageMasterPassword: 'boolean',
    AvailabilityZone: 'string',
    MaintenanceTrackName: 'maintenanceTrack',
    EnhancedVpcRouting: 'boolean',
    KmsKeyId: 'string',
    SnapshotScheduleIdentifier: 'string',
  },
  decide(s, input, caller, env) {
    const id = input.ClusterIdentifier;
    const nodeType = input.NodeType;
    checkPassword(input);
    if (input.Encrypted === false) throw fault('InvalidParameterValue', 'Encrypted cannot be false: all new clusters are encrypted');
    if (input.Port !== undefined && !portFits(nodeType, input.Port)) throw fault('InvalidParameterValue', `Port ${input.Port} is not valid for ${nodeType} nodes (DC2: 1150-65535; RA3 and RG: 5431-5455 or 8191-8215)`);
    if (input.KmsKeyId !== undefined && input.KmsKeyId.trim() === '') throw fault('InvalidParameterValue', 'Invalid value for KmsKeyId: leave it out for the default key, or name a key');
    const automatedRetention = input.AutomatedSnapshotRetentionPeriod ?? 1;
    const numberOfNodes = nodeCount(input);
    checkNewCluster(s, findPartition(s, caller.account, caller.region), { region: caller.region, id, nodeType, nodes: numberOfNodes, automatedRetention, availabilityZone: input.AvailabilityZone });
    const scheduleId = input.SnapshotScheduleIdentifier;
    if (scheduleId !== undefined) requireSchedule(s, caller, scheduleId);
    const ref = refOf(caller, id);
    const now = env.now;
    return {
      events: [
        {
          type: 'ClusterCreated',
          ref,
          profile: {
            clusterId: id,
            nodeType,
            numberOfNodes,
            port: input.Port ?? 5439,
            availabilityZone: input.AvailabilityZone ?? env.availabilityZone(ref, now),
            masterUsername: input.MasterUsername,
            dbName: input.DBName ?? 'dev',
            clusterCreateTime: now,
            encrypted: true,
            maintenanceTrackName: input.MaintenanceTrackName ?? 'current',
            enhancedVpcRouting: input.EnhancedVpcRouting ?? false,
            ...(input.KmsKeyId !== undefined ? { kmsKeyId: input.KmsKeyId } : {}),
            ...(input.ManageMasterPassword === true ? { manageMasterPassword: true as const } : {}),
          },
          workload: env.workload(ref, nodeType, numberOfNodes, now),
          tags: copyTags(input.Tags),
          automatedRetention,
          manualRetention: input.ManualSnapshotRetentionPeriod ?? -1,
          readyAt: now + env.clusterCreateMs(ref, now),
        },
        // a new cluster starts on its schedule (ACTIVE at once)
        ...(scheduleId !== undefined ? [associationOf(caller, id, scheduleId, env, true)] : []),
      ],
      reply: replyCluster(caller, id, now),
    };
  },
});

/** DescribeClusters: one cluster, or a page of the caller's clusters filtered by tags. */
const describeClusters = query<'DescribeClusters'>({
  required: [],
  rules: { ClusterIdentifier: 'string', MaxRecords: 'maxRecords', Marker: 'string', TagKeys: 'stringList', TagValues: 'stringList' },
  run(s, input, caller, now) {
    const id = input.ClusterIdentifier;
    const marker = input.Marker;
    if (id !== undefined && marker !== undefined) throw fault('InvalidParameterCombination', 'You can specify either ClusterIdentifier or Marker, but not both');
    const keys = input.TagKeys;
    const values = input.TagValues;
    if (id !== undefined) {
      // the tag filters apply to a named cluster too (as DescribeClusterSnapshots' do): none when it does not match
      const c = requireCluster(s, caller, id);
      return { Clusters: matchesTagFilter(c.tags, keys, values) ? [clusterView(c, caller.account, caller.region, now)] : [] };
    }
    const after = marker === undefined ? 0 : decodeMarker(marker).after;
    const limit = pageSize(input.MaxRecords);
    const page: ClusterRecord[] = [];
    let more = false;
    for (const c of findPartition(s, caller.account, caller.region)?.clusters.values() ?? []) {
      if (c.seq <= after || !matchesTagFilter(c.tags, keys, values)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(c);
    }
    const last = page[page.length - 1];
    return {
      Clusters: page.map((c) => clusterView(c, caller.account, caller.region, now)),
      Marker: more && last ? encodeMarker({ after: last.seq }) : undefined,
    };
  },
});

/** DeleteCluster: with a final snapshot (the default) or `SkipFinalClusterSnapshot=true`. */
const deleteCluster = command<'DeleteCluster'>({
  required: ['ClusterIdentifier'],
  rules: {
    ClusterIdentifier: 'string',
    SkipFinalClusterSnapshot: 'boolean',
    FinalClusterSnapshotIdentifier: 'snapshotIdentifier',
    FinalClusterSnapshotRetentionPeriod: 'manualRetention',
  },
  decide(s, input, caller, env) {
    const id = input.ClusterIdentifier;
    const skip = input.SkipFinalClusterSnapshot ?? false;
    const finalId = input.FinalClusterSnapshotIdentifier;
    if (!skip && finalId === undefined) throw fault('InvalidParameterCombination', 'FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.');
    if (skip && finalId !== undefined) throw fault('InvalidParameterCombination', 'FinalClusterSnapshotIdentifier must not be specified when SkipFinalClusterSnapshot is true.');
    const c = requireCluster(s, caller, id);
    if (!can(c, skip ? 'DELETE' : 'DELETE_WITH_FINAL_SNAPSHOT')) throw fault('InvalidClusterState', `There is an operation running on the Cluster (status ${c.status}). Please try to delete it at a later time.`);
    const ref = refOf(caller, id);
    const now = env.now;
    // a table restore still running is canceled: the cluster it creates its table in goes away
    const running = runningTableRestore(c);
    const cancel: DomainEvent[] = running ? [{ type: 'TableRestoreTransitioned', ref, requestId: running.requestId, event: 'CANCEL' }] : [];
    if (skip) {
      return { events: [{ type: 'ClusterTransitioned', ref, event: 'DELETE', dueAt: now + env.clusterDeleteMs(ref, now) }, ...cancel], reply: replyCluster(caller, id, now) };
    }
    checkNewManual(s, caller, finalId!);
    const retention = input.FinalClusterSnapshotRetentionPeriod ?? -1;
    return {
      events: [
        { type: 'ClusterTransitioned', ref, event: 'DELETE_WITH_FINAL_SNAPSHOT', finalSnapshotId: finalId! },
        backupStarted(s, c, refOf(caller, finalId!), 'final', retention, [], env), // manual; outlives the cluster
        ...cancel,
      ],
      reply: replyCluster(caller, id, now),
    };
  },
});

/** The tags of a pause snapshot: none (it is an automated snapshot). */
const NO_TAGS: readonly Tag[] = Object.freeze([]);

/**
 * PauseCluster: `available` → `pausing`, and a snapshot of the cluster starts: an automated one
 * (`rs:` identifier, automated retention), as AWS takes it with the automated backups. The cluster
 * is `paused` once that snapshot has ended (completed or failed) and its seeded pausing time has
 * passed. Refused while a backup of the cluster is running or its restore still loads, and for a
 * cluster whose automated snapshots are off (AWS's guide; the code is not documented).
 */
const pauseCluster = command<'PauseCluster'>({
  required: ['ClusterIdentifier'],
  rules: { ClusterIdentifier: 'string' },
  decide(s, input, caller, env) {
    const c = requireCluster(s, caller, input.ClusterIdentifier);
    if (!can(c, 'BEGIN_PAUSE')) throw fault('InvalidClusterState', `The cluster ${c.id} is not in the available state (status ${c.status}).`);
    if (c.automatedRetention === 0) throw fault('InvalidClusterState', `The cluster ${c.id} cannot be paused: its automated snapshots are turned off.`);
    const now = env.now;
    // the pause snapshot's id names the second: one taken in the same second is still running, or so near it counts as running
    if (c.backupsInFlight > 0 || Math.floor(c.lastAutoStart / 1000) === Math.floor(now / 1000)) {
      throw fault('InvalidClusterState', `The cluster ${c.id} cannot be paused while a snapshot is being taken.`);
    }
    if (c.restore?.plan) throw fault('InvalidClusterState', `The cluster ${c.id} cannot be paused while its data is being restored.`);
    if (runningTableRestore(c)) throw fault('InvalidClusterState', `The cluster ${c.id} cannot be paused while a table is being restored into it.`);
    const ref = refOf(caller, c.id);
    return {
      events: [
        { type: 'ClusterTransitioned', ref, event: 'BEGIN_PAUSE', dueAt: now + env.clusterPauseMs(ref, now) },
        backupStarted(s, c, refOf(caller, automatedId(c.id, now)), 'automated', c.automatedRetention, NO_TAGS, env),
      ],
      reply: replyCluster(caller, c.id, now),
    };
  },
});

/** ResumeCluster: `paused` → `resuming`, `available` after a seeded delay. */
const resumeCluster = command<'ResumeCluster'>({
  required: ['ClusterIdentifier'],
  rules: { ClusterIdentifier: 'string' },
  decide(s, input, caller, env) {
    const c = requireCluster(s, caller, input.ClusterIdentifier);
    if (!can(c, 'BEGIN_RESUME')) throw fault('InvalidClusterState', `The cluster ${c.id} is not paused (status ${c.status}).`);
    const ref = refOf(caller, c.id);
    const now = env.now;
    return { events: [{ type: 'ClusterTransitioned', ref, event: 'BEGIN_RESUME', dueAt: now + env.clusterResumeMs(ref, now) }], reply: replyCluster(caller, c.id, now) };
  },
});

/** The backups of cluster `c` (of partition `p`) whose transfer is running: its automated ones and its own manual ones (not same-region copies, which do not read it). */
function runningBackups(p: Partition, c: ClusterRecord): SnapshotRecord[] {
  if (c.backupsInFlight === 0) return [];
  const out: SnapshotRecord[] = [];
  for (const snap of p.manual.values()) if (snap.plan !== null && snap.source === null && sameIncarnation(c, snap)) out.push(snap);
  for (const snap of c.automated) if (snap.plan !== null) out.push(snap);
  return out;
}

/**
 * RebootCluster: `available` → `rebooting` for seeded minutes, then `available` again (REBOOTED,
 * a logged event of its own). Backups of the cluster running when it starts stall until it ends
 * (one SnapshotTransferStalled each), as they do through an injected outage; table restores and a
 * restore's data load go on (docs/assumptions.md).
 */
const rebootCluster = command<'RebootCluster'>({
  required: ['ClusterIdentifier'],
  rules: { ClusterIdentifier: 'string' },
  decide(s, input, caller, env) {
    const c = requireCluster(s, caller, input.ClusterIdentifier);
    if (!can(c, 'REBOOT')) throw fault('InvalidClusterState', `The cluster ${c.id} is not in the available state (status ${c.status}).`);
    const ref = refOf(caller, c.id);
    const now = env.now;
    const until = now + env.clusterRebootMs(ref, now);
    const p = findPartition(s, caller.account, caller.region)!;
    const stalls = runningBackups(p, c).map((snap): DomainEvent => {
      // its region's outages ahead stay where they are; its cluster's outage ahead moves by the reboot's length (see REBOOT in evolve)
      const ref = refOf(p, snap.id);
      const { held, cluster } = heldWindows(s, p, snap, now, -1);
      if (held.every((w) => w.to <= now)) return { type: 'SnapshotTransferStalled', ref, from: now, to: until };
      const after = cluster && outageAfterReboot([cluster.from, cluster.to], now, until);
      const moved = cluster && after && { was: cluster, now: { from: after[0], to: after[1] } };
      return { type: 'SnapshotTransferReplanned', ref, plan: stallAlso(snap.plan!, snap.createTime, held, { from: now, to: until }, moved) };
    });
    return { events: [{ type: 'ClusterTransitioned', ref, event: 'REBOOT', dueAt: until }, ...stalls], reply: replyCluster(caller, c.id, now) };
  },
});

/** The cluster operations, by AWS name. */
export const CLUSTER_OPERATIONS = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  DeleteCluster: deleteCluster,
  PauseCluster: pauseCluster,
  ResumeCluster: resumeCluster,
  RebootCluster: rebootCluster,
};
