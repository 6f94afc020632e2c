/**
 * RestoreFromClusterSnapshot: a new cluster of the caller's from a snapshot it owns or that was
 * shared with it (granted when the restore starts; revoking later does not stop it). The cluster
 * is `creating` for seeded provisioning minutes, then `available` while its data still loads
 * (RestoreStatus `restoring`), until the transfer completes or fails (`incompatible-restore`).
 */
import type { Ref } from '../events/types.ts';
import type { RestoreFromClusterSnapshotMessage } from '../shapes/redshift.ts';
import { fault } from './errors.ts';
import { copyTags } from './input.ts';
import { restorableOrDenied, snapshotNotFound } from './lookups.ts';
import { mayDisableAutomatedSnapshots, nodeFamily, portFits, restoreRefusal } from './node-types.ts';
import { command } from './operation.ts';
import { livingCluster } from './records.ts';
import { findCluster, findPartition, refOf } from './state.ts';
import { clusterView } from './views.ts';
import { checkNewCluster } from './new-cluster.ts';
import { associationOf, requireSchedule } from './snapshot-schedules.ts';
import type { Caller, SnapshotRecord, State } from './types.ts';

/** The snapshot a restore names, checked: visible to the caller (else AccessToSnapshotDenied when it exists), available. */
function sourceOf(s: State, input: RestoreFromClusterSnapshotMessage, caller: Caller): SnapshotRecord {
  const id = input.SnapshotIdentifier;
  const arn = input.SnapshotArn;
  if (id === undefined && arn === undefined) throw fault('MissingParameter', 'The request must contain the parameter SnapshotIdentifier or SnapshotArn');
  if (id !== undefined && arn !== undefined) throw fault('InvalidParameterCombination', 'Specify SnapshotIdentifier or SnapshotArn, not both');
  const snap = restorableOrDenied(s, caller, { id, arn, owner: input.OwnerAccount });
  const clusterId = input.SnapshotClusterIdentifier;
  if (clusterId !== undefined && snap.profile.clusterId !== clusterId) throw snapshotNotFound(id ?? arn ?? '');
  if (snap.status !== 'available') throw fault('InvalidClusterSnapshotState', `Snapshot ${snap.id} must be available to be restored (status ${snap.status}).`);
  return snap;
}

/** RestoreFromClusterSnapshot; `SnapshotScheduleIdentifier` associates the new cluster with that schedule (unknown: SnapshotScheduleNotFound). */
export const restoreFromClusterSnapshot = command<'RestoreFromClusterSnapshot'>({
  required: ['ClusterIdentifier'],
  rules: {
    ClusterIdentifier: 'clusterIdentifier',
    SnapshotIdentifier: 'string',
    SnapshotArn: 'string',
    SnapshotClusterIdentifier: 'string',
    OwnerAccount: 'string',
    NodeType: 'nodeType',
    NumberOfNodes: 'numberOfNodes',
    Port: 'port',
    AvailabilityZone: 'string',
    AutomatedSnapshotRetentionPeriod: 'automatedRetention',
    ManualSnapshotRetentionPeriod: 'manualRetentionParameter',
    SnapshotScheduleIdentifier: 'string',
  },
  decide(s, input, caller, env) {
    const id = input.ClusterIdentifier;
    const p = findPartition(s, caller.account, caller.region);
    // the identifier first: a taken one is refused whatever the snapshot
    if (p?.clusters.has(id)) throw fault('ClusterAlreadyExists', `Cluster ${id} already exists`);
    const snap = sourceOf(s, input, caller);
    const from = snap.profile;
    const nodeType = input.NodeType ?? from.nodeType;
    const nodes = input.NumberOfNodes ?? from.numberOfNodes;
    // the cluster the snapshot was taken from, while it lives: in the source region for a cross-region copy
    const home = findPartition(s, snap.owner, snap.sourceRegion ?? snap.region);
    const source = home && livingCluster(home, snap);
    // (a source with automated snapshots off gives 1 to a target that cannot turn them off)
    const inherited = source === undefined || (source.automatedRetention === 0 && !mayDisableAutomatedSnapshots(nodeType)) ? 1 : source.automatedRetention;
    const automatedRetention = input.AutomatedSnapshotRetentionPeriod ?? inherited;
    const az = input.AvailabilityZone;
    checkNewCluster(s, p, { region: caller.region, id, nodeType, nodes, automatedRetention, availabilityZone: az });
    const refusal = restoreRefusal(from.nodeType, nodeType);
    if (refusal) throw fault('InvalidRestore', `The restore is invalid: ${refusal}.`);
    const scheduleId = input.SnapshotScheduleIdentifier;
    if (scheduleId !== undefined) requireSchedule(s, caller, scheduleId);
    const port = input.Port ?? from.port;
    // the snapshot's port too when the family changes: a DC2 snapshot on a DC2-only port restored
    // into RA3 needs a Port (a cluster that keeps its family keeps its port, as AWS lets it)
    if (!portFits(nodeType, port) && (input.Port !== undefined || nodeFamily(nodeType) !== nodeFamily(from.nodeType))) {
      throw fault('InvalidParameterValue', `Port ${port}${input.Port === undefined ? " (the snapshot's)" : ''} is not valid for ${nodeType} nodes (DC2: 1150-65535; RA3 and RG: 5431-5455 or 8191-8215)`);
    }

    const ref: Ref = refOf(caller, id);
    const now = env.now;
    const readyAt = now + env.clusterCreateMs(ref, now);
    const drawn = env.workload(ref, nodeType, nodes, now);
    const { plan } = env.planTransfer({ kind: 'restore', ref, createTime: readyAt, sizeMb: snap.totalMb, nodeType, numberOfNodes: nodes });
    // same-region restores carry the source cluster's tags (restore has no Tags member); a source gone leaves none
    const tags = source !== undefined && snap.sourceRegion === null && snap.owner === caller.account ? copyTags(source.tags) : [];
    return {
      events: [
        {
          type: 'ClusterRestoreStarted',
          ref,
          profile: {
            clusterId: id,
            nodeType,
            numberOfNodes: nodes,
            port,
            availabilityZone: az ?? env.availabilityZone(ref, now),
            masterUsername: from.masterUsername,
            dbName: from.dbName,
            clusterCreateTime: now,
            encrypted: true,
            maintenanceTrackName: from.maintenanceTrackName,
            enhancedVpcRouting: from.enhancedVpcRouting,
            // the caller's own snapshot keeps its key; another account's key is not the caller's to use
            ...(from.kmsKeyId !== undefined && snap.owner === caller.account ? { kmsKeyId: from.kmsKeyId } : {}),
          },
          // the snapshot's data is where the new cluster's workload starts (built with drawWorkload's
          // fields in its order, not spread: a spread copy has a shape of its own, which made every
          // read of a cluster's workload polymorphic once a restored cluster existed)
          workload: { baseMb: snap.totalMb, changeMbPerHour: drawn.changeMbPerHour, growthShare: drawn.growthShare },
          tags,
          automatedRetention,
          manualRetention: input.ManualSnapshotRetentionPeriod ?? source?.manualRetention ?? -1,
          readyAt,
          source: { account: snap.owner, region: snap.region, id: snap.id },
          sizeMb: snap.totalMb,
          plan,
        },
        // on its schedule from the start (ACTIVE at once), as CreateCluster
        ...(scheduleId !== undefined ? [associationOf(caller, id, scheduleId, env, true)] : []),
      ],
      reply: (after) => ({ Cluster: clusterView(findCluster(after, caller.account, caller.region, id)!, caller.account, caller.region, now) }),
    };
  },
});
