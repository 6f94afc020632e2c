/**
 * The sweep worker as one plain JavaScript file, so worker threads start without tsx.
 *
 * Node 20 does not pass the parent's module hooks to worker threads, so a worker that imports
 * TypeScript must register tsx itself: that starts a hooks thread per worker and sends each of the
 * ~85 modules of the simulator through it, about 0.4–0.8 s of CPU per worker before its first seed.
 * Instead the parent bundles the worker entry, the simulator and the scenario script once (~70 ms)
 * with esbuild, the transpiler tsx itself runs on, and every worker imports that file (~0.1 s).
 *
 * Only TypeScript is bundled: npm packages stay imports, rewritten to the absolute URL Node's own
 * resolution would give from the importing file, so they load exactly as under `snapsim run`;
 * `import.meta.url`, `.dirname` and `.filename` keep meaning the original file. When esbuild is
 * missing or cannot bundle the scenario, {@link bundleWorker} says why and the sweep falls back
 * to tsx in each worker (slower, same results).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The part of esbuild's API used here (esbuild is tsx's dependency; typed locally, not imported). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: { text: string }[] }>;
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

/** The worker module, and the module that loads declarative scenarios. */
const WORKER = fileURLToPath(new URL('./sweep-worker.ts', import.meta.url));
const LOAD = fileURLToPath(new URL('../scenario/load.ts', import.meta.url));
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

/** Bundles our TypeScript; leaves packages (and plain JavaScript outside node_modules) to Node. */
const plugin = {
  name: 'snapsim-sweep',
  setup(build: PluginBuild) {
    build.onResolve({ filter: /.*/ }, async (a) => {
      if (a.pluginData === 'inner' || a.kind === 'entry-point') return undefined;
      if (isBuiltin(a.path)) return { path: a.path, external: true };
      const r = await build.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: 'inner' });
      if (r.errors.length > 0 || r.external) return r.errors.length > 0 ? { errors: r.errors } : undefined;
      return INLINE.test(r.path) ? { path: r.path } : { path: pathToFileURL(r.path).href, external: true };
    });
    build.onLoad({ filter: TS }, (a) => ({ contents: withMeta(a.path), loader: 'ts', resolveDir: dirname(a.path) }));
  },
};

/** A bundled worker: its file URL, and `dispose()` to delete it after the sweep. */
export interface WorkerBundle {
  url: URL;
  dispose(): void;
}

/**
 * Bundles the sweep worker for the scenario at `file` into a temporary `.mjs`. Resolves to the
 * reason instead when that is not possible (SNAPSIM_SWEEP_BUNDLE=0, no esbuild, a scenario
 * esbuild cannot bundle); the caller then loads the TypeScript with tsx in each worker, whose
 * errors name any problem as `snapsim run` does.
 */
export async function bundleWorker(file: string): Promise<WorkerBundle | string> {
  if (process.env.SNAPSIM_SWEEP_BUNDLE === '0') return 'SNAPSIM_SWEEP_BUNDLE=0';
  const eb = esbuild();
  if (!eb) return 'esbuild (a dependency of tsx) was not found';
  const abs = resolve(file);
  const q = (p: string) => JSON.stringify(p);
  // A script scenario is bundled in; a declarative one is read by the worker at start.
  const entry = MODULE.test(abs)
    ? `import { serveSweep } from ${q(WORKER)};\nimport * as scenario from ${q(abs)};\nserveSweep(${q(file)}, () => scenario.default);\n`
    : `import { serveSweep } from ${q(WORKER)};\nimport { loadScenario } from ${q(LOAD)};\nserveSweep(${q(file)}, () => loadScenario(${q(file)}));\n`;
  let text: string;
  try {
    const out = await eb.build({
      stdin: { contents: entry, resolveDir: dirname(abs), sourcefile: 'sweep-entry.mjs', loader: 'js' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // resolve packages as Node does: its conditions and `main`, not esbuild's `module` preference
      conditions: [],
      mainFields: ['main'],
      logLevel: 'silent',
      legalComments: 'none',
      plugins: [plugin],
    });
    text = out.outputFiles?.[0]?.text ?? '';
  } catch (e) {
    return `esbuild could not bundle it: ${(e as Error).message.split('\n')[0]}`;
  } finally {
    // ends esbuild's service process now, so its CPU time counts as this process's child's
    await eb.stop?.();
  }
  if (!text) return 'esbuild produced nothing';
  const dir = mkdtempSync(join(tmpdir(), 'snapsim-sweep-'));
  const path = join(dir, 'worker.mjs');
  writeFileSync(path, text);
  return { url: pathToFileURL(path), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
