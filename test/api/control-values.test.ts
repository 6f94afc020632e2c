/**
 * Control-API parameters are validated: a value that is not a finite, bounded number is refused
 * with a 400 JSON error and moves nothing, so no command is ever logged at a time that is not a
 * date (before, `clock/advance?seconds=1e20` made every later request answer 500, also after a
 * restart, and the log no longer replayed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ADVANCE_SECONDS } from '../../src/api/control-api.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { createSimulator, replay, type Simulator } from '../../src/sim/simulator.ts';
import { deepEqual } from '../../src/testing/index.ts';

let server: RunningServer;
const served = () => server.endpoint.sim as Simulator;

beforeAll(async () => {
  server = await startServer({ port: 0, seed: 3, onInternalError: () => {} });
});
afterAll(() => server.close());

const post = (path: string) => fetch(`${server.url}${path}`, { method: 'POST' });
const createCluster = (id: string) =>
  fetch(`${server.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=${id}&NodeType=dc2.large&MasterUsername=admin`,
  });

describe('control-API values', () => {
  it('refuses seconds that are not a finite number from 0 to 100 years, moving nothing', async () => {
    const before = served().now().toISOString();
    const bad = ['1e20', '1e400', 'Infinity', '-1', '-0.5', 'NaN', '', ' 5', '0x10', '1_000', String(MAX_ADVANCE_SECONDS + 1), '5&seconds=6'];
    for (const seconds of bad) {
      const res = await post(`/_snapsim/clock/advance?seconds=${encodeURIComponent(seconds).replace('%26', '&').replace('%3D', '=')}`);
      expect([seconds, res.status]).toEqual([seconds, 400]);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('InvalidParameterValue');
    }
    expect((await post('/_snapsim/clock/advance')).status).toBe(400);
    expect((await post('/_snapsim/clock/advance?second=5')).status).toBe(400); // unknown parameter
    expect((await post('/_snapsim/clock/run-until-idle?force=1')).status).toBe(400);
    expect(served().now().toISOString()).toBe(before);
  });

  it('keeps serving after a refused value: the next command is logged at a real time and the log replays', async () => {
    await post('/_snapsim/clock/advance?seconds=1e20');
    const res = await createCluster('after');
    expect(res.status).toBe(200);
    const health = await fetch(`${server.url}/_snapsim/health`);
    expect(health.status).toBe(200);
    for (const entry of served().entries()) expect(Number.isFinite(new Date(entry.at).getTime())).toBe(true);
    expect(deepEqual(replay(served().entries()).state, served().state)).toBe(true);
  });

  it('accepts the bounds: 0, fractions, exponents, 100 years', async () => {
    expect((await post('/_snapsim/reset')).status).toBe(200); // no cluster: a century passes at once
    for (const seconds of ['0', '1.5', '1e3', '.5', String(MAX_ADVANCE_SECONDS)]) {
      expect([seconds, (await post(`/_snapsim/clock/advance?seconds=${seconds}`)).status]).toEqual([seconds, 200]);
    }
  });

  it('never moves the clock past 9999-12-31', async () => {
    expect((await post('/_snapsim/reset')).status).toBe(200);
    for (let i = 0; i < 90; i++) {
      const res = await post(`/_snapsim/clock/advance?seconds=${MAX_ADVANCE_SECONDS}`);
      if (res.status !== 200) {
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/latest virtual time/);
        break;
      }
    }
    expect(served().now().getUTCFullYear()).toBeLessThanOrEqual(9999);
    expect((await createCluster('late')).status).toBe(200);
  });

  it('validates the reset seed', async () => {
    for (const seed of ['x', '1.5', '1e3', '99999999999999999', '', '1&seed=2']) {
      expect([seed, (await post(`/_snapsim/reset?seed=${seed}`)).status]).toEqual([seed, 400]);
    }
    expect((await post('/_snapsim/reset?seed=8')).status).toBe(200);
    expect(served().seed).toBe(8);
  });
});

describe('the simulator guard', () => {
  it('refuses to move time beyond what a Date holds, leaving the clock where it was', () => {
    const sim = createSimulator({ seed: 1 });
    const before = sim.now().getTime();
    expect(() => sim.advance(1e20)).toThrow(RangeError);
    expect(() => sim.advanceTo(8.64e15 + 1)).toThrow(RangeError);
    expect(sim.now().getTime()).toBe(before);
  });

  it('refuses a server start past 9999-12-31', async () => {
    await expect(startServer({ port: 0, start: '+010000-01-01T00:00:00Z' })).rejects.toThrow(/no later than/);
  });
});
