/**
 * The validation rules of the Redshift API (reference §4), as one table: a rule checks one input
 * member and fails with AWS's exact error code. Operations name the rules their members follow.
 */
import { fault, type ServiceError } from './errors.ts';
import type { Tag } from './types.ts';
import { RESERVED_WORDS } from './reserved-words.ts';
import { ACCOUNT_ID } from './regions.ts';
import { MAX_NUMBER_OF_NODES } from './node-types.ts';

/** Length of `text` in characters (code points), as AWS counts a tag's: a character beyond the BMP is one, not two UTF-16 units. */
function characters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A rule: returns an error for a bad value, or undefined. `name` is the member's name. */
export type Rule = (value: unknown, name: string) => ServiceError | undefined;

const SNAPSHOT_ID = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}$/;
const CLUSTER_ID = /^[a-z](?!.*--)[a-z0-9-]{0,62}$/;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const DB_NAME = /^[a-z][a-z0-9_$]{0,63}$/;
const USERNAME = /^[a-z][a-z0-9_+.@-]{0,127}$/;
const SCHEDULE_ID = /^[A-Za-z0-9-]{1,255}$/;
/** An SNS topic ARN: partition, region, 12-digit account, topic name (1–256 letters, digits, `-`, `_`; `.fifo` for FIFO topics). */
const SNS_TOPIC_ARN = /^arn:aws(?:-[a-z]+)*:sns:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;
const SOURCE_TYPES: readonly string[] = ['cluster', 'cluster-parameter-group', 'cluster-security-group', 'cluster-snapshot', 'scheduled-action'];
const EVENT_CATEGORIES: readonly string[] = ['configuration', 'management', 'monitoring', 'security', 'pending'];

const invalid = (name: string, why: string) => fault('InvalidParameterValue', `Invalid value for ${name}: ${why}`);

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * A list of structures whose items have only the members `members` of the model (an item member
 * of another name would be silently ignored, so it is refused, naming it); their values are checked
 * further by the operation.
 */
const structures = (members: readonly string[]): Rule =>
  ((v: unknown, name: string) => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) return invalid(name, 'must be a list of structures');
    for (let i = 0; i < v.length; i++) {
      const other = Object.keys(v[i] as object).find((k) => !members.includes(k) && (v[i] as Record<string, unknown>)[k] !== undefined);
      if (other !== undefined) return invalid(`${name}.${i + 1}`, `has no member ${other.slice(0, 64)} (its members: ${members.join(', ')})`);
    }
    return undefined;
  }) as Rule;

/** An identifier rule: pattern, no trailing hyphen, with AWS's wording. */
const identifier = (re: RegExp, what: string): Rule => (v, name) => {
  if (typeof v !== 'string' || v.trim() === '') return invalid(name, `${what} cannot be null, empty, or blank`);
  if (!re.test(v) || v.endsWith('-')) {
    return invalid(
      name,
      `${what} must contain only ${re === CLUSTER_ID ? 'lowercase ' : ''}alphanumeric characters or hyphens, ` +
        `start with a letter, not end with a hyphen or contain two consecutive hyphens (got "${v}")`,
    );
  }
  return undefined;
};

/** An integer range rule failing with `code`. */
const intRange = (ok: (n: number) => boolean, code: 'InvalidParameterValue' | 'InvalidRetentionPeriodFault', text: string): Rule => (v, name) =>
  isInt(v) && ok(v) ? undefined : fault(code, `${name}: ${text} (got ${String(v)})`);

/** The rules table. */
export const RULES = {
  /** Snapshot identifiers: 1–255 letters, digits or hyphens; a letter first; no `--`, no trailing `-`. */
  snapshotIdentifier: identifier(SNAPSHOT_ID, 'snapshot identifier'),
  /** Cluster identifiers: 1–63 lowercase letters, digits or hyphens; a letter first; no `--`, no trailing `-`. */
  clusterIdentifier: identifier(CLUSTER_ID, 'cluster identifier'),
  /** Snapshot copy grant names: the cluster identifier's rules (1–63 lowercase letters, digits or hyphens; …). */
  copyGrantName: identifier(CLUSTER_ID, 'snapshot copy grant name'),
  /** Manual retention: -1 or 1..3653 days. */
  manualRetention: intRange((n) => n === -1 || (n >= 1 && n <= 3653), 'InvalidRetentionPeriodFault',
    'The retention period must be either -1 or an integer between 1 and 3,653'),
  /** Manual retention where AWS's model declares no InvalidRetentionPeriodFault (RestoreFromClusterSnapshot): the same range, InvalidParameterValue. */
  manualRetentionParameter: intRange((n) => n === -1 || (n >= 1 && n <= 3653), 'InvalidParameterValue',
    'The retention period must be either -1 or an integer between 1 and 3,653'),
  /** Retention of copied automated snapshots in the destination region: 1..35 days. */
  copyRetention: intRange((n) => n >= 1 && n <= 35, 'InvalidRetentionPeriodFault', 'The retention period of copied automated snapshots must be between 1 and 35 days'),
  /** Automated retention: 0..35 days. */
  automatedRetention: intRange((n) => n >= 0 && n <= 35, 'InvalidParameterValue', 'must be a value from 0 to 35'),
  /**
   * Snapshot schedule identifiers: 1–255 letters, digits or hyphens. AWS says "only alphanumeric
   * characters"; its own guide's example (`my-test`) has a hyphen, so hyphens are taken too.
   */
  scheduleIdentifier: ((v, name) =>
    typeof v === 'string' && SCHEDULE_ID.test(v) ? undefined : invalid(name, `a snapshot schedule identifier is 1 to 255 letters, digits or hyphens (got "${String(v).slice(0, 64)}")`)) as Rule,
  /** Schedule definitions: a list of strings (each checked by `parseSchedule`, with AWS's schedule codes). */
  scheduleDefinitions: ((v, name) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : invalid(name, 'must be a list of schedule definitions'))) as Rule,
  /** How many next invocations CreateSnapshotSchedule shows: 1..100. */
  nextInvocations: intRange((n) => n >= 1 && n <= 100, 'InvalidParameterValue', 'must be between 1 and 100'),
  /** MaxRecords of DescribeSnapshotSchedules (AWS documents no range): 1..100. */
  scheduleMaxRecords: intRange((n) => n >= 1 && n <= 100, 'InvalidParameterValue', 'must be between 1 and 100'),
  /** MaxRecords on describe operations: 20..100. */
  maxRecords: intRange((n) => n >= 20 && n <= 100, 'InvalidParameterValue', 'must be between 20 and 100'),
  /** MaxRecords of DescribeNodeConfigurationOptions: 100..500. */
  nodeConfigurationMaxRecords: intRange((n) => n >= 100 && n <= 500, 'InvalidParameterValue', 'must be between 100 and 500'),
  /** NumberOfNodes: 1..100. */
  numberOfNodes: intRange((n) => n >= 1 && n <= MAX_NUMBER_OF_NODES, 'InvalidParameterValue', `must be between 1 and ${MAX_NUMBER_OF_NODES}`),
  /** Port: 1150..65535. */
  port: intRange((n) => n >= 1150 && n <= 65535, 'InvalidParameterValue', 'must be between 1150 and 65535'),
  /** An account that may be authorized: 12 digits or `amazon-redshift-support`. */
  restoreAccount: ((v, name) =>
    typeof v === 'string' && (ACCOUNT_ID.test(v) || v === 'amazon-redshift-support')
      ? undefined
      : invalid(name, `must be a 12-digit account ID or amazon-redshift-support (got "${String(v)}")`)) as Rule,
  /** Database name: 1–64 lowercase alphanumeric characters, not a reserved word. */
  dbName: ((v, name) => {
    if (!(typeof v === 'string' && DB_NAME.test(v))) return invalid(name, 'must be 1 to 64 lowercase alphanumeric characters');
    return RESERVED_WORDS.has(v) ? invalid(name, `${v} is a reserved word`) : undefined;
  }) as Rule,
  /** Admin user name: not `public`, nor a reserved word. */
  masterUsername: ((v, name) => {
    if (!(typeof v === 'string' && USERNAME.test(v) && v !== 'public')) return invalid(name, 'must be 1 to 128 lowercase letters, digits or _+.@- starting with a letter');
    return RESERVED_WORDS.has(v) ? invalid(name, `${v} is a reserved word`) : undefined;
  }) as Rule,
  /** Node types AWS offers (the configured rate table decides which are known). */
  nodeType: ((v, name) => (typeof v === 'string' && v.length > 0 ? undefined : invalid(name, 'a node type is required'))) as Rule,
  /**
   * Database, schema and table names of a table restore: 1 to 127 characters (Redshift's limit on
   * identifiers). Any other names no table in the snapshot: InvalidTableRestoreArgument.
   */
  tableRestoreName: ((v, name) =>
    typeof v === 'string' && v.length >= 1 && v.length <= 127
      ? undefined
      : fault('InvalidTableRestoreArgument', `${name} must be a name of 1 to 127 characters (got "${String(v).slice(0, 64)}")`)) as Rule,
  /** Booleans. */
  boolean: ((v, name) => (typeof v === 'boolean' ? undefined : invalid(name, 'must be true or false'))) as Rule,
  /** Strings. */
  string: ((v, name) => (typeof v === 'string' ? undefined : invalid(name, 'must be a string'))) as Rule,
  /** Timestamps. */
  timestamp: ((v, name) => (v instanceof Date && !Number.isNaN(v.getTime()) ? undefined : invalid(name, 'must be an ISO 8601 timestamp'))) as Rule,
  /** MaintenanceTrackName: one of AWS's tracks, `current` and `trailing`. */
  maintenanceTrack: ((v, name) => (v === 'current' || v === 'trailing' ? undefined : fault('InvalidClusterTrack', `The provided cluster track name is not valid: ${name} must be current or trailing`))) as Rule,
  /** Snapshot type filter. */
  snapshotType: ((v, name) => (v === 'automated' || v === 'manual' ? undefined : invalid(name, 'must be automated or manual'))) as Rule,
  /** Tags: at most 50, keys 1–128 chars without `aws:`, values ≤ 256, AWS's character set, unique keys. */
  tags: ((v, name) => {
    if (!Array.isArray(v)) return invalid(name, 'must be a list of tags');
    if (v.length > 50) return fault('TagLimitExceededFault', `You have exceeded the number of tags allowed (${v.length} > 50)`);
    const seen = new Set<string>();
    for (let i = 0; i < v.length; i++) {
      const t = v[i] as Partial<Tag>;
      if (typeof t !== 'object' || t === null || Array.isArray(t)) return invalid(name, 'must be a list of tags');
      const other = Object.keys(t).find((k) => k !== 'Key' && k !== 'Value' && (t as Record<string, unknown>)[k] !== undefined);
      if (other !== undefined) return invalid(`${name}.${i + 1}`, `has no member ${other.slice(0, 64)} (its members: Key, Value)`);
      const key = t.Key;
      const value = t.Value ?? '';
      if (typeof key !== 'string' || key.length < 1 || characters(key) > 128) return fault('InvalidTagFault', 'Tag keys must be 1 to 128 characters');
      if (key.toLowerCase().startsWith('aws:')) return fault('InvalidTagFault', `Tag keys cannot start with aws: (got "${key}")`);
      if (typeof value !== 'string' || characters(value) > 256) return fault('InvalidTagFault', 'Tag values must be at most 256 characters');
      if (!TAG_CHARS.test(key) || !TAG_CHARS.test(value)) return fault('InvalidTagFault', `Tag "${key}" has characters outside letters, digits, spaces and _ . : / = + - @`);
      if (seen.has(key)) return fault('InvalidTagFault', `Duplicate tag key "${key}"`);
      seen.add(key);
    }
    return undefined;
  }) as Rule,
  /** Tag keys to remove (DeleteTags): a list of keys of 1–128 characters. */
  tagKeys: ((v, name) => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return invalid(name, 'must be a list of tag keys');
    if (v.length === 0) return invalid(name, 'must name at least one tag key');
    const bad = (v as string[]).find((k) => k.length < 1 || characters(k) > 128);
    return bad === undefined ? undefined : fault('InvalidTagFault', `Tag keys must be 1 to 128 characters (got "${bad}")`);
  }) as Rule,
  /** MaxRecords of DescribeTags: 10..50. */
  tagMaxRecords: intRange((n) => n >= 10 && n <= 50, 'InvalidParameterValue', 'must be between 10 and 50'),
  /** BatchDeleteClusterSnapshots' items: structures of `SnapshotIdentifier` and `SnapshotClusterIdentifier`, checked further by the operation. */
  deleteItems: structures(['SnapshotIdentifier', 'SnapshotClusterIdentifier']),
  /** DescribeClusterSnapshots' sorting entities: structures of `Attribute` and `SortOrder`. */
  sortingEntities: structures(['Attribute', 'SortOrder']),
  /** DescribeNodeConfigurationOptions' filters: structures of `Name`, `Operator` and `Values`. */
  nodeConfigurationFilters: structures(['Name', 'Operator', 'Values']),
  /** Event subscription names: the snapshot identifier's rules (1–255 letters, digits or hyphens; …). */
  subscriptionName: identifier(SNAPSHOT_ID, 'subscription name'),
  /** An SNS topic ARN (`arn:aws:sns:<region>:<12 digits>:<name>`); anything else is SNSInvalidTopic. */
  snsTopicArn: ((v, name) =>
    typeof v === 'string' && SNS_TOPIC_ARN.test(v) ? undefined : fault('SNSInvalidTopic', `${name} must be an SNS topic ARN, arn:aws:sns:<region>:<account>:<topic> (got "${String(v).slice(0, 300)}")`)) as Rule,
  /** An event source type (AWS's `SourceType` enum). */
  sourceType: ((v, name) => (typeof v === 'string' && SOURCE_TYPES.includes(v) ? undefined : invalid(name, `must be one of ${SOURCE_TYPES.join(', ')}`))) as Rule,
  /** Event categories of a subscription: each one of AWS's five (any case); else SubscriptionCategoryNotFound. */
  eventCategories: ((v, name) => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return invalid(name, 'must be a list of event categories');
    const bad = (v as string[]).find((c) => !EVENT_CATEGORIES.includes(c.toLowerCase()));
    return bad === undefined ? undefined : fault('SubscriptionCategoryNotFound', `The event category "${bad.slice(0, 64)}" does not exist; use ${EVENT_CATEGORIES.join(', ')}`);
  }) as Rule,
  /** An event severity, ERROR or INFO (any case); else SubscriptionSeverityNotFound. */
  eventSeverity: ((v) =>
    typeof v === 'string' && (v.toUpperCase() === 'ERROR' || v.toUpperCase() === 'INFO')
      ? undefined
      : fault('SubscriptionSeverityNotFound', `The event severity "${String(v).slice(0, 64)}" does not exist; use ERROR or INFO`)) as Rule,
  /** DescribeEvents' Duration: whole minutes, at least 1. */
  eventDuration: intRange((n) => n >= 1, 'InvalidParameterValue', 'must be a whole number of minutes, at least 1'),
  /** Lists of strings (tag filters). */
  stringList: ((v, name) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : invalid(name, 'must be a list of strings'))) as Rule,
} satisfies Record<string, Rule>;

/**
 * The most items a list member may hold, by member name, for lists whose length AWS leaves
 * unstated and whose cost grows with it (each sort key is compared for every pair of snapshots
 * sorted; each tag filter is matched against every snapshot). Lists AWS bounds with a fault of
 * its own keep it: batch lists (100, `BatchDeleteRequestSizeExceeded`, …) and `Tags` (50,
 * `TagLimitExceededFault`). The Query decoder refuses a longer list with `InvalidParameterValue`
 * before building it; `validateInput` does for the library's callers.
 */
export const LIST_LIMITS: Readonly<Record<string, number>> = {
  /** There are three sort attributes; ten entities leave room for repeats. */
  SortingEntities: 10,
  /** A resource holds at most 50 tags, so a longer filter cannot mean more. */
  TagKeys: 50,
  TagValues: 50,
};

/** The name of a rule in {@link RULES}. */
export type RuleName = keyof typeof RULES;

/**
 * Which rule each input member of an operation follows: the members snapsim models. A member of
 * the AWS input shape `I` without a rule is one snapsim does not model.
 */
export type MemberRules<I = Record<string, unknown>> = { readonly [K in keyof I]?: RuleName };

/**
 * Checks the `input` of `operation` against its required members and member rules; throws the
 * first failure: MissingParameter for an absent required member; InvalidParameterValue naming a
 * member snapsim does not model (never silently ignored); else the rule's own code.
 */
export function validateInput(operation: string, input: Record<string, unknown>, required: readonly string[], rules: MemberRules): void {
  for (const name of required) {
    if (input[name] === undefined || input[name] === null) throw fault('MissingParameter', `The request must contain the parameter ${name}`);
  }
  for (const name in input) {
    if (!Object.hasOwn(rules, name) && input[name] !== undefined && input[name] !== null) {
      throw fault('InvalidParameterValue', `snapsim does not model the member ${name.length > 64 ? `${name.slice(0, 64)}…` : name} of ${operation}: leave it out`);
    }
  }
  for (const name in rules) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    // the caps the Query decoder applies, for callers of the library too
    const cap = Object.hasOwn(LIST_LIMITS, name) ? LIST_LIMITS[name]! : undefined;
    if (cap !== undefined && Array.isArray(value) && value.length > cap) throw invalid(name, `at most ${cap} items are accepted (got ${value.length})`);
    const err = RULES[rules[name as keyof typeof rules]!](value, name);
    if (err) throw err;
  }
}
