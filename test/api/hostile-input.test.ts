/**
 * Inputs whose cost grows with their size are bounded before they cost anything: long lists of
 * sort keys and tag filters are refused by the decoder, and an error never echoes a huge input.
 */
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/api/query-parser.ts';
import { startServer } from '../../src/api/server.ts';
import { clipMessage, fault, MAX_MESSAGE_LENGTH, ServiceError } from '../../src/model/errors.ts';
import { LIST_LIMITS } from '../../src/model/rules.ts';

const V = 'Version=2012-12-01';
const decode = (query: string) => parseQuery(new URLSearchParams(query));
const refusal = (query: string): ServiceError => {
  try {
    decode(query);
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error(`accepted: ${query.slice(0, 100)}`);
};
const list = (prefix: string, n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => `${prefix}.${i + 1}${item(i + 1)}`).join('&');

describe('list lengths', () => {
  it('caps SortingEntities at 10 and tag filters at 50 items, with InvalidParameterValue', () => {
    expect(LIST_LIMITS).toMatchObject({ SortingEntities: 10, TagKeys: 50, TagValues: 50 });
    const sort = (n: number) => `Action=DescribeClusterSnapshots&${V}&${list('SortingEntities.SnapshotSortingEntity', n, () => '.Attribute=TOTAL_SIZE')}`;
    expect(() => decode(sort(10))).not.toThrow();
    const e = refusal(sort(11));
    expect([e.code, e.status]).toEqual(['InvalidParameterValue', 400]);
    expect(e.message).toMatch(/SortingEntities: at most 10 items are accepted \(got 11\)/);
    for (const [action, member, item] of [['DescribeClusterSnapshots', 'TagKeys', 'TagKey'], ['DescribeClusterSnapshots', 'TagValues', 'TagValue'], ['DescribeClusters', 'TagKeys', 'TagKey']] as const) {
      expect(() => decode(`Action=${action}&${V}&${list(`${member}.${item}`, 50, (i) => `=k${i}`)}`)).not.toThrow();
      expect(refusal(`Action=${action}&${V}&${list(`${member}.${item}`, 51, (i) => `=k${i}`)}`).code).toBe('InvalidParameterValue');
    }
  });

  it('keeps the batch limits and their own faults (100 identifiers)', async () => {
    const server = await startServer({ port: 0 });
    try {
      const body = `Action=BatchModifyClusterSnapshots&${V}&ManualSnapshotRetentionPeriod=1&${list('SnapshotIdentifierList.String', 101, (i) => `=s${i}`)}`;
      const res = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect(await res.text()).toContain('<Code>BatchModifyClusterSnapshotsLimitExceededFault</Code>');
    } finally {
      await server.close();
    }
  });

  it('refuses 10,000 sort keys at once, before sorting anything', () => {
    const started = performance.now();
    expect(refusal(`Action=DescribeClusterSnapshots&${V}&${list('SortingEntities.SnapshotSortingEntity', 10_000, () => '.Attribute=TOTAL_SIZE')}`).code).toBe('InvalidParameterValue');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('error messages quoting input', () => {
  it('are cut to a bounded length, saying how much was cut', () => {
    const short = 'Invalid value for SnapshotIdentifier';
    expect(clipMessage(short)).toBe(short);
    const clipped = fault('InvalidParameterValue', `got "${'x'.repeat(1_000_000)}"`).message;
    expect(clipped.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(clipped).toMatch(/… \[\d+ more characters\]$/);
    expect(clipMessage('😀'.repeat(2_000))).not.toMatch(/[\uD800-\uDBFF]…/); // never half a surrogate pair
  });

  it('never echo a 1,000,000-character identifier over HTTP', async () => {
    const server = await startServer({ port: 0 });
    try {
      const id = 'A'.repeat(999_000);
      for (const body of [
        `Action=CreateClusterSnapshot&${V}&ClusterIdentifier=nope&SnapshotIdentifier=${id}-`,
        `Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=${id}`,
        `Action=DescribeClusters&${V}&ClusterIdentifier=${id}`,
      ]) {
        const res = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
        const text = await res.text();
        expect(res.status).toBeLessThan(500);
        expect(text).toMatch(/^<ErrorResponse /);
        expect(text.length).toBeLessThan(2_000);
      }
    } finally {
      await server.close();
    }
  });
});

describe("names every JavaScript object has (Object's own members)", () => {
  it('are unknown values over HTTP too: 400 InvalidParameterValue, never a 500, and nothing created', async () => {
    const server = await startServer({ port: 0, seed: 3 });
    const call = async (query: string) => {
      const res = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `${query}&${V}` });
      return { status: res.status, body: await res.text() };
    };
    const advance = () => fetch(`${server.url}/_snapsim/clock/advance?seconds=7200`, { method: 'POST' });
    try {
      expect((await call('Action=CreateCluster&ClusterIdentifier=c1&NodeType=dc2.large&MasterUsername=admin&MasterUserPassword=Passw0rd1')).status).toBe(200);
      await advance();
      expect((await call('Action=CreateClusterSnapshot&ClusterIdentifier=c1&SnapshotIdentifier=s1')).status).toBe(200);
      await advance();
      for (const name of ['constructor', '__proto__', 'toString', 'valueOf']) {
        for (const query of [
          `Action=CreateCluster&ClusterIdentifier=px&NodeType=${name}&MasterUsername=admin&MasterUserPassword=Passw0rd1`,
          `Action=RestoreFromClusterSnapshot&ClusterIdentifier=px&SnapshotIdentifier=s1&NodeType=${name}`,
          `Action=DescribeTags&ResourceType=${name}`,
        ]) {
          const answer = await call(query);
          expect([answer.status, /<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1]], query).toEqual([400, 'InvalidParameterValue']);
        }
      }
      expect((await call('Action=DescribeClusters&ClusterIdentifier=px')).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
