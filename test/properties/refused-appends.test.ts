/**
 * "A failed write changes nothing", as a property: the lifecycle's random call sequences run over
 * a log that refuses some appends (as a full disk would), and after every step, refused or not,
 * the live state equals the replay of the log and every invariant holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryLog } from '../../src/events/log.ts';
import type { LogEntry } from '../../src/events/types.ts';
import { createSimulator, replay } from '../../src/sim/simulator.ts';
import { advanceCommand, callCommands, copyCommands, deepEqual, InvariantTracker, regionOutageCommand, seedWorld, sharingCommands, type Model, type Real } from '../../src/testing/index.ts';
import { commandsReplayPath, propertiesOf } from './replayable.ts';

const property = propertiesOf(import.meta.url);

/** Appends refused over every run of the property, and steps run after one (so the test can tell it refused some). */
const seen = { refused: 0, appliedAfter: 0 };

/** An in-memory log whose next `failures` appends throw ENOSPC. */
class RefusingLog extends InMemoryLog {
  failures = 0;
  override append(entry: LogEntry): void {
    if (this.failures > 0) {
      this.failures--;
      seen.refused++;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    super.append(entry);
  }
}

/** A lifecycle command run with the log refusing its first append (`refuse`), or not. */
class MaybeRefused implements fc.Command<Model, Real> {
  constructor(
    readonly inner: fc.Command<Model, Real>,
    readonly refuse: boolean,
  ) {}
  check(m: Readonly<Model>): boolean {
    return this.inner.check(m);
  }
  run(m: Model, r: Real): void {
    const log = r.sim.log as RefusingLog;
    log.failures = this.refuse ? 1 : 0;
    try {
      this.inner.run(m, r);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    } finally {
      log.failures = 0;
    }
    expect(deepEqual(replay(r.sim.entries()).state, r.sim.state), 'the live state is the replay of the log').toBe(true);
    if (seen.refused > 0 && !this.refuse) seen.appliedAfter++;
    r.tracker.check();
  }
  toString(): string {
    return `${this.refuse ? 'refused ' : ''}${String(this.inner)}`;
  }
}

const maybeRefused = (arb: fc.Arbitrary<fc.Command<Model, Real>>) => fc.tuple(arb, fc.nat(3)).map(([c, k]) => new MaybeRefused(c, k === 0));

describe('a log that refuses appends', () => {
  property('changes nothing: after every step the live state is the replay of the log, and the invariants hold', () =>
    fc.property(
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.commands([...callCommands, ...sharingCommands, fc.oneof(...copyCommands), regionOutageCommand, advanceCommand, advanceCommand].map(maybeRefused), {
        maxCommands: 40,
        size: 'max',
        ...(commandsReplayPath() ? { replayPath: commandsReplayPath()! } : {}),
      }),
      (seed, cmds) => {
        const log = new RefusingLog();
        const sim = createSimulator({ seed, log, quotas: { manualSnapshots: 3, authorizationsPerSnapshot: 2 }, faults: { backupFailure: 0.15, clusterOutage: 0.15, copyFailure: 0.15 } });
        seedWorld(sim);
        fc.modelRun(() => ({ model: { accepted: 0, rejected: 0 } satisfies Model, real: { sim, tracker: new InvariantTracker(sim), replayEveryStep: false } }), cmds);
      },
    ),
  );
  it('refused appends, and went on after them (the property above is not vacuous)', () => {
    expect(seen.refused).toBeGreaterThan(50);
    expect(seen.appliedAfter).toBeGreaterThan(50);
  });
});
