/**
 * Injected API errors for the retry paths of runbooks: by count or seeded rate, per operation,
 * through createSimulator's options, the library, the control API and serve's config; logged, so
 * a replay holds the same rules and re-running the calls gives the same answers.
 */
import { describe, expect, it } from 'vitest';
import { EnableSnapshotCopyCommand, RestoreFromClusterSnapshotCommand, ResumeClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { startServer } from '../../src/api/server.ts';
import { isServiceError } from '../../src/model/errors.ts';
import { createSimulator, replay, type Simulator } from '../../src/sim/simulator.ts';
import { deepEqual } from '../../src/testing/invariants.ts';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return e.code;
  }
};

function withSnapshot(sim: Simulator): Simulator {
  sim.createCluster({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
  sim.createClusterSnapshot({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'nightly' });
  sim.runUntilIdle();
  return sim;
}

describe('injected API errors', () => {
  it('by count: the next N calls of the operation answer the code, then calls go through; each refusal is logged', () => {
    const sim = withSnapshot(createSimulator({ seed: 3 }));
    sim.injectApiError({ operation: 'RestoreFromClusterSnapshot', code: 'InsufficientClusterCapacity', count: 2 });
    const restore = () => sim.restoreFromClusterSnapshot({ ClusterIdentifier: 'dr', SnapshotIdentifier: 'nightly' });
    const before = sim.log.nextSeq;
    expect([codeOf(restore), codeOf(restore)]).toEqual(['InsufficientClusterCapacity', 'InsufficientClusterCapacity']);
    expect(sim.log.nextSeq).toBe(before + 2);
    expect(restore().Cluster?.ClusterStatus).toBe('creating');
    expect(codeOf(() => sim.createClusterSnapshot({ ClusterIdentifier: 'prod', SnapshotIdentifier: 'other' }))).toBeUndefined();
    expect(deepEqual(replay(sim.entries()).state, sim.state)).toBe(true);
  });

  it('by rate: a seeded share of calls fails, the same calls on the same seed fail the same way', () => {
    const run = () => {
      const sim = createSimulator({ seed: 8, apiErrors: [{ operation: 'DescribeClusters', code: 'DependentServiceRequestThrottlingFault', rate: 0.5 }] });
      return Array.from({ length: 40 }, () => codeOf(() => sim.describeClusters()) ?? 'ok');
    };
    const a = run();
    expect(a).toEqual(run());
    const failed = a.filter((x) => x !== 'ok').length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
  });

  it('by rate: a simulator rebuilt from the log answers the next calls as the live one does', () => {
    const live = createSimulator({ seed: 8, apiErrors: [{ operation: 'DescribeClusters', code: 'DependentServiceRequestThrottlingFault', rate: 0.5 }] });
    live.createCluster({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' });
    // calls that fire are logged, calls that pass are not: both move the draws on
    for (let i = 0; i < 10; i++) codeOf(() => live.describeClusters());
    live.advance(3_600); // the service's own entries (the cluster is ready) end the log
    expect(live.entries().at(-1)!.command).toBeNull();
    const rebuilt = replay(live.entries());
    const next = (sim: Simulator) => Array.from({ length: 20 }, () => codeOf(() => sim.describeClusters()) ?? 'ok');
    const answers = next(live);
    expect(answers).toContain('ok');
    expect(answers).toContain('DependentServiceRequestThrottlingFault');
    expect(next(rebuilt)).toEqual(answers);
  });

  it('refuses a rule it cannot take: RangeError', () => {
    const sim = createSimulator();
    expect(() => sim.injectApiError({ operation: 'Nope', code: 'InsufficientClusterCapacity', count: 1 })).toThrow(RangeError);
    expect(() => sim.injectApiError({ operation: 'ResumeCluster', code: 'NotACode', count: 1 })).toThrow(RangeError);
    expect(() => sim.injectApiError({ operation: 'ResumeCluster', code: 'InsufficientClusterCapacity' })).toThrow(RangeError);
    expect(() => sim.injectApiError({ operation: 'ResumeCluster', code: 'InsufficientClusterCapacity', count: 0 })).toThrow(RangeError);
    expect(() => sim.injectApiError({ operation: 'ResumeCluster', code: 'InsufficientClusterCapacity', rate: 2 })).toThrow(RangeError);
  });

  it('CopyToRegionDisabledFault on EnableSnapshotCopy: answered with that code and 400, copy stays off, then the call goes through', () => {
    const sim = withSnapshot(createSimulator({ seed: 3 }));
    sim.injectApiError({ operation: 'EnableSnapshotCopy', code: 'CopyToRegionDisabledFault', count: 1 });
    const enable = () => sim.enableSnapshotCopy({ ClusterIdentifier: 'prod', DestinationRegion: 'us-west-2' });
    let thrown: unknown;
    try {
      enable();
    } catch (e) {
      thrown = e;
    }
    expect(isServiceError(thrown)).toBe(true);
    expect({ code: (thrown as { code: string }).code, status: (thrown as { status: number }).status }).toEqual({ code: 'CopyToRegionDisabledFault', status: 400 });
    expect(sim.describeClusters({ ClusterIdentifier: 'prod' }).Clusters?.[0]?.ClusterSnapshotCopyStatus).toBeUndefined();
    expect(enable().Cluster?.ClusterSnapshotCopyStatus?.DestinationRegion).toBe('us-west-2');
    expect(deepEqual(replay(sim.entries()).state, sim.state)).toBe(true);
  });

  it('through the control API and serve\'s config, as the SDK sees it', async () => {
    const server = await startServer({ port: 0, seed: 3, clock: 'manual', config: { apiErrors: [{ operation: 'ResumeCluster', code: 'InsufficientClusterCapacity', count: 1 }] } });
    try {
      withSnapshot(server.endpoint.sim as Simulator);
      const bad = await fetch(`${server.url}/_snapsim/faults/api-error?operation=RestoreFromClusterSnapshot&code=LimitExceededFault&count=1`, { method: 'POST' });
      expect(bad.status).toBe(200);
      expect((await fetch(`${server.url}/_snapsim/faults/api-error?operation=RestoreFromClusterSnapshot&code=Nope&count=1`, { method: 'POST' })).status).toBe(400);
      const client = new RedshiftClient({ region: 'us-east-1', credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' }, endpoint: server.url, maxAttempts: 1 });
      const err = (await client.send(new RestoreFromClusterSnapshotCommand({ ClusterIdentifier: 'dr', SnapshotIdentifier: 'nightly' })).catch((e: unknown) => e)) as { name: string; $metadata: { httpStatusCode: number } };
      expect(err.name).toBe('LimitExceededFault');
      const ok = await client.send(new RestoreFromClusterSnapshotCommand({ ClusterIdentifier: 'dr', SnapshotIdentifier: 'nightly' }));
      expect(ok.Cluster?.ClusterStatus).toBe('creating');
      // the rule of serve's config: ResumeCluster of a paused cluster answers InsufficientClusterCapacity once
      const sim = server.endpoint.sim as Simulator;
      sim.pauseCluster({ ClusterIdentifier: 'prod' });
      sim.runUntilIdle();
      expect(sim.describeClusters({ ClusterIdentifier: 'prod' }).Clusters?.[0]?.ClusterStatus).toBe('paused');
      const capacity = (await client.send(new ResumeClusterCommand({ ClusterIdentifier: 'prod' })).catch((e: unknown) => e)) as { name: string; $metadata: { httpStatusCode: number } };
      expect({ name: capacity.name, status: capacity.$metadata.httpStatusCode }).toEqual({ name: 'InsufficientClusterCapacityFault', status: 400 });
      expect(sim.describeClusters({ ClusterIdentifier: 'prod' }).Clusters?.[0]?.ClusterStatus).toBe('paused');
      expect((await client.send(new ResumeClusterCommand({ ClusterIdentifier: 'prod' }))).Cluster?.ClusterStatus).toBe('resuming');
      // an injected CopyToRegionDisabledFault on EnableSnapshotCopy, as the SDK sees it
      expect((await fetch(`${server.url}/_snapsim/faults/api-error?operation=EnableSnapshotCopy&code=CopyToRegionDisabledFault&count=1`, { method: 'POST' })).status).toBe(200);
      const disabled = (await client.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'prod', DestinationRegion: 'us-west-2' })).catch((e: unknown) => e)) as { name: string; $metadata: { httpStatusCode: number } };
      expect({ name: disabled.name, status: disabled.$metadata.httpStatusCode }).toEqual({ name: 'CopyToRegionDisabledFault', status: 400 });
      client.destroy();
    } finally {
      await server.close();
    }
  });
});
