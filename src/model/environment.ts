/**
 * What `decide` needs from the simulator besides state and input: the time, and the seeded
 * draws of the transfer model. The domain defines this port; `src/sim` implements it, so the
 * domain stays pure and imports nothing from the layers above it.
 */
import type { SimConfig } from '../events/config.ts';
import type { ClusterProfile, TransferPlan, Workload } from './types.ts';
import type { Ref } from '../events/types.ts';

/**
 * The kinds of transfer. Each draws from a keyed random stream of its own purpose and moves data
 * at a rate from its own table in the configuration (documented in `SimConfig`).
 */
export type TransferKind = 'backup' | 'restore' | 'copy' | 'table-restore';

/** What every transfer request says: what it is (its reference keys its random stream), when it starts, how much it moves. */
interface TransferBase {
  /** The record the transfer belongs to (keys its random stream). */
  readonly ref: Ref;
  readonly createTime: number;
  /** MB to move. */
  readonly sizeMb: number;
}

/**
 * A backup about to start (a snapshot of a cluster, or a same-region copy of one): at the backup
 * rate of the snapshot's cluster, per node.
 */
export interface BackupRequest extends TransferBase {
  readonly kind: 'backup';
  readonly profile: ClusterProfile;
  /**
   * For an automated backup, its number among its cluster's automated backups (0 for the first):
   * its figures are that window of the cluster's automated-backup stream. Null for any other
   * backup, whose figures come from a stream of its own.
   */
  readonly automatedIndex: number | null;
  /**
   * How cluster outages meet the backup, so the cluster and its backups agree: `'draw'`, it may
   * draw one (a backup of a cluster with no other backup running and no outage pending);
   * `'none'`, none strikes it (a copy, which does not read the cluster, or a backup started while
   * another is running, which did not draw one); or its cluster's pending outage window (epoch
   * ms), which stalls it too.
   */
  readonly outage: 'draw' | 'none' | readonly [number, number];
}

/** A cluster restore or a table restore: at its table's rate per node of the cluster restored into. */
export interface RestoreRequest extends TransferBase {
  readonly kind: 'restore' | 'table-restore';
  readonly nodeType: string;
  readonly numberOfNodes: number;
}

/**
 * A cross-region snapshot copy: at the rate of its region pair. Its plan counts from the source's
 * create time (`createTime`), beginning with `waitSeconds` of no progress until the copy starts.
 */
export interface CopyRequest extends TransferBase {
  readonly kind: 'copy';
  readonly fromRegion: string;
  readonly toRegion: string;
  readonly waitSeconds: number;
  /**
   * The copy's number among its cluster's copies since copy was enabled, and the cluster's
   * profile: its figures are that window of the cluster's copy stream (as automated backups are
   * of theirs), which spares a keyed stream per copy.
   */
  readonly cluster: { readonly profile: ClusterProfile; readonly index: number };
}

/** A transfer about to start, of any kind. */
export type TransferRequest = BackupRequest | RestoreRequest | CopyRequest;

/** A transfer's drawn plan, and the cluster outage it runs into, if any. */
export interface TransferOutcome {
  readonly plan: TransferPlan;
  readonly outage?: [number, number];
}

/** The seeded, deterministic environment of a decision. */
export interface Environment {
  /** Virtual now, ms since the epoch. */
  readonly now: number;
  readonly config: SimConfig;
  /** The workload of a new cluster. */
  workload(ref: Ref, nodeType: string, numberOfNodes: number, createTime: number): Workload;
  /** How long a new cluster stays `creating`, ms. */
  clusterCreateMs(ref: Ref, createTime: number): number;
  /** How long a deleted cluster stays `deleting`, ms. */
  clusterDeleteMs(ref: Ref, at: number): number;
  /** How long a paused cluster stays `pausing` at least (it also waits for its pause snapshot), ms. */
  clusterPauseMs(ref: Ref, at: number): number;
  /** How long a resumed cluster stays `resuming`, ms. */
  clusterResumeMs(ref: Ref, at: number): number;
  /** How long a rebooted cluster stays `rebooting`, ms. */
  clusterRebootMs(ref: Ref, at: number): number;
  /**
   * The size, MB, of source table `table` (its database, schema and name as one key) of cluster
   * `cluster` (created at `clusterCreateTime`) in a snapshot of `snapshotTotalMb`: a seeded share
   * of the snapshot per table, so one table is the same share of every snapshot of its cluster.
   */
  tableSizeMb(cluster: Ref, clusterCreateTime: number, table: string, snapshotTotalMb: number): number;
  /** The `TableRestoreRequestId` of a table restore into cluster `cluster` requested at `at`: a seeded UUID. */
  tableRestoreRequestId(cluster: Ref, clusterCreateTime: number, at: number): string;
  /** How long a cluster's snapshot schedule association stays `MODIFYING` before `ACTIVE`, ms. */
  scheduleModifyingMs(ref: Ref, at: number): number;
  /** The availability zone a new cluster lands in. */
  availabilityZone(ref: Ref, createTime: number): string;
  /** The transfer's plan: sizing delay, rates, faults. */
  planTransfer(req: TransferRequest): TransferOutcome;
  /** Whether region outage number `index` fails transfer `ref` (else stalls it), with probability `failure`. */
  outageFails(ref: Ref, index: number, failure: number): boolean;
}
