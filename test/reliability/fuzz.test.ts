import { request, Agent } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type Simulator } from '../../src/index.ts';
import { InvariantTracker, deepEqual } from '../../src/testing/index.ts';
import { replay } from '../../src/sim/simulator.ts';
import { OPERATIONS } from '../../src/model/operations.ts';
import { MODEL } from '../../src/api/model.ts';

/** One raw HTTP request. */
interface RawRequest {
  method: string;
  path: string;
  body: Buffer;
  headers: Record<string, string>;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });
let server: RunningServer;
let base: URL;

function send(r: RawRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, method: r.method, path: r.path, agent, headers: { 'content-length': String(r.body.length), ...r.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

// ---- request generators: valid, near-valid, garbage ----
/** Every implemented operation, from the operations table (a new operation is fuzzed without editing this file). */
const ACTIONS = Object.keys(OPERATIONS);
/** An operation of the AWS model that snapsim does not implement (answered 501 NotImplemented). */
const MODEL_ONLY = MODEL.allOperations.find((op) => !Object.hasOwn(OPERATIONS, op))!;
const name = fc.constantFrom('alpha', 'beta', 's1', 's2', 'rs:alpha', 'Bad--Name', '', 'x'.repeat(300));
const weird = fc.oneof(
  fc.string(),
  fc.constantFrom('<', '>', '&amp;', '"\'', ']]>', '\u0000', '\uffff', '-1', '2147483648', '1e9', 'NaN', 'true', 'TRUE', '2025-13-45T99:00:00Z'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer().map(String),
  fc.constant('x'.repeat(100_000)),
);
const value = fc.oneof({ weight: 3, arbitrary: name }, { weight: 2, arbitrary: fc.integer({ min: -5, max: 4000 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('true', 'false') }, { weight: 2, arbitrary: weird });
const member = fc.constantFrom('ClusterIdentifier', 'SnapshotIdentifier', 'NodeType', 'MasterUsername', 'NumberOfNodes', 'ManualSnapshotRetentionPeriod',
  'SkipFinalClusterSnapshot', 'FinalClusterSnapshotIdentifier', 'SourceSnapshotIdentifier', 'TargetSnapshotIdentifier', 'AccountWithRestoreAccess',
  'MaxRecords', 'Marker', 'SnapshotType', 'StartTime', 'EndTime', 'Force', 'ClusterExists', 'SnapshotArn', 'Unknown.Param');
const listKey = fc.constantFrom('Tags.Tag', 'TagKeys.TagKey', 'SnapshotIdentifierList.String', 'Identifiers.DeleteClusterSnapshotMessage', 'SortingEntities.SnapshotSortingEntity', 'Tags.member');
const index = fc.oneof(fc.integer({ min: 1, max: 3 }).map(String), fc.constantFrom('0', '-1', 'x', '99999999', '1.5', ''));
const listParam = fc.tuple(listKey, index, fc.constantFrom('', '.Key', '.Value', '.SnapshotIdentifier', '.Attribute', '.SortOrder'), value).map(([k, i, f, v]) => [`${k}.${i}${f}`, v] as [string, string]);
const param = fc.oneof({ weight: 4, arbitrary: fc.tuple(member, value) }, { weight: 1, arbitrary: listParam });

const form = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();
const valid = fc.tuple(fc.constantFrom(...ACTIONS), fc.array(param, { maxLength: 6 })).map(([action, ps]) => [['Action', action], ['Version', '2012-12-01'], ...ps] as [string, string][]);
const nearValid = fc.tuple(valid, fc.constantFrom('drop-version', 'bad-version', 'repeat', 'drop-action', 'unknown-action', 'model-only-action')).map(([pairs, how]) => {
  switch (how) {
    case 'drop-version': return pairs.filter(([k]) => k !== 'Version');
    case 'bad-version': return pairs.map(([k, v]) => [k, k === 'Version' ? '2013-01-01' : v] as [string, string]);
    case 'repeat': return [...pairs, ...pairs.slice(2).map(([k]) => [k, 'other'] as [string, string])];
    case 'drop-action': return pairs.filter(([k]) => k !== 'Action');
    case 'unknown-action': return pairs.map(([k, v]) => [k, k === 'Action' ? 'DropAllTables' : v] as [string, string]);
    default: return pairs.map(([k, v]) => [k, k === 'Action' ? MODEL_ONLY : v] as [string, string]);
  }
});
const key = fc.constantFrom('AKIDEXAMPLE', '123456789012', '210987654321');
const region = fc.constantFrom('us-east-1', 'eu-west-1', 'bogus');
const auth = fc.tuple(key, region).map(([k, r]) => `AWS4-HMAC-SHA256 Credential=${k}/20250115/${r}/redshift/aws4_request, SignedHeaders=host, Signature=0`);
const formRequest = fc.tuple(fc.oneof(valid, nearValid), auth, fc.boolean()).map(([pairs, authorization, asGet]): RawRequest =>
  asGet
    ? { method: 'GET', path: `/?${form(pairs)}`, body: Buffer.alloc(0), headers: { authorization } }
    : { method: 'POST', path: '/', body: Buffer.from(form(pairs)), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization } });
// mostly forms; also bodies of other types or none (refused with UnsupportedMediaType before they are read)
const contentType = fc.constantFrom<Record<string, string>>({ 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'text/plain' }, {});
const garbage = fc.tuple(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'PATCH'), fc.constantFrom('/', '/?Action', '/%zz', '/foo?Action=DescribeClusters&Version=2012-12-01', '/?Action=DescribeClusters&Version=2012-12-01&MaxRecords=%ff%fe'), contentType)
  .map(([bytes, method, path, headers]): RawRequest => ({ method, path, body: Buffer.from(bytes), headers }));
const nonUtf8 = valid.map((pairs): RawRequest => ({ method: 'POST', path: '/', body: Buffer.concat([Buffer.from(form(pairs)), Buffer.from('&ClusterIdentifier=%C3%28&SnapshotIdentifier='), Buffer.from([0xc3, 0x28, 0xff])]), headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
const anyRequest = fc.oneof({ weight: 5, arbitrary: formRequest }, { weight: 1, arbitrary: garbage }, { weight: 1, arbitrary: nonUtf8 });

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const PER_RUN = 40;

describe('fuzzing the HTTP endpoint', () => {
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 9, clock: 'manual', config: { quotas: { manualSnapshots: 5 } }, onInternalError: () => {} });
    base = new URL(server.url);
    // some state for requests to act on
    for (const id of ['alpha', 'beta']) await send({ method: 'POST', path: '/', body: Buffer.from(form([['Action', 'CreateCluster'], ['Version', '2012-12-01'], ['ClusterIdentifier', id], ['NodeType', 'dc2.large'], ['MasterUsername', 'admin']])), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await send({ method: 'POST', path: '/_snapsim/clock/run-until-idle', body: Buffer.alloc(0), headers: {} });
  });
  afterAll(async () => {
    agent.destroy();
    await server.close();
  });

  it(`answers ${RUNS * PER_RUN} valid, near-valid and garbage requests with AWS-shaped XML below 500, keeping every invariant`, async () => {
    const sim = server.endpoint.sim as unknown as Simulator;
    const tracker = new InvariantTracker(sim);
    let sent = 0;
    const statuses = new Map<number, number>();
    const details = await fc.check(
      fc.asyncProperty(fc.array(anyRequest, { minLength: PER_RUN, maxLength: PER_RUN }), fc.integer({ min: 0, max: 3 }), async (reqs, advance) => {
        for (let i = 0; i < reqs.length; i += 8) {
          const answers = await Promise.all(reqs.slice(i, i + 8).map(send));
          for (const a of answers) {
            sent++;
            statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
            // the one 5xx by design: an operation of the AWS model that snapsim does not implement (501, NotImplemented)
            const notImplemented = a.status === 501 && a.body.includes('<Code>NotImplemented</Code>');
            if (a.status >= 500 && !notImplemented) throw new Error(`status ${a.status}: ${a.body.slice(0, 300)}`);
            if (!/^<(\?xml[^>]*>\s*<)?\w+Response[ >]/.test(a.body) || !a.body.includes('RequestId')) throw new Error(`not AWS XML (${a.status}): ${a.body.slice(0, 200)}`);
          }
        }
        if (advance > 0) await send({ method: 'POST', path: `/_snapsim/clock/advance?seconds=${[0, 600, 9 * 3600, 86_400][advance]}`, body: Buffer.alloc(0), headers: {} });
        tracker.check();
      }),
      { numRuns: RUNS, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
    if (details.failed) throw new Error(`fuzz failed: ${String(details.errorInstance)}\nreplay with FC_SEED=${details.seed} npx vitest run test/reliability/fuzz.test.ts`);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(statuses.get(200)).toBeGreaterThan(100);
    const health = await send({ method: 'GET', path: '/_snapsim/health', body: Buffer.alloc(0), headers: {} });
    expect(health.status).toBe(200);
    expect(deepEqual(replay(sim.entries()).state, sim.state)).toBe(true);
  });
});
