/** The sweep worker's bundle: one copy of snapsim's modules for the worker and the scenario. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownModule } from '../../src/cli/sweep-bundle.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'snapsim-bundle-')));

function touch(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '');
  return path;
}

describe('ownModule', () => {
  // the tests run the sources: the running tree is src/ (.ts), its twin dist/ (.js)
  const src = join(dir, 'pkg', 'src');
  const dist = join(dir, 'pkg', 'dist');
  const both = touch(join(src, 'sim', 'simulator.ts'));
  touch(join(dist, 'sim', 'simulator.js'));
  touch(join(dist, 'only-built.js'));

  it('takes a module of the other tree from the running tree', () => {
    expect(ownModule(join(dist, 'sim', 'simulator.js'), src, dist)).toBe(both);
    expect(ownModule(both, src, dist)).toBe(both);
  });

  it('keeps a module without a twin, and leaves what is not snapsim alone', () => {
    expect(ownModule(join(dist, 'only-built.js'), src, dist)).toBe(join(dist, 'only-built.js'));
    expect(ownModule(join(dist, 'sim', 'simulator.d.ts'), src, dist)).toBeNull();
    expect(ownModule(join(dir, 'pkg', 'scenarios', 'x.ts'), src, dist)).toBeNull();
    expect(ownModule(join(dir, 'pkg', 'srcx', 'x.ts'), src, dist)).toBeNull();
    expect(ownModule(join(src, 'node_modules', 'dep', 'index.js'), src, dist)).toBeNull();
  });
});

function snapsim(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'snapsim.js'), ...args], { cwd: ROOT, env: { ...process.env, SNAPSIM_DEBUG: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the bundled worker', () => {
  it('shares one copy of the simulator with a scenario, whichever tree (src/, dist/) the scenario imports', async () => {
    // the simulator the worker runs the scenario on must be the class the scenario imports, from either tree
    const trees = [join(ROOT, 'src', 'sim', 'simulator.ts'), join(ROOT, 'dist', 'sim', 'simulator.js')].filter((p) => existsSync(p));
    const imports = trees.map((p, i) => `import { Simulator as S${i} } from ${JSON.stringify(p)};`).join('\n');
    const same = trees.map((_p, i) => `ctx.sim instanceof S${i}`).join(' && ');
    const file = join(dir, 'one-copy.ts');
    writeFileSync(file, `${imports}\nexport default { name: 'one-copy', run(ctx: any) { ctx.check(${same}, 'one simulator'); } };\n`);
    // the sources (as every test), then whichever tree bin/snapsim.js picks by itself
    for (const source of ['1', '']) {
      const r = await snapsim(['sweep', file, '--seeds', '1..2', '--workers', '1', '--json'], { SNAPSIM_SOURCE: source });
      expect(r.stderr).toBe('');
      expect(r.code, r.stdout).toBe(0); // 1 when the check failed
    }
  });
});

describe('the bundle of a script scenario', () => {
  it('imports no package the worker does not run: yaml is loaded only to parse a YAML scenario', async () => {
    const r = await snapsim(['sweep', 'scenarios/failure-storm.ts', '--seeds', '1', '--json'], { SNAPSIM_SOURCE: '1', SNAPSIM_DEBUG: '1' });
    const bundle = /workers load (?:a new|the cached) bundle (file:\S+)/.exec(r.stderr)?.[1];
    expect(bundle, r.stderr).toBeDefined();
    const text = readFileSync(new URL(bundle!), 'utf8');
    expect(text).toMatch(/from "file:[^"]*\/node_modules\/xstate\//);
    expect(text).not.toMatch(/node_modules\/yaml\//);
  });
});
