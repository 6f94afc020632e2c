/**
 * Determinism over HTTP: two servers with the same seed and a manual clock, given the same
 * requests, answer byte for byte the same and serve byte-identical event logs; another seed
 * changes the backup figures (and the request ids), not the story.
 */
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/api/server.ts';

const V = 'Version=2012-12-01';
const AUTH = { authorization: 'AWS4-HMAC-SHA256 Credential=210987654321/20250115/eu-west-1/redshift/aws4_request, SignedHeaders=host, Signature=x' };

/** The script every server is given: POST form bodies and control-API moves. */
const SCRIPT: Array<{ query?: string | ((earlier: string[]) => string); control?: string }> = [
  { query: `Action=CreateCluster&${V}&ClusterIdentifier=d1&NodeType=ra3.xlplus&NumberOfNodes=2&MasterUsername=admin&MasterUserPassword=Passw0rd1` },
  { query: `Action=CreateCluster&${V}&ClusterIdentifier=d2&NodeType=dc2.large&MasterUsername=admin&MasterUserPassword=Passw0rd1` },
  { control: 'clock/advance?seconds=900' },
  { query: `Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=s1&ClusterIdentifier=d1&Tags.Tag.1.Key=env&Tags.Tag.1.Value=test` },
  { control: 'clock/advance?seconds=45' },
  { query: `Action=DescribeClusterSnapshots&${V}&SnapshotIdentifier=s1` }, // in flight: progress, rate, ETA
  { query: `Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=s2&ClusterIdentifier=d2` },
  { control: 'clock/run-until-idle' },
  { control: 'clock/advance?seconds=36000' }, // automated snapshots come due
  { control: 'clock/run-until-idle' },
  { query: `Action=AuthorizeSnapshotAccess&${V}&SnapshotIdentifier=s1&AccountWithRestoreAccess=123456789012` },
  { query: `Action=DescribeClusterSnapshots&${V}&SnapshotType=automated&ClusterIdentifier=d2` },
  { query: (earlier) => `Action=CopyClusterSnapshot&${V}&SourceSnapshotIdentifier=${encodeURIComponent(firstId(earlier.at(-1) ?? ''))}&TargetSnapshotIdentifier=auto-copy` },
  { query: `Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=s2` },
  { query: `Action=DescribeClusterSnapshots&${V}&SnapshotIdentifier=nope` }, // an error is part of the story too
  { query: `Action=DescribeClusterSnapshots&${V}&MaxRecords=20` },
];

/** The first snapshot identifier in an XML body. */
const firstId = (xml: string) => /<SnapshotIdentifier>([^<]+)</.exec(xml)?.[1] ?? 'none';

/** Plays {@link SCRIPT} against a fresh server; returns every response (status, headers, body) and the log. */
async function play(seed: number): Promise<{ responses: string[]; log: string }> {
  const server = await startServer({ port: 0, seed, clock: 'manual' });
  try {
    const responses: string[] = [];
    const bodies: string[] = [];
    for (const step of SCRIPT) {
      const res = step.control
        ? await fetch(`${server.url}/_snapsim/${step.control}`, { method: 'POST' })
        : await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...AUTH }, body: typeof step.query === 'function' ? step.query(bodies) : step.query });
      const headers = [...res.headers].filter(([k]) => k !== 'connection' && k !== 'keep-alive').map(([k, v]) => `${k}: ${v}`);
      const body = await res.text();
      bodies.push(body);
      responses.push(`${res.status}\n${headers.join('\n')}\n\n${body}`);
    }
    const log = await (await fetch(`${server.url}/_snapsim/log`)).text();
    return { responses, log };
  } finally {
    await server.close();
  }
}

/** The backup figures of every snapshot in an XML body, in document order. */
const figures = (xml: string) => [...xml.matchAll(/<(TotalBackupSizeInMegaBytes|ActualIncrementalBackupSizeInMegaBytes|ElapsedTimeInSeconds)>([^<]*)</g)].map((m) => `${m[1]}=${m[2]}`);

describe('determinism over HTTP', () => {
  it('the same seed and requests give byte-identical responses and logs', async () => {
    const a = await play(5);
    const b = await play(5);
    expect(b.log).toBe(a.log);
    expect(b.responses).toEqual(a.responses);
    expect(a.log.split('\n').filter(Boolean).length).toBeGreaterThan(10);
    expect(a.responses.every((r) => !/^date:/im.test(r))).toBe(true);
    // The story did happen: automated snapshots, a copy, a share, a deletion.
    const last = a.responses.at(-1) as string;
    expect(last).toMatch(/<SnapshotIdentifier>rs:d1-/);
    expect(last).toContain('<SnapshotIdentifier>auto-copy</SnapshotIdentifier>');
    expect(last).toContain('<AccountId>123456789012</AccountId>');
    expect(last).not.toContain('<SnapshotIdentifier>s2</SnapshotIdentifier>');
    expect(a.responses[12]).toMatch(/^200\n/); // the copy of an automated snapshot
    expect(a.responses[14]).toMatch(/^404\n/);
  });

  it('another seed changes the backup figures and request ids, not the outcome', async () => {
    const a = await play(5);
    const c = await play(6);
    expect(c.log).not.toBe(a.log);
    expect(c.responses.map((r) => r.slice(0, 3))).toEqual(a.responses.map((r) => r.slice(0, 3)));
    const last = (r: string[]) => r.at(-1) as string;
    expect(figures(last(c.responses))).not.toEqual(figures(last(a.responses)));
    expect(figures(last(a.responses)).length).toBeGreaterThan(0);
    const rid = (r: string) => /x-amzn-requestid: (\S+)/.exec(r)?.[1];
    expect(rid(c.responses[0] as string)).not.toBe(rid(a.responses[0] as string));
    // In flight, the sizes are known by 45 s, and differ by seed.
    expect(figures(c.responses[5] as string)).not.toEqual(figures(a.responses[5] as string));
  });
});
