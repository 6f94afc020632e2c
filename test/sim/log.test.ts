/** The event log: what an accepted command leaves in it, and that the log is the simulator's own. */
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/index.ts';
import { manualSnapshot, world } from '../rules/fixtures.ts';

describe('the event log', () => {
  it('keeps its own copy of a command input: changing the caller’s tags afterwards changes neither log nor state', () => {
    const sim = world();
    const Tags = [{ Key: 'team', Value: 'data' }];
    sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's1', Tags });
    const before = sim.encodeLog();
    Tags[0]!.Value = 'MUTATED';
    Tags.push({ Key: 'extra', Value: 'x' });
    expect(sim.encodeLog()).toBe(before);
    expect(sim.describeClusterSnapshots({ SnapshotIdentifier: 's1' }).Snapshots[0].Tags).toEqual([{ Key: 'team', Value: 'data' }]);
  });

  it('appends an accepted command that produces no events (a retention set to its current value), and it replays', () => {
    const sim = world();
    manualSnapshot(sim, 's1', { input: { ManualSnapshotRetentionPeriod: 7 } });
    const n = sim.entries().length;
    const out = sim.modifyClusterSnapshot({ SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 7 });
    expect(out.Snapshot.ManualSnapshotRetentionPeriod).toBe(7);
    const entries = sim.entries();
    expect(entries).toHaveLength(n + 1);
    expect(entries[n]!.command).toMatchObject({ name: 'ModifyClusterSnapshot', input: { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 7 } });
    expect(entries[n]!.events).toEqual([]);
    expect(replay(entries).encodeLog()).toBe(sim.encodeLog());
  });

  it('does not append a refused command', () => {
    const sim = world();
    const n = sim.entries().length;
    expect(() => sim.modifyClusterSnapshot({ SnapshotIdentifier: 'nope', ManualSnapshotRetentionPeriod: 7 })).toThrow();
    expect(sim.entries()).toHaveLength(n);
  });
});
