/**
 * fast-check arbitraries for model-based tests of snapsim (and of users' code on top of it):
 * random sequences of AWS calls and time advances over a small world of accounts, regions,
 * clusters and snapshot names, each checking every invariant after it runs.
 */
import fc from 'fast-check';
import { isServiceError } from '../model/errors.ts';
import type { Simulator } from '../sim/simulator.ts';
import type { Caller } from '../model/types.ts';
import { InvariantTracker } from './invariants.ts';

/** The world the commands range over. */
export const WORLD = {
  accounts: ['123456789012', '210987654321'],
  regions: ['us-east-1', 'eu-west-1'],
  clusters: ['alpha', 'beta'],
  snapshots: ['s1', 's2', 's3', 'before-deploy'],
  grantees: ['123456789012', '210987654321', '333333333333', 'amazon-redshift-support'],
} as const;

/** The real system under test plus its invariant tracker. */
export interface Real {
  readonly sim: Simulator;
  readonly tracker: InvariantTracker;
  /** Replay the log after every step (costly; on by default in snapsim's own tests). */
  readonly replayEveryStep: boolean;
}

/** The model: what the run has seen (commands here check the real system only). */
export interface Model {
  accepted: number;
  rejected: number;
}

/** One AWS call as a fast-check command. */
export class CallCommand implements fc.Command<Model, Real> {
  constructor(
    readonly operation: string,
    readonly input: Record<string, unknown>,
    readonly caller: Caller,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    const before = r.sim.entries().length;
    const clusterStatus = r.sim.state.partitions.get(`${this.caller.account}/${this.caller.region}`)?.clusters.get(String(this.input.ClusterIdentifier))?.status;
    try {
      r.sim.execute(this.operation, this.input, this.caller);
      m.accepted++;
      if (this.operation === 'CreateClusterSnapshot' && clusterStatus !== 'available') {
        throw new Error(`manual snapshot accepted from a ${clusterStatus ?? 'missing'} cluster`);
      }
    } catch (e) {
      if (!isServiceError(e)) throw e;
      m.rejected++;
      if (r.sim.entries().length !== before) throw new Error(`rejected ${this.operation} (${e.code}) changed the log`);
    }
    r.tracker.check({ replayCheck: r.replayEveryStep });
  }
  toString(): string {
    return `${this.operation}(${JSON.stringify(this.input)}) as ${this.caller.account}/${this.caller.region}`;
  }
}

/** Advancing virtual time as a fast-check command. */
export class AdvanceCommand implements fc.Command<Model, Real> {
  constructor(readonly seconds: number) {}
  check(): boolean {
    return true;
  }
  run(_m: Model, r: Real): void {
    r.sim.advance(this.seconds);
    r.tracker.check({ replayCheck: r.replayEveryStep });
  }
  toString(): string {
    return `advance(${this.seconds})`;
  }
}

/** CopyClusterSnapshot of the caller's `pick`-th automated snapshot (by id), whatever exists then. */
export class CopyAutomatedCommand extends CallCommand {
  constructor(
    readonly pick: number,
    target: string,
    caller: Caller,
  ) {
    super('CopyClusterSnapshot', { SourceSnapshotIdentifier: 'rs:none', TargetSnapshotIdentifier: target }, caller);
  }
  override run(m: Model, r: Real): void {
    const p = r.sim.state.partitions.get(`${this.caller.account}/${this.caller.region}`);
    const automated = [...(p?.clusters.values() ?? [])].flatMap((c) => c.automated.map((s) => s.id)).sort();
    if (automated.length > 0) this.input.SourceSnapshotIdentifier = automated[this.pick % automated.length];
    super.run(m, r);
  }
}

/** Running until no work is in flight, as a fast-check command. */
export class IdleCommand implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }
  run(_m: Model, r: Real): void {
    r.sim.runUntilIdle();
    r.tracker.check({ replayCheck: r.replayEveryStep });
  }
  toString(): string {
    return 'runUntilIdle()';
  }
}

const caller = fc.record({ account: fc.constantFrom(...WORLD.accounts), region: fc.constantFrom(...WORLD.regions) });
const cluster = fc.constantFrom(...WORLD.clusters);
const snap = fc.constantFrom(...WORLD.snapshots);
const retention = fc.constantFrom(-1, 1, 2, 0, 3654);
const call = (operation: string, input: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(input, caller).map(([i, c]) => new CallCommand(operation, i, c));

/** Arbitrary AWS calls over {@link WORLD}, valid and invalid alike. */
export const callCommands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  call('CreateCluster', fc.record({ ClusterIdentifier: cluster, NodeType: fc.constantFrom('dc2.large', 'ra3.xlplus'), MasterUsername: fc.constant('admin'), NumberOfNodes: fc.integer({ min: 1, max: 4 }) })),
  call('CreateClusterSnapshot', fc.record({ ClusterIdentifier: cluster, SnapshotIdentifier: snap, ManualSnapshotRetentionPeriod: retention }, { requiredKeys: ['ClusterIdentifier', 'SnapshotIdentifier'] })),
  fc.tuple(fc.nat(8), snap, caller).map(([pick, target, c]) => new CopyAutomatedCommand(pick, target, c)),
  call('DeleteClusterSnapshot', fc.record({ SnapshotIdentifier: snap })),
  call('ModifyClusterSnapshot', fc.record({ SnapshotIdentifier: snap, ManualSnapshotRetentionPeriod: retention, Force: fc.boolean() })),
  call('AuthorizeSnapshotAccess', fc.record({ SnapshotIdentifier: snap, AccountWithRestoreAccess: fc.constantFrom(...WORLD.grantees) })),
  call('RevokeSnapshotAccess', fc.record({ SnapshotIdentifier: snap, AccountWithRestoreAccess: fc.constantFrom(...WORLD.grantees) })),
  call('DeleteCluster', fc.oneof(
    fc.record({ ClusterIdentifier: cluster, SkipFinalClusterSnapshot: fc.constant(true) }),
    fc.record({ ClusterIdentifier: cluster, FinalClusterSnapshotIdentifier: snap }),
  )),
  call('PauseCluster', fc.record({ ClusterIdentifier: cluster })),
  call('ResumeCluster', fc.record({ ClusterIdentifier: cluster })),
  call('DescribeClusterSnapshots', fc.record({ ClusterIdentifier: cluster, SnapshotType: fc.constantFrom('manual', 'automated') }, { requiredKeys: [] })),
];

/** Time advances from seconds to days, so backups, automated cadence and retention all show. */
export const advanceCommand: fc.Arbitrary<fc.Command<Model, Real>> = fc
  .constantFrom(5, 60, 600, 3_600, 9 * 3_600, 2 * 86_400)
  .map((s) => new AdvanceCommand(s));

/** A random sequence of calls and advances. */
export const lifecycleCommands = (maxCommands = 60) =>
  fc.commands([...callCommands, advanceCommand, advanceCommand, fc.constant(new IdleCommand())], { maxCommands, size: 'max' });

/** Gives every account and region of {@link WORLD} an available cluster `alpha`, so calls have targets. */
export function seedWorld(sim: Simulator): void {
  for (const account of WORLD.accounts) {
    for (const region of WORLD.regions) {
      sim.execute('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' }, { account, region });
    }
  }
  sim.runUntilIdle();
}
