/**
 * The package as a new user gets it: `npm pack` (which builds dist/ through `prepare`), then
 * `npm install` of the tarball into a new project outside the repository, with the tools a user
 * would bring (TypeScript, vitest, jest 30, the AWS SDK v3, fast-check, @types/node). In that
 * project:
 *
 * - on every Node under test: a plain Node ESM import running a simulation; `require()` of every
 *   entry (Node's require(esm)); a jest test in jest's ESM mode (and through `require` on Node
 *   ≥ 24.9, where jest supports require(esm)); `tsc --noEmit` with a strict NodeNext tsconfig (no
 *   skipLibCheck) on a file using the typed API; `npx snapsim serve` answering the AWS CLI;
 * - on this Node: a vitest test of `snapsim` and `snapsim/testing` (a fast-check property with the
 *   exported arbitraries, the in-process SDK v3 handler), and `npx snapsim serve` stopping on
 *   SIGTERM and SIGINT sent to npx.
 *
 * The Nodes under test: this one, and those in SNAPSIM_CONSUMER_NODES (paths to node binaries,
 * separated by ':'; `.ci/run` installs Node 22, 24 and 26 and sets it). A listed Node that is
 * missing fails its tests.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alive, descendants, killGroup, portInUse, released, startListening, within } from '../support/processes.ts';

// generous: tsc and jest on a loaded 2-core machine, next to the rest of the suite
vi.setConfig({ testTimeout: 240_000 });

const ROOT = process.cwd();
const NODES = [process.execPath, ...(process.env.SNAPSIM_CONSUMER_NODES ?? '').split(':').filter((p) => p !== '')];
/** npm's own scripts, run with the Node under test (npm 11 runs on Node ≥ 20.17). */
const NPX_CLI = join(dirname(realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim())), 'npx-cli.js');
const AWS = '/usr/bin/aws';

let dir = '';
let project = '';

/** The environment of a command run in the project: no vitest or snapsim test settings of ours, `node` = the Node under test. */
function envFor(node: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|NODE_OPTIONS$|SNAPSIM_|npm_|TEST$|NODE_ENV$|FORCE_COLOR$)/.test(k)) env[k] = v;
  env.NO_COLOR = '1';
  env.PATH = `${dirname(node)}${delimiter}${process.env.PATH ?? ''}`;
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return env;
}

interface Ran {
  code: number | null;
  out: string;
}

/** Runs `cmd args` in the project; resolves with its exit code and output (stdout and stderr). */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = project): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    // eslint-disable-next-line no-control-regex -- colours off, whatever a tool thinks
    child.on('close', (code) => resolve({ code, out: out.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

async function ok(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(cmd, args, env);
  expect(r.code, `${cmd} ${args.join(' ')}:\n${r.out}`).toBe(0);
  return r.out;
}

const FILES: Record<string, string> = {
  // a run through every kind of transfer, fault and stall; prints the SHA-256 of its log
  'same-log.mjs': `
import { createHash } from 'node:crypto';
import { createSimulator } from 'snapsim';
const sim = createSimulator({ seed: 9, faults: { backupFailure: 0.2, clusterOutage: 0.3, throttle: 0.3, copyFailure: 0.2, restoreFailure: 0.2 }, quotas: { manualSnapshots: 1000 } });
for (let i = 0; i < 12; i++) sim.createCluster({ ClusterIdentifier: 'c' + i, NodeType: ['dc2.large', 'ra3.xlplus', 'ra3.4xlarge'][i % 3], MasterUsername: 'admin', NumberOfNodes: 1 + (i % 4) });
sim.advance(3600);
for (let i = 0; i < 12; i += 3) sim.enableSnapshotCopy({ ClusterIdentifier: 'c' + i, DestinationRegion: 'us-west-2' });
sim.scheduleRegionOutage({ region: 'us-west-2', from: sim.nowMs() + 86400e3, to: sim.nowMs() + 90000e3, failure: 0.5 });
let m = 0;
for (let hr = 0; hr < 24 * 4; hr++) {
  sim.advance(3600);
  try { sim.createClusterSnapshot({ ClusterIdentifier: 'c' + ((m * 7) % 12), SnapshotIdentifier: 'm' + m }); } catch {}
  m++;
  if (hr % 24 === 12) { try { sim.restoreFromClusterSnapshot({ ClusterIdentifier: 'r' + hr, SnapshotIdentifier: 'm' + (m - 1) }); } catch {} }
  if (hr % 30 === 3) { try { sim.rebootCluster({ ClusterIdentifier: 'c2' }); } catch {} }
}
console.log(createHash('sha256').update(sim.encodeLog()).digest('hex'));
`,
  'esm.mjs': `
import { createSimulator, ServiceError } from 'snapsim';
import { defineScenario, runScenario } from 'snapsim/scenario';
const sim = createSimulator({ seed: 42 });
sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
sim.runUntilIdle();
sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
sim.advance(60);
const creating = sim.describeClusterSnapshots({ SnapshotIdentifier: 's1' }).Snapshots[0].Status;
sim.runUntilIdle();
const done = sim.describeClusterSnapshots({ SnapshotIdentifier: 's1' }).Snapshots[0];
let code;
try { sim.deleteClusterSnapshot({ SnapshotIdentifier: 'nope' }); } catch (e) { code = e instanceof ServiceError ? e.code : String(e); }
const scenario = defineScenario({ name: 'tiny', run(ctx) { ctx.sim.createCluster({ ClusterIdentifier: 'x', NodeType: 'dc2.large', MasterUsername: 'admin' }); } });
const result = runScenario(scenario, { seed: 3 });
console.log(JSON.stringify({ creating, status: done.Status, progress: done.BackupProgressInMegaBytes === done.ActualIncrementalBackupSizeInMegaBytes, code, passed: result.passed }));
`,
  'require.cjs': `
const snapsim = require('snapsim');
const scenario = require('snapsim/scenario');
const testing = require('snapsim/testing');
const sim = snapsim.createSimulator({ seed: 42 });
sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
sim.runUntilIdle();
console.log(JSON.stringify({ status: sim.describeClusters({}).Clusters[0].ClusterStatus, defineScenario: typeof scenario.defineScenario, runIfMain: typeof scenario.runIfMain, lifecycleCommands: typeof testing.lifecycleCommands }));
`,
  'jest/esm.test.mjs': `
import { createSimulator } from 'snapsim';
import { InvariantTracker } from 'snapsim/testing';
test('a snapshot completes and the invariants hold', () => {
  const sim = createSimulator({ seed: 1 });
  const tracker = new InvariantTracker(sim);
  sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
  sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
  sim.runUntilIdle();
  tracker.check();
  expect(sim.describeClusterSnapshots({ SnapshotIdentifier: 's1' }).Snapshots[0].Status).toBe('available');
});
`,
  'jest/require.test.cjs': `
const { createSimulator } = require('snapsim');
test('require(snapsim) inside jest', () => {
  const sim = createSimulator({ seed: 1 });
  sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
  expect(sim.describeClusters({}).Clusters[0].ClusterStatus).toBe('available');
});
`,
  'typed.ts': `
import { createSimulator, simRequestHandler, ServiceError, type Simulator } from 'snapsim';
import { InvariantTracker, lifecycleCommands } from 'snapsim/testing';
import { defineScenario, runIfMain, type Scenario } from 'snapsim/scenario';

const sim: Simulator = createSimulator({ seed: 7 });
sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' });
sim.runUntilIdle();
const out = sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's1' });
const status: string | undefined = out.Snapshot?.Status;
const progress: number | undefined = out.Snapshot?.BackupProgressInMegaBytes;
const created: Date | undefined = out.Snapshot?.SnapshotCreateTime;
// @ts-expect-error: not a member of CreateClusterSnapshot's input
sim.createClusterSnapshot({ ClusterIdentifier: 'c1', SnapshotIdentifier: 's2', NoSuchMember: 1 });
// @ts-expect-error: the output is typed, not any
const wrong: number = out.Snapshot?.Status;
const error: ServiceError | undefined = undefined;
new InvariantTracker(sim).check();
const commands = lifecycleCommands(10);
const scenario: Scenario = defineScenario({ name: 'typed', run() {} });
runIfMain(import.meta.url);
const handler = simRequestHandler(sim, { clock: 'instant' });
export { status, progress, created, wrong, error, commands, scenario, handler };
`,
  'scenario.ts': `
import { defineScenario, runIfMain } from 'snapsim/scenario';

const cluster: string = 'c1';
export default defineScenario({
  name: 'user-scenario',
  run(ctx) {
    ctx.sim.createCluster({ ClusterIdentifier: cluster, NodeType: 'dc2.large', MasterUsername: 'admin' });
    ctx.sim.runUntilIdle();
    ctx.sim.createClusterSnapshot({ ClusterIdentifier: cluster, SnapshotIdentifier: 's1' });
    ctx.sim.runUntilIdle();
  },
});
runIfMain(import.meta.url);
`,
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true }, files: ['typed.ts'] }, null, 2),
  'vitest.config.mjs': `export default { test: { include: ['vitest/**/*.test.ts'] } };\n`,
  'vitest/snapsim.test.ts': `
import { CreateClusterCommand, CreateClusterSnapshotCommand, DescribeClusterSnapshotsCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createSimulator, simRequestHandler } from 'snapsim';
import { InvariantTracker, lifecycleCommands, seedWorld, type Model, type Real } from 'snapsim/testing';

it('the lifecycle invariants hold over random command sequences', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), lifecycleCommands(20), (seed, cmds) => {
      const sim = createSimulator({ seed });
      seedWorld(sim);
      const real: Real = { sim, tracker: new InvariantTracker(sim), replayEveryStep: false };
      fc.modelRun(() => ({ model: { accepted: 0, rejected: 0 } satisfies Model, real }), cmds);
    }),
    { numRuns: 10, seed: 1 },
  );
});

it('the SDK v3 talks to the simulator in process', async () => {
  const sim = createSimulator({ seed: 7 });
  const client = new RedshiftClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' },
    endpoint: 'http://snapsim.local',
    requestHandler: simRequestHandler(sim, { clock: 'instant' }),
  });
  await client.send(new CreateClusterCommand({ ClusterIdentifier: 'c', NodeType: 'dc2.large', MasterUsername: 'admin', MasterUserPassword: 'Passw0rd1' }));
  const made = await client.send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'c', SnapshotIdentifier: 's' }));
  expect(made.Snapshot?.SnapshotIdentifier).toBe('s');
  const seen = await client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 's' }));
  expect(seen.Snapshots?.[0]?.Status).toBe('available');
});
`,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snapsim-consumer-'));
  const env = envFor(process.execPath);
  // npm pack runs `prepare` (the build), so the tarball holds dist/ as the sources are now
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', dir], env, ROOT);
  expect(packed.code, packed.out).toBe(0);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  expect(tarball, packed.out).toBeDefined();
  project = join(dir, 'project');
  mkdirSync(join(project, 'jest'), { recursive: true });
  mkdirSync(join(project, 'vitest'));
  const pkg = {
    name: 'snapsim-consumer',
    private: true,
    type: 'module',
    dependencies: { snapsim: `file:../${tarball}` },
    devDependencies: { '@aws-sdk/client-redshift': '^3', '@types/node': '^20', 'fast-check': '^4', jest: '^30', typescript: '~5.9', vitest: '~3.2' },
  };
  writeFileSync(join(project, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(project, name), text);
  // a folder of npm's default module type, where Node loads a .ts file as CommonJS
  mkdirSync(join(project, 'commonjs'));
  writeFileSync(join(project, 'commonjs', 'package.json'), JSON.stringify({ type: 'commonjs' }));
  writeFileSync(join(project, 'commonjs', 'scenario.ts'), FILES['scenario.ts']!);
  writeFileSync(join(project, 'commonjs', 'broken.ts'), "import { defineScenario } from 'snapsim/scenario';\nexport default defineScenario({ name: 'b', run(ctx) { ctx.say('x' } });\n");
  const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], env);
  expect(installed.code, installed.out).toBe(0);
}, 600_000);

afterAll(() => {
  if (dir && !process.env.SNAPSIM_KEEP_CONSUMER) rmSync(dir, { recursive: true, force: true });
});

/** Each Node's hash of the same-log.mjs run. */
const sameLog: Record<string, string> = {};

const nodeVersion = (node: string): number[] => execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim().split('.').map(Number);

describe.each(NODES)('the installed package on Node %s', (node) => {
  const env = () => envFor(node);

  it('that Node is there', () => {
    expect(existsSync(node), `${node} (from SNAPSIM_CONSUMER_NODES) does not exist`).toBe(true);
  });

  it('is imported by plain Node ESM and runs a simulation', async () => {
    const out = await ok(node, ['esm.mjs'], env());
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ creating: 'creating', status: 'available', progress: true, code: 'ClusterSnapshotNotFound', passed: true });
  });

  it('writes the same log, byte for byte, as every other Node (the same seed and inputs)', async () => {
    sameLog[node] = (await ok(node, ['same-log.mjs'], env())).trim().split('\n').pop()!;
    expect(sameLog[node]).toMatch(/^[0-9a-f]{64}$/);
    const first = sameLog[NODES[0]!] ?? (await ok(NODES[0]!, ['same-log.mjs'], envFor(NODES[0]!))).trim().split('\n').pop()!;
    expect(sameLog[node], `Node ${node} against ${NODES[0]}`).toBe(first);
  });

  it('is required by CommonJS (require(esm)): every entry', async () => {
    const out = await ok(node, ['require.cjs'], env());
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ status: 'available', defineScenario: 'function', runIfMain: 'function', lifecycleCommands: 'function' });
  });

  it('runs under jest 30 in its ESM mode (and through require on Node >= 24.9)', async () => {
    const jest = ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--rootDir', 'jest', '--ci'];
    const esm = await ok(node, [...jest, '--testMatch', '**/esm.test.mjs'], env());
    expect(esm).toMatch(/Tests:\s+1 passed/);
    const [major = 0, minor = 0] = nodeVersion(node);
    if (major > 24 || (major === 24 && minor >= 9)) {
      const cjs = await ok(node, [...jest, '--testMatch', '**/require.test.cjs'], env());
      expect(cjs).toMatch(/Tests:\s+1 passed/);
    }
  });

  it('type-checks with tsc --noEmit, strict NodeNext, no skipLibCheck', async () => {
    await ok(node, ['node_modules/typescript/bin/tsc', '-p', '.'], env());
  });

  it("runs a user's TypeScript scenario: npx snapsim run, and the script itself through tsx (runIfMain)", async () => {
    expect(await ok(node, [NPX_CLI, 'snapsim', 'run', 'scenario.ts', '--seed', '5'], env())).toMatch(/PASSED user-scenario seed 5/);
    expect(await ok(node, [NPX_CLI, 'tsx', 'scenario.ts', '--seed', '5'], env())).toMatch(/PASSED user-scenario seed 5/);
  });

  it('runs a TypeScript scenario in a package without "type": "module" too, and names a syntax error where it is', async () => {
    expect(await ok(node, [NPX_CLI, 'snapsim', 'run', 'commonjs/scenario.ts', '--seed', '5'], env())).toMatch(/PASSED user-scenario seed 5/);
    const broken = await run(node, [NPX_CLI, 'snapsim', 'run', 'commonjs/broken.ts'], env());
    expect(broken.code).toBe(2);
    expect(broken.out).toMatch(/broken\.ts: cannot load the script \(Transform failed with 1 error: .*broken\.ts:2:\d+: ERROR: Expected "\)" but found "}"\)/);
  });

  it('npx snapsim serve answers the AWS CLI', async () => {
    const started = await startListening(node, [NPX_CLI, 'snapsim', 'serve', '--port', '0'], { cwd: project, env: env() });
    try {
      const server = descendants(started.proc.pid!, 'serve')[0];
      expect(server, 'the server runs as a process of its own under npx').toBeDefined();
      expect(execFileSync('readlink', [`/proc/${server}/exe`], { encoding: 'utf8' }).trim()).toBe(realpathSync(node));
      const awsEnv = { ...process.env, AWS_ACCESS_KEY_ID: '123456789012', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
      const url = `http://127.0.0.1:${started.port}`;
      const made = await run(AWS, ['redshift', 'create-cluster', '--cluster-identifier', 'c1', '--node-type', 'dc2.large', '--master-username', 'admin', '--master-user-password', 'Passw0rd1', '--endpoint-url', url, '--output', 'json'], awsEnv);
      expect(made.code, made.out).toBe(0);
      const described = await run(AWS, ['redshift', 'describe-clusters', '--endpoint-url', url, '--output', 'json'], awsEnv);
      expect(described.code, described.out).toBe(0);
      expect((JSON.parse(described.out) as { Clusters: { ClusterIdentifier: string }[] }).Clusters.map((c) => c.ClusterIdentifier)).toEqual(['c1']);
      started.proc.kill('SIGTERM');
      expect(await within(5_000, () => !alive(server!))).toBe(true);
    } finally {
      killGroup(started.proc);
    }
  });
});

describe('the installed package, on this Node', () => {
  it('works in a vitest suite: snapsim, snapsim/testing with fast-check, the SDK v3 in process', async () => {
    const out = await ok(process.execPath, ['node_modules/vitest/vitest.mjs', 'run'], envFor(process.execPath));
    expect(out).toMatch(/Tests\s+2 passed/);
  });

  it("sweeps a user's TypeScript scenario in worker processes", async () => {
    const out = await ok(process.execPath, [NPX_CLI, 'snapsim', 'sweep', 'scenario.ts', '--seeds', '1..6', '--workers', '2'], envFor(process.execPath));
    expect(out).toMatch(/6 runs \(seeds 1\.\.6\), 6 passed, 0 failed/);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`npx snapsim serve --log stops on ${signal} to npx: port free, lock released`, async () => {
      const log = join(dir, `serve-${signal}.ndjson`);
      const started = await startListening(process.execPath, [NPX_CLI, 'snapsim', 'serve', '--port', '0', '--log', log], { cwd: project, env: envFor(process.execPath) });
      try {
        const server = descendants(started.proc.pid!, 'serve')[0]!;
        expect(server).toBeDefined();
        const { logLockPath } = await import('../../src/events/file-log.ts');
        const lock = logLockPath(log);
        expect(released(lock)).toBe(false);
        started.proc.kill(signal);
        expect(await within(5_000, () => !alive(server)), `the server outlived ${signal} to npx`).toBe(true);
        expect(await portInUse(started.port)).toBe(false);
        expect(released(lock)).toBe(true);
      } finally {
        killGroup(started.proc);
      }
    });
  }
});
