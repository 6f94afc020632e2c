/**
 * Decider specifications of RestoreFromClusterSnapshot: the exact event a restore decides (drawn
 * provisioning time, zone, workload and transfer plan pinned for seed 7), or the code it refuses with.
 */
import { describe, it } from 'vitest';
import type { DomainEvent } from '../../src/events/types.ts';
import { given } from './spec.ts';
import { accessAuthorized, availableCluster, availableSnapshot, DONE, OTHER, OWNER, ref } from './events.ts';

const s1 = [...availableCluster('alpha'), ...availableSnapshot('s1', 'alpha')];
const GRANTEE = { account: OTHER, region: OWNER.region };

describe('RestoreFromClusterSnapshot', () => {
  it('restores a snapshot shared with the caller into the caller\'s account, the transfer starting when provisioning ends', () => {
    given(...s1, accessAuthorized('s1', OTHER))
      .at(DONE)
      .when('RestoreFromClusterSnapshot', { ClusterIdentifier: 'dr', SnapshotIdentifier: 'S1', OwnerAccount: OWNER.account }, GRANTEE)
      .then(PINNED);
  });

  it('refuses the same restore without a grant: AccessToSnapshotDenied', () => {
    given(...s1).at(DONE).when('RestoreFromClusterSnapshot', { ClusterIdentifier: 'dr', SnapshotIdentifier: 's1', OwnerAccount: OWNER.account }, GRANTEE).thenError('AccessToSnapshotDenied');
  });

  it('refuses an RA3 node type\'s snapshot into DC2: InvalidRestore', () => {
    const ra3 = [...availableCluster('big', { nodeType: 'ra3.xlplus' }), ...availableSnapshot('s2', 'big')];
    given(...ra3).at(DONE).when('RestoreFromClusterSnapshot', { ClusterIdentifier: 'dr', SnapshotIdentifier: 's2', NodeType: 'dc2.large' }).thenError('InvalidRestore');
  });

  it("refuses a node type named like one of a JavaScript object's own members: InvalidParameterValue", () => {
    for (const NodeType of ['constructor', '__proto__', 'valueOf']) given(...s1).at(DONE).when('RestoreFromClusterSnapshot', { ClusterIdentifier: 'dr', SnapshotIdentifier: 's1', NodeType }).thenError('InvalidParameterValue');
  });
});

/** The event of the first spec, every drawn figure pinned (1735693270000 is DONE). */
const PINNED: DomainEvent[] = [
  {
    type: 'ClusterRestoreStarted',
    ref: ref('dr', GRANTEE),
    profile: {
      clusterId: 'dr',
      nodeType: 'dc2.large',
      numberOfNodes: 1,
      port: 5439,
      availabilityZone: 'us-east-1b',
      masterUsername: 'admin',
      dbName: 'dev',
      clusterCreateTime: DONE,
      encrypted: true,
      maintenanceTrackName: 'current',
      enhancedVpcRouting: false,
    },
    workload: { baseMb: 8000, changeMbPerHour: 3.3, growthShare: 0.42 },
    tags: [],
    automatedRetention: 1,
    manualRetention: -1,
    readyAt: 1735693575000,
    source: { account: OWNER.account, region: OWNER.region, id: 's1' },
    sizeMb: 8000,
    plan: { points: [0, 0, 15, 0, 78, 1333.333, 131, 2666.666, 202, 3999.999, 296, 5333.332, 389, 6666.665, 443, 8000], knownAt: 15, outcome: 'available' },
  },
];
