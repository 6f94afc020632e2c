/**
 * The {@link ScenarioContext} implementation: virtual time in observable steps, narration,
 * expectations, and the setup every story shares (a cluster that is up, paging through snapshots).
 */
import { DEFAULT_CALLER, type Output, type Simulator } from '../sim/simulator.ts';
import { isServiceError } from '../model/errors.ts';
import type { Caller } from '../model/types.ts';
import type { Input } from '../model/input.ts';
import { LATEST_VIRTUAL_TIME } from '../events/instant.ts';
import { formatDuration, formatOffset, parseDuration } from '../format/duration.ts';
import { callLine } from './narrate.ts';
import type { Check, ClusterSetup, RunObserver, ScenarioContext, SnapshotView } from './types.ts';

/** Virtual time between observer ticks while advancing (ms). Does not change the log. */
const TICK_MS = 10 * 60_000;

/** Raised when a scenario cannot go on (a wait that never ends, a bad duration). */
export class ScenarioAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioAbort';
  }
}

const seconds = (d: string | number, what: string): number => {
  const s = parseDuration(d);
  if (s === undefined) throw new ScenarioAbort(`${what}: not a duration: ${JSON.stringify(d)} (use e.g. 90s, 15m, 2h, 3d)`);
  return s;
};

/** Creates the context of one run; `checks` collects every expectation. */
export function createContext(sim: Simulator, observer: RunObserver, checks: Check[], metrics: Record<string, number> = {}): ScenarioContext {
  const start = sim.state.start;
  const owner: Caller = DEFAULT_CALLER;
  const callerOf = (as?: string | Caller): Caller => (as === undefined ? owner : typeof as === 'string' ? { account: as, region: owner.region } : as);
  const stamp = (text: string) => `${formatOffset(sim.nowMs() - start)}  ${text}`;
  const say = (text: string) => observer.line?.(stamp(text));

  const moveTo = (target: number) => {
    // refused before the first tick: walking to a time past the clock's end would take ages to fail
    if (!(target <= LATEST_VIRTUAL_TIME)) throw new ScenarioAbort(`cannot move virtual time to ${formatDuration((target - start) / 1000)} after the start: past the last representable instant (the latest virtual time, ${new Date(LATEST_VIRTUAL_TIME).toISOString()})`);
    for (let t = sim.nowMs(); t < target; ) {
      t = Math.min(target, t + TICK_MS);
      sim.advanceTo(t);
      observer.tick?.(t, sim);
    }
  };

  const ctx: ScenarioContext = {
    sim,
    seed: sim.seed,
    owner,
    now: () => sim.nowMs(),
    elapsed: () => sim.nowMs() - start,
    say,
    advance: (d) => moveTo(sim.nowMs() + Math.round(seconds(d, 'advance') * 1000)),
    advanceTo: (d) => moveTo(Math.max(sim.nowMs(), start + Math.round(seconds(d, 'advanceTo') * 1000))),
    idle: () => {
      sim.runUntilIdle();
      observer.tick?.(sim.nowMs(), sim);
    },
    waitFor(what, until, opts = {}) {
      const step = seconds(opts.step ?? '1m', 'waitFor step') * 1000;
      const limit = sim.nowMs() + seconds(opts.max ?? '7d', 'waitFor max') * 1000;
      const from = sim.nowMs();
      while (!until()) {
        if (sim.nowMs() >= limit) throw new ScenarioAbort(`gave up waiting for ${what} after ${formatDuration((sim.nowMs() - from) / 1000)}`);
        moveTo(Math.min(limit, sim.nowMs() + step));
      }
      return (sim.nowMs() - from) / 1000;
    },
    waitForBackup(id, opts = {}) {
      let view: SnapshotView | undefined;
      const ended = () => {
        view = ctx.snapshot(id, opts.as);
        return view === undefined || (view.Status !== 'creating' && view.Status !== 'final snapshot');
      };
      ctx.waitFor(`the backup of ${id}`, ended, { step: '1m', max: opts.max ?? '1d' });
      return view;
    },
    call(operation, input = {}, as) {
      const caller = callerOf(as);
      if (!operation.startsWith('Describe')) say(callLine(operation, input, caller.account === owner.account ? null : caller.account));
      return sim.execute(operation, input, caller);
    },
    metric(name, value) {
      if (!Number.isFinite(value)) throw new ScenarioAbort(`metric ${name}: not a finite number: ${value}`);
      metrics[name] = value;
      say(`${name} = ${value}`);
    },
    check(ok, message) {
      checks.push({ ok, message, at: sim.nowMs() });
      observer.line?.(stamp(`${ok ? '✓' : '✗'} ${message}`));
      return ok;
    },
    expectError(code, fn, message) {
      try {
        fn();
      } catch (e) {
        if (!isServiceError(e)) throw e;
        ctx.check(e.code === code, message ?? `refused with ${code}${e.code === code ? '' : ` (got ${e.code}: ${e.message})`}`);
        return e.message;
      }
      ctx.check(false, message ? `${message} (expected ${code}, but it succeeded)` : `expected ${code}, but it succeeded`);
      return undefined;
    },
    cluster(id, setup: ClusterSetup = {}) {
      const nodes = setup.nodes ?? 2;
      const input: Input = {
        ClusterIdentifier: id,
        NodeType: setup.nodeType ?? 'dc2.large',
        MasterUsername: 'admin',
        NumberOfNodes: nodes,
        ClusterType: nodes > 1 ? 'multi-node' : 'single-node',
      };
      if (setup.automatedRetention !== undefined) input.AutomatedSnapshotRetentionPeriod = setup.automatedRetention;
      if (setup.manualRetention !== undefined) input.ManualSnapshotRetentionPeriod = setup.manualRetention;
      const caller = setup.account || setup.region ? { account: setup.account ?? owner.account, region: setup.region ?? owner.region } : owner;
      say(`→ CreateCluster ${id} (${nodes} × ${String(input.NodeType)})`);
      sim.execute('CreateCluster', input, caller);
      ctx.waitFor(`cluster ${id} to be available`, () => sim.execute('DescribeClusters', { ClusterIdentifier: id }, caller).Clusters[0].ClusterStatus === 'available', { step: '30s', max: '1h' });
    },
    snapshots(filter: Input = {}, as) {
      const out: SnapshotView[] = [];
      let marker: string | undefined;
      do {
        const page: Output = sim.execute('DescribeClusterSnapshots', { ...filter, MaxRecords: 100, ...(marker ? { Marker: marker } : {}) }, callerOf(as));
        out.push(...(page.Snapshots as SnapshotView[]));
        marker = page.Marker;
      } while (marker);
      return out;
    },
    snapshot(id, as) {
      try {
        return sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: id }, callerOf(as)).Snapshots[0];
      } catch (e) {
        if (isServiceError(e) && e.code === 'ClusterSnapshotNotFound') return undefined;
        throw e;
      }
    },
    account: (id) => ({ account: id, region: owner.region }),
  };
  return ctx;
}
