/**
 * A log that refuses an entry (a full disk) changes nothing: a refused command is not applied, and
 * a timer whose entry was refused stays due and runs on the next advance, so the live state always
 * equals the replay of the log.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryLog } from '../../src/events/log.ts';
import type { LogEntry } from '../../src/events/types.ts';
import { createSimulator, replay } from '../../src/sim/simulator.ts';
import { deepEqual } from '../../src/testing/index.ts';

/** An in-memory log whose next `failures` appends throw, as a full disk would. */
class FlakyLog extends InMemoryLog {
  failures = 0;
  override append(entry: LogEntry): void {
    if (this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    super.append(entry);
  }
}

const sameAsReplay = (sim: ReturnType<typeof createSimulator>) => expect(deepEqual(replay(sim.entries()).state, sim.state)).toBe(true);

describe('a log that refuses a write', () => {
  it('leaves a refused command unapplied', () => {
    const log = new FlakyLog();
    const sim = createSimulator({ log });
    log.failures = 1;
    expect(() => sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' })).toThrow(/ENOSPC/);
    expect(sim.describeClusters().Clusters).toEqual([]);
    sameAsReplay(sim);
  });

  it('keeps a timer whose entry was refused due, and runs it on the next advance', () => {
    const log = new FlakyLog();
    const sim = createSimulator({ log });
    sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
    sim.runUntilIdle();
    sim.createClusterSnapshot({ SnapshotIdentifier: 's1', ClusterIdentifier: 'c1' });
    log.failures = 1;
    expect(() => sim.advance(3_600)).toThrow(/ENOSPC/);
    expect(sim.describeClusterSnapshots({ SnapshotIdentifier: 's1' }).Snapshots?.[0]?.Status).toBe('creating');
    sameAsReplay(sim);
    sim.advance(3_600);
    expect(sim.describeClusterSnapshots({ SnapshotIdentifier: 's1' }).Snapshots?.[0]?.Status).toBe('available');
    sameAsReplay(sim);
  });
});
