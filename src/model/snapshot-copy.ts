/**
 * Cross-region snapshot copy, the caller's half: EnableSnapshotCopy, DisableSnapshotCopy and
 * ModifySnapshotCopyRetentionPeriod. What copying does once enabled is `region-copy.ts`.
 */
import type { DomainEvent } from '../events/types.ts';
import { fault } from './errors.ts';
import { requireCluster } from './lookups.ts';
import { command } from './operation.ts';
import { expiryOf } from './records.ts';
import { KNOWN_REGIONS } from './regions.ts';
import { findCluster, findPartition, refOf } from './state.ts';
import { NOT_YET, type Caller, type ClusterRecord, type SnapshotRecord, type State } from './types.ts';
import { clusterView } from './views.ts';

/** Days copied automated snapshots are kept when EnableSnapshotCopy names none (AWS's default). */
export const DEFAULT_COPY_RETENTION = 7;

const replyCluster = (caller: Caller, id: string, now: number) => (after: State) => ({
  Cluster: clusterView(findCluster(after, caller.account, caller.region, id)!, caller.account, caller.region, now),
});

/** The cluster the request names, `available` (the three operations' InvalidClusterState). */
function availableCluster(s: State, caller: Caller, id: string): ClusterRecord {
  const c = requireCluster(s, caller, id);
  if (c.status !== 'available') throw fault('InvalidClusterState', `The cluster ${c.id} is not in the available state (status ${c.status}).`);
  return c;
}

/** The automated snapshots copied from this incarnation of cluster `c` (of the caller's region) into `region`. */
function* copiesOf(s: State, caller: Caller, c: ClusterRecord, region: string): Generator<SnapshotRecord> {
  const dest = findPartition(s, caller.account, region);
  if (!dest) return;
  for (const snap of dest.copiedAutomated.get(c.id)?.snaps ?? []) {
    if (snap.sourceRegion === caller.region && snap.profile.clusterCreateTime === c.profile.clusterCreateTime) yield snap;
  }
}

/** EnableSnapshotCopy: every backup of the cluster that completes from now on is copied to `DestinationRegion`. */
const enableSnapshotCopy = command<'EnableSnapshotCopy'>({
  required: ['ClusterIdentifier', 'DestinationRegion'],
  rules: { ClusterIdentifier: 'string', DestinationRegion: 'string', RetentionPeriod: 'copyRetention', ManualSnapshotRetentionPeriod: 'manualRetention', SnapshotCopyGrantName: 'string' },
  decide(s, input, caller, env) {
    const c = availableCluster(s, caller, input.ClusterIdentifier);
    if (c.copy !== null) throw fault('SnapshotCopyAlreadyEnabledFault', `The cluster ${c.id} already has cross-region snapshot copy enabled (to ${c.copy.destinationRegion}).`);
    const region = input.DestinationRegion;
    if (!KNOWN_REGIONS.has(region)) throw fault('UnknownSnapshotCopyRegionFault', `The region ${region.slice(0, 64)} is incorrect or does not exist.`);
    if (region === caller.region) throw fault('UnknownSnapshotCopyRegionFault', `The destination region must differ from the cluster's region ${caller.region}.`);
    const grantName = input.SnapshotCopyGrantName;
    const kms = c.profile.kmsKeyId !== undefined;
    if (kms && grantName === undefined) throw fault('SnapshotCopyGrantNotFoundFault', `The cluster ${c.id} is encrypted with a KMS key: name a snapshot copy grant of ${region} in SnapshotCopyGrantName.`);
    if (grantName !== undefined && findPartition(s, caller.account, region)?.copyGrants.get(grantName) === undefined) {
      throw fault('SnapshotCopyGrantNotFoundFault', `The snapshot copy grant ${grantName.slice(0, 64)} was not found in the destination region ${region}.`);
    }
    const event: DomainEvent = {
      type: 'SnapshotCopyEnabled',
      ref: refOf(caller, c.id),
      destinationRegion: region,
      retention: input.RetentionPeriod ?? DEFAULT_COPY_RETENTION,
      manualRetention: input.ManualSnapshotRetentionPeriod ?? -1,
      ...(grantName !== undefined ? { grantName } : {}),
    };
    return { events: [event], reply: replyCluster(caller, c.id, env.now) };
  },
});

/** DisableSnapshotCopy: no more copies; those made stay in the destination until their retention ends. */
const disableSnapshotCopy = command<'DisableSnapshotCopy'>({
  required: ['ClusterIdentifier'],
  rules: { ClusterIdentifier: 'string' },
  decide(s, input, caller, env) {
    const c = requireCluster(s, caller, input.ClusterIdentifier);
    if (c.copy === null) throw fault('SnapshotCopyAlreadyDisabledFault', `The cluster ${c.id} already has cross-region snapshot copy disabled.`);
    if (c.status !== 'available') throw fault('InvalidClusterState', `The cluster ${c.id} is not in the available state (status ${c.status}).`);
    return { events: [{ type: 'SnapshotCopyDisabled', ref: refOf(caller, c.id) }], reply: replyCluster(caller, c.id, env.now) };
  },
});

/**
 * ModifySnapshotCopyRetentionPeriod: of copied automated snapshots, new and existing (those that
 * fall outside a lowered period are deleted at once), or, with `Manual`, of manual snapshots
 * copied from now on.
 */
const modifySnapshotCopyRetentionPeriod = command<'ModifySnapshotCopyRetentionPeriod'>({
  required: ['ClusterIdentifier', 'RetentionPeriod'],
  rules: { ClusterIdentifier: 'string', RetentionPeriod: 'manualRetention', Manual: 'boolean' },
  decide(s, input, caller, env) {
    const c = requireCluster(s, caller, input.ClusterIdentifier);
    if (c.copy === null) throw fault('SnapshotCopyDisabledFault', `The cluster ${c.id} does not have cross-region snapshot copy enabled.`);
    if (c.status !== 'available') throw fault('InvalidClusterState', `The cluster ${c.id} is not in the available state (status ${c.status}).`);
    const retention = input.RetentionPeriod;
    const manual = input.Manual === true;
    if (!manual && !(retention >= 1 && retention <= 35)) throw fault('InvalidRetentionPeriodFault', `RetentionPeriod: copied automated snapshots are kept 1 to 35 days (got ${retention})`);
    const events: DomainEvent[] = [{ type: 'SnapshotCopyRetentionChanged', ref: refOf(caller, c.id), retention, manual }];
    if (!manual) {
      const now = env.now;
      const region = c.copy.destinationRegion;
      for (const snap of copiesOf(s, caller, c, region)) {
        if (snap.retention === retention) continue;
        const ref = { account: caller.account, region, id: snap.id };
        // a copy still transferring starts its period when it ends, and it will be the new one
        const outside = snap.retentionStart !== NOT_YET && expiryOf({ ...snap, retention }) <= now;
        events.push(outside ? { type: 'SnapshotTransitioned', ref, event: 'PURGE' } : { type: 'SnapshotRetentionChanged', ref, retention });
      }
    }
    return { events, reply: replyCluster(caller, c.id, env.now) };
  },
});

/** The cross-region copy operations, by AWS name. */
export const SNAPSHOT_COPY_OPERATIONS = {
  EnableSnapshotCopy: enableSnapshotCopy,
  DisableSnapshotCopy: disableSnapshotCopy,
  ModifySnapshotCopyRetentionPeriod: modifySnapshotCopyRetentionPeriod,
};
