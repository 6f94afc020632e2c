/**
 * The sweep worker as one plain JavaScript file, so worker processes start without tsx.
 *
 * A worker process does not inherit the parent's module hooks, so a worker that imports
 * TypeScript must register tsx itself: that starts a hooks thread per worker and sends each of the
 * ~85 modules of the simulator through it, about 0.4–0.8 s of CPU per worker before its first seed.
 * Instead the parent bundles the worker entry, the simulator and the scenario script once (~70 ms)
 * with esbuild, the transpiler tsx itself runs on, and every worker imports that file (~0.1 s).
 *
 * Only TypeScript (and JSON) is bundled: npm packages stay imports, rewritten to the absolute URL
 * of the file they resolve to from the importing file (with Node's conditions and `main` field),
 * so Node loads them itself as under `snapsim run`; `import.meta.url`, `.dirname` and `.filename`
 * keep meaning the original file. The bundle is cached until a file that went into it changes. When
 * esbuild is missing or cannot bundle the scenario, {@link bundleWorker} says why and the sweep
 * falls back to tsx in each worker (slower, same results).
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The part of esbuild's API used here (esbuild is tsx's dependency; typed locally, not imported). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: { text: string }[]; metafile?: { inputs: Record<string, unknown> } }>;
  stop?(): void | Promise<void>;
}
interface ResolveArgs {
  path: string;
  kind: string;
  resolveDir: string;
  importer: string;
  pluginData?: unknown;
}
interface PluginBuild {
  onResolve(o: { filter: RegExp }, cb: (a: ResolveArgs) => unknown): void;
  onLoad(o: { filter: RegExp }, cb: (a: { path: string }) => unknown): void;
  resolve(path: string, o: { kind: string; resolveDir: string; importer: string; pluginData: unknown }): Promise<{ path: string; errors: unknown[]; external: boolean }>;
}

/** `.ts` when running from the sources, `.js` when compiled (dist/): the extension of our own modules. */
export const OWN_EXT = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
/** This module (its changes change the bundle), the worker module, and the loader of declarative scenarios. */
const SELF = fileURLToPath(import.meta.url);
const WORKER = fileURLToPath(new URL(`./sweep-worker${OWN_EXT}`, import.meta.url));
const LOAD = fileURLToPath(new URL(`../scenario/load${OWN_EXT}`, import.meta.url));
/**
 * The tree of snapsim's own modules this module runs from: `src/` (TypeScript) or `dist/` (its
 * build), and the other one of a checkout (`dist/` of an installed package has no `src/`).
 */
const TREE = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
const OTHER = join(dirname(TREE), OWN_EXT === '.ts' ? 'dist' : 'src');
const OTHER_EXT = OWN_EXT === '.ts' ? '.js' : '.ts';

/**
 * Where a module of snapsim's own must come from in the bundle: from the running tree, so the
 * worker, the simulator and the scenario share one copy of each module. A scenario of the
 * repository imports `../src/entry/scenario.ts` while the CLI runs from dist/ (or imports
 * `snapsim/scenario`, dist/, while the CLI runs from src/): its twin in the running tree replaces
 * it. The two trees are the same code when the CLI runs from dist/ (bin/snapsim.js runs dist/
 * only when no file of src/ is newer), and the worker's copy runs every seed either way. Null for
 * a module that is not ours; the path itself for one of the running tree, or one without a twin.
 */
export function ownModule(path: string, tree = TREE, other = OTHER): string | null {
  const inTree = (root: string) => {
    const rel = relative(root, path);
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !rel.split(sep).includes('node_modules') ? rel : null;
  };
  if (inTree(tree) !== null) return path;
  const rel = inTree(other);
  if (rel === null || !rel.endsWith(OTHER_EXT) || rel.endsWith('.d.ts')) return null;
  const twin = join(tree, rel.slice(0, -OTHER_EXT.length) + OWN_EXT);
  return existsSync(twin) ? twin : path;
}

const TS = /\.[cm]?tsx?$/;
/** Bundled as well: TypeScript, and JSON (Node 20 would need an import attribute tsx does not). */
const INLINE = /\.([cm]?tsx?|json)$/;
const MODULE = /\.(ts|mts|js|mjs)$/;

/** esbuild as installed with tsx (resolved from tsx's folder), or null. */
function esbuild(): Esbuild | null {
  try {
    return createRequire(import.meta.resolve('tsx/package.json'))('esbuild') as Esbuild;
  } catch {
    return null;
  }
}

/** Replaces `import.meta.url|dirname|filename` by the original file's (the bundle lives elsewhere). */
function withMeta(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!text.includes('import.meta')) return text;
  const url = JSON.stringify(pathToFileURL(path).href);
  return text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_m, k: string) => (k === 'url' ? url : JSON.stringify(k === 'dirname' ? dirname(path) : path)));
}

/**
 * Bundles our TypeScript and snapsim's own modules, one copy of each (see {@link ownModule});
 * leaves packages (and plain JavaScript outside node_modules) to Node, noting their files in
 * `externals`. A dynamic `import()` in snapsim's own modules stays one, of the running tree's file:
 * those load the CLI (`runIfMain`, the commands), which a worker never runs.
 */
const plugin = (externals: Set<string>) => ({
  name: 'snapsim-sweep',
  setup(build: PluginBuild) {
    build.onResolve({ filter: /.*/ }, async (a) => {
      if (a.pluginData === 'inner' || a.kind === 'entry-point') return undefined;
      if (isBuiltin(a.path)) return { path: a.path, external: true };
      const r = await build.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: 'inner' });
      if (r.errors.length > 0 || r.external) return r.errors.length > 0 ? { errors: r.errors } : undefined;
      const own = ownModule(r.path);
      if (own !== null) {
        if (a.kind === 'dynamic-import' && ownModule(a.importer) !== null) return { path: pathToFileURL(own).href, external: true };
        return { path: own };
      }
      if (INLINE.test(r.path)) return { path: r.path };
      externals.add(r.path);
      return { path: pathToFileURL(r.path).href, external: true };
    });
    build.onLoad({ filter: TS }, (a) => ({ contents: withMeta(a.path), loader: 'ts', resolveDir: dirname(a.path) }));
    build.onLoad({ filter: /\.js$/ }, (a) => (ownModule(a.path) === null ? undefined : { contents: withMeta(a.path), loader: 'js', resolveDir: dirname(a.path) }));
  },
});

/** A bundled worker: its file URL, and `discard()` to drop it from the cache if it would not load. */
export interface WorkerBundle {
  url: URL;
  /** Whether it came from the cache. */
  cached: boolean;
  discard(): void;
}

/**
 * Bundles are cached per scenario path in the temporary folder, with a manifest of every file
 * that went in (bundled or imported: size and mtime, as make and tsc's incremental mode judge), so
 * a repeated sweep of an unchanged scenario does not run esbuild at all.
 */
const CACHE = join(tmpdir(), `snapsim-sweep-${process.getuid?.() ?? 'user'}`);
type Stamp = [path: string, size: number, mtimeMs: number];

function stamp(path: string): Stamp | null {
  try {
    const st = statSync(path);
    return [path, st.size, st.mtimeMs];
  } catch {
    return null;
  }
}

/** Whether the cache folder exists, is a folder, and is this user's alone (else no one's bundle is loaded from it). */
function cacheIsMine(): boolean {
  try {
    mkdirSync(CACHE, { recursive: true, mode: 0o700 });
    const st = lstatSync(CACHE);
    return st.isDirectory() && (process.getuid === undefined || (st.uid === process.getuid() && (st.mode & 0o022) === 0));
  } catch {
    return false;
  }
}

function fresh(manifest: string): boolean {
  try {
    const stamps = JSON.parse(readFileSync(manifest, 'utf8')) as Stamp[];
    return stamps.every(([path, size, mtimeMs]) => {
      const now = stamp(path);
      return now !== null && now[1] === size && now[2] === mtimeMs;
    });
  } catch {
    return false;
  }
}

/** Writes `text` to `path` atomically (another sweep may read it at the same moment). */
function put(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * The sweep worker for the scenario at `file` as one `.mjs` file, from the cache or bundled now.
 * Resolves to the reason instead when that is not possible (SNAPSIM_SWEEP_BUNDLE=0, no esbuild,
 * a scenario esbuild cannot bundle); the caller then loads the TypeScript with tsx in each
 * worker, whose errors name any problem as `snapsim run` does.
 */
export async function bundleWorker(file: string): Promise<WorkerBundle | string> {
  if (process.env.SNAPSIM_SWEEP_BUNDLE === '0') return 'SNAPSIM_SWEEP_BUNDLE=0';
  const abs = resolve(file);
  const key = createHash('sha256').update(JSON.stringify([abs, file, process.version, SELF])).digest('hex').slice(0, 24);
  const path = join(CACHE, `${key}.mjs`);
  const manifest = join(CACHE, `${key}.json`);
  const made = (cached: boolean): WorkerBundle => ({ url: pathToFileURL(path), cached, discard: () => rmSync(manifest, { force: true }) });
  if (!cacheIsMine()) return `${CACHE} is not a folder of this user's alone`;
  if (fresh(manifest)) return made(true);
  const eb = esbuild();
  if (!eb) return 'esbuild (a dependency of tsx) was not found';
  const q = (p: string) => JSON.stringify(p);
  // A script scenario is bundled in; a declarative one is read by the worker at start.
  const entry = MODULE.test(abs)
    ? `import { serveSweep } from ${q(WORKER)};\nimport * as scenario from ${q(abs)};\nserveSweep(${q(file)}, () => scenario.default);\n`
    : `import { serveSweep } from ${q(WORKER)};\nimport { loadScenario } from ${q(LOAD)};\nserveSweep(${q(file)}, () => loadScenario(${q(file)}));\n`;
  const externals = new Set<string>();
  let text: string;
  let inputs: string[];
  try {
    const out = await eb.build({
      stdin: { contents: entry, resolveDir: dirname(abs), sourcefile: 'sweep-entry.mjs', loader: 'js' },
      absWorkingDir: process.cwd(),
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // resolve packages as Node does: its conditions and `main`, not esbuild's `module` preference
      conditions: [],
      mainFields: ['main'],
      logLevel: 'silent',
      legalComments: 'none',
      plugins: [plugin(externals)],
    });
    text = out.outputFiles?.[0]?.text ?? '';
    inputs = Object.keys(out.metafile?.inputs ?? {}).map((p) => resolve(p));
  } catch (e) {
    return `esbuild could not bundle it: ${(e as Error).message.split('\n')[0]}`;
  } finally {
    // ends esbuild's service process now, so its CPU time counts as this process's child's
    await eb.stop?.();
  }
  if (!text) return 'esbuild produced nothing';
  const stamps = [SELF, ...inputs, ...externals].map(stamp).filter((x): x is Stamp => x !== null);
  try {
    rmSync(manifest, { force: true });
    put(path, text);
    put(manifest, JSON.stringify(stamps));
  } catch (e) {
    return `cannot write the bundle in ${CACHE} (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  return made(false);
}
