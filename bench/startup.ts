/**
 * `npm run bench -- startup`: how long a user waits for the server, as a client sees it.
 *
 * Measured, each `ROUNDS` times and interleaved (so a change of the machine's speed touches all
 * alike), from spawning the process to its first answered request:
 *
 * - `bare`: a bare `node:http` server (`node -e`, one fixed answer), the floor;
 * - `snapsim`: `bin/snapsim.js serve` (the compiled JavaScript in dist/, as an installed
 *   `node_modules/.bin/snapsim` runs it) answering `DescribeClusters`;
 * - `moto`: `python3 -m moto.server` answering `DescribeClusters`, when moto is installed;
 * - `help`: `bin/snapsim.js --help` to its exit, against `node -e 0`.
 *
 * The client polls the port every millisecond (a refused connect on loopback returns at once).
 * `ratio` = median snapsim ÷ median bare (goal ≤ 3); `helpRatio` = median help ÷ median
 * `node -e 0` (goal < 3); `motoRatio` = median moto ÷ median bare. The bench builds first
 * (`npm run build`), so dist/ matches the sources.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer as netServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { median } from './stats.ts';

const ROUNDS = Number(process.env.STARTUP_ROUNDS ?? 5);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/snapsim.js', import.meta.url));
const BODY = 'Action=DescribeClusters&Version=2012-12-01';
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20250115/us-east-1/redshift/aws4_request, SignedHeaders=host, Signature=0';
/** Give up on a server that has not answered in this long. */
const TIMEOUT_MS = 30_000;

const BARE = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end('<ok/>')); }).listen(+process.argv[1], '127.0.0.1')`;

/** A port free right now (bound to 0, read and released). */
async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

/** One POST; resolves to the status code, or null when the connection is refused (not up yet). */
function ask(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent: false, headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(null));
    req.end(BODY);
  });
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Spawns `cmd args` (with `{port}` filled in) and returns the ms until its first answer with a 200. */
async function launchToAnswer(cmd: string, args: string[], name: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child: ChildProcess = spawn(cmd, args.map((a) => a.replace('{port}', String(port))), { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    for (;;) {
      const status = await ask(port);
      if (status !== null) {
        if (status !== 200) throw new Error(`${name}: answered ${status}`);
        return performance.now() - t0;
      }
      if (exited) throw new Error(`${name} exited before answering: ${stderr.trim().split('\n').pop() ?? ''}`);
      if (performance.now() - t0 > TIMEOUT_MS) throw new Error(`${name}: no answer within ${TIMEOUT_MS} ms`);
      await sleep(1);
    }
  } finally {
    child.kill('SIGKILL');
    if (!exited) await new Promise((ok) => child.once('exit', ok));
  }
}

/** Spawns `cmd args` and returns the ms until it exits (with code 0). */
async function launchToExit(cmd: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: 'ignore', cwd: ROOT });
  const code = await new Promise<number | null>((ok) => child.on('exit', ok));
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}`);
  return performance.now() - t0;
}

const hasMoto = (): boolean => spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;

export default async function startupBench(): Promise<Record<string, unknown>> {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('startup: npm run build failed');
  const moto = hasMoto();
  if (!moto) console.error('startup: python3 -m moto.server is not available (pip install "moto[server]"); no moto figure');
  const env = { ...process.env };
  delete env.SNAPSIM_SOURCE;
  process.env = env;
  const t = { bare: [] as number[], snapsim: [] as number[], moto: [] as number[], help: [] as number[], node: [] as number[] };
  // one unmeasured launch of each warms the file cache
  await launchToAnswer(process.execPath, ['-e', BARE, '{port}'], 'bare');
  await launchToAnswer(process.execPath, [BIN, 'serve', '--port', '{port}'], 'snapsim');
  if (moto) await launchToAnswer('python3', ['-m', 'moto.server', '-p', '{port}'], 'moto');
  for (let round = 0; round < ROUNDS; round++) {
    t.bare.push(await launchToAnswer(process.execPath, ['-e', BARE, '{port}'], 'bare'));
    t.snapsim.push(await launchToAnswer(process.execPath, [BIN, 'serve', '--port', '{port}'], 'snapsim'));
    if (moto) t.moto.push(await launchToAnswer('python3', ['-m', 'moto.server', '-p', '{port}'], 'moto'));
    t.node.push(await launchToExit(process.execPath, ['-e', '0']));
    t.help.push(await launchToExit(process.execPath, [BIN, '--help']));
    console.error(`startup: round ${round + 1}: bare ${t.bare.at(-1)!.toFixed(0)} ms, snapsim ${t.snapsim.at(-1)!.toFixed(0)} ms${moto ? `, moto ${t.moto.at(-1)!.toFixed(0)} ms` : ''}, node -e 0 ${t.node.at(-1)!.toFixed(0)} ms, --help ${t.help.at(-1)!.toFixed(0)} ms`);
  }
  const m = (xs: number[]) => Math.round(median(xs));
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    bench: 'startup',
    node: process.version,
    bareMs: m(t.bare),
    snapsimMs: m(t.snapsim),
    ratio: r2(median(t.snapsim) / median(t.bare)),
    motoMs: moto ? m(t.moto) : null,
    motoRatio: moto ? r2(median(t.moto) / median(t.bare)) : null,
    nodeMs: m(t.node),
    helpMs: m(t.help),
    helpRatio: r2(median(t.help) / median(t.node)),
    rounds: ROUNDS,
  };
}
