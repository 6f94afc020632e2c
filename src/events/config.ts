/**
 * Simulation settings: quotas, the transfer-rate table, workload ranges, timings and faults.
 * Every field has an AWS-like default; `resolveConfig` merges a partial override onto them.
 */

/** Per-account-and-region quotas (reference §4.5). */
export interface Quotas {
  /** Manual snapshots per account and region (AWS default 20, adjustable). */
  manualSnapshots: number;
  /** Accounts a snapshot may be shared with (AWS: 20, not adjustable). */
  authorizationsPerSnapshot: number;
  /** Clusters per account and region. */
  clusters: number;
  /** Nodes per cluster. */
  nodesPerCluster: number;
  /** Nodes per account and region, summed over its clusters (AWS default 200, adjustable). */
  nodes: number;
  /**
   * Snapshot copy grants per account and region; {@link DEFAULT_COPY_GRANTS_QUOTA} when unset.
   * Optional, and not filled in by `resolveConfig`, so a configuration that does not set it is
   * persisted (`SimulationStarted`) exactly as before; read it with {@link copyGrantsQuota}.
   */
  copyGrants?: number;
  /**
   * Snapshot schedules per account and region; {@link DEFAULT_SNAPSHOT_SCHEDULES_QUOTA} when unset.
   * Optional and not filled in by `resolveConfig` (persisted configs stay as they were); read it
   * with {@link snapshotSchedulesQuota}.
   */
  snapshotSchedules?: number;
  /**
   * Event subscriptions per account and region; {@link DEFAULT_EVENT_SUBSCRIPTIONS_QUOTA} when
   * unset. Optional like `copyGrants` (not written by `resolveConfig`); read it with
   * {@link eventSubscriptionsQuota}.
   */
  eventSubscriptions?: number;
}

/**
 * Snapshot copy grants per account and region when `quotas.copyGrants` is unset. AWS documents a
 * quota (`SnapshotCopyGrantQuotaExceededFault`) but not its value; snapsim chooses 20, the value
 * of the other per-region object quotas AWS lists (snapshots, parameter and subnet groups).
 */
export const DEFAULT_COPY_GRANTS_QUOTA = 20;

/** Event subscriptions per account and region when `quotas.eventSubscriptions` is unset: AWS's quota of 20. */
export const DEFAULT_EVENT_SUBSCRIPTIONS_QUOTA = 20;

/** The event subscription quota of `config`: its `quotas.eventSubscriptions`, else the default. */
export const eventSubscriptionsQuota = (config: SimConfig): number => config.quotas.eventSubscriptions ?? DEFAULT_EVENT_SUBSCRIPTIONS_QUOTA;

/** The snapshot copy grant quota of `config`: its `quotas.copyGrants`, else the default. */
export const copyGrantsQuota = (config: SimConfig): number => config.quotas.copyGrants ?? DEFAULT_COPY_GRANTS_QUOTA;

/**
 * Seconds a rebooted cluster spends `rebooting` when `timings.clusterRebootSeconds` is unset: 2 to
 * 6 minutes. AWS calls a reboot "a momentary outage" and publishes no figure; a few minutes is
 * what reboots are reported to take.
 */
export const DEFAULT_CLUSTER_REBOOT_SECONDS: readonly [number, number] = [120, 360];

/** The reboot time range of `config`: its `timings.clusterRebootSeconds`, else the default. */
export const clusterRebootSeconds = (config: SimConfig): readonly [number, number] => config.timings.clusterRebootSeconds ?? DEFAULT_CLUSTER_REBOOT_SECONDS;

/**
 * Snapshot schedules per account and region when `quotas.snapshotSchedules` is unset. AWS documents
 * a quota (`SnapshotScheduleQuotaExceeded`) but the reference gives no value; snapsim chooses 100.
 */
export const DEFAULT_SNAPSHOT_SCHEDULES_QUOTA = 100;

/** The snapshot schedule quota of `config`: its `quotas.snapshotSchedules`, else the default. */
export const snapshotSchedulesQuota = (config: SimConfig): number => config.quotas.snapshotSchedules ?? DEFAULT_SNAPSHOT_SCHEDULES_QUOTA;

/**
 * Seconds a cluster's schedule association stays `MODIFYING` before it is `ACTIVE`, when
 * `timings.scheduleModifyingSeconds` is unset: 1 to 5 minutes, drawn per change from the seed.
 */
export const DEFAULT_SCHEDULE_MODIFYING_SECONDS: readonly [number, number] = [60, 300];

/** The `MODIFYING` → `ACTIVE` range of `config`: its `timings.scheduleModifyingSeconds`, else the default. */
export const scheduleModifyingSeconds = (config: SimConfig): readonly [number, number] => config.timings.scheduleModifyingSeconds ?? DEFAULT_SCHEDULE_MODIFYING_SECONDS;

/**
 * Transfer rate per node, MB/s, by node type. A cluster's rate is the per-node rate times its
 * node count (slices move data in parallel), varied by the seeded multiplier range.
 */
export type RateTable = Record<string, number>;

/**
 * Cross-region transfer rate, MB/s, by region pair `"<from>><to>"` (e.g. `"us-east-1>eu-west-1"`),
 * with `default` for every pair not listed.
 */
export type RegionPairRates = { default: number } & Record<string, number>;

/** Seeded fault injection; every probability is per transfer and 0 by default. */
export interface Faults {
  /** A backup fails part-way. */
  backupFailure: number;
  /** A cluster restore fails part-way. */
  restoreFailure: number;
  /** A cross-region snapshot copy fails part-way. */
  copyFailure: number;
  /** A table restore fails part-way. */
  tableRestoreFailure: number;
  /** The cluster becomes unavailable mid-backup: the transfer stalls, then resumes or fails. */
  clusterOutage: number;
  /** Share of outages after which the backup fails instead of resuming. */
  outageFailureShare: number;
  /** Outage length range, seconds. */
  outageSeconds: [number, number];
  /** Part of a transfer runs throttled. */
  throttle: number;
  /** Rate multiplier while throttled. */
  throttleFactor: number;
}

/** Workload and timing ranges, drawn per entity from the seed. */
export interface Timings {
  /** Seconds a new cluster spends `creating`. */
  clusterCreateSeconds: [number, number];
  /** Seconds a deleted cluster spends `deleting`. */
  clusterDeleteSeconds: [number, number];
  /**
   * Seconds a paused cluster spends `pausing` at least: it is `paused` once this has passed and
   * the snapshot PauseCluster takes has ended, whichever is later.
   */
  clusterPauseSeconds: [number, number];
  /** Seconds a resumed cluster spends `resuming`. */
  clusterResumeSeconds: [number, number];
  /**
   * Seconds a rebooted cluster (RebootCluster) spends `rebooting`; {@link DEFAULT_CLUSTER_REBOOT_SECONDS}
   * when unset. Optional, and not filled in by `resolveConfig`, so a configuration that does not
   * set it is persisted (`SimulationStarted`) exactly as before; read it with {@link clusterRebootSeconds}.
   */
  clusterRebootSeconds?: [number, number];
  /** Seconds before a backup knows its sizes (AWS reports -1 meanwhile). */
  sizingSeconds: [number, number];
  /** Initial data per node, as a share of the node's capacity. */
  initialFill: [number, number];
  /** Data changed per hour, as a share of the initial data. */
  hourlyChange: [number, number];
  /** Seeded variation of the transfer rate between segments. */
  rateVariation: [number, number];
  /** Automated snapshot cadence, hours (AWS: about every 8 hours). */
  automatedEveryHours: number;
  /** ... or sooner, after this many MB changed per node (AWS: 5 GB per node). */
  automatedAfterMbPerNode: number;
  /** Minimum minutes between automated snapshots (AWS: 15). */
  automatedMinMinutes: number;
  /**
   * Seconds a snapshot schedule association stays `MODIFYING` before `ACTIVE`;
   * {@link DEFAULT_SCHEDULE_MODIFYING_SECONDS} when unset. Optional and not filled in by
   * `resolveConfig`; read it with {@link scheduleModifyingSeconds}.
   */
  scheduleModifyingSeconds?: [number, number];
}

/** The whole configuration of a simulation. */
export interface SimConfig {
  quotas: Quotas;
  /** Backup rate per node of the cluster backed up (also same-region snapshot copies). */
  rates: RateTable;
  /** Restore rate per node of the cluster restored into. */
  restoreRates: RateTable;
  /** Table-restore rate per node of the cluster restored into. */
  tableRestoreRates: RateTable;
  /** Cross-region snapshot copy rate by region pair (the whole copy, not per node). */
  copyRates: RegionPairRates;
  /** Storage capacity per node, MB, by node type (sizes the initial data). */
  nodeCapacityMb: Record<string, number>;
  faults: Faults;
  timings: Timings;
}

/** A partial configuration, as users pass it. */
export interface SimConfigInput {
  quotas?: Partial<Quotas>;
  rates?: RateTable;
  restoreRates?: RateTable;
  tableRestoreRates?: RateTable;
  copyRates?: Partial<RegionPairRates>;
  nodeCapacityMb?: Record<string, number>;
  faults?: Partial<Faults>;
  timings?: Partial<Timings>;
}

/** The defaults: AWS's quotas and cadence; rates and capacities are documented estimates. */
export const DEFAULT_CONFIG: SimConfig = {
  quotas: { manualSnapshots: 20, authorizationsPerSnapshot: 20, clusters: 100, nodesPerCluster: 128, nodes: 200 },
  rates: {
    'dc2.large': 12,
    'dc2.8xlarge': 60,
    'ra3.large': 15,
    'ra3.xlplus': 25,
    'ra3.4xlarge': 80,
    'ra3.16xlarge': 200,
    'rg.xlarge': 25,
    'rg.4xlarge': 80,
  },
  restoreRates: {
    'dc2.large': 20,
    'dc2.8xlarge': 100,
    'ra3.large': 25,
    'ra3.xlplus': 40,
    'ra3.4xlarge': 120,
    'ra3.16xlarge': 300,
    'rg.xlarge': 40,
    'rg.4xlarge': 120,
  },
  tableRestoreRates: {
    'dc2.large': 8,
    'dc2.8xlarge': 40,
    'ra3.large': 10,
    'ra3.xlplus': 16,
    'ra3.4xlarge': 50,
    'ra3.16xlarge': 120,
    'rg.xlarge': 16,
    'rg.4xlarge': 50,
  },
  copyRates: { default: 50 },
  nodeCapacityMb: {
    'dc2.large': 160_000,
    'dc2.8xlarge': 2_560_000,
    'ra3.large': 1_000_000,
    'ra3.xlplus': 4_000_000,
    'ra3.4xlarge': 16_000_000,
    'ra3.16xlarge': 64_000_000,
    'rg.xlarge': 4_000_000,
    'rg.4xlarge': 16_000_000,
  },
  faults: {
    backupFailure: 0,
    restoreFailure: 0,
    copyFailure: 0,
    tableRestoreFailure: 0,
    clusterOutage: 0,
    outageFailureShare: 0.5,
    outageSeconds: [120, 900],
    throttle: 0,
    throttleFactor: 0.2,
  },
  timings: {
    clusterCreateSeconds: [240, 600],
    clusterDeleteSeconds: [60, 180],
    clusterPauseSeconds: [120, 360],
    clusterResumeSeconds: [300, 900],
    sizingSeconds: [5, 30],
    initialFill: [0.02, 0.06],
    hourlyChange: [0.0005, 0.004],
    rateVariation: [0.6, 1.4],
    automatedEveryHours: 8,
    automatedAfterMbPerNode: 5 * 1024,
    automatedMinMinutes: 15,
  },
};

/** What a setting must be: a probability, a positive or non-negative number, a quota, or a [min, max] range. */
type SettingRule = 'probability' | 'positive' | 'nonNegative' | 'quota' | 'range' | 'positiveRange';

/**
 * The rules of every section's settings: the settings of `quotas`, `faults` and `timings` by
 * name (any other is a typo, refused); every setting of the tables (rates by node type or region
 * pair, capacities) is positive. A zero rate or rate variation would make a transfer endless.
 */
const SETTING_RULES: Readonly<Record<keyof SimConfigInput, Readonly<Record<string, SettingRule>> | SettingRule>> = {
  quotas: { manualSnapshots: 'quota', authorizationsPerSnapshot: 'quota', clusters: 'quota', nodesPerCluster: 'quota', nodes: 'quota', copyGrants: 'quota', snapshotSchedules: 'quota', eventSubscriptions: 'quota' } satisfies Record<keyof Quotas, SettingRule>,
  rates: 'positive',
  restoreRates: 'positive',
  tableRestoreRates: 'positive',
  copyRates: 'positive',
  nodeCapacityMb: 'positive',
  faults: {
    backupFailure: 'probability',
    restoreFailure: 'probability',
    copyFailure: 'probability',
    tableRestoreFailure: 'probability',
    clusterOutage: 'probability',
    outageFailureShare: 'probability',
    outageSeconds: 'range',
    throttle: 'probability',
    throttleFactor: 'positive',
  } satisfies Record<keyof Faults, SettingRule>,
  timings: {
    clusterCreateSeconds: 'range',
    clusterDeleteSeconds: 'range',
    clusterPauseSeconds: 'range',
    clusterResumeSeconds: 'range',
    clusterRebootSeconds: 'range',
    sizingSeconds: 'range',
    initialFill: 'range',
    hourlyChange: 'range',
    rateVariation: 'positiveRange',
    automatedEveryHours: 'positive',
    automatedAfterMbPerNode: 'positive',
    automatedMinMinutes: 'nonNegative',
    scheduleModifyingSeconds: 'range',
  } satisfies Record<keyof Timings, SettingRule>,
};

/** Why `v` breaks `rule`, or undefined when it keeps it. */
function settingProblem(rule: SettingRule, v: unknown): string | undefined {
  const shown = typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `[${v.map(String).join(', ')}]` : String(v);
  if (rule === 'range' || rule === 'positiveRange') {
    if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return `must be a [min, max] pair of numbers, got ${shown}`;
    const [lo, hi] = v as [number, number];
    if (rule === 'range' ? lo < 0 : lo <= 0) return `must ${rule === 'range' ? 'not start below' : 'start above'} 0, got ${shown}`;
    return lo > hi ? `must not start after it ends, got ${shown}` : undefined;
  }
  if (typeof v !== 'number' || Number.isNaN(v)) return `must be a number, got ${shown}`;
  switch (rule) {
    case 'probability':
      return v >= 0 && v <= 1 ? undefined : `must be a probability between 0 and 1, got ${shown}`;
    case 'positive':
      return v > 0 && Number.isFinite(v) ? undefined : `must be a number above 0, got ${shown}`;
    case 'nonNegative':
      return v >= 0 && Number.isFinite(v) ? undefined : `must be a number of 0 or more, got ${shown}`;
    case 'quota':
      // no Infinity: a log keeps its configuration as JSON, which has none
      return Number.isSafeInteger(v) && v >= 0 ? undefined : `must be a whole number from 0 to 2^53 - 1 (for no quota, a large one: a log cannot hold Infinity), got ${shown}`;
  }
}

/** The sections of a configuration (`quotas`, `rates`, … `timings`). */
export const CONFIG_SECTIONS: readonly string[] = Object.keys(SETTING_RULES);

/** A problem of a configuration: the setting (`timings.sizingSeconds`) and what is wrong with it. */
export interface ConfigProblem {
  readonly path: string;
  readonly problem: string;
}

/**
 * The first problem of the configuration sections of `input` (other members are not looked at),
 * or undefined: a section that is not an object, a setting `quotas`, `faults` or `timings` does
 * not have, or a value its rule refuses ({@link SETTING_RULES}).
 */
export function configProblem(input: SimConfigInput): ConfigProblem | undefined {
  for (const [section, rules] of Object.entries(SETTING_RULES)) {
    const value = (input as Record<string, unknown>)[section];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path: section, problem: `must be an object, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}` };
    for (const [name, v] of Object.entries(value)) {
      const path = `${section}.${name}`;
      if (typeof rules === 'object' && !Object.hasOwn(rules, name)) return { path, problem: `unknown setting (known: ${Object.keys(rules).join(', ')})` };
      if (v === undefined) continue;
      const problem = settingProblem(typeof rules === 'object' ? rules[name]! : rules, v);
      if (problem !== undefined) return { path, problem };
    }
  }
  return undefined;
}

/**
 * Merges a partial configuration onto the defaults. The result is a deep copy (its ranges are
 * arrays): changing one simulator's configuration changes neither the defaults nor the input.
 * Throws a RangeError naming the setting when a section's setting is unknown or out of its
 * range ({@link configProblem}).
 */
export function resolveConfig(input: SimConfigInput = {}): SimConfig {
  const bad = configProblem(input);
  if (bad !== undefined) throw new RangeError(`config ${bad.path}: ${bad.problem}`);
  return structuredClone({
    quotas: { ...DEFAULT_CONFIG.quotas, ...input.quotas },
    rates: { ...DEFAULT_CONFIG.rates, ...input.rates },
    restoreRates: { ...DEFAULT_CONFIG.restoreRates, ...input.restoreRates },
    tableRestoreRates: { ...DEFAULT_CONFIG.tableRestoreRates, ...input.tableRestoreRates },
    copyRates: { ...DEFAULT_CONFIG.copyRates, ...input.copyRates } as RegionPairRates,
    nodeCapacityMb: { ...DEFAULT_CONFIG.nodeCapacityMb, ...input.nodeCapacityMb },
    faults: { ...DEFAULT_CONFIG.faults, ...input.faults },
    timings: { ...DEFAULT_CONFIG.timings, ...input.timings },
  });
}
