/** The command line, run as a child process: exit codes, one-line errors, reproducible logs, sweeps. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'snapsim-cli-'));
const tmp = (name: string) => join(dir, name);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs node with `args` without blocking the test worker's event loop. */
function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, SNAPSIM_DEBUG: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const snapsim = (...args: string[]) => node(['bin/snapsim.js', ...args]);

/** A usage error: exit 2, exactly one line on stderr, no stack trace. */
function expectOneLineError(r: Ran, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('snapsim errors', async () => {
  it('unknown command, missing file, bad flag, bad value → one line, exit 2', async () => {
    expectOneLineError(await snapsim('frobnicate'), /^snapsim: unknown command "frobnicate"/);
    expectOneLineError(await snapsim('run', 'scenarios/nope.ts'), /^snapsim: run: scenarios\/nope\.ts: no such file/);
    expectOneLineError(await snapsim('run', 'scenarios/quota-exhaustion.ts', '--sed', '3'), /^snapsim: run: Unknown option '--sed'/);
    expectOneLineError(await snapsim('run', 'scenarios/quota-exhaustion.ts', '--seed', 'abc'), /--seed needs an integer/);
    expectOneLineError(await snapsim('replay', tmp('missing.ndjson')), /^snapsim: replay: .*missing\.ndjson: no such file/);
    expectOneLineError(await snapsim('sweep', 'scenarios/quota-exhaustion.ts', '--seeds', '5..1'), /--seeds: empty range 5\.\.1/);
    expectOneLineError(await snapsim('sweep', 'scenarios/quota-exhaustion.ts', '--seeds', '9007199254740993'), /--seeds: 9007199254740993 is beyond the largest seed, 2\^53 - 1/);
    expectOneLineError(await snapsim('report', 'x.ndjson'), /-o <report\.html> is required/);
  });

  it('a malformed scenario names the file, the path and the problem', async () => {
    writeFileSync(tmp('bad.yaml'), 'name: bad\nsteps:\n  - at: 1h\n    call: DeleteClusterSnapshot\n    input: nope\n');
    expectOneLineError(await snapsim('run', tmp('bad.yaml')), /^snapsim: run: .*bad\.yaml: steps\[0\]\.input: must be an object, got string "nope"$/m);
  });

  it('a log that is not a log is refused in one line', async () => {
    writeFileSync(tmp('junk.ndjson'), '{"hello": 1}\n');
    expectOneLineError(await snapsim('replay', tmp('junk.ndjson')), /junk\.ndjson:1: not a log entry/);
  });

  it('--help works on every command', async () => {
    for (const c of ['run', 'replay', 'report', 'sweep', 'serve']) {
      const r = await snapsim(c, '--help');
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(new RegExp(`^usage: snapsim ${c}`));
    }
    expect((await snapsim('--help')).stdout).toMatch(/run .*\n.*replay/);
  });
});

describe('snapsim run', async () => {
  it('the same seed gives a byte-identical --log; another seed does not', async () => {
    expect((await snapsim('run', 'scenarios/failure-storm.ts', '--seed', '11', '--log', tmp('a.ndjson'))).code).toBe(0);
    expect((await snapsim('run', 'scenarios/failure-storm.ts', '--seed', '11', '--log', tmp('b.ndjson'))).code).toBe(0);
    expect((await snapsim('run', 'scenarios/failure-storm.ts', '--seed', '12', '--log', tmp('c.ndjson'))).code).toBe(0);
    const a = readFileSync(tmp('a.ndjson'));
    expect(a.equals(readFileSync(tmp('b.ndjson')))).toBe(true);
    expect(a.equals(readFileSync(tmp('c.ndjson')))).toBe(false);
  });

  it('prints plain timeline lines and a summary when not a terminal', async () => {
    const r = await snapsim('run', 'scenarios/deploy-checkpoint.yaml', '--seed', '4');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^snapsim run scenarios\/deploy-checkpoint\.yaml --seed 4/);
    expect(r.stdout).toMatch(/\nd0 02:00:00 {2}→ CreateClusterSnapshot/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stdout).toMatch(/backup time +p50 /);
    expect(r.stdout).toMatch(/PASSED deploy-checkpoint seed 4\n$/);
  });

  it('--json prints one result object', async () => {
    const r = await snapsim('run', 'scenarios/share-and-revoke.json', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ scenario: 'share-and-revoke', seed: 1, passed: true, error: null, metrics: {} });
    expect(out.stats.authorizations).toBe(1);
    // the figures a story records (ctx.metric) are in it, and in the summary table
    const dr = await snapsim('run', 'scenarios/region-outage-dr.ts', '--seed', '1', '--json');
    expect(JSON.parse(dr.stdout).metrics).toEqual({ rpoSeconds: expect.any(Number), rtoSeconds: expect.any(Number) });
    expect((await snapsim('run', 'scenarios/region-outage-dr.ts', '--seed', '1')).stdout).toMatch(/\nrpoSeconds +\d+\nrtoSeconds +\d+\n/);
  });

  it('a failing scenario exits 1 and prints the command that replays it', async () => {
    writeFileSync(tmp('fails.json'), JSON.stringify({ name: 'fails', steps: [{ cluster: { id: 'c' } }, { check: { cluster: 'c', status: 'paused' } }] }));
    const r = await snapsim('run', tmp('fails.json'), '--seed', '5');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ cluster c is paused \(is available\)/);
    expect(r.stdout).toMatch(/FAILED fails seed 5 — replay: npx snapsim run .*fails\.json --seed 5 --log seed-5\.ndjson/);
  });

  it('a script outside a "type": "module" package (Node loads it as CommonJS) runs; its seed obeys --seed\'s rule', async () => {
    const scenarioModule = JSON.stringify(join(process.cwd(), 'src', 'scenario', 'index.ts'));
    writeFileSync(tmp('plain.ts'), `import { defineScenario } from ${scenarioModule};\nexport default defineScenario({ name: 'plain', run(ctx) { ctx.cluster('a'); } });\n`);
    expect((await snapsim('run', tmp('plain.ts'), '--seed', '3')).stdout).toMatch(/PASSED plain seed 3/);
    writeFileSync(tmp('negative.ts'), `import { defineScenario } from ${scenarioModule};\nexport default defineScenario({ name: 'neg', seed: -5, run() {} });\n`);
    expectOneLineError(await snapsim('run', tmp('negative.ts')), /negative\.ts: seed must be an integer from 0 to 2\^53 - 1, got -5/);
    writeFileSync(tmp('huge-seed.yaml'), 'name: big\nseed: 100000000000000000000\nsteps:\n  - idle: true\n');
    expectOneLineError(await snapsim('run', tmp('huge-seed.yaml')), /huge-seed\.yaml: seed: must be an integer from 0 to 2\^53 - 1/);
  });

  it('a script that does not compile is named with the compiler\'s error and where it is', async () => {
    const scenarioModule = JSON.stringify(join(process.cwd(), 'src', 'scenario', 'index.ts'));
    writeFileSync(tmp('broken.ts'), `import { defineScenario } from ${scenarioModule};\nexport default defineScenario({ name: 'b', run(ctx) { ctx.say('x' } });\n`);
    expectOneLineError(await snapsim('run', tmp('broken.ts')), /broken\.ts: cannot load the script \(Transform failed with 1 error: .*broken\.ts:2:\d+: ERROR: Expected "\)" but found "}"\)/);
  });

  it('an async run fails (virtual time needs no awaiting), and nothing it does after its end is shown', async () => {
    const scenarioModule = JSON.stringify(join(process.cwd(), 'src', 'scenario', 'index.ts'));
    writeFileSync(tmp('async.ts'), `import { defineScenario } from ${scenarioModule};\nexport default defineScenario({ name: 'async', async run(ctx) { ctx.cluster('a'); await Promise.resolve(); ctx.say('after the await'); throw new Error('later'); } });\n`);
    const r = await snapsim('run', tmp('async.ts'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ stopped: run\(ctx\) returned a Promise: a scenario runs in virtual time, so run must be synchronous/);
    expect(r.stdout).toMatch(/FAILED async seed 1/);
    expect(r.stdout + r.stderr).not.toMatch(/after the await|Error: later/);
  });

  it('a time past the last representable instant stops the run at once', async () => {
    writeFileSync(tmp('far.yaml'), 'name: far\nsteps:\n  - at: 99999999999d\n    idle: true\n');
    const r = await snapsim('run', tmp('far.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ stopped: cannot move virtual time to 99999999999d.* past the last representable instant/);
    // also a time a Date holds but past the end of 9999, where the clock stops
    writeFileSync(tmp('year-10000.yaml'), 'name: far\nsteps:\n  - at: 3000000d\n    idle: true\n');
    const later = await snapsim('run', tmp('year-10000.yaml'));
    expect(later.code).toBe(1);
    expect(later.stdout).toMatch(/✗ stopped: cannot move virtual time to 3000000d.* \(the latest virtual time, 9999-12-31T23:59:59\.999Z\)/);
  });

  it('a script run directly behaves like snapsim run', async () => {
    const direct = await node(['node_modules/tsx/dist/cli.mjs', 'scenarios/cross-account-dr.ts', '--seed', '7', '--log', tmp('direct.ndjson')]);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toMatch(/PASSED cross-account-dr seed 7/);
    await snapsim('run', 'scenarios/cross-account-dr.ts', '--seed', '7', '--log', tmp('via-run.ndjson'));
    expect(readFileSync(tmp('direct.ndjson'), 'utf8')).toBe(readFileSync(tmp('via-run.ndjson'), 'utf8'));
  });
});

describe('snapsim replay', async () => {
  it('prints clusters and snapshots as of a virtual time', async () => {
    await snapsim('run', 'scenarios/cross-account-dr.ts', '--seed', '2', '--log', tmp('dr.ndjson'));
    const early = await snapsim('replay', tmp('dr.ndjson'), '--at', '2m');
    expect(early.code).toBe(0);
    expect(early.stdout).toMatch(/Clusters \(1\)[\s\S]*prod +creating/);
    expect(early.stdout).toMatch(/Snapshots \(0\)/);
    const json = JSON.parse((await snapsim('replay', tmp('dr.ndjson'), '--at', '1h', '--json')).stdout);
    const shared = json.snapshots.find((s: { SnapshotIdentifier: string }) => s.SnapshotIdentifier === 'dr-weekly');
    expect(shared.AccountsWithRestoreAccess).toEqual([{ AccountId: '210987654321' }]);
    expectOneLineError(await snapsim('replay', tmp('dr.ndjson'), '--at', 'yesterday'), /--at: "yesterday" is not a time/);
    expectOneLineError(await snapsim('replay', tmp('dr.ndjson'), '--at', '99999999999d'), /--at 99999999999d is past the last representable instant/);
    // an ISO time without a zone is UTC, whatever the machine's zone
    const utc = await snapsim('replay', tmp('dr.ndjson'), '--at', '2025-01-01T05:00:00');
    expect(utc.stdout).toMatch(/\(2025-01-01T05:00:00\.000Z\)/);
  });

  it('names the line of a log it cannot replay, and a damaged SimulationStarted', async () => {
    await snapsim('run', 'scenarios/failure-storm.ts', '--seed', '3', '--log', tmp('storm.ndjson'));
    // hand-edited logs carry no checksums
    const entries = readFileSync(tmp('storm.ndjson'), 'utf8').trimEnd().split('\n').map((l) => { const o = JSON.parse(l); delete o.crc; return o; });
    const write = (name: string, list: unknown[]) => writeFileSync(tmp(name), list.map((o) => JSON.stringify(o)).join('\n') + '\n');
    const typo = structuredClone(entries);
    const at = typo.findIndex((e, i) => i > 3 && e.events.some((ev: { type: string }) => ev.type === 'SnapshotTransitioned'));
    typo[at].events.find((ev: { type: string }) => ev.type === 'SnapshotTransitioned').ref.id += 'x';
    write('typo.ndjson', typo);
    expectOneLineError(await snapsim('replay', tmp('typo.ndjson')), new RegExp(`typo\\.ndjson:${at + 1}: no snapshot .*x \\(seq ${at}\\)`));
    const started = (change: (e: Record<string, unknown>) => void) => { const list = structuredClone(entries); change(list[0].events[0]); return list; };
    write('start.ndjson', started((e) => (e.start = '2025-01-01')));
    expectOneLineError(await snapsim('replay', tmp('start.ndjson')), /start\.ndjson:1: SimulationStarted\.start must be an instant/);
    expectOneLineError(await snapsim('report', tmp('start.ndjson'), '-o', tmp('start.html')), /start\.ndjson:1: SimulationStarted\.start must be an instant/);
    write('seed.ndjson', started((e) => (e.seed = 'x')));
    expectOneLineError(await snapsim('replay', tmp('seed.ndjson')), /seed\.ndjson:1: SimulationStarted\.seed must be a whole number, got "x"/);
    write('config.ndjson', started((e) => delete e.config));
    expectOneLineError(await snapsim('replay', tmp('config.ndjson')), /config\.ndjson:1: SimulationStarted\.config must be an object/);
    const twice = structuredClone(entries);
    twice[5].events.push(entries[0].events[0]);
    write('twice.ndjson', twice);
    expectOneLineError(await snapsim('replay', tmp('twice.ndjson')), /twice\.ndjson:6: SimulationStarted after the first entry \(seq 5\)/);
  });
});

describe('snapsim sweep', async () => {
  it('gives identical results with 1 and 2 workers, and merges split ranges', async () => {
    const one = await snapsim('sweep', 'scenarios/failure-storm.ts', '--seeds', '1..6', '--workers', '1', '--json');
    const two = await snapsim('sweep', 'scenarios/failure-storm.ts', '--seeds', '1..6', '--workers', '2', '--json');
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const result = JSON.parse(one.stdout);
    expect(result.seeds.map((s: { seed: number }) => s.seed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.figures.backupSeconds.p95).toBeGreaterThan(0);

    await snapsim('sweep', 'scenarios/failure-storm.ts', '--seeds', '1..3', '--out', tmp('a.json'));
    await snapsim('sweep', 'scenarios/failure-storm.ts', '--seeds', '4..6', '--out', tmp('b.json'));
    const merged = await snapsim('sweep', '--merge', tmp('a.json'), tmp('b.json'), '--json');
    expect(merged.stdout).toBe(one.stdout);
    expect((await snapsim('sweep', '--merge', tmp('a.json'), tmp('b.json'))).stdout).toMatch(/backup duration +\S+ +\S+ +\S+/);
  });

  it('runs workers as single-threaded processes (no V8 helper threads), bundled or through tsx', async () => {
    // the scenario's name says how the process that loaded it was started
    writeFileSync(tmp('argv.mts'), "export default { name: `pid ${process.pid === Number(process.env.SWEEP_PARENT) ? 'parent' : 'own'}, v8 ${process.execArgv.includes('--single-threaded') ? 'single-threaded' : 'default'}`, run() {} };\n");
    for (const bundle of ['1', '0']) {
      const r = await node(['-e', `process.env.SWEEP_PARENT = String(process.pid); process.argv.splice(1, 0, 'bin/snapsim.js'); await import('./bin/snapsim.js')`, '--input-type=module', 'sweep', tmp('argv.mts'), '--seeds', '1..3', '--workers', '2', '--json'], { SNAPSIM_SWEEP_BUNDLE: bundle });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).scenario).toBe('pid own, v8 single-threaded');
    }
  });

  it('reports a worker that fails after loading in one line', async () => {
    writeFileSync(tmp('throws.ts'), "export default { name: 'throws', run() { setTimeout(() => { throw new Error('boom in a timer'); }); } };\n");
    expectOneLineError(await snapsim('sweep', tmp('throws.ts'), '--seeds', '1..4', '--workers', '2'), /sweep: a sweep worker failed: boom in a timer/);
  });

  it('prints the seed and replay command of failing runs', async () => {
    writeFileSync(tmp('flaky.json'), JSON.stringify({ name: 'flaky', config: { faults: { backupFailure: 0.5 } }, steps: [{ cluster: { id: 'c' } }, { call: 'CreateClusterSnapshot', input: { ClusterIdentifier: 'c', SnapshotIdentifier: 's' } }, { idle: true }, { check: { snapshot: 's', is: { Status: 'available' } } }] }));
    const r = await snapsim('sweep', tmp('flaky.json'), '--seeds', '1..8', '--workers', '2');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/seed \d+ FAILED: snapshot s .*\n {2}replay: npx snapsim run .*flaky\.json --seed \d+ --log seed-\d+\.ndjson/);
  });
});
