/**
 * Loads a scenario from a path: a TypeScript/JavaScript module whose default export is a
 * {@link Scenario}, or a declarative `.json` / `.yaml` / `.yml` file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkScenarioConfig, compileScenario, ScenarioFormatError, validateScenario } from './declarative.ts';
import type { Scenario } from './types.ts';

/**
 * The yaml package, loaded when a YAML scenario is first parsed: it is ~40 files that take a
 * process ~45 ms of CPU to load, and a script scenario (`snapsim run`, each sweep worker) never
 * needs it. Its `node` export is CommonJS, so `require` gives what `import` would.
 */
let yaml: typeof import('yaml') | undefined;
const loadYaml = (): typeof import('yaml') => (yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

const MODULE = /\.(ts|mts|js|mjs)$/;
const DATA = /\.(json|ya?ml)$/;

/** Whether `v` looks like a scenario definition. */
export const isScenario = (v: unknown): v is Scenario =>
  typeof v === 'object' && v !== null && typeof (v as Scenario).name === 'string' && typeof (v as Scenario).run === 'function';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioFormatError(file, '', code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`);
  }
}

/** Parses and validates a declarative scenario's text (`file` names it in messages and picks the syntax). */
export function parseScenarioText(text: string, file: string): Scenario {
  let doc: unknown;
  if (file.endsWith('.json')) {
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, '')); // a byte-order mark some editors write
    } catch (e) {
      throw new ScenarioFormatError(file, '', `not valid JSON (${(e as Error).message})`);
    }
  } else {
    const parsed = loadYaml().parseDocument(text);
    const err = parsed.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      throw new ScenarioFormatError(file, pos ? `line ${pos.line}, column ${pos.col}` : '', `not valid YAML (${err.message.split('\n')[0]})`);
    }
    doc = parsed.toJS();
  }
  return compileScenario(validateScenario(doc, file));
}

/**
 * What went wrong loading a script, on one line: the message's first line, and when that only
 * announces what follows (a compiler's "Transform failed with 1 error:"), the line that says it.
 */
function loadProblem(e: unknown): string {
  const lines = (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const first = lines[0] ?? 'unknown error';
  return (first.endsWith(':') && lines[1] !== undefined ? `${first} ${lines[1]}` : first).slice(0, 500);
}

/** Loads the scenario at `file`; throws {@link ScenarioFormatError} with a one-line reason. */
export async function loadScenario(file: string): Promise<Scenario> {
  if (DATA.test(file)) return parseScenarioText(readText(file), file);
  if (!MODULE.test(file)) throw new ScenarioFormatError(file, '', 'not a scenario: use a .ts script or a .json/.yaml file');
  readText(file);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown };
  } catch (e) {
    throw new ScenarioFormatError(file, '', `cannot load the script (${loadProblem(e)})`);
  }
  // a script compiled as CommonJS (a package without "type": "module") comes as its exports object
  const exported = isScenario(mod.default) ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
  if (!isScenario(exported)) throw new ScenarioFormatError(file, 'default export', 'must be a scenario: { name, run(ctx) } (see src/scenario/types.ts)');
  // a script's config obeys a file's rules (a misspelt section would be ignored)
  if (exported.config !== undefined) checkScenarioConfig(exported.config, file);
  return exported;
}
