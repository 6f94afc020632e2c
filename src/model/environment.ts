/**
 * What `decide` needs from the simulator besides state and input: the time, and the seeded
 * draws of the backup model. The domain defines this port; `src/sim` implements it, so the
 * domain stays pure and imports nothing from the layers above it.
 */
import type { SimConfig } from '../events/config.ts';
import type { ClusterProfile, TransferPlan, Workload } from './types.ts';
import type { Ref } from '../events/types.ts';

/** A backup about to start, as the backup model sees it. */
export interface BackupRequest {
  /** The snapshot's reference (keys its random stream). */
  readonly ref: Ref;
  readonly createTime: number;
  readonly profile: ClusterProfile;
  readonly incrementalMb: number;
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

/** A backup's drawn transfer plan, and the cluster outage it runs into, if any. */
export interface BackupPlan {
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
  /** The availability zone a new cluster lands in. */
  availabilityZone(ref: Ref, createTime: number): string;
  /** The transfer of a backup: sizing delay, rates, faults. */
  planBackup(req: BackupRequest): BackupPlan;
}
