/** Amazon Resource Names of snapsim's records (reference §2.7): building and parsing them. */
import type { ClusterRecord, SnapshotRecord } from './types.ts';

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

/** FNV-1a over `text`, from `basis`: 32 bits. */
function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A version-4-shaped UUID derived from `key` (128 bits of FNV-1a under four bases): the same key, the same UUID. */
function uuidOf(key: string): string {
  const hex = [0x811c9dc5, 0x2166136b, 0x5bd1e995, 0x1b873593].map((b) => fnv1a(key, b).toString(16).padStart(8, '0')).join('');
  // shaped as a version-4 UUID (the version and variant digits set)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16]!, 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The namespace id of cluster `c` of (account, region): a UUID derived from the cluster's identity
 * and its seeded workload, so it is the same on every replay, differs between seeds and between
 * incarnations of one identifier, and needs nothing stored.
 */
export function namespaceId(c: ClusterRecord, account: string, region: string): string {
  // derived from what never changes in a cluster's record (set once, at its creation), so it is
  // computed once per record: every DescribeClusters shows it
  let id = namespaceIds.get(c);
  if (id === undefined) {
    id = uuidOf(`${account}/${region}/${c.id}/${c.profile.clusterCreateTime}/${c.workload.baseMb}/${c.workload.changeMbPerHour}/${c.workload.growthShare}`);
    namespaceIds.set(c, id);
  }
  return id;
}

/** Each cluster record's namespace id, once computed (see {@link namespaceId}). */
const namespaceIds = new WeakMap<ClusterRecord, string>();

/** The ARN of a snapshot copy grant: `arn:aws:redshift:<region>:<account>:snapshotcopygrant:<name>`. */
export const copyGrantArn = (account: string, region: string, name: string): string =>
  `arn:aws:redshift:${region}:${account}:snapshotcopygrant:${name}`;

/**
 * The ARN of the default KMS key of (account, region), which a snapshot copy grant created without
 * `KmsKeyId` is for (AWS: "the default key is used"): `arn:aws:kms:<region>:<account>:key/<uuid>`,
 * the UUID derived from the account and region alone, so one account's default key in a region is
 * the same in every run and under every seed, as the AWS managed key `aws/redshift` is.
 */
export const defaultKmsKeyArn = (account: string, region: string): string =>
  `arn:aws:kms:${region}:${account}:key/${uuidOf(`aws/redshift/${account}/${region}`)}`;

/** The namespace ARN of cluster `c`: `arn:aws:redshift:<region>:<account>:namespace:<uuid>`. */
export const clusterNamespaceArn = (c: ClusterRecord, account: string, region: string): string =>
  `arn:aws:redshift:${region}:${account}:namespace:${namespaceId(c, account, region)}`;

/**
 * The ARN of the Secrets Manager secret holding cluster `c`'s admin password when Redshift manages
 * it (`ManageMasterPassword`): `arn:aws:secretsmanager:<region>:<account>:secret:redshift!<cluster>-admin-<6>`,
 * the six characters AWS appends to a secret's name taken from the cluster's (seeded) namespace id.
 */
export const masterPasswordSecretArn = (c: ClusterRecord, account: string, region: string): string =>
  `arn:aws:secretsmanager:${region}:${account}:secret:redshift!${c.id}-admin-${namespaceId(c, account, region).replace(/-/g, '').slice(0, 6)}`;

/** The ARN of a snapshot schedule: `arn:aws:redshift:<region>:<account>:snapshotschedule:<id>`. */
export const scheduleArn = (account: string, region: string, id: string): string =>
  `arn:aws:redshift:${region}:${account}:snapshotschedule:${id}`;

/** The ARN of event subscription `name` of `account` in `region`. */
export const eventSubscriptionArn = (account: string, region: string, name: string): string =>
  `arn:aws:redshift:${region}:${account}:eventsubscription:${name}`;
