/**
 * The Query-protocol request decoder: form/query parameters → `{ action, input }`, where `input`
 * has the AWS SDK v3 shape of the operation's input (model member names, typed scalars, arrays,
 * nested objects). Driven entirely by the trimmed model; every failure is a `ServiceError`.
 */
import { fault, isServiceError, type ServiceError } from '../model/errors.ts';
import { LIST_LIMITS } from '../model/rules.ts';
import { MODEL, isKnownOperation, operationSpec, shapeOf, type Shape } from './model.ts';
import { decodeScalar, invalidParameter } from './query-values.ts';

/** The API version every request must name in `Version`. */
export const API_VERSION = MODEL.apiVersion;

/** Highest accepted 1-based list index (`Tags.Tag.N`); larger ones are rejected as absurd. */
export const MAX_LIST_INDEX = 10_000;

/** A decoded request: the operation and its SDK-shaped input. */
export interface ParsedRequest {
  readonly action: string;
  readonly input: Record<string, unknown>;
}

/** The dotted parameter keys as a tree: `Tags.Tag.1.Key` → Tags → Tag → 1 → Key. */
interface ParamNode {
  value?: string;
  readonly children: Map<string, ParamNode>;
}

const INDEX_TEXT = /^[1-9]\d{0,5}$/;

/**
 * Decodes Query parameters into the operation name and its input object.
 * Throws `ServiceError`: `MissingAction`, `InvalidAction`, `NotImplemented`, `MissingParameter`
 * or `InvalidParameterValue` (see the codec tests for the exact rules).
 */
export function parseQuery(params: URLSearchParams): ParsedRequest {
  try {
    return decodeRequest(buildTree(params));
  } catch (e) {
    if (isServiceError(e)) throw e;
    // Defensive: the decoder must only ever fail with a service error.
    throw fault('InvalidParameterValue', `The request could not be decoded: ${String(e)}`);
  }
}

function decodeRequest(root: ParamNode): ParsedRequest {
  const action = root.children.get('Action')?.value;
  if (action === undefined || action === '') throw fault('MissingAction', 'The request must contain the parameter Action');
  if (!isKnownOperation(action)) throw fault('InvalidAction', `The action ${clip(action)} is not valid for this web service`);
  const spec = operationSpec(action);
  if (!spec) throw fault('NotImplemented', `The operation ${action} is not implemented by snapsim`);
  const version = root.children.get('Version')?.value;
  if (version === undefined || version === '') throw fault('MissingParameter', 'The request must contain the parameter Version');
  if (version !== API_VERSION) {
    throw invalidParameter('Version', `${JSON.stringify(clip(version))} is not a supported version (use ${API_VERSION})`);
  }
  const input = spec.input ? decodeStructure(shapeOf(spec.input), root, '') : {};
  return { action, input };
}

/** Indexes the parameters by dotted key; a key repeated with different values is an error. */
function buildTree(params: URLSearchParams): ParamNode {
  const root: ParamNode = { children: new Map() };
  for (const [key, value] of params) {
    let node = root;
    for (const segment of key.split('.')) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
    if (node.value !== undefined && node.value !== value) {
      throw invalidParameter(clip(key), 'the parameter is repeated with different values');
    }
    node.value = value;
  }
  return root;
}

const join = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

function clip(text: string): string {
  return text.length > 128 ? `${text.slice(0, 128)}…` : text;
}

/** Decodes the value of `shape` at `node` (wire key `name`; a list holds at most `maxItems`); `undefined` when absent. */
function decodeValue(shape: Shape, node: ParamNode | undefined, name: string, maxItems?: number): unknown {
  if (!node) return undefined;
  switch (shape.type) {
    case 'structure':
      if (node.value) throw invalidParameter(name, 'expected nested parameters, not a value');
      return node.children.size > 0 ? decodeStructure(shape, node, name) : undefined;
    case 'list':
      return decodeList(shape, node, name, maxItems);
    default:
      return node.value === undefined ? undefined : decodeScalar(shape, name, node.value);
  }
}

function decodeStructure(shape: Shape, node: ParamNode, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let given = 0;
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const key = ref.locationName ?? member;
    const child = node.children.get(key);
    if (child !== undefined) given++;
    const value = decodeValue(shapeOf(ref.shape), child, join(name, key), Object.hasOwn(LIST_LIMITS, member) ? LIST_LIMITS[member] : undefined);
    if (value !== undefined) out[member] = value;
  }
  // a nested structure's (a list item's) parameter outside the model is refused, as the library
  // refuses the member (docs/assumptions.md); the top level ignores one, as AWS does (reference §5.2)
  if (name !== '' && given < node.children.size) {
    const known = new Set(Object.entries(shape.members ?? {}).map(([member, ref]) => ref.locationName ?? member));
    const extra = [...node.children.keys()].find((key) => !known.has(key));
    throw invalidParameter(name, `has no member ${extra}`);
  }
  for (const member of shape.required ?? []) {
    if (out[member] === undefined) throw missing(join(name, shape.members?.[member]?.locationName ?? member));
  }
  return out;
}

const missing = (name: string): ServiceError => fault('MissingParameter', `The request must contain the parameter ${name}`);

/** `X.Item.N…` (or `X.member.N…`) → array; a bare empty `X=` → `[]`. */
function decodeList(shape: Shape, node: ParamNode, name: string, maxItems: number | undefined): unknown[] | undefined {
  const ref = shape.member;
  if (!ref) throw new Error(`list shape without member at ${name}`);
  if (node.value) throw invalidParameter(name, 'a list is given as indexed parameters, not a value');
  const itemNames = [...new Set([ref.locationName ?? 'member', 'member'])].filter((n) => node.children.has(n));
  if (itemNames.length > 1) throw invalidParameter(name, `mixes ${itemNames.join(' and ')} items`);
  const itemName = itemNames[0];
  if (itemName === undefined) return node.value === '' ? [] : undefined;
  const items = node.children.get(itemName) as ParamNode;
  const prefix = join(name, itemName);
  if (items.value !== undefined) throw invalidParameter(prefix, 'list items need a 1-based index');
  if (maxItems !== undefined && items.children.size > maxItems) throw invalidParameter(name, `at most ${maxItems} items are accepted (got ${items.children.size})`);
  const indices: number[] = [];
  for (const index of items.children.keys()) {
    const n = Number(index);
    if (!INDEX_TEXT.test(index) || n > MAX_LIST_INDEX) {
      throw invalidParameter(`${prefix}.${clip(index)}`, `list index must be an integer from 1 to ${MAX_LIST_INDEX}`);
    }
    indices.push(n);
  }
  indices.sort((a, b) => a - b);
  const itemShape = shapeOf(ref.shape);
  return indices.map((n, i) => {
    if (n !== i + 1) throw invalidParameter(`${prefix}.${i + 1}`, `list indices must be consecutive from 1 (found ${n})`);
    const value = decodeValue(itemShape, items.children.get(String(n)), `${prefix}.${n}`);
    if (value === undefined) throw invalidParameter(`${prefix}.${n}`, 'the list item has no value');
    return value;
  });
}
