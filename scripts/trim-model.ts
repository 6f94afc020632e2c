/**
 * Trims the AWS Redshift service model (botocore `service-2.json`) down to what snapsim's Query
 * codec needs and writes it to `src/api/redshift-model.json` (committed as data).
 *
 * Kept: every operation name (so unknown vs. not-implemented actions can be told apart), and for
 * the implemented operations (the keys of `OPERATIONS` in `src/model/operations.ts`, sorted)
 * their input/output shape names, `resultWrapper`, the wire codes of the errors AWS declares for
 * them, and every shape reachable from them with only the wire-relevant traits. Documentation is
 * dropped. A trait the codec does not understand (e.g. `flattened`, maps) aborts the trim instead
 * of being lost.
 *
 * Usage: `npx tsx scripts/trim-model.ts [path/to/service-2.json] [out.json]` (defaults: the model
 * vendored in `aws-model/`, and `src/api/redshift-model.json`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPERATIONS } from '../src/model/operations.ts';

/** Operations snapsim serves over the Query protocol: the keys of the operations table, by name. */
export const implementedOperations = (): string[] => Object.keys(OPERATIONS).sort();

/** Default input: the AWS model vendored in `aws-model/`. */
export const DEFAULT_SOURCE = fileURLToPath(new URL('../aws-model/redshift-2012-12-01.service-2.json', import.meta.url));
/** Default output: the committed trimmed model. */
export const DEFAULT_OUTPUT = fileURLToPath(new URL('../src/api/redshift-model.json', import.meta.url));

type Json = Record<string, unknown>;

/** The parts of botocore's `service-2.json` the trim reads. */
export interface ServiceModel {
  metadata: Json;
  operations: Record<string, { input?: { shape: string }; output?: { shape: string; resultWrapper?: string }; errors?: { shape: string }[] }>;
  shapes: Record<string, Json>;
}

const SHAPE_KEYS = ['type', 'required', 'enum', 'min', 'max', 'pattern', 'members', 'member'];
const IGNORED_SHAPE_KEYS = new Set(['documentation', 'sensitive', 'deprecated', 'deprecatedMessage', 'box', 'wrapper']);
const MEMBER_KEYS = ['shape', 'locationName'];
const IGNORED_MEMBER_KEYS = new Set(['documentation', 'deprecated', 'deprecatedMessage', 'box']);
const SUPPORTED_TYPES = new Set(['structure', 'list', 'string', 'integer', 'long', 'double', 'boolean', 'timestamp']);

/** Copies the `keys` of `from`; throws on a key that is neither kept nor known to be irrelevant. */
function pick(from: Json, keys: readonly string[], ignored: Set<string>, where: string): Json {
  const to: Json = {};
  for (const [k, v] of Object.entries(from)) {
    if (keys.includes(k)) to[k] = v;
    else if (!ignored.has(k)) throw new Error(`${where}: unsupported trait "${k}"`);
  }
  return to;
}

/**
 * Trims a parsed `service-2.json` to the data snapsim's codec uses for the `implemented`
 * operations (default: the operations table's); returns the file text.
 */
export function trimModel(model: ServiceModel, implemented: readonly string[] = implementedOperations()): string {
  const shapes: Record<string, Json> = {};

  const visit = (name: string): void => {
    if (shapes[name]) return;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`unknown shape ${name}`);
    if (!SUPPORTED_TYPES.has(shape.type as string)) throw new Error(`${name}: unsupported type ${String(shape.type)}`);
    const trimmed = pick(shape, SHAPE_KEYS, IGNORED_SHAPE_KEYS, name);
    shapes[name] = trimmed;
    if (shape.type === 'structure') {
      const members: Json = {};
      for (const [m, ref] of Object.entries(shape.members as Record<string, Json>)) {
        members[m] = pick(ref, MEMBER_KEYS, IGNORED_MEMBER_KEYS, `${name}.${m}`);
        visit(ref.shape as string);
      }
      trimmed.members = members;
    }
    if (shape.type === 'list') {
      const ref = shape.member as Json;
      trimmed.member = pick(ref, MEMBER_KEYS, IGNORED_MEMBER_KEYS, `${name}.member`);
      visit(ref.shape as string);
    }
    // The generic String shape carries max 2^31-1: noise, not a constraint.
    if (trimmed.max === 2147483647) delete trimmed.max;
  };

  const operations: Record<string, Json> = {};
  for (const op of [...implemented].sort()) {
    const def = model.operations[op];
    if (!def) throw new Error(`operation ${op} is not in the model`);
    const entry: Json = {};
    if (def.input) {
      entry.input = def.input.shape;
      visit(def.input.shape);
    }
    if (def.output) {
      entry.output = def.output.shape;
      if (def.output.resultWrapper) entry.resultWrapper = def.output.resultWrapper;
      visit(def.output.shape);
    }
    // an error shape's wire code is its `error.code`, else its name
    entry.errors = (def.errors ?? []).map(({ shape }) => ((model.shapes[shape]?.error as Json | undefined)?.code as string | undefined) ?? shape).sort();
    operations[op] = entry;
  }

  const trimmed = {
    source: 'botocore redshift 2012-12-01 service-2.json, trimmed by scripts/trim-model.ts (Apache-2.0)',
    apiVersion: model.metadata.apiVersion,
    xmlNamespace: model.metadata.xmlNamespace,
    allOperations: Object.keys(model.operations).sort(),
    operations,
    shapes: Object.fromEntries(Object.keys(shapes).sort().map((k) => [k, shapes[k]])),
  };
  return JSON.stringify(trimmed, null, 1) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [, , src = DEFAULT_SOURCE, out = DEFAULT_OUTPUT] = process.argv;
  writeFileSync(out, trimModel(JSON.parse(readFileSync(src, 'utf8')) as ServiceModel));
  console.log(`wrote ${out}`);
}
