/**
 * The library's own arguments (not an AWS input): a seed, a start, a clock target, a caller, an
 * input, waiter options, injected faults. A bad one is a RangeError before anything is logged, and
 * what is taken can always be written to a log and replayed from it.
 */
import { describe, expect, it } from 'vitest';
import { parseClockMode } from '../../src/api/clock.ts';
import { LATEST_VIRTUAL_TIME } from '../../src/events/instant.ts';
import { InMemoryLog } from '../../src/events/log.ts';
import { createSimulator, replayNdjson, type Simulator } from '../../src/sim/simulator.ts';

const cluster = (sim: Simulator, id = 'c1') => sim.createCluster({ ClusterIdentifier: id, NodeType: 'dc2.large', MasterUsername: 'admin' });

describe('createSimulator', () => {
  it('refuses a seed that is not a whole number a log can hold', () => {
    for (const seed of [1.5, Number.NaN, Infinity, 2 ** 60, '7']) expect(() => createSimulator({ seed: seed as number }), String(seed)).toThrow(RangeError);
    for (const seed of [0, 7, -3, Number.MAX_SAFE_INTEGER]) expect(replayNdjson(createSimulator({ seed }).encodeLog()).seed).toBe(seed);
  });

  it('refuses a start past the latest virtual time (the end of 9999)', () => {
    expect(() => createSimulator({ start: LATEST_VIRTUAL_TIME + 1 })).toThrow(/past the latest virtual time, 9999-12-31T23:59:59\.999Z/);
    expect(createSimulator({ start: LATEST_VIRTUAL_TIME }).nowMs()).toBe(LATEST_VIRTUAL_TIME);
  });

  it('refuses a start before the earliest virtual time (0000-01-01: every time shown has a four-digit year)', () => {
    expect(() => createSimulator({ start: '-000001-12-31T23:59:59.999Z' })).toThrow(/before the earliest virtual time, 0000-01-01T00:00:00\.000Z/);
    expect(createSimulator({ start: '0000-01-01T00:00:00Z' }).now().toISOString()).toBe('0000-01-01T00:00:00.000Z');
  });

  it('checks every option before the log holds anything', () => {
    const bad = [
      { notificationLimit: -1 },
      { apiErrors: [{ operation: 'ResumeCluster', code: 'InsufficientClusterCapacity' as const, count: 1 }, { operation: 'Nope', code: 'InsufficientClusterCapacity' as const, count: 1 }] },
      { regionOutages: [{ region: 'us-east-1', to: Date.UTC(2025, 0, 2) }, { region: 'Mars', to: Date.UTC(2025, 0, 2) }] },
      { apiErrors: [{ operation: 'ResumeCluster', code: 'InsufficientClusterCapacity' as const, rate: '0.5' as unknown as number }] },
      { regionOutages: [{ region: 'us-east-1', to: Date.UTC(2025, 0, 2), failure: '0.5' as unknown as number }] },
    ];
    for (const opts of bad) {
      const log = new InMemoryLog();
      expect(() => createSimulator({ seed: 77, log, ...opts }), JSON.stringify(opts)).toThrow(RangeError);
      expect(log.nextSeq, JSON.stringify(opts)).toBe(0);
    }
  });
});

describe('the clock', () => {
  it('refuses to pass the latest virtual time; a command just before it is logged and replays', () => {
    const sim = createSimulator({ seed: 2 });
    expect(() => sim.advanceTo(LATEST_VIRTUAL_TIME + 1)).toThrow(RangeError);
    expect(() => sim.advance((LATEST_VIRTUAL_TIME - sim.nowMs()) / 1000 + 1)).toThrow(RangeError);
    sim.advanceTo(LATEST_VIRTUAL_TIME - 3_600_000);
    cluster(sim);
    sim.advance(1800);
    sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 3653 });
    sim.advanceTo(LATEST_VIRTUAL_TIME);
    expect(replayNdjson(sim.encodeLog()).describeClusters({}).Clusters).toHaveLength(1);
  });

  it('takes seconds as a number only', () => {
    const sim = createSimulator({ seed: 2 });
    for (const s of ['10', null, undefined, {}]) expect(() => sim.advance(s as unknown as number), String(s)).toThrow(RangeError);
    expect(() => sim.advanceTo({} as unknown as number)).toThrow(RangeError);
    expect(sim.entries()).toHaveLength(1);
  });

  it('parses clock modes, refusing others with a RangeError', () => {
    expect(parseClockMode('scaled:60')).toEqual({ kind: 'scaled', factor: 60 });
    for (const text of ['bogus', 'scaled:0', 'scaled:-1']) expect(() => parseClockMode(text), text).toThrow(RangeError);
  });
});

describe('execute', () => {
  it('refuses a caller that is not { 12-digit account, region name }, and an input that is not an object, logging nothing', () => {
    const sim = createSimulator({ seed: 3 });
    for (const caller of [null, {}, { account: 'x', region: 'mars' }, { account: 123, region: 'us-east-1' }, { account: '123456789012', region: 'Mars' }]) {
      expect(() => sim.execute('CreateCluster', { ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' }, caller as never), JSON.stringify(caller)).toThrow(RangeError);
    }
    for (const input of [null, 5, [], 'x']) expect(() => sim.execute('DescribeClusters', input as never), JSON.stringify(input)).toThrow(RangeError);
    expect(() => sim.describeClusters(null as never)).toThrow(RangeError);
    expect(sim.entries()).toHaveLength(1);
    expect(sim.state.partitions.size).toBe(0);
  });
});

describe('waitFor', () => {
  it('refuses options that are not { delaySeconds >= 0, maxAttempts a whole number >= 1 }', () => {
    const sim = createSimulator({ seed: 4 });
    cluster(sim);
    for (const opts of [null, { maxAttempts: 0 }, { maxAttempts: -1 }, { maxAttempts: Number.NaN }, { maxAttempts: 1.5 }, { maxAttempts: '3' }, { delaySeconds: -5 }, { delaySeconds: Infinity }]) {
      expect(() => sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'c1' }, undefined, opts as never), JSON.stringify(opts)).toThrow(RangeError);
    }
    expect(sim.nowMs()).toBe(sim.state.start); // no poll moved the clock
    expect(sim.waitFor('ClusterAvailable', { ClusterIdentifier: 'c1' }, undefined, { delaySeconds: 30, maxAttempts: 40 }).state).toBe('SUCCESS');
  });
});
