/**
 * `npm run bench -- http`: the Query endpoint over HTTP against a bare `node:http` server.
 *
 * Each server runs in its own worker thread (so it has a core of its own, like a real server);
 * the client is this thread: `CONNECTIONS` keep-alive connections, each sending its next request
 * as soon as the previous answer has arrived. Measured, each `ROUNDS` times and alternating:
 *
 * - `baseline`: a bare `node:http` server that reads the body and answers a fixed XML body of the
 *   size of a CreateClusterSnapshot answer;
 * - `pairs`: snapsim, CreateClusterSnapshot + DeleteClusterSnapshot pairs (instant clock, so each
 *   backup has finished when its delete arrives: AWS refuses to delete a snapshot still `creating`);
 * - `pages`: snapsim, DescribeClusterSnapshots pages (MaxRecords=100) chained by Marker over 1,000
 *   snapshots;
 * - `pageCost`: one page of 100 from the middle of 1,000 and of 100,000 snapshots (states built
 *   in process with `sim.execute` under a raised quota; markers taken from the middle).
 *
 * `ratio` = snapsim requests/s (pairs) ÷ baseline requests/s; `pageCostGrowth` = mean page
 * latency at 100,000 ÷ at 1,000. Goals: ratio ≥ 0.5, pageCostGrowth ≤ 2. Each is the median of the
 * rounds' own ratios (the machine has 2 cores and may be shared). `serverUs` is the server
 * thread's busy time per request (event-loop utilisation): the server's own cost, whatever the
 * client's share of the machine; `serverCostRatio` = baseline's ÷ snapsim's.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { median } from './stats.ts';

const CONNECTIONS = 12;
const ROUNDS = 5;
const WARMUP_MS = 500;
const MEASURE_MS = 2_500;
/** Hard cap on requests per measurement, so the loop always ends. */
const MAX_REQUESTS = 2_000_000;
const V = 'Version=2012-12-01';
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20250115/us-east-1/redshift/aws4_request, SignedHeaders=host, Signature=0';

type Role = { role: 'baseline' } | { role: 'snapsim'; snapshots: number; clock: 'manual' | 'instant' };
interface Ready {
  url: string;
  markers: string[];
  body?: string;
}

// ---------------------------------------------------------------------------------------------
// Worker side: one server per worker.

async function serveInWorker(spec: Role): Promise<Ready> {
  if (spec.role === 'baseline') {
    const body = fixedBody();
    const bytes = Buffer.from(body);
    const server = createServer((req, res) => {
      req.on('data', () => {});
      req.on('end', () => {
        res.sendDate = false;
        res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': '00000000-0000-4000-8000-000000000000', 'content-length': String(bytes.length) });
        res.end(bytes);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, markers: [], body };
  }
  const { startServer } = await import('../src/api/server.ts');
  const server = await startServer({ port: 0, seed: 1, clock: spec.clock, config: { quotas: { manualSnapshots: spec.snapshots + 1_000_000, clusters: 1_000 } } });
  const sim = server.endpoint.sim;
  const caller = { account: '123456789012', region: 'us-east-1' };
  const clusters = 10;
  for (let c = 0; c < clusters; c++) {
    sim.execute('CreateCluster', { ClusterIdentifier: `c${c}`, NodeType: 'ra3.xlplus', NumberOfNodes: 2, MasterUsername: 'admin' }, caller);
  }
  sim.runUntilIdle();
  for (let i = 0; i < spec.snapshots; i++) {
    sim.execute('CreateClusterSnapshot', { ClusterIdentifier: `c${i % clusters}`, SnapshotIdentifier: `s${i}` }, caller);
  }
  // Markers of the 20 pages starting at the middle of the set.
  const markers: string[] = [];
  let marker: string | undefined;
  const middle = Math.floor(spec.snapshots / 2 / 100);
  for (let page = 0; page < middle + 20 && spec.snapshots > 0; page++) {
    const out = sim.execute('DescribeClusterSnapshots', { SnapshotType: 'manual', MaxRecords: 100, ...(marker ? { Marker: marker } : {}) }, caller);
    marker = out.Marker as string | undefined;
    if (!marker) break;
    if (page + 1 >= middle) markers.push(marker);
  }
  return { url: server.url, markers };
}

/** A CreateClusterSnapshot answer as snapsim writes it (the baseline's fixed body). */
function fixedBody(): string {
  const snapshot = [
    'SnapshotIdentifier>bench-0000001', 'ClusterIdentifier>c0', 'SnapshotCreateTime>2025-01-01T00:10:00.000Z', 'Status>creating',
    'Port>5439', 'AvailabilityZone>us-east-1a', 'ClusterCreateTime>2025-01-01T00:00:00.000Z', 'MasterUsername>admin',
    'ClusterVersion>1.0', 'EngineFullVersion>1.0.77467', 'SnapshotType>manual', 'NodeType>ra3.xlplus', 'NumberOfNodes>2',
    'DBName>dev', 'Encrypted>true', 'EncryptedWithHSM>false', 'OwnerAccount>123456789012', 'TotalBackupSizeInMegaBytes>-1.0',
    'ActualIncrementalBackupSizeInMegaBytes>-1.0', 'BackupProgressInMegaBytes>0.0', 'CurrentBackupRateInMegaBytesPerSecond>0.0',
    'EstimatedSecondsToCompletion>-1', 'ElapsedTimeInSeconds>0', 'EnhancedVpcRouting>false', 'MaintenanceTrackName>current',
    'ManualSnapshotRetentionPeriod>-1', 'SnapshotArn>arn:aws:redshift:us-east-1:123456789012:snapshot:c0/bench-0000001',
  ].map((kv) => {
    const [k, v] = kv.split('>') as [string, string];
    return `      <${k}>${v}</${k}>`;
  });
  return [
    '<CreateClusterSnapshotResponse xmlns="http://redshift.amazonaws.com/doc/2012-12-01/">',
    '  <CreateClusterSnapshotResult>',
    '    <Snapshot>',
    ...snapshot,
    '      <Tags/>',
    '    </Snapshot>',
    '  </CreateClusterSnapshotResult>',
    '  <ResponseMetadata>',
    '    <RequestId>00000000-0000-4000-8000-000000000000</RequestId>',
    '  </ResponseMetadata>',
    '</CreateClusterSnapshotResponse>',
    '',
  ].join('\n');
}

if (!isMainThread && (workerData as { httpBench?: Role } | null)?.httpBench) {
  const ready = await serveInWorker((workerData as { httpBench: Role }).httpBench);
  // Afterwards, every message asks for this thread's event-loop busy time so far (ms).
  parentPort?.on('message', () => parentPort?.postMessage(performance.eventLoopUtilization().active));
  parentPort?.postMessage(ready);
}

// ---------------------------------------------------------------------------------------------
// Client side.

interface Server {
  ready: Ready;
  /** The server thread's event-loop busy time so far, ms. */
  busyMs(): Promise<number>;
  stop(): Promise<void>;
}

async function startWorker(spec: Role): Promise<Server> {
  // Workers do not inherit `--import tsx`: register tsx's loader in the worker, then load this file.
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(code, { eval: true, workerData: { httpBench: spec } });
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`bench server worker exited with ${code}`)));
  });
  worker.removeAllListeners('exit');
  const busyMs = () =>
    new Promise<number>((resolve) => {
      worker.once('message', (active: number) => resolve(active));
      worker.postMessage('busy');
    });
  return { ready, busyMs, stop: async () => void (await worker.terminate()) };
}

/** One request over `agent`; resolves with the status (the body is read and dropped). */
function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': Buffer.byteLength(body), authorization: AUTH },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Measurement {
  requests: number;
  /** Server thread busy time per request in the measured window, µs. */
  serverUs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  errors: number;
}

/** One connection's next request: sends it over `agent` and resolves with the HTTP status. */
type Step = (agent: Agent) => Promise<number>;

/**
 * Runs `CONNECTIONS` closed-loop clients for WARMUP_MS + MEASURE_MS; `client(conn)` makes each
 * connection's request loop (which may carry state, e.g. a marker). Latencies are taken only in
 * the measured window.
 */
async function drive(server: Server, client: (conn: number) => Step, expectStatus = 200): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const warmEnd = t0 + WARMUP_MS;
  const end = warmEnd + MEASURE_MS;
  let measuredStart = Infinity;
  let measuredEnd = 0;
  let total = 0;
  const agents: Agent[] = [];
  const busyStart = new Promise<number>((resolve) => setTimeout(() => resolve(server.busyMs()), WARMUP_MS));
  const conn = async (c: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    const step = client(c);
    while (total < MAX_REQUESTS) {
      const start = performance.now();
      if (start >= end) break;
      const status = await step(agent);
      const stop = performance.now();
      total++;
      if (status !== expectStatus) errors++;
      if (start >= warmEnd) {
        latencies.push(stop - start);
        if (start < measuredStart) measuredStart = start;
        if (stop > measuredEnd) measuredEnd = stop;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => conn(c)));
  const busy = (await server.busyMs()) - (await busyStart);
  for (const a of agents) a.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  const seconds = (measuredEnd - measuredStart) / 1000;
  return {
    requests: latencies.length,
    serverUs: round((busy * 1000) / latencies.length, 1),
    rps: round(latencies.length / seconds),
    p50Ms: round(q(0.5), 3),
    p99Ms: round(q(0.99), 3),
    meanMs: round(latencies.reduce((s, x) => s + x, 0) / latencies.length, 3),
    errors,
  };
}

/** Independent requests: `next(conn, i)` gives the i-th request body of a connection. */
const load = (server: Server, next: (conn: number, i: number) => string, expectStatus = 200): Promise<Measurement> =>
  drive(server, (c) => {
    let i = 0;
    return (agent) => post(agent, server.ready.url, next(c, i++));
  }, expectStatus);

/** Chained DescribeClusterSnapshots paging: each connection follows the Marker of its last answer. */
const loadPages = (server: Server, pageBody: (marker: string | undefined) => string): Promise<Measurement> =>
  drive(server, () => {
    let marker: string | undefined;
    return async (agent) => {
      const { status, body } = await postText(agent, server.ready.url, pageBody(marker));
      marker = /<Marker>([^<]+)<\/Marker>/.exec(body)?.[1];
      return status;
    };
  });

const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs the benchmark; returns the figures (the last line `npm run bench -- http` prints). */
export default async function httpBench(): Promise<Record<string, unknown>> {
  const baseline = await startWorker({ role: 'baseline' });
  const pairsServer = await startWorker({ role: 'snapsim', snapshots: 0, clock: 'instant' });
  const pagesServer = await startWorker({ role: 'snapsim', snapshots: 1_000, clock: 'manual' });
  const built = performance.now();
  const bigServer = await startWorker({ role: 'snapsim', snapshots: 100_000, clock: 'manual' });
  const buildSeconds = round((performance.now() - built) / 1000, 1);

  const createBody = (id: string) => `Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=${id}&ClusterIdentifier=c${id.length % 10}`;
  const deleteBody = (id: string) => `Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=${id}`;
  const pageBody = (marker: string | undefined) => `Action=DescribeClusterSnapshots&${V}&SnapshotType=manual&MaxRecords=100${marker ? `&Marker=${encodeURIComponent(marker)}` : ''}`;

  const rounds: Array<Record<string, Measurement>> = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which of the two goes first, so drift in the machine's load cancels out.
      const runBase = () => load(baseline, (c, i) => createBody(`base-${c}-${i}`));
      const runPairs = () =>
        load(pairsServer, (c, i) => {
          const id = `r${r}-c${c}-n${i >> 1}`;
          return i % 2 === 0 ? createBody(id) : deleteBody(id);
        });
      let base: Measurement, pairs: Measurement;
      if (r % 2 === 0) {
        base = await runBase();
        pairs = await runPairs();
      } else {
        pairs = await runPairs();
        base = await runBase();
      }
      // Chained paging: each connection walks the 1,000 snapshots page by page, from the start again at the end.
      const pages = await loadPages(pagesServer, pageBody);
      const markers1k = pagesServer.ready.markers;
      const markers100k = bigServer.ready.markers;
      const page1k = await load(pagesServer, (c, i) => pageBody(markers1k[(c + i) % markers1k.length]));
      const page100k = await load(bigServer, (c, i) => pageBody(markers100k[(c + i) % markers100k.length]));
      rounds.push({ baseline: base, pairs, pages, page1k, page100k });
    }
  } finally {
    await Promise.all([baseline, pairsServer, pagesServer, bigServer].map((s) => s.stop()));
  }

  const ratios = rounds.map((r) => (r.pairs as Measurement).rps / (r.baseline as Measurement).rps);
  const growths = rounds.map((r) => (r.page100k as Measurement).meanMs / (r.page1k as Measurement).meanMs);
  const pick = (name: string, key: keyof Measurement) => median(rounds.map((r) => (r[name] as Measurement)[key]));
  return {
    bench: 'http',
    rps: pick('pairs', 'rps'),
    p99Ms: pick('pairs', 'p99Ms'),
    baselineRps: pick('baseline', 'rps'),
    ratio: round(median(ratios), 3),
    pageCostGrowth: round(median(growths), 3),
    p50Ms: pick('pairs', 'p50Ms'),
    baselineP50Ms: pick('baseline', 'p50Ms'),
    baselineP99Ms: pick('baseline', 'p99Ms'),
    pagesRps: pick('pages', 'rps'),
    pagesP50Ms: pick('pages', 'p50Ms'),
    pagesP99Ms: pick('pages', 'p99Ms'),
    page1kMeanMs: pick('page1k', 'meanMs'),
    page100kMeanMs: pick('page100k', 'meanMs'),
    // Server thread busy time per request (event-loop utilisation), µs: what each request costs
    // the server itself, whatever the client's share of the machine.
    serverUs: pick('pairs', 'serverUs'),
    serverCostRatio: round(median(rounds.map((r) => (r.baseline as Measurement).serverUs / (r.pairs as Measurement).serverUs)), 3),
    baselineServerUs: pick('baseline', 'serverUs'),
    page1kServerUs: pick('page1k', 'serverUs'),
    page100kServerUs: pick('page100k', 'serverUs'),
    pageServerCostGrowth: round(median(rounds.map((r) => (r.page100k as Measurement).serverUs / (r.page1k as Measurement).serverUs)), 3),
    // Answers other than 200 (there should be none: every request is valid).
    errors: rounds.reduce((n, r) => n + Object.values(r).reduce((m, x) => m + x.errors, 0), 0),
    connections: CONNECTIONS,
    measureSeconds: MEASURE_MS / 1000,
    buildSeconds100k: buildSeconds,
    ratios: ratios.map((x) => round(x, 3)),
    pageCostGrowths: growths.map((x) => round(x, 3)),
    rounds,
  };
}

function postText(agent: Agent, url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/`,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': Buffer.byteLength(body), authorization: AUTH } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
