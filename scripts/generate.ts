/**
 * Regenerates every artefact derived from the vendored AWS model (`aws-model/`) and the operations
 * table (`OPERATIONS` in `src/model/operations.ts`):
 *
 * - `src/api/redshift-model.json`: the Query codec's trimmed model (`scripts/trim-model.ts`);
 * - `src/shapes/redshift.ts`: types of the catalogue operations' shapes (`scripts/gen-shapes.ts`);
 * - `docs/operations.md`: which catalogue operations are implemented (`scripts/gen-docs.ts`);
 * - `src/sim/waiter-model.ts`: AWS's waiters, for `Simulator.waitFor` (`scripts/gen-waiters.ts`).
 *
 * Usage: `npm run generate` writes them; `npm run generate -- --check` writes nothing and exits 1
 * when a committed artefact differs from what would be generated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OUTPUT, DEFAULT_SOURCE, implementedOperations, trimModel, type ServiceModel } from './trim-model.ts';
import { generateShapes, type DocumentedModel } from './gen-shapes.ts';
import { generateOperationsDoc } from './gen-docs.ts';
import { generateWaiters, WAITERS_OUTPUT } from './gen-waiters.ts';

/** One generated file: where it goes and what it holds. */
export interface Artefact {
  readonly path: string;
  readonly text: string;
}

/** Path of the generated shape types. */
export const SHAPES_OUTPUT = fileURLToPath(new URL('../src/shapes/redshift.ts', import.meta.url));
/** Path of the generated operations page. */
export const DOCS_OUTPUT = fileURLToPath(new URL('../docs/operations.md', import.meta.url));

/** Every generated artefact, as the generators make it now from the model at `source`. */
export function generateAll(source: string = DEFAULT_SOURCE): Artefact[] {
  const model = JSON.parse(readFileSync(source, 'utf8')) as ServiceModel & DocumentedModel;
  const implemented = implementedOperations();
  return [
    { path: DEFAULT_OUTPUT, text: trimModel(model, implemented) },
    { path: SHAPES_OUTPUT, text: generateShapes(model) },
    { path: DOCS_OUTPUT, text: generateOperationsDoc(implemented) },
    { path: WAITERS_OUTPUT, text: generateWaiters() },
  ];
}

/** The artefacts whose committed text differs from `generateAll()`'s. */
export function staleArtefacts(artefacts: readonly Artefact[] = generateAll()): Artefact[] {
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  return artefacts.filter(({ path, text }) => read(path) !== text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const rel = (path: string): string => path.slice(root.length);
  if (process.argv.includes('--check')) {
    const stale = staleArtefacts();
    for (const { path } of stale) console.error(`stale: ${rel(path)} (run npm run generate)`);
    process.exitCode = stale.length > 0 ? 1 : 0;
  } else {
    for (const { path, text } of generateAll()) {
      writeFileSync(path, text);
      console.log(`wrote ${rel(path)}`);
    }
  }
}
