/** Amazon Resource Names of snapsim's records (reference §2.7): building and parsing them. */
import type { SnapshotRecord } from './types.ts';

/** The parts of a snapshot ARN. */
export interface SnapshotArnParts {
  readonly account: string;
  readonly region: string;
  readonly clusterId: string;
  readonly id: string;
}

/** The ARN of a snapshot: `arn:aws:redshift:<region>:<owner>:snapshot:<cluster>/<snapshot>`. */
export const snapshotArn = (s: SnapshotRecord): string =>
  `arn:aws:redshift:${s.region}:${s.owner}:snapshot:${s.profile.clusterId}/${s.id}`;

/** The ARN of a cluster: `arn:aws:redshift:<region>:<account>:cluster:<cluster>`. */
export const clusterArn = (account: string, region: string, clusterId: string): string =>
  `arn:aws:redshift:${region}:${account}:cluster:${clusterId}`;

/** Parses a snapshot ARN into owner, region, cluster and identifier; undefined when it is none. */
export function parseSnapshotArn(arn: string): SnapshotArnParts | undefined {
  const m = /^arn:aws[a-z-]*:redshift:([a-z0-9-]+):(\d{12}):snapshot:([^/]+)\/(.+)$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, clusterId: m[3]!, id: m[4]! } : undefined;
}
