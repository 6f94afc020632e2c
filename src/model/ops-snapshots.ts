/**
 * Snapshot operations: create, copy, delete, modify, authorize/revoke access, and their batch
 * forms. Each checks AWS's rules in AWS's order and fails with AWS's exact code.
 */
import type { DomainEvent } from '../events/types.ts';
import { fault, isServiceError } from './errors.ts';
import { expiryOf, livingCluster } from './records.ts';
import { copyTags } from './input.ts';
import type { AuthorizeSnapshotAccessMessage, DeleteClusterSnapshotMessage, RevokeSnapshotAccessMessage, SnapshotErrorMessage } from '../shapes/redshift.ts';
import { command } from './operation.ts';
import { findPartition, findSnapshot, refOf } from './state.ts';
import { parseSnapshotArn } from './arns.ts';
import { requireCluster, requireOwnSnapshot, snapshotNotFound } from './lookups.ts';
import { snapshotView } from './views.ts';
import { backupStarted } from './backup-start.ts';
import { underRegionOutages } from './region-outage.ts';
import { checkNewManual } from './new-manual.ts';
import { can, meets, NEEDS } from './preconditions.ts';
import type { Caller, SnapshotRecord, State } from './types.ts';

const replySnapshot = (caller: Caller, id: string, now: number) => (after: State) => ({
  Snapshot: snapshotView(findSnapshot(after, caller.account, caller.region, id)!, now, caller.account),
});

/** The reply for a snapshot that the command deletes: its view before, with status `deleted`. */
const replyDeleted = (snap: SnapshotRecord, now: number, viewer: string) => {
  const view = { ...snapshotView(snap, now, viewer), Status: 'deleted', RestorableNodeTypes: undefined };
  return () => ({ Snapshot: view });
};

/** CreateClusterSnapshot: a manual snapshot of an available cluster, returned `creating`. */
const createClusterSnapshot = command<'CreateClusterSnapshot'>({
  required: ['SnapshotIdentifier', 'ClusterIdentifier'],
  rules: { SnapshotIdentifier: 'snapshotIdentifier', ClusterIdentifier: 'string', ManualSnapshotRetentionPeriod: 'manualRetention', Tags: 'tags' },
  decide(s, input, caller, env) {
    const id = input.SnapshotIdentifier;
    const c = requireCluster(s, caller, input.ClusterIdentifier);
    if (!meets(c, NEEDS.snapshotCluster)) throw fault('InvalidClusterState', `The cluster ${c.id} must be in the available state (status ${c.status}).`);
    checkNewManual(s, caller, id);
    const retention = input.ManualSnapshotRetentionPeriod ?? c.manualRetention;
    return {
      events: [backupStarted(s, c, refOf(caller, id), 'manual', retention, copyTags(input.Tags), env)],
      reply: replySnapshot(caller, id, env.now),
    };
  },
});

/** CopyClusterSnapshot: an available automated snapshot → a new manual snapshot, `creating`. */
const copyClusterSnapshot = command<'CopyClusterSnapshot'>({
  required: ['SourceSnapshotIdentifier', 'TargetSnapshotIdentifier'],
  rules: { SourceSnapshotIdentifier: 'string', SourceSnapshotClusterIdentifier: 'string', TargetSnapshotIdentifier: 'snapshotIdentifier', ManualSnapshotRetentionPeriod: 'manualRetention' },
  decide(s, input, caller, env) {
    const clusterId = input.SourceSnapshotClusterIdentifier;
    if (clusterId !== undefined) requireCluster(s, caller, clusterId);
    const source = requireOwnSnapshot(s, caller, input.SourceSnapshotIdentifier, clusterId);
    if (!meets(source, NEEDS.copySource)) {
      throw fault('InvalidClusterSnapshotState', `The source snapshot must be an automated snapshot in the available state (${source.id} is ${source.type}, ${source.status}).`);
    }
    const of = findPartition(s, caller.account, caller.region);
    const cluster = of && livingCluster(of, source);
    if (cluster && cluster.latestAutoSeq === source.seq && !meets(cluster, NEEDS.copyLatestAutomatedOf)) {
      throw fault('InvalidClusterSnapshotState', `${source.id} is the latest automated snapshot of the paused cluster ${cluster.id}: it cannot be copied while the cluster is paused.`);
    }
    const id = input.TargetSnapshotIdentifier;
    checkNewManual(s, caller, id);
    const now = env.now;
    const ref = refOf(caller, id);
    const drawn = env.planTransfer({ kind: 'backup', ref, createTime: now, sizeMb: source.incrementalMb, profile: source.profile, automatedIndex: null, outage: 'none' });
    const outage = drawn.outage;
    const plan = underRegionOutages(s, drawn.plan, ref, now, now, [caller.region], env);
    return {
      events: [{
        type: 'SnapshotCreated', ref, clusterId: source.profile.clusterId, kind: 'copy', createTime: now, totalMb: source.totalMb, incrementalMb: source.incrementalMb,
        plan, retention: input.ManualSnapshotRetentionPeriod ?? -1, tags: source.tags.map((t) => ({ ...t })), source: source.id, ...(outage ? { outage } : {}),
      }],
      reply: replySnapshot(caller, id, now),
    };
  },
});

/** Decides deleting one manual snapshot; shared by DeleteClusterSnapshot and the batch form. */
function decideDelete(s: State, caller: Caller, id: string, clusterId: string | undefined): { events: DomainEvent[]; snap: SnapshotRecord } {
  const snap = requireOwnSnapshot(s, caller, id, clusterId);
  if (snap.type !== 'manual') throw fault('InvalidClusterSnapshotState', `Only manual snapshots can be deleted; ${id} is automated.`);
  if (!can(snap, 'DELETE')) {
    throw fault('InvalidClusterSnapshotState', `Snapshot ${id} must be available, failed or cancelled to be deleted (status ${snap.status}).`);
  }
  if (snap.grants.length > 0) throw fault('InvalidClusterSnapshotState', `Snapshot ${id} is shared with ${snap.grants.length} account(s); revoke all authorizations before deleting it.`);
  return { events: [{ type: 'SnapshotTransitioned', ref: refOf(caller, id), event: 'DELETE' }], snap };
}

/** DeleteClusterSnapshot: returns the snapshot as `deleted`; the identifier is then free. */
const deleteClusterSnapshot = command<'DeleteClusterSnapshot'>({
  required: ['SnapshotIdentifier'],
  rules: { SnapshotIdentifier: 'string', SnapshotClusterIdentifier: 'string' },
  decide(s, input, caller, env) {
    const { events, snap } = decideDelete(s, caller, input.SnapshotIdentifier, input.SnapshotClusterIdentifier);
    return { events, reply: replyDeleted(snap, env.now, caller.account) };
  },
});

/** Decides a manual retention change; shared by ModifyClusterSnapshot and the batch form. */
function decideModify(s: State, caller: Caller, id: string, retention: number | undefined, force: boolean, now: number) {
  const snap = requireOwnSnapshot(s, caller, id);
  if (!meets(snap, NEEDS.modifyRetention)) {
    throw fault('InvalidClusterSnapshotState', `Snapshot ${id} must be a manual snapshot in the available state (${snap.type}, ${snap.status}).`);
  }
  const ref = refOf(caller, id);
  if (retention === undefined || retention === snap.retention) return { events: [] as DomainEvent[], snap, deleted: false };
  const expiry = expiryOf({ ...snap, retention });
  if (expiry <= now) {
    if (!force) throw fault('InvalidRetentionPeriodFault', `The retention period ${retention} is in the past for snapshot ${id}; use Force to delete it now.`);
    if (snap.grants.length > 0) throw fault('InvalidClusterSnapshotState', `Snapshot ${id} is shared with ${snap.grants.length} account(s); revoke all authorizations before it can be deleted.`);
    return { events: [{ type: 'SnapshotTransitioned', ref, event: 'PURGE' }] as DomainEvent[], snap, deleted: true };
  }
  return { events: [{ type: 'SnapshotRetentionChanged', ref, retention }] as DomainEvent[], snap, deleted: false };
}

/** ModifyClusterSnapshot: changes a manual snapshot's retention; `Force` deletes one already past it. */
const modifyClusterSnapshot = command<'ModifyClusterSnapshot'>({
  required: ['SnapshotIdentifier'],
  rules: { SnapshotIdentifier: 'string', ManualSnapshotRetentionPeriod: 'manualRetention', Force: 'boolean' },
  decide(s, input, caller, env) {
    const id = input.SnapshotIdentifier;
    const r = decideModify(s, caller, id, input.ManualSnapshotRetentionPeriod, input.Force ?? false, env.now);
    return { events: r.events, reply: r.deleted ? replyDeleted(r.snap, env.now, caller.account) : replySnapshot(caller, id, env.now) };
  },
});

/**
 * The snapshot an Authorize/Revoke call names (identifier or ARN), checked to be the caller's own.
 * An ARN of another account's existing snapshot gets `foreign`, the code AWS's model allows the
 * operation: Revoke's `AccessToSnapshotDenied` (the reference: "caller is not owner"), Authorize's
 * `ClusterSnapshotNotFound` (its errors do not include the former), whether or not it is shared
 * with the caller.
 */
function sharingTarget(s: State, input: AuthorizeSnapshotAccessMessage | RevokeSnapshotAccessMessage, caller: Caller, foreign: 'AccessToSnapshotDenied' | 'ClusterSnapshotNotFound'): SnapshotRecord {
  const id = input.SnapshotIdentifier;
  const arn = input.SnapshotArn;
  if (id === undefined && arn === undefined) throw fault('MissingParameter', 'The request must contain the parameter SnapshotIdentifier or SnapshotArn');
  if (id !== undefined && arn !== undefined) throw fault('InvalidParameterCombination', 'Specify SnapshotIdentifier or SnapshotArn, not both');
  const clusterId = input.SnapshotClusterIdentifier;
  if (id !== undefined) return requireOwnSnapshot(s, caller, id, clusterId);
  const parsed = parseSnapshotArn(arn!);
  if (!parsed || parsed.region !== caller.region) throw snapshotNotFound(arn!);
  if (parsed.account !== caller.account) {
    if (foreign === 'AccessToSnapshotDenied' && findSnapshot(s, parsed.account, parsed.region, parsed.id)) {
      throw fault(foreign, `Only the owner of snapshot ${parsed.id} can change who may access it.`);
    }
    throw snapshotNotFound(arn!);
  }
  const snap = requireOwnSnapshot(s, caller, parsed.id, clusterId);
  if (snap.profile.clusterId !== parsed.clusterId) throw snapshotNotFound(arn!);
  return snap;
}

/** The members AuthorizeSnapshotAccess and RevokeSnapshotAccess share, and their rules. */
const SHARING_RULES = { AccountWithRestoreAccess: 'restoreAccount', SnapshotIdentifier: 'string', SnapshotArn: 'string', SnapshotClusterIdentifier: 'string' } as const;

/** AuthorizeSnapshotAccess: shares an available manual snapshot with another account (≤ 20). */
const authorizeSnapshotAccess = command<'AuthorizeSnapshotAccess'>({
  required: ['AccountWithRestoreAccess'],
  rules: SHARING_RULES,
  decide(s, input, caller, env) {
    const grantee = input.AccountWithRestoreAccess;
    const snap = sharingTarget(s, input, caller, 'ClusterSnapshotNotFound');
    if (snap.type !== 'manual') throw fault('InvalidClusterSnapshotState', `Only manual snapshots can be shared; ${snap.id} is automated.`);
    if (!meets(snap, NEEDS.share)) throw fault('InvalidClusterSnapshotState', `Snapshot ${snap.id} must be available to be shared (status ${snap.status}).`);
    if (grantee === snap.owner) throw fault('InvalidParameterValue', `The owner account ${grantee} cannot be authorized on its own snapshot.`);
    if (snap.grants.includes(grantee)) throw fault('AuthorizationAlreadyExists', `Account ${grantee} is already authorized to restore snapshot ${snap.id}.`);
    if (snap.grants.length >= s.config.quotas.authorizationsPerSnapshot) {
      throw fault('AuthorizationQuotaExceeded', `Snapshot ${snap.id} is already shared with the maximum of ${s.config.quotas.authorizationsPerSnapshot} accounts.`);
    }
    const key = snap.profile.kmsKeyId;
    if (key !== undefined) {
      const sharing = accountsSharingKey(s, caller, key);
      if (!sharing.has(grantee) && sharing.size >= ACCOUNTS_PER_KMS_KEY) {
        throw fault('AuthorizationQuotaExceeded', `The snapshots encrypted with KMS key ${key} are already shared with the maximum of ${ACCOUNTS_PER_KMS_KEY} accounts.`);
      }
    }
    return { events: [{ type: 'SnapshotAccessAuthorized', ref: refOf(caller, snap.id), grantee }], reply: replySnapshot(caller, snap.id, env.now) };
  },
});

/** Accounts the snapshots of one KMS key may be shared with, together (AWS: 100, not adjustable). */
export const ACCOUNTS_PER_KMS_KEY = 100;

/** The accounts the caller's snapshots in its region that are encrypted with KMS key `key` are shared with. */
function accountsSharingKey(s: State, caller: Caller, key: string): Set<string> {
  const accounts = new Set<string>();
  for (const snap of findPartition(s, caller.account, caller.region)?.manual.values() ?? []) {
    if (snap.profile.kmsKeyId === key) for (const g of snap.grants) accounts.add(g);
  }
  return accounts;
}

/** RevokeSnapshotAccess: ends an account's access to a snapshot. */
const revokeSnapshotAccess = command<'RevokeSnapshotAccess'>({
  required: ['AccountWithRestoreAccess'],
  rules: SHARING_RULES,
  decide(s, input, caller, env) {
    const grantee = input.AccountWithRestoreAccess;
    const snap = sharingTarget(s, input, caller, 'AccessToSnapshotDenied');
    if (grantee === snap.owner) throw fault('InvalidParameterValue', `The owner account ${grantee} cannot be revoked from its own snapshot.`);
    if (!snap.grants.includes(grantee)) throw fault('AuthorizationNotFound', `Account ${grantee} is not authorized to restore snapshot ${snap.id}.`);
    return { events: [{ type: 'SnapshotAccessRevoked', ref: refOf(caller, snap.id), grantee }], reply: replySnapshot(caller, snap.id, env.now) };
  },
});

/**
 * Runs a per-item decision over a batch; item failures become `Errors` (naming the item's snapshot,
 * and its cluster when the item names one), not a failed call. A snapshot named again after it
 * succeeded is, for a deletion (`repeat: 'gone'`), not found (the first took it); for a
 * modification (`'once'`), done already: listed once, changed once.
 */
function batch<T>(items: readonly T[], idOf: (item: T) => string, decideItem: (item: T) => DomainEvent[], repeat: 'gone' | 'once', clusterOf: (item: T) => unknown = () => undefined) {
  const events: DomainEvent[] = [];
  const resources: string[] = [];
  const errors: SnapshotErrorMessage[] = [];
  const done = new Set<string>();
  for (const item of items) {
    const id = idOf(item);
    try {
      if (done.has(id)) {
        if (repeat === 'once') continue;
        throw snapshotNotFound(id);
      }
      events.push(...decideItem(item));
      done.add(id);
      resources.push(id);
    } catch (e) {
      if (!isServiceError(e)) throw e;
      const cluster = clusterOf(item);
      errors.push({ SnapshotIdentifier: id, ...(typeof cluster === 'string' ? { SnapshotClusterIdentifier: cluster } : {}), FailureCode: e.code, FailureReason: e.message });
    }
  }
  return { events, reply: () => ({ Resources: resources, Errors: errors }) };
}

/** BatchDeleteClusterSnapshots: up to 100 deletions, each succeeding or failing on its own. */
const batchDeleteClusterSnapshots = command<'BatchDeleteClusterSnapshots'>({
  required: ['Identifiers'],
  rules: { Identifiers: 'deleteItems' },
  decide(s, input, caller) {
    const items: Partial<DeleteClusterSnapshotMessage>[] = input.Identifiers;
    if (items.length > 100) throw fault('BatchDeleteRequestSizeExceeded', `The maximum number for a batch delete of snapshots is 100 (got ${items.length}).`);
    return batch(items, (i) => (typeof i.SnapshotIdentifier === 'string' ? i.SnapshotIdentifier : ''), (i) => {
      const id = i.SnapshotIdentifier;
      if (typeof id !== 'string') throw fault('MissingParameter', 'Each item must contain SnapshotIdentifier');
      const clusterId = i.SnapshotClusterIdentifier;
      if (clusterId !== undefined && typeof clusterId !== 'string') throw fault('InvalidParameterValue', 'SnapshotClusterIdentifier must be a string');
      return decideDelete(s, caller, id, clusterId).events;
    }, 'gone', (i) => i.SnapshotClusterIdentifier);
  },
});

/** BatchModifyClusterSnapshots: one retention for up to 100 snapshots, each on its own. */
const batchModifyClusterSnapshots = command<'BatchModifyClusterSnapshots'>({
  required: ['SnapshotIdentifierList'],
  rules: { SnapshotIdentifierList: 'stringList', ManualSnapshotRetentionPeriod: 'manualRetention', Force: 'boolean' },
  decide(s, input, caller, env) {
    const ids = input.SnapshotIdentifierList;
    if (ids.length > 100) throw fault('BatchModifyClusterSnapshotsLimitExceededFault', `The maximum number of snapshot identifiers is 100 (got ${ids.length}).`);
    const retention = input.ManualSnapshotRetentionPeriod;
    const force = input.Force ?? false;
    return batch(ids, (id) => id, (id) => decideModify(s, caller, id, retention, force, env.now).events, 'once');
  },
});

/** Snapshot operations that change state, by AWS name. */
export const SNAPSHOT_COMMANDS = {
  CreateClusterSnapshot: createClusterSnapshot,
  CopyClusterSnapshot: copyClusterSnapshot,
  DeleteClusterSnapshot: deleteClusterSnapshot,
  ModifyClusterSnapshot: modifyClusterSnapshot,
  AuthorizeSnapshotAccess: authorizeSnapshotAccess,
  RevokeSnapshotAccess: revokeSnapshotAccess,
  BatchDeleteClusterSnapshots: batchDeleteClusterSnapshots,
  BatchModifyClusterSnapshots: batchModifyClusterSnapshots,
};

