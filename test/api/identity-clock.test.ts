import { describe, expect, it } from 'vitest';
import { ClockAdapter, formatClockMode, parseClockMode } from '../../src/api/clock.ts';
import { resolveCaller } from '../../src/api/identity.ts';
import { createSimulator } from '../../src/sim/simulator.ts';
import { availableCluster } from './real-sim.ts';

const newSim = () => createSimulator({ seed: 42, start: '2025-01-15T10:00:00.000Z' });
const statusOf = (sim: ReturnType<typeof newSim>, id: string) =>
  sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: id }).Snapshots[0].Status as string;
const clusterStatus = (sim: ReturnType<typeof newSim>, id: string) => sim.execute('DescribeClusters', { ClusterIdentifier: id }).Clusters[0].ClusterStatus as string;
const newCluster = { ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin', MasterUserPassword: 'Passw0rd1' };

const auth = (cred: string) => ({ Authorization: `AWS4-HMAC-SHA256 Credential=${cred}, SignedHeaders=host;x-amz-date, Signature=abc` });
const none = new URLSearchParams();

describe('resolveCaller reads the SigV4 credential scope', () => {
  it('uses a 12-digit access key as the account and the scope region', () => {
    expect(resolveCaller(auth('210987654321/20250115/us-east-2/redshift/aws4_request'), none)).toEqual({ account: '210987654321', region: 'us-east-2' });
  });
  it('maps other access keys through config, else the default account', () => {
    const config = { accounts: { AKIDALICE: '111111111111' } };
    expect(resolveCaller(auth('AKIDALICE/20250115/eu-west-1/redshift/aws4_request'), none, config)).toEqual({ account: '111111111111', region: 'eu-west-1' });
    expect(resolveCaller(auth('AKIDBOB/20250115/eu-west-1/redshift/aws4_request'), none, config).account).toBe('123456789012');
    expect(resolveCaller(auth('toString/20250115/eu-west-1/redshift/aws4_request'), none, config).account).toBe('123456789012');
  });
  it('falls back to the defaults for unsigned or malformed requests', () => {
    expect(resolveCaller({}, none)).toEqual({ account: '123456789012', region: 'us-east-1' });
    expect(resolveCaller({ authorization: 'Bearer x' }, none, { defaultAccount: '999999999999', defaultRegion: 'ap-south-1' })).toEqual({
      account: '999999999999',
      region: 'ap-south-1',
    });
    expect(resolveCaller(auth('AKID/2025/<script>/redshift/aws4_request'), none).region).toBe('us-east-1');
  });
  it('reads X-Amz-Credential from the query of a presigned GET', () => {
    const params = new URLSearchParams({ 'X-Amz-Credential': '222222222222/20190817/us-west-2/redshift/aws4_request' });
    expect(resolveCaller({}, params)).toEqual({ account: '222222222222', region: 'us-west-2' });
  });
});

describe('the clock adapter', () => {
  it('parses and prints modes', () => {
    expect(parseClockMode('scaled:60')).toEqual({ kind: 'scaled', factor: 60 });
    expect(formatClockMode(parseClockMode('scaled:0.5'))).toBe('scaled:0.5');
    expect(parseClockMode('instant')).toEqual({ kind: 'instant' });
    for (const bad of ['scaled:0', 'scaled:', 'fast', 'scaled:-1']) expect(() => parseClockMode(bad)).toThrow();
  });

  it('manual: never moves time, so nothing started finishes by itself', () => {
    const sim = newSim();
    const clock = new ClockAdapter({ kind: 'manual' }, () => 1e9);
    clock.reanchor(sim);
    sim.execute('CreateCluster', newCluster);
    const t = sim.now().getTime();
    clock.beforeRequest(sim);
    clock.afterRequest(sim);
    expect(sim.now().getTime()).toBe(t);
    expect(clusterStatus(sim, 'c')).toBe('creating');
  });

  it('scaled:N: virtual time runs N times faster than wall time, and manual moves add to it', () => {
    let wall = 1000;
    const sim = newSim();
    const clock = new ClockAdapter({ kind: 'scaled', factor: 60 }, () => wall);
    clock.reanchor(sim);
    const t0 = sim.now().getTime();
    wall += 1000;
    clock.beforeRequest(sim);
    expect(sim.now().getTime()).toBe(t0 + 60_000);
    sim.advance(3600);
    clock.reanchor(sim);
    wall += 500;
    clock.beforeRequest(sim);
    expect(sim.now().getTime()).toBe(t0 + 60_000 + 3_600_000 + 30_000);
    // A move by hand without re-anchoring: the adapter notices and re-anchors, never going back.
    sim.advance(600);
    clock.beforeRequest(sim);
    expect(sim.now().getTime()).toBe(t0 + 60_000 + 3_600_000 + 30_000 + 600_000);
    wall += 1000;
    clock.beforeRequest(sim);
    expect(sim.now().getTime()).toBe(t0 + 60_000 + 3_600_000 + 30_000 + 600_000 + 60_000);
  });

  it('scaled:N: work started by a request finishes once enough wall time has passed', () => {
    let wall = 0;
    const sim = newSim();
    const clock = new ClockAdapter({ kind: 'scaled', factor: 100 }, () => wall);
    clock.reanchor(sim);
    sim.execute('CreateCluster', newCluster); // at most 600 virtual seconds creating
    wall += 1_000;
    clock.beforeRequest(sim);
    expect(clusterStatus(sim, 'c')).toBe('creating');
    wall += 5_000;
    clock.beforeRequest(sim);
    expect(clusterStatus(sim, 'c')).toBe('available');
  });

  it('instant: runs until idle before and after each request', () => {
    const sim = newSim();
    const clock = new ClockAdapter({ kind: 'instant' });
    clock.reanchor(sim);
    sim.execute('CreateCluster', newCluster);
    clock.beforeRequest(sim); // the cluster finishes before the next request is served
    expect(clusterStatus(sim, 'c')).toBe('available');
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c', SnapshotIdentifier: 's' });
    expect(statusOf(sim, 's')).toBe('creating');
    clock.afterRequest(sim); // and so does the snapshot the request started
    expect(statusOf(sim, 's')).toBe('available');
    const t = sim.now().getTime();
    clock.beforeRequest(sim); // idle: nothing left to run, time stays put
    expect(sim.now().getTime()).toBe(t);
  });

  it('instant: leaves the recurring automated schedule alone', () => {
    const sim = newSim();
    availableCluster(sim, 'c');
    const clock = new ClockAdapter({ kind: 'instant' });
    const t = sim.now().getTime();
    clock.beforeRequest(sim);
    clock.afterRequest(sim);
    expect(sim.now().getTime()).toBe(t);
  });
});
