/** The event log: what an accepted command leaves in it, and that the log is the simulator's own. */
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/index.ts';
import { OTHER, manualSnapshot, world } from '../rules/fixtures.ts';

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

  it('logs a command under the same request id whatever queries and refused calls came before it, so a simulator rebuilt from the log continues it byte for byte', () => {
    const live = world();
    manualSnapshot(live, 's1');
    const cut = live.entries().length;
    live.describeClusterSnapshots({});
    expect(() => live.createClusterSnapshot({ ClusterIdentifier: 'nope', SnapshotIdentifier: 's2' })).toThrow();
    live.describeClusters({}, OTHER);
    live.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's2' });
    live.runUntilIdle();
    const resumed = replay(live.entries().slice(0, cut));
    resumed.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's2' });
    resumed.runUntilIdle();
    expect(resumed.encodeLog()).toBe(live.encodeLog());
  });

  it('a rebuilt simulator numbers on after a log holding ids of the caller’s own (meta.requestId)', () => {
    const live = world();
    live.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'x1' }, undefined, { requestId: '00000000-0000-4000-8000-000000000123' });
    live.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 'x2' }, undefined, { requestId: 'my-own-id' });
    const resumed = replay(live.entries());
    for (const sim of [live, resumed]) sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 'x3' });
    expect(resumed.encodeLog()).toBe(live.encodeLog());
  });

  it('gives a query (asked with meta) and an unlogged request ids of their own, never a logged command’s', () => {
    const sim = world();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const meta: { requestId?: string } = {};
      sim.execute('DescribeClusterSnapshots', {}, undefined, meta);
      seen.push(meta.requestId!);
      expect(() => sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'nope', SnapshotIdentifier: `r${i}` })).toThrow();
      seen.push(sim.unloggedRequestId());
      const accepted: { requestId?: string } = {};
      sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: `s${i}` }, undefined, accepted);
      expect(sim.entries().at(-1)!.requestId).toBe(accepted.requestId);
    }
    const logged = sim.entries().flatMap((e) => (e.requestId ? [e.requestId] : []));
    const all = [...seen, ...logged];
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
