/**
 * Declarative scenarios: a JSON or YAML file of timed steps with expectations, for people who do
 * not write TypeScript. `parseScenarioFile` validates the file and compiles it into an ordinary
 * {@link Scenario}, so files and scripts run through the same runner. Every problem is reported
 * as `file: path: problem`, e.g. `ops.yaml: steps[2].call: unknown operation "CreateSnapshot"`.
 *
 * ```yaml
 * name: deploy-checkpoint
 * seed: 7                      # optional default seed
 * horizon: 2d                  # optional, for progress bars
 * config: { quotas: { manualSnapshots: 5 } }
 * steps:
 *   - cluster: { id: prod, nodes: 2, automatedRetention: 1 }   # create and wait until available
 *   - at: 2h                                                     # or `after: 30m` (since the previous step)
 *     call: CreateClusterSnapshot
 *     input: { ClusterIdentifier: prod, SnapshotIdentifier: before-deploy }
 *   - idle: true                                                 # until no backup is running
 *   - check: { snapshot: before-deploy, is: { Status: available } }
 *   - check: { snapshots: { SnapshotType: automated }, count: { min: 1 } }
 *   - call: DeleteClusterSnapshot
 *     input: { SnapshotIdentifier: nope }
 *     expect: { error: ClusterSnapshotNotFound }
 * ```
 */
import { CONFIG_SECTIONS, configProblem } from '../events/config.ts';
import { OPERATIONS as OPERATION_TABLE } from '../model/operations.ts';
import type { Input } from '../model/input.ts';
import { parseDuration } from '../format/duration.ts';
import { ScenarioAbort } from './context.ts';
import type { Scenario, ScenarioContext } from './types.ts';

/** A declarative scenario that is not valid; the message names the file, the path and the problem. */
export class ScenarioFormatError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path ? path + ': ' : ''}${problem}`);
    this.name = 'ScenarioFormatError';
  }
}

type Obj = Record<string, unknown>;
type Count = number | { min?: number; max?: number };

/** A validated step. */
export type Step = { at?: number; after?: number } & (
  | { kind: 'cluster'; id: string; nodeType?: string; nodes?: number; automatedRetention?: number; manualRetention?: number; account?: string }
  | { kind: 'call'; operation: string; input: Input; as?: string; expectError?: string }
  | { kind: 'idle' }
  | { kind: 'say'; text: string }
  | { kind: 'check-snapshot'; id: string; as?: string; exists: boolean; is: Obj }
  | { kind: 'check-snapshots'; filter: Input; as?: string; count?: Count; all: Obj }
  | { kind: 'check-cluster'; id: string; status: string }
);

const ACTIONS = ['cluster', 'call', 'idle', 'say', 'check'] as const;
/** The operation names a `call` step may use: the keys of the operations table (no simulator built at import). */
const OPERATIONS = new Set(Object.keys(OPERATION_TABLE));
/** What a scenario's `config` may hold: the simulator's configuration sections, and `start`. */
const CONFIG_KEYS = [...CONFIG_SECTIONS, 'start'];

/** Reads one file's already-parsed document; throws {@link ScenarioFormatError}. */
class Reader {
  constructor(readonly file: string) {}

  fail(path: string, problem: string): never {
    throw new ScenarioFormatError(this.file, path, problem);
  }

  obj(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, `must be an object, got ${kindOf(v)}`);
    return v as Obj;
  }

  only(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(join(path, k), `unknown key (allowed: ${allowed.join(', ')})`);
  }

  str(v: unknown, path: string): string {
    if (typeof v !== 'string' || v === '') this.fail(path, `must be a non-empty string, got ${kindOf(v)}`);
    return v;
  }

  int(v: unknown, path: string, min = 0): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) this.fail(path, `must be an integer from ${min} to 2^53 - 1, got ${JSON.stringify(v)}`);
    return v;
  }

  duration(v: unknown, path: string): number {
    const s = typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : undefined;
    if (s === undefined) this.fail(path, `must be a duration like 90s, 15m, 2h30m, 3d (got ${JSON.stringify(v)})`);
    return s;
  }

  account(v: unknown, path: string): string {
    const s = this.str(v, path);
    if (!/^\d{12}$/.test(s)) this.fail(path, `must be a 12-digit account id, got "${s}"`);
    return s;
  }

  count(v: unknown, path: string): Count {
    if (typeof v === 'number') return this.int(v, path);
    const o = this.obj(v, path);
    this.only(o, path, ['min', 'max']);
    const c: { min?: number; max?: number } = {};
    if (o.min !== undefined) c.min = this.int(o.min, join(path, 'min'));
    if (o.max !== undefined) c.max = this.int(o.max, join(path, 'max'));
    return c;
  }
}

const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
const kindOf = (v: unknown): string => (v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`);

/** Checks a scenario's `config` (a file's, or a script's), naming `file` and the setting in the error. */
export function checkScenarioConfig(config: unknown, file: string): Scenario['config'] {
  return readConfig(new Reader(file), config);
}

function readConfig(r: Reader, v: unknown): Scenario['config'] {
  const o = r.obj(v, 'config');
  r.only(o, 'config', CONFIG_KEYS);
  const bad = configProblem(o);
  if (bad !== undefined) r.fail(join('config', bad.path), bad.problem);
  if (o.start !== undefined && !Number.isFinite(Date.parse(r.str(o.start, 'config.start')))) r.fail('config.start', `must be an ISO timestamp, got "${String(o.start)}"`);
  return o as Scenario['config'];
}

function readCheck(r: Reader, v: unknown, path: string): Step {
  const o = r.obj(v, path);
  const as = o.as === undefined ? undefined : r.account(o.as, join(path, 'as'));
  const withAs = <T extends object>(s: T): T => (as === undefined ? s : { ...s, as });
  if (o.snapshot !== undefined) {
    r.only(o, path, ['snapshot', 'as', 'exists', 'is']);
    if (o.exists !== undefined && typeof o.exists !== 'boolean') r.fail(join(path, 'exists'), `must be true or false, got ${kindOf(o.exists)}`);
    return withAs({ kind: 'check-snapshot', id: r.str(o.snapshot, join(path, 'snapshot')), exists: o.exists !== false, is: o.is === undefined ? {} : r.obj(o.is, join(path, 'is')) });
  }
  if (o.snapshots !== undefined) {
    r.only(o, path, ['snapshots', 'as', 'count', 'all']);
    if (o.count === undefined && o.all === undefined) r.fail(path, 'a snapshots check needs `count` or `all`');
    const step: Step = { kind: 'check-snapshots', filter: r.obj(o.snapshots, join(path, 'snapshots')), all: o.all === undefined ? {} : r.obj(o.all, join(path, 'all')) };
    if (o.count !== undefined) step.count = r.count(o.count, join(path, 'count'));
    return withAs(step);
  }
  if (o.cluster !== undefined) {
    r.only(o, path, ['cluster', 'status']);
    return { kind: 'check-cluster', id: r.str(o.cluster, join(path, 'cluster')), status: r.str(o.status, join(path, 'status')) };
  }
  return r.fail(path, 'must name what it checks: `snapshot`, `snapshots` or `cluster`');
}

function readStep(r: Reader, v: unknown, path: string): Step {
  const o = r.obj(v, path);
  const actions = ACTIONS.filter((a) => o[a] !== undefined);
  if (actions.length !== 1) r.fail(path, actions.length === 0 ? `needs one action: ${ACTIONS.join(', ')}` : `has several actions (${actions.join(', ')}); use one per step`);
  if (o.at !== undefined && o.after !== undefined) r.fail(path, 'use `at` or `after`, not both');
  const timing: { at?: number; after?: number } = {};
  if (o.at !== undefined) timing.at = r.duration(o.at, join(path, 'at'));
  if (o.after !== undefined) timing.after = r.duration(o.after, join(path, 'after'));
  const action = actions[0]!;
  const p = join(path, action);
  let step: Step;
  switch (action) {
    case 'cluster': {
      r.only(o, path, ['at', 'after', 'cluster']);
      const c = r.obj(o.cluster, p);
      r.only(c, p, ['id', 'nodeType', 'nodes', 'automatedRetention', 'manualRetention', 'account']);
      step = { kind: 'cluster', id: r.str(c.id, join(p, 'id')) };
      if (c.nodeType !== undefined) step.nodeType = r.str(c.nodeType, join(p, 'nodeType'));
      if (c.nodes !== undefined) step.nodes = r.int(c.nodes, join(p, 'nodes'), 1);
      if (c.automatedRetention !== undefined) step.automatedRetention = r.int(c.automatedRetention, join(p, 'automatedRetention'));
      if (c.manualRetention !== undefined) step.manualRetention = r.int(c.manualRetention, join(p, 'manualRetention'), -1);
      if (c.account !== undefined) step.account = r.account(c.account, join(p, 'account'));
      break;
    }
    case 'call': {
      r.only(o, path, ['at', 'after', 'call', 'input', 'as', 'expect']);
      const operation = r.str(o.call, p);
      if (!OPERATIONS.has(operation)) {
        const near = [...OPERATIONS].find((n) => n.toLowerCase().includes(operation.toLowerCase().replace(/^(create|delete|describe)/, '')));
        r.fail(p, `unknown operation "${operation}"${near ? ` (did you mean ${near}?)` : ''}`);
      }
      step = { kind: 'call', operation, input: o.input === undefined ? {} : r.obj(o.input, join(path, 'input')) };
      if (o.as !== undefined) step.as = r.account(o.as, join(path, 'as'));
      if (o.expect !== undefined && o.expect !== 'ok') {
        const e = r.obj(o.expect, join(path, 'expect'));
        r.only(e, join(path, 'expect'), ['error']);
        step.expectError = r.str(e.error, join(path, 'expect.error'));
      }
      break;
    }
    case 'idle':
      r.only(o, path, ['at', 'after', 'idle']);
      if (o.idle !== true) r.fail(p, 'must be true');
      step = { kind: 'idle' };
      break;
    case 'say':
      r.only(o, path, ['at', 'after', 'say']);
      step = { kind: 'say', text: r.str(o.say, p) };
      break;
    default:
      r.only(o, path, ['at', 'after', 'check']);
      step = readCheck(r, o.check, p);
  }
  return { ...timing, ...step };
}

/** A validated declarative scenario. */
export interface ScenarioDocument {
  name: string;
  description?: string;
  seed?: number;
  horizon?: number;
  config?: Scenario['config'];
  steps: Step[];
}

/** Validates a parsed document (from JSON or YAML) read from `file`. */
export function validateScenario(doc: unknown, file: string): ScenarioDocument {
  const r = new Reader(file);
  const o = r.obj(doc, '');
  r.only(o, '', ['name', 'description', 'seed', 'horizon', 'config', 'steps']);
  const out: ScenarioDocument = { name: r.str(o.name, 'name'), steps: [] };
  if (o.description !== undefined) out.description = r.str(o.description, 'description');
  if (o.seed !== undefined) out.seed = r.int(o.seed, 'seed');
  if (o.horizon !== undefined) out.horizon = r.duration(o.horizon, 'horizon');
  if (o.config !== undefined) out.config = readConfig(r, o.config);
  if (!Array.isArray(o.steps) || o.steps.length === 0) r.fail('steps', `must be a non-empty list of steps, got ${kindOf(o.steps)}`);
  out.steps = (o.steps as unknown[]).map((s, i) => readStep(r, s, join('steps', i)));
  return out;
}

const matches = (view: Obj | undefined, expected: Obj): string[] =>
  Object.entries(expected)
    .filter(([k, v]) => JSON.stringify(view?.[k]) !== JSON.stringify(v))
    .map(([k, v]) => `${k} is ${JSON.stringify(view?.[k])}, expected ${JSON.stringify(v)}`);

const countOk = (n: number, c: Count): boolean => (typeof c === 'number' ? n === c : (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max));
const countText = (c: Count): string => (typeof c === 'number' ? `${c}` : [c.min !== undefined ? `≥ ${c.min}` : '', c.max !== undefined ? `≤ ${c.max}` : ''].filter(Boolean).join(' and '));

function runStep(ctx: ScenarioContext, step: Step): void {
  switch (step.kind) {
    case 'cluster': {
      const { kind: _k, at: _a, after: _f, id, ...setup } = step;
      return ctx.cluster(id, setup);
    }
    case 'call':
      if (step.expectError !== undefined) {
        ctx.expectError(step.expectError, () => ctx.call(step.operation, step.input, step.as), `${step.operation} refused with ${step.expectError}`);
      } else ctx.call(step.operation, step.input, step.as);
      return;
    case 'idle':
      return ctx.idle();
    case 'say':
      return ctx.say(step.text);
    case 'check-snapshot': {
      const view = ctx.snapshot(step.id, step.as);
      if (!step.exists) return void ctx.check(view === undefined, `snapshot ${step.id} does not exist`);
      const diff = view === undefined ? ['it does not exist'] : matches(view, step.is);
      ctx.check(diff.length === 0, `snapshot ${step.id}${Object.keys(step.is).length ? ' ' + JSON.stringify(step.is) : ' exists'}${diff.length ? ` — ${diff.join('; ')}` : ''}`);
      return;
    }
    case 'check-snapshots': {
      const list = ctx.snapshots(step.filter, step.as);
      const what = `snapshots ${JSON.stringify(step.filter)}`;
      if (step.count !== undefined) ctx.check(countOk(list.length, step.count), `${what}: count ${countText(step.count)} (is ${list.length})`);
      if (Object.keys(step.all).length) {
        const bad = list.filter((v) => matches(v, step.all).length > 0).map((v) => v.SnapshotIdentifier as string);
        ctx.check(bad.length === 0, `${what}: all ${JSON.stringify(step.all)}${bad.length ? ` — not: ${bad.join(', ')}` : ''}`);
      }
      return;
    }
    case 'check-cluster': {
      let status = 'gone';
      try {
        status = ctx.call('DescribeClusters', { ClusterIdentifier: step.id }).Clusters[0].ClusterStatus;
      } catch (e) {
        if ((e as { code?: string }).code !== 'ClusterNotFound') throw e;
      }
      ctx.check(status === step.status, `cluster ${step.id} is ${step.status}${status === step.status ? '' : ` (is ${status})`}`);
      return;
    }
  }
}

/** Compiles a validated document into a {@link Scenario}; step failures name their path. */
export function compileScenario(doc: ScenarioDocument): Scenario {
  return {
    name: doc.name,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    ...(doc.seed !== undefined ? { seed: doc.seed } : {}),
    ...(doc.horizon !== undefined ? { horizon: doc.horizon } : {}),
    ...(doc.config !== undefined ? { config: doc.config } : {}),
    run(ctx) {
      doc.steps.forEach((step, i) => {
        if (step.at !== undefined) ctx.advanceTo(step.at);
        if (step.after !== undefined) ctx.advance(step.after);
        try {
          runStep(ctx, step);
        } catch (e) {
          const what = e instanceof Error ? ((e as { code?: string }).code ? `${(e as { code?: string }).code}: ${e.message}` : e.message) : String(e);
          throw new ScenarioAbort(`steps[${i}] (${step.kind === 'call' ? step.operation : step.kind}): ${what}`);
        }
      });
    },
  };
}
