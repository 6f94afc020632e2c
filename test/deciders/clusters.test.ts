/**
 * Decider specifications of the cluster commands: the exact events CreateCluster, DeleteCluster,
 * PauseCluster and ResumeCluster decide from a history, or the exact code they refuse with.
 * (PauseCluster and ResumeCluster used to decide PAUSE and RESUME; logs holding those still
 * replay, and a cluster paused by PAUSE resumes like any paused cluster.)
 * Drawn figures (workload, availability zone, delays, transfer plans) are pinned for seed 7.
 */
import { describe, it } from 'vitest';
import { given } from './spec.ts';
import {
  at,
  availableCluster,
  clusterCreated,
  clusterPaused,
  clusterTransitioned,
  HOUR,
  MINUTE,
  PAUSE_SNAPSHOT,
  pausedCluster,
  pausingCluster,
  READY,
  ref,
  snapshotCreated,
  availableSnapshot,
  T0,
  TAKEN,
} from './events.ts';

const create = { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' };
const alpha = availableCluster('alpha');

describe('CreateCluster', () => {
  it('creates a cluster in creating, with a drawn workload, zone and ready time', () => {
    given().when('CreateCluster', create).then([
      {
        type: 'ClusterCreated',
        ref: ref('alpha'),
        profile: {
          clusterId: 'alpha',
          nodeType: 'dc2.large',
          numberOfNodes: 1,
          port: 5439,
          availabilityZone: 'us-east-1a',
          masterUsername: 'admin',
          dbName: 'dev',
          clusterCreateTime: T0,
          encrypted: true,
          maintenanceTrackName: 'current',
          enhancedVpcRouting: false,
        },
        workload: { baseMb: 7617, changeMbPerHour: 11.8, growthShare: 0.27 },
        tags: [],
        automatedRetention: 1,
        manualRetention: -1,
        readyAt: 1735689866000, // T0 + 266 s
      },
    ]);
  });

  it('records every option given: nodes, port, database, zone, retentions and tags', () => {
    given()
      .when('CreateCluster', {
        ClusterIdentifier: 'beta',
        NodeType: 'ra3.xlplus',
        MasterUsername: 'admin',
        ClusterType: 'multi-node',
        NumberOfNodes: 2,
        Port: 5440,
        DBName: 'sales',
        AvailabilityZone: 'us-east-1c',
        AutomatedSnapshotRetentionPeriod: 7,
        ManualSnapshotRetentionPeriod: 30,
        Tags: [{ Key: 'team', Value: 'data' }],
      })
      .then([
        {
          type: 'ClusterCreated',
          ref: ref('beta'),
          profile: {
            clusterId: 'beta',
            nodeType: 'ra3.xlplus',
            numberOfNodes: 2,
            port: 5440,
            availabilityZone: 'us-east-1c',
            masterUsername: 'admin',
            dbName: 'sales',
            clusterCreateTime: T0,
            encrypted: true,
            maintenanceTrackName: 'current',
            enhancedVpcRouting: false,
          },
          workload: { baseMb: 464476, changeMbPerHour: 1835.5, growthShare: 0.35 },
          tags: [{ Key: 'team', Value: 'data' }],
          automatedRetention: 7,
          manualRetention: 30,
          readyAt: 1735690120000, // T0 + 520 s
        },
      ]);
  });

  it('refuses an identifier already taken in the account and region', () => {
    given(clusterCreated('alpha')).when('CreateCluster', create).thenError('ClusterAlreadyExists');
  });

  it('refuses a cluster beyond the cluster quota', () => {
    given(clusterCreated('alpha'))
      .withConfig({ quotas: { clusters: 1 } })
      .when('CreateCluster', { ...create, ClusterIdentifier: 'beta' })
      .thenError('ClusterQuotaExceeded');
  });

  it('refuses a node type the rate table does not know', () => {
    given().when('CreateCluster', { ...create, NodeType: 'dc9.huge' }).thenError('InvalidParameterValue');
  });

  it("refuses the names every JavaScript object has as node types (the table's own keys only)", () => {
    for (const NodeType of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) given().when('CreateCluster', { ...create, NodeType }).thenError('InvalidParameterValue');
  });

  it('refuses an identifier with uppercase letters (the rules table, before decide)', () => {
    given().when('CreateCluster', { ...create, ClusterIdentifier: 'Alpha' }).thenError('InvalidParameterValue');
  });

  it('refuses an unencrypted cluster', () => {
    given().when('CreateCluster', { ...create, Encrypted: false }).thenError('InvalidParameterValue');
  });

  it('refuses to disable automated snapshots of an RA3 cluster', () => {
    given().when('CreateCluster', { ...create, NodeType: 'ra3.xlplus', AutomatedSnapshotRetentionPeriod: 0 }).thenError('InvalidParameterValue');
  });

  it('refuses a multi-node cluster of one node', () => {
    given().when('CreateCluster', { ...create, ClusterType: 'multi-node', NumberOfNodes: 1 }).thenError('InvalidParameterCombination');
  });

  it('refuses a request without a master user name', () => {
    given().when('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large' }).thenError('MissingParameter');
  });
});

describe('DeleteCluster', () => {
  it('skipping the final snapshot, starts deleting with a drawn end time', () => {
    given(...alpha)
      .at(TAKEN)
      .when('DeleteCluster', { ClusterIdentifier: 'alpha', SkipFinalClusterSnapshot: true })
      .then([{ type: 'ClusterTransitioned', ref: ref('alpha'), event: 'DELETE', dueAt: 1735693330000 }]); // TAKEN + 130 s
  });

  it('with a final snapshot, moves to final-snapshot and starts a final backup of everything', () => {
    given(...alpha)
      .at(TAKEN)
      .when('DeleteCluster', { ClusterIdentifier: 'alpha', FinalClusterSnapshotIdentifier: 'alpha-final', FinalClusterSnapshotRetentionPeriod: 7 })
      .then([
        { type: 'ClusterTransitioned', ref: ref('alpha'), event: 'DELETE_WITH_FINAL_SNAPSHOT', finalSnapshotId: 'alpha-final' },
        {
          type: 'SnapshotCreated',
          ref: ref('alpha-final'),
          clusterId: 'alpha',
          kind: 'final',
          createTime: TAKEN,
          totalMb: 8010, // 8000 + 0.5 × 20 MB/h × 1 h
          incrementalMb: 8010,
          plan: { points: [0, 0, 15, 0, 104, 1335, 239, 2670, 416, 4005, 529, 5340, 634, 6675, 725, 8010], knownAt: 15, outcome: 'available' },
          retention: 7,
          tags: [],
        },
      ]);
  });

  it('deletes a paused cluster too', () => {
    given(...alpha, at(READY + MINUTE, clusterPaused('alpha')))
      .at(TAKEN)
      .when('DeleteCluster', { ClusterIdentifier: 'alpha', SkipFinalClusterSnapshot: true })
      .then([{ type: 'ClusterTransitioned', ref: ref('alpha'), event: 'DELETE', dueAt: 1735693330000 }]);
  });

  it('deletes a cluster paused through pausing', () => {
    given(...alpha, ...pausedCluster())
      .at(TAKEN + HOUR)
      .when('DeleteCluster', { ClusterIdentifier: 'alpha', SkipFinalClusterSnapshot: true })
      .then([{ type: 'ClusterTransitioned', ref: ref('alpha'), event: 'DELETE', dueAt: 1735696873000 }]); // TAKEN + 1 h + 73 s
  });

  it('refuses a pausing or resuming cluster, with or without a final snapshot', () => {
    const resuming = [...alpha, ...pausedCluster(), at(TAKEN + HOUR, clusterTransitioned('alpha', 'BEGIN_RESUME', { dueAt: TAKEN + 2 * HOUR }))];
    for (const history of [[...alpha, ...pausingCluster()], resuming]) {
      given(...history).when('DeleteCluster', { ClusterIdentifier: 'alpha', SkipFinalClusterSnapshot: true }).thenError('InvalidClusterState');
      given(...history).when('DeleteCluster', { ClusterIdentifier: 'alpha', FinalClusterSnapshotIdentifier: 'alpha-final' }).thenError('InvalidClusterState');
    }
  });

  it('refuses a cluster still creating', () => {
    given(clusterCreated('alpha')).when('DeleteCluster', { ClusterIdentifier: 'alpha', SkipFinalClusterSnapshot: true }).thenError('InvalidClusterState');
  });

  it('refuses a cluster already taking its final snapshot', () => {
    given(...alpha, clusterTransitioned('alpha', 'DELETE_WITH_FINAL_SNAPSHOT', { finalSnapshotId: 'alpha-final' }), snapshotCreated('alpha-final', 'alpha', { kind: 'final' }))
      .when('DeleteCluster', { ClusterIdentifier: 'alpha', SkipFinalClusterSnapshot: true })
      .thenError('InvalidClusterState');
  });

  it('refuses a request that neither skips nor names the final snapshot', () => {
    given(...alpha).when('DeleteCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidParameterCombination');
  });

  it('refuses a final snapshot identifier already taken', () => {
    given(...alpha, ...availableSnapshot('alpha-final', 'alpha'))
      .when('DeleteCluster', { ClusterIdentifier: 'alpha', FinalClusterSnapshotIdentifier: 'alpha-final' })
      .thenError('ClusterSnapshotAlreadyExists');
  });

  it('refuses a cluster that does not exist', () => {
    given().when('DeleteCluster', { ClusterIdentifier: 'ghost', SkipFinalClusterSnapshot: true }).thenError('ClusterNotFound');
  });
});

describe('PauseCluster', () => {
  it('moves an available cluster to pausing, with a drawn pausing time, and starts its pause snapshot: automated, rs: id, automated retention', () => {
    given(...alpha)
      .at(TAKEN)
      .when('PauseCluster', { ClusterIdentifier: 'alpha' })
      .then([
        { type: 'ClusterTransitioned', ref: ref('alpha'), event: 'BEGIN_PAUSE', dueAt: 1735693451000 }, // TAKEN + 251 s
        {
          type: 'SnapshotCreated',
          ref: ref(PAUSE_SNAPSHOT),
          clusterId: 'alpha',
          kind: 'automated',
          createTime: TAKEN,
          totalMb: 8010, // 8000 + 0.5 × 20 MB/h × 1 h
          incrementalMb: 8010, // the first backup: everything
          plan: { points: [0, 0, 27, 0, 148, 1335, 242, 2670, 412, 4005, 583, 5340, 679, 6675, 784, 8010], knownAt: 27, outcome: 'available' }, // the cluster's automated-backup stream, window 0
          retention: 1,
          tags: [],
        },
      ]);
  });

  it('refuses a cluster whose automated snapshots are off', () => {
    given(...availableCluster('alpha', { automatedRetention: 0 })).at(TAKEN).when('PauseCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
  });

  it('refuses while a backup of the cluster is running', () => {
    given(...alpha, snapshotCreated('s1', 'alpha')).when('PauseCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
  });

  it('refuses a cluster still creating', () => {
    given(clusterCreated('alpha')).when('PauseCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
  });

  it('refuses a pausing cluster, and a paused one', () => {
    given(...alpha, ...pausingCluster()).when('PauseCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
    given(...alpha, ...pausedCluster()).when('PauseCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
  });
});

describe('ResumeCluster', () => {
  it('moves a paused cluster to resuming, with a drawn resuming time', () => {
    given(...alpha, ...pausedCluster())
      .at(TAKEN + HOUR)
      .when('ResumeCluster', { ClusterIdentifier: 'alpha' })
      .then([{ type: 'ClusterTransitioned', ref: ref('alpha'), event: 'BEGIN_RESUME', dueAt: 1735697639000 }]); // TAKEN + 1 h + 839 s
  });

  it('resumes a cluster paused by a log from before pausing existed (PAUSE) the same way', () => {
    given(...alpha, at(READY + MINUTE, clusterPaused('alpha')))
      .at(TAKEN + HOUR)
      .when('ResumeCluster', { ClusterIdentifier: 'alpha' })
      .then([{ type: 'ClusterTransitioned', ref: ref('alpha'), event: 'BEGIN_RESUME', dueAt: 1735697639000 }]); // TAKEN + 1 h + 839 s
  });

  it('refuses a cluster that is not paused: available, pausing or resuming', () => {
    given(...alpha).when('ResumeCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
    given(...alpha, ...pausingCluster()).when('ResumeCluster', { ClusterIdentifier: 'alpha' }).thenError('InvalidClusterState');
    given(...alpha, ...pausedCluster(), at(TAKEN + HOUR, clusterTransitioned('alpha', 'BEGIN_RESUME', { dueAt: TAKEN + 2 * HOUR })))
      .when('ResumeCluster', { ClusterIdentifier: 'alpha' })
      .thenError('InvalidClusterState');
  });
});
