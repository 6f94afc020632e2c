/**
 * The docs cannot drift: every code block of README.md and docs/*.md marked runnable is run here,
 * and every relative link must point at a file (and heading) that exists.
 *
 * The marker is an HTML comment on the line right before the fence (invisible on GitHub):
 *
 *   <!-- runnable -->                         ts: tsx; sh: bash -eo pipefail; python: python3
 *   <!-- runnable: vitest -->                 ts: as a vitest test file
 *   <!-- runnable: pytest -->                 python: as a pytest module
 *   <!-- runnable: npx snapsim serve ARGS --> against `snapsim serve ARGS --port 0`, started for
 *                                             the block: `http://127.0.0.1:4599` in it becomes the
 *                                             server's URL and the environment holds the README's
 *                                             exports (AWS_ENDPOINT_URL_REDSHIFT, keys, region)
 *
 * Every `ts` block is type-checked first (one tsc, strict, as a user's project would be). Blocks
 * run in a fresh directory under test-output/, inside the repository, so `snapsim`,
 * `snapsim/testing` and `snapsim/scenario` resolve to the package's own entries by Node's package
 * self-reference (no rewriting) and `npx snapsim` to its own bin; `scenarios/` is linked in, and
 * `aws` is /usr/bin/aws (the AWS CLI v2, Debian's awscli; `aws` on PATH may be a v1 shim).
 * python3 with boto3 and pytest, and /usr/bin/aws, are required: missing, the test fails and
 * says so (nothing is skipped).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIGURES, DOC as BENCH_DOC, parseResults, renderTable, withTable } from '../../scripts/gen-benchmarks.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const AWS = '/usr/bin/aws';
const DOC_URL = 'http://127.0.0.1:4599';
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

type Mode = { kind: 'run' } | { kind: 'vitest' } | { kind: 'pytest' } | { kind: 'serve'; args: string[] };

interface Snippet {
  /** `docs/server.md:120`: the fence's line. */
  where: string;
  file: string;
  lang: string;
  mode: Mode;
  code: string;
}

interface Block {
  line: number;
  lang: string;
  marker: string | undefined;
  code: string;
}

/** Every fenced block of a markdown file, with the `<!-- runnable… -->` marker right above it, if any. */
function blocksOf(text: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    const above = /^<!--\s*runnable(?::\s*(.*?))?\s*-->\s*$/.exec(lines[start - 1] ?? '');
    out.push({ line: start + 1, lang: open[1]!, marker: above ? (above[1] ?? '') : undefined, code: body.join('\n') + '\n' });
  }
  return out;
}

/** Markers that are not right above a fence: a typo must not silently drop a block. */
function strayMarkers(text: string): number[] {
  const lines = text.split('\n');
  return lines.flatMap((l, i) => (/^<!--\s*runnable/.test(l) && !/^```/.test(lines[i + 1] ?? '') ? [i + 1] : []));
}

function modeOf(marker: string, where: string): Mode {
  if (marker === '') return { kind: 'run' };
  if (marker === 'vitest' || marker === 'pytest') return { kind: marker };
  const serve = /^npx snapsim serve(?:\s+(.*))?$/.exec(marker);
  if (serve) return { kind: 'serve', args: serve[1]?.trim() ? serve[1].trim().split(/\s+/) : [] };
  throw new Error(`${where}: unknown runnable marker "${marker}"`);
}

const SNIPPETS: Snippet[] = DOCS.flatMap((file) =>
  blocksOf(readFileSync(join(ROOT, file), 'utf8'))
    .filter((b) => b.marker !== undefined)
    .map((b) => {
      const where = `${file}:${b.line}`;
      return { where, file, lang: b.lang, mode: modeOf(b.marker!, where), code: b.code };
    }),
);

// ---------------------------------------------------------------------------------------------
// Running blocks

let work = '';
let env: NodeJS.ProcessEnv = {};
const children = new Set<ChildProcess>();

interface Ran {
  code: number | null;
  out: string;
}

/** Runs a command in `work` (its own process group), collecting stdout and stderr together. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? work, env: opts.env ?? env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => {
      out += `\n[killed after ${opts.timeoutMs} ms]`;
      killGroup(child);
    }, opts.timeoutMs ?? 45_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Error(`${cmd} did not start: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolveRun({ code, out });
    });
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Starts `snapsim serve ARGS --port 0` (the package's own bin, as `npx snapsim` runs it); resolves with its URL. */
async function startServe(args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, PACKAGE.bin.snapsim!), 'serve', ...args, '--port', '0'], { cwd: work, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  const closed = new Promise<void>((r) => child.on('close', () => (children.delete(child), r())));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`snapsim serve ${args.join(' ')} printed no URL within 20 s:\n${out}`)), 20_000);
    const seen = (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', seen);
    child.stderr!.setEncoding('utf8').on('data', seen);
    child.on('close', (code) => reject(new Error(`snapsim serve ${args.join(' ')} exited with ${code}:\n${out}`)));
  });
  return { url, stop: async () => (killGroup(child), await closed) };
}

const EXT: Record<string, string> = { ts: 'ts', sh: 'sh', python: 'py' };
let counter = 0;

/** Writes a block to a file of its own in `work`, named after where it comes from. */
function writeSnippet(s: Snippet, prefix = '', code = s.code): string {
  const name = `${prefix}${s.where.replace(/[^A-Za-z0-9]+/g, '-')}-${counter++}.${EXT[s.lang]}`;
  writeFileSync(join(work, name), code);
  return name;
}

async function runSnippet(s: Snippet): Promise<Ran> {
  if (s.mode.kind === 'serve') {
    const server = await startServe(s.mode.args);
    try {
      const code = s.code.replaceAll(DOC_URL, server.url);
      return await runPlain(s, code, { ...env, AWS_ENDPOINT_URL_REDSHIFT: server.url });
    } finally {
      await server.stop();
    }
  }
  if (s.mode.kind === 'pytest') {
    const file = writeSnippet(s, 'test_');
    return run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', file]);
  }
  return runPlain(s, s.code, env);
}

function runPlain(s: Snippet, code: string, runEnv: NodeJS.ProcessEnv): Promise<Ran> {
  const file = writeSnippet(s, '', code);
  if (s.lang === 'ts') return run(process.execPath, ['--import', 'tsx', file], { env: runEnv });
  if (s.lang === 'sh') return run('bash', ['-eo', 'pipefail', file], { env: runEnv });
  return run('python3', [file], { env: runEnv });
}

/** At most `n` blocks at a time: the machine has 2 cores. */
function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(f: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await f();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
const slot = limiter(3);

/** The one vitest run of every `vitest` block (a run costs seconds; one serves them all). */
let vitestRun: Promise<{ ran: Ran; files: Map<string, string> }> | undefined;
function vitestBlocks(): Promise<{ ran: Ran; files: Map<string, string> }> {
  vitestRun ??= slot(async () => {
    const dir = join(work, 'vitest');
    mkdirSync(dir);
    writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.ts'], testTimeout: 30000 } };\n");
    const files = new Map<string, string>();
    for (const s of SNIPPETS.filter((x) => x.mode.kind === 'vitest')) {
      const name = `${s.where.replace(/[^A-Za-z0-9]+/g, '-')}.test.ts`;
      writeFileSync(join(dir, name), s.code);
      files.set(s.where, name);
    }
    const ran = await run(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', '--outputFile=result.json'], { cwd: dir });
    return { ran, files };
  });
  return vitestRun;
}

/** The one tsc over every `ts` block. */
let typecheck: Promise<Ran> | undefined;
function typecheckBlocks(): Promise<Ran> {
  typecheck ??= slot(async () => {
    const dir = join(work, 'typecheck');
    mkdirSync(dir);
    for (const s of SNIPPETS.filter((x) => x.lang === 'ts')) writeFileSync(join(dir, `${s.where.replace(/[^A-Za-z0-9]+/g, '-')}.ts`), s.code);
    // What a user's strict project has (not this repository's extra noUncheckedIndexedAccess).
    const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, allowImportingTsExtensions: true, noEmit: true, types: ['node'], lib: ['ES2022'] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
    return run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir]);
  });
  return typecheck;
}

beforeAll(async () => {
  try {
    accessSync(AWS, constants.X_OK);
  } catch {
    throw new Error(`${AWS} (the AWS CLI v2, Debian package awscli) is missing: apt-get install awscli (.ci/run does)`);
  }
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  work = mkdtempSync(join(ROOT, 'test-output', 'docs-'));
  symlinkSync(join(ROOT, 'scenarios'), join(work, 'scenarios'));
  const bin = join(work, '.bin');
  mkdirSync(bin);
  symlinkSync(AWS, join(bin, 'aws'));
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$|AWS_)/.test(k)));
  Object.assign(env, {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    // The README's exports; a server block's endpoint is added per block.
    AWS_ACCESS_KEY_ID: '123456789012',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(work, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    NO_COLOR: '1',
  });
  const python = await run('python3', ['-c', 'import boto3, pytest; print(boto3.__version__, pytest.__version__)']);
  if (python.code !== 0) throw new Error(`the docs' python blocks need python3 with boto3 and pytest (pip install boto3 pytest):\n${python.out}`);
});

afterAll(() => {
  for (const child of children) killGroup(child);
  if (work && !process.env.KEEP_DOCS_OUTPUT) rmSync(work, { recursive: true, force: true });
});

describe('the runnable blocks of README.md and docs/*.md', { timeout: 60_000 }, () => {
  it('are found, each right below its marker, in a language the test runs', () => {
    for (const file of DOCS) expect(strayMarkers(readFileSync(join(ROOT, file), 'utf8')), `${file}: a runnable marker not right above a fence`).toEqual([]);
    expect(SNIPPETS.length).toBeGreaterThanOrEqual(10);
    for (const s of SNIPPETS) {
      expect(Object.keys(EXT), `${s.where}: language`).toContain(s.lang);
      if (s.mode.kind === 'vitest') expect(s.lang, s.where).toBe('ts');
      if (s.mode.kind === 'pytest') expect(s.lang, s.where).toBe('python');
      if (s.mode.kind !== 'serve') expect(s.code.includes(DOC_URL), `${s.where} talks to ${DOC_URL}: mark it "runnable: npx snapsim serve …"`).toBe(false);
    }
  });

  it('type-check (every ts block, strict)', async () => {
    const { code, out } = await typecheckBlocks();
    expect(code, out).toBe(0);
  });

  for (const s of SNIPPETS) {
    const label = `${s.where} (${s.lang}, ${s.mode.kind === 'serve' ? `serve ${s.mode.args.join(' ')}`.trim() : s.mode.kind})`;
    it.concurrent(label, async () => {
      if (s.mode.kind === 'vitest') {
        const { ran, files } = await vitestBlocks();
        const result = existsSync(join(work, 'vitest', 'result.json'))
          ? (JSON.parse(readFileSync(join(work, 'vitest', 'result.json'), 'utf8')) as { testResults: { name: string; status: string; message: string }[] })
          : undefined;
        const mine = result?.testResults.find((t) => t.name.endsWith(`/${files.get(s.where)}`));
        expect(mine?.status, `${s.where}: ${mine?.message ?? ''}\n${ran.out}`).toBe('passed');
        return;
      }
      const { code, out } = await slot(() => runSnippet(s));
      expect(code, `${s.where} failed:\n${out}`).toBe(0);
    }, 150_000); // includes waiting for a slot; each process is killed after 45 s of its own
  }
});

// ---------------------------------------------------------------------------------------------
// Links, size, quick starts, the benchmark table

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchorsOf(text: string): Set<string> {
  const outside = text.replace(/^```[\s\S]*?^```\s*$/gm, '');
  return new Set([...outside.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
}

describe('the docs', () => {
  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of DOCS) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const outside = text.replace(/^```[\s\S]*?^```\s*$/gm, (m) => '\n'.repeat(m.split('\n').length - 1));
      for (const m of outside.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue; // http:, https:, mailto:
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const resolved = path === '' ? join(ROOT, file) : resolve(join(ROOT, dirname(file)), path);
        if (!existsSync(resolved)) {
          broken.push(`${file}: ${target} (no file ${relative(ROOT, resolved)})`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) {
          broken.push(`${file}: ${target} (no heading #${anchor} in ${relative(ROOT, resolved)})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('README.md is at most 10 KB', () => {
    expect(readFileSync(join(ROOT, 'README.md')).byteLength).toBeLessThanOrEqual(10_240);
  });

  it("every block of the README's quick starts runs (the server command through the markers that name it)", () => {
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const sections = text.split(/^## /m).filter((s) => s.startsWith('Quick start'));
    expect(sections.length).toBe(3);
    for (const section of sections) {
      const blocks = blocksOf(section);
      const serves = new Set(blocks.filter((b) => b.marker?.startsWith('npx snapsim serve')).map((b) => b.marker));
      for (const b of blocks) {
        if (b.marker !== undefined) continue;
        const command = b.code.replace(/\s+#.*$/gm, '').trim();
        expect(serves.has(command), `README quick start "${section.split('\n')[0]}": the block at line ${b.line} of its section is not runnable`).toBe(true);
      }
    }
  });

  it('the quick start for working on snapsim names scripts package.json has', () => {
    expect(PACKAGE.scripts.start).toMatch(/\bserve\b/);
    expect(PACKAGE.scripts.test).toBeDefined();
  });

  it('docs/benchmarks.md shows the table docs/benchmarks.jsonl gives (npx tsx scripts/gen-benchmarks.ts)', () => {
    const doc = readFileSync(BENCH_DOC, 'utf8');
    const results = parseResults(readFileSync(FIGURES, 'utf8'));
    for (const bench of ['http', 'memory', 'replay', 'simulate']) expect(results.has(bench), bench).toBe(true);
    expect(withTable(doc, renderTable(results))).toBe(doc);
  });
});
