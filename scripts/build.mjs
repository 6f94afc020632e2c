#!/usr/bin/env node
/**
 * `npm run build`: compiles src/ into dist/ — ESM JavaScript and `.d.ts` files, one per module —
 * with tsc (tsconfig.build.json: `rewriteRelativeImportExtensions` turns `./x.ts` into `./x.js`).
 * Plain JavaScript so it runs before anything is built (it is the package's `prepare` script).
 *
 * Then: copies the runtime data modules read beside themselves (`api/redshift-model.json`), and
 * rewrites the `import("./x.ts")` types tsc writes into declarations for inferred types (it does
 * not rewrite those), so a consumer's tsc resolves every import of dist/ to a `.d.ts`.
 *
 * It builds into `dist.staging/` and only then swaps it in for `dist/`, so whoever is using the
 * package meanwhile (a test importing it while another packs it) never finds dist/ half written.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = join(root, 'dist');
const dist = join(root, 'dist.staging');
/** Files of src/ that modules read at run time (by `new URL(…, import.meta.url)`), copied as they are. */
const DATA = ['api/redshift-model.json'];

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', dist], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
for (const file of DATA) copyFileSync(join(root, 'src', file), join(dist, file));

let rewritten = 0;
for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue;
  const path = join(dist, file);
  const text = readFileSync(path, 'utf8');
  const fixed = text.replace(/(import\(|from )(["'])(\.{1,2}\/[^"']*?)\.([cm]?)ts\2/g, (_m, head, q, p, m) => `${head}${q}${p}.${m}js${q}`);
  if (fixed !== text) {
    writeFileSync(path, fixed);
    rewritten++;
  }
}
// the swap: dist/ is missing only between two renames
const old = join(root, 'dist.old');
rmSync(old, { recursive: true, force: true });
if (existsSync(target)) renameSync(target, old);
renameSync(dist, target);
rmSync(old, { recursive: true, force: true });
console.log(`dist/ built${rewritten ? ` (${rewritten} declaration files had .ts import types rewritten)` : ''}`);
