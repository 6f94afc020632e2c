/**
 * Views: the AWS `Snapshot` and `Cluster` shapes of internal records at a virtual time, as the
 * SDK would return them (member names from the model, `Date` timestamps).
 */
import { clusterAvailability } from '../machines/index.ts';
import { backupFigures } from './progress.ts';
import { expiryOf } from './records.ts';
import { clusterNamespaceArn, masterPasswordSecretArn, snapshotArn } from './arns.ts';
import type { AccountWithRestoreAccess, Cluster, RestoreStatus, Snapshot } from '../shapes/redshift.ts';
import { nodeFamily } from './node-types.ts';
import { transferFigures } from './progress.ts';
import { NEVER, NOT_YET, type ClusterRecord, type SnapshotRecord } from './types.ts';
import { LATEST_VIRTUAL_TIME } from '../events/instant.ts';

const DAY = 86_400_000;

/** An authorized account as AWS lists it: `AccountAlias` for support, else `AccountId`. */
const grantView = (g: string): AccountWithRestoreAccess => (g === 'amazon-redshift-support' ? { AccountAlias: g } : { AccountId: g });

/**
 * The AWS `Snapshot` of `s` at `now` as `viewer` sees it: the access list only for the owner
 * (and omitted when empty), figures per the backup model.
 */
export function snapshotView(s: SnapshotRecord, now: number, viewer: string): Snapshot {
  const p = s.profile;
  const expiry = s.type === 'manual' ? expiryOf(s) : NEVER;
  const available = s.status === 'available';
  const f = backupFigures(s, now);
  return {
    SnapshotIdentifier: s.id,
    ClusterIdentifier: p.clusterId,
    SnapshotCreateTime: new Date(s.createTime),
    Status: s.status,
    Port: p.port,
    AvailabilityZone: p.availabilityZone,
    ClusterCreateTime: new Date(p.clusterCreateTime),
    MasterUsername: p.masterUsername,
    ClusterVersion: '1.0',
    EngineFullVersion: '1.0.77467',
    SnapshotType: s.type,
    NodeType: p.nodeType,
    NumberOfNodes: p.numberOfNodes,
    DBName: p.dbName,
    Encrypted: p.encrypted,
    EncryptedWithHSM: false,
    AccountsWithRestoreAccess: viewer === s.owner && s.grants.length > 0 ? s.grants.map(grantView) : undefined,
    OwnerAccount: s.owner,
    // the figures member by member (a spread in mid-literal copies through a slow generic path)
    TotalBackupSizeInMegaBytes: f.TotalBackupSizeInMegaBytes,
    ActualIncrementalBackupSizeInMegaBytes: f.ActualIncrementalBackupSizeInMegaBytes,
    BackupProgressInMegaBytes: f.BackupProgressInMegaBytes,
    CurrentBackupRateInMegaBytesPerSecond: f.CurrentBackupRateInMegaBytesPerSecond,
    EstimatedSecondsToCompletion: f.EstimatedSecondsToCompletion,
    ElapsedTimeInSeconds: f.ElapsedTimeInSeconds,
    Tags: s.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    RestorableNodeTypes: available ? [p.nodeType] : undefined,
    EnhancedVpcRouting: p.enhancedVpcRouting,
    MaintenanceTrackName: p.maintenanceTrackName,
    ManualSnapshotRetentionPeriod: s.type === 'manual' ? s.retention : undefined,
    ManualSnapshotRemainingDays: expiry === NEVER ? undefined : Math.max(0, Math.ceil((expiry - now) / DAY)),
    SnapshotRetentionStartTime: s.retentionStart === NOT_YET ? undefined : new Date(s.retentionStart),
    SnapshotArn: snapshotArn(s),
    SourceRegion: s.sourceRegion ?? undefined,
    KmsKeyId: p.kmsKeyId,
  };
}

/** Every cluster's weekly maintenance window (docs/assumptions.md): Saturdays, 06:00–06:30 UTC. */
const MAINTENANCE_WINDOW = 'sat:06:00-sat:06:30';

/**
 * When the next maintenance window starts after `now` (one under way shows next week's): counted
 * in whole days from the epoch (a Thursday), so it holds for every year a simulation reaches;
 * none after the end of virtual time.
 */
function nextMaintenanceWindow(now: number): Date | undefined {
  const day = Math.floor(now / DAY);
  const saturday = (day + ((2 - (((day % 7) + 7) % 7) + 7) % 7)) * DAY + 6 * 3_600_000; // day 0 is a Thursday: Saturday is 2 on
  const next = saturday > now ? saturday : saturday + 7 * DAY;
  return next <= LATEST_VIRTUAL_TIME ? new Date(next) : undefined;
}

/** The AWS `Cluster` of `c` at `now`. */
export function clusterView(c: ClusterRecord, account: string, region: string, now: number): Cluster {
  const p = c.profile;
  // an automated snapshot due after virtual time ends is never taken: none is expected
  const nextAutoShown = c.nextAutoAt === NEVER || c.nextAutoAt > LATEST_VIRTUAL_TIME ? undefined : c.nextAutoAt;
  const ready = c.status !== 'creating';
  return {
    ClusterIdentifier: c.id,
    NodeType: p.nodeType,
    ClusterStatus: c.status,
    ClusterAvailabilityStatus: clusterAvailability(c.status),
    MasterUsername: p.masterUsername,
    DBName: p.dbName,
    Endpoint: ready ? { Address: `${c.id}.snapsim.${region}.redshift.amazonaws.com`, Port: p.port } : undefined,
    ClusterCreateTime: new Date(p.clusterCreateTime),
    AutomatedSnapshotRetentionPeriod: c.automatedRetention,
    ManualSnapshotRetentionPeriod: c.manualRetention,
    ClusterSecurityGroups: [],
    VpcSecurityGroups: [],
    ClusterParameterGroups: [{ ParameterGroupName: 'default.redshift-1.0', ParameterApplyStatus: 'in-sync' }],
    AvailabilityZone: p.availabilityZone,
    PreferredMaintenanceWindow: MAINTENANCE_WINDOW,
    NextMaintenanceWindowStartTime: nextMaintenanceWindow(now),
    PendingModifiedValues: {},
    ClusterVersion: '1.0',
    AllowVersionUpgrade: true,
    NumberOfNodes: p.numberOfNodes,
    PubliclyAccessible: false,
    Encrypted: p.encrypted,
    Tags: c.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    EnhancedVpcRouting: p.enhancedVpcRouting,
    IamRoles: [],
    MaintenanceTrackName: p.maintenanceTrackName,
    ClusterNamespaceArn: clusterNamespaceArn(c, account, region),
    MasterPasswordSecretArn: p.manageMasterPassword ? masterPasswordSecretArn(c, account, region) : undefined,
    RestoreStatus: c.restore === null ? undefined : restoreStatus(c, now),
    ExpectedNextSnapshotScheduleTime: nextAutoShown === undefined ? undefined : new Date(Math.max(nextAutoShown, now)),
    // a snapshot due that the cluster could not take yet (it was not available) is Pending
    ExpectedNextSnapshotScheduleTimeStatus: nextAutoShown === undefined ? undefined : nextAutoShown < now ? 'Pending' : 'OnTrack',
    SnapshotScheduleIdentifier: c.schedule?.id,
    SnapshotScheduleState: c.schedule?.state,
    KmsKeyId: p.kmsKeyId,
    ClusterSnapshotCopyStatus:
      c.copy === null
        ? undefined
        : { DestinationRegion: c.copy.destinationRegion, RetentionPeriod: c.copy.retention, ManualSnapshotRetentionPeriod: c.copy.manualRetention, SnapshotCopyGrantName: c.copy.grantName ?? undefined },
  };
}

/**
 * The AWS `RestoreStatus` of restored cluster `c` at `now`: `starting` while it is provisioned,
 * `restoring` while its data loads, then `completed` or `failed`. AWS updates the figures only for
 * DC2 targets: an RA3 or RG target shows its status and snapshot size with progress, rate, elapsed
 * and ETA at 0 (snapsim's reading of "only updated when you restore to DC2 node types").
 */
function restoreStatus(c: ClusterRecord, now: number): RestoreStatus {
  const r = c.restore!;
  const status = r.outcome !== 'restoring' ? r.outcome : now < r.createTime ? 'starting' : 'restoring';
  if (nodeFamily(c.profile.nodeType) !== 'dc2') {
    return { Status: status, SnapshotSizeInMegaBytes: Math.round(r.sizeMb), ProgressInMegaBytes: 0, CurrentRestoreRateInMegaBytesPerSecond: 0, ElapsedTimeInSeconds: 0, EstimatedTimeToCompletionInSeconds: 0 };
  }
  const f = transferFigures(r, r.sizeMb, r.outcome !== 'failed', Math.max(now, r.createTime));
  // a completed restore reports its average rate
  const rate = r.outcome === 'completed' ? (f.elapsedSeconds > 0 ? Math.round((r.sizeMb / f.elapsedSeconds) * 1000) / 1000 : 0) : f.rateMbPerSecond;
  // whole MB (Long), the progress never past the size it is read against
  const size = Math.round(r.sizeMb);
  return {
    Status: status,
    SnapshotSizeInMegaBytes: size,
    ProgressInMegaBytes: r.outcome === 'completed' ? size : Math.min(size, Math.round(f.progressMb)),
    CurrentRestoreRateInMegaBytesPerSecond: rate,
    ElapsedTimeInSeconds: f.elapsedSeconds,
    EstimatedTimeToCompletionInSeconds: f.etaSeconds,
  };
}
