/**
 * A member of an operation's AWS input that snapsim does not model is refused with an error that
 * names it — never silently ignored: for every implemented operation, every member of its AWS input
 * shape that has no rule, in-process and over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'node:http';
import { MODEL, shapeOf } from '../../src/api/model.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { OPERATIONS, operationNamed } from '../../src/model/operations.ts';
import { isServiceError } from '../../src/model/errors.ts';
import { postForm } from '../support/query-client.ts';
import { clusterInput, refuses, world } from './fixtures.ts';

/** Members of `operation`'s AWS input shape that have no rule in snapsim, with a value of their type. */
function unmodelled(operation: string): [string, unknown][] {
  const input = MODEL.operations[operation]!.input;
  if (input === undefined) return [];
  const rules = operationNamed(operation)!.rules;
  return Object.entries(shapeOf(input).members ?? {})
    .filter(([name]) => !Object.hasOwn(rules, name))
    .map(([name, ref]) => {
      const type = shapeOf(ref.shape).type;
      const value = type === 'boolean' ? true : type === 'integer' || type === 'long' || type === 'double' ? 1 : type === 'list' ? [] : type === 'structure' ? {} : 'x';
      return [name, value];
    });
}

const CASES = Object.keys(OPERATIONS).flatMap((op) => unmodelled(op).map(([member, value]) => [op, member, value] as const));

describe('members snapsim does not model', () => {
  it('exist for most operations (the AWS inputs are wider than what snapsim models)', () => {
    expect(CASES.length).toBeGreaterThan(10);
    expect(CASES.some(([op, m]) => op === 'CreateCluster' && m === 'VpcSecurityGroupIds')).toBe(true);
  });

  it.each(CASES)('%s refuses %s: InvalidParameterValue naming it', (op, member, value) => {
    const sim = world();
    // the required members present (unmodelled members are checked after them, before the rules)
    const base = op === 'CreateCluster' ? clusterInput('c9') : Object.fromEntries(operationNamed(op)!.required.map((m) => [m, 'x']));
    const err = refuses(sim, () => sim.execute(op, { ...base, [member]: value }), 'InvalidParameterValue');
    expect(err.message).toContain(member);
  });

  it('is checked after the required members: a call missing one is MissingParameter first', () => {
    const sim = world();
    refuses(sim, () => sim.execute('CreateClusterSnapshot', { VpcSecurityGroupIds: ['sg-1'] }), 'MissingParameter');
  });
});

describe('members snapsim does not model, over HTTP', () => {
  let server: RunningServer;
  const agent = new Agent({ keepAlive: true });
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 1, clock: 'manual' });
  });
  afterAll(async () => {
    agent.destroy();
    await server.close();
  });

  it('answers 400 InvalidParameterValue naming the member, and creates nothing', async () => {
    const form = { Action: 'CreateCluster', Version: '2012-12-01', ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin', 'VpcSecurityGroupIds.VpcSecurityGroupId.1': 'sg-1' };
    const answer = await postForm(agent, server.url, '/', form, 'AKIDEXAMPLE');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>InvalidParameterValue</Code>');
    expect(answer.body).toContain('VpcSecurityGroupIds');
    const sim = server.endpoint.sim as import('../../src/sim/simulator.ts').Simulator;
    try {
      sim.execute('DescribeClusters', { ClusterIdentifier: 'c1' });
      expect.unreachable('the cluster must not exist');
    } catch (e) {
      expect(isServiceError(e) && e.code).toBe('ClusterNotFound');
    }
  });
});
