/** The event log: what an accepted command leaves in it, and that the log is the simulator's own. */
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/index.ts';
import { requestId } from '../../src/sim/request-ids.ts';
import { OTHER, manualSnapshot, world } from '../rules/fixtures.ts';

describe('the event log', () => {
  it('keeps its own copy of a command input: changing the caller’s tags afterwards changes neither log nor state', () => {
    const sim = world();
    const Tags = [{ Key: 'team', Value: 'data' }];
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's1', Tags });
    const before = sim.encodeLog();
    Tags[0]!.Value = 'MUTATED';
    Tags.push({ Key: 'extra', Value: 'x' });
    expect(sim.encodeLog()).toBe(before);
    expect(sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 's1' }).Snapshots[0].Tags).toEqual([{ Key: 'team', Value: 'data' }]);
  });

  it('appends an accepted command that produces no events (a retention set to its current value), and it replays', () => {
    const sim = world();
    manualSnapshot(sim, 's1', { input: { ManualSnapshotRetentionPeriod: 7 } });
    const n = sim.entries().length;
    const out = sim.execute('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 7 });
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
    expect(() => sim.execute('ModifyClusterSnapshot', { SnapshotIdentifier: 'nope', ManualSnapshotRetentionPeriod: 7 })).toThrow();
    expect(sim.entries()).toHaveLength(n);
  });

  it('logs a command under the same request id whatever queries and refused calls came before it, so a simulator rebuilt from the log continues it byte for byte', () => {
    const live = world();
    manualSnapshot(live, 's1');
    const cut = live.entries().length;
    live.execute('DescribeClusterSnapshots', {});
    expect(() => live.execute('CreateClusterSnapshot', { ClusterIdentifier: 'nope', SnapshotIdentifier: 's2' })).toThrow();
    live.execute('DescribeClusters', {}, OTHER);
    live.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's2' });
    live.runUntilIdle();
    const resumed = replay(live.entries().slice(0, cut));
    resumed.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: 's2' });
    resumed.runUntilIdle();
    expect(resumed.encodeLog()).toBe(live.encodeLog());
  });

  it('a rebuilt simulator numbers on as the live one after ids a caller supplied (meta.requestId), never reusing one', () => {
    const live = world();
    const next = live.entries().filter((e) => e.command !== null).length; // the number the next command would get
    const supplied = [
      '00000000-0000-4000-8000-000000000123', // a UUID whose tail reads as a number ahead
      `00000000-0000-4000-8000-${(next + 1).toString(16).padStart(12, '0')}`, // tail = the number after this one
      requestId(live.seed, next + 3), // one of ours, from further ahead
      'my-own-id',
    ];
    supplied.forEach((requestId, i) => live.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: `x${i}` }, undefined, { requestId }));
    const resumed = replay(live.entries());
    for (const sim of [live, resumed]) for (let i = 0; i < 4; i++) sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: `y${i}` });
    expect(resumed.encodeLog()).toBe(live.encodeLog());
    const ids = live.entries().flatMap((e) => (e.requestId ? [e.requestId] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('continues past every number in a log numbered with gaps (as versions before 2026-11-23 wrote, refusals taking numbers)', () => {
    const live = world();
    for (let i = 0; i < 3; i++) live.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: `g${i}` });
    // older versions also drew the other digits differently: only the 12-digit tail is the number
    let k = 0;
    const gapped = live.entries().map((e) => (e.command === null ? e : { ...e, requestId: `0123abcd-0000-4000-8000-${(2 * k++).toString(16).padStart(12, '0')}` }));
    const resumed = replay(gapped);
    for (let i = 0; i < 3; i++) resumed.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: `after${i}` });
    const tails = resumed.entries().flatMap((e) => (e.requestId ? [e.requestId.slice(24)] : []));
    expect(new Set(tails).size).toBe(tails.length);
    expect(resumed.entries().at(-1)!.requestId).toBe(requestId(live.seed, 2 * (k - 1) + 3));
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
