/**
 * The Query-protocol response encoder: an operation's output object → AWS's XML, driven by the
 * output shape of the trimmed model; and `ServiceError` → `<ErrorResponse>`.
 */
import { MODEL, operationSpec, shapeOf, type Shape } from './model.ts';
import { escapeXml } from './xml-text.ts';

/** The error fields that reach the wire (a `ServiceError` has them all). */
export interface WireError {
  readonly code: string;
  readonly type: 'Sender' | 'Receiver';
  readonly message: string;
}

const INDENT = '  ';
const NS = `xmlns="${escapeXml(MODEL.xmlNamespace)}"`;

/**
 * Serialises the result of `action` as `<{action}Response>` with its `<{resultWrapper}>` (when the
 * operation has an output) and `<ResponseMetadata><RequestId>`. Members that are `undefined` or
 * `null` are omitted; empty lists are written as `<Name/>`. Throws `TypeError` when `output` does
 * not fit the model (an engine bug), so the caller can answer `InternalFailure`.
 */
export function serializeResult(action: string, output: Record<string, unknown> | undefined, requestId: string): string {
  const spec = operationSpec(action);
  if (!spec) throw new TypeError(`serializeResult: ${action} is not an implemented operation`);
  let xml = `<${action}Response ${NS}>\n`;
  if (spec.output && spec.resultWrapper) {
    const body = writeMembers(shapeOf(spec.output), output ?? {}, 2, [spec.resultWrapper]);
    xml += body ? `${INDENT}<${spec.resultWrapper}>\n${body}\n${INDENT}</${spec.resultWrapper}>\n` : `${INDENT}<${spec.resultWrapper}/>\n`;
  }
  return `${xml}${INDENT}<ResponseMetadata>\n${pad(2)}<RequestId>${escapeXml(requestId)}</RequestId>\n${INDENT}</ResponseMetadata>\n</${action}Response>\n`;
}

/** Serialises an error as AWS's `<ErrorResponse>` (RequestId is a sibling of `<Error>`). */
export function serializeError(err: WireError, requestId: string): string {
  return [
    `<ErrorResponse ${NS}>`,
    `${INDENT}<Error>`,
    `${INDENT.repeat(2)}<Type>${escapeXml(err.type)}</Type>`,
    `${INDENT.repeat(2)}<Code>${escapeXml(err.code)}</Code>`,
    `${INDENT.repeat(2)}<Message>${escapeXml(err.message)}</Message>`,
    `${INDENT}</Error>`,
    `${INDENT}<RequestId>${escapeXml(requestId)}</RequestId>`,
    `</ErrorResponse>`,
  ].join('\n') + '\n';
}

// The writer is compiled from the model once per shape: each structure member gets an element
// writer specialised for its element name and shape (open/close tags built once, the scalar
// formatter chosen once), so a page of 100 snapshots costs property reads, scalar formatting and
// string concatenation only. `trail` is the member path, kept for error messages.

type Trail = Array<string | number>;
/** Writes one element (with its indentation) for a non-null value. */
type ElementWriter = (value: unknown, depth: number, trail: Trail) => string;

/** A structure member, resolved once. */
interface CompiledMember {
  readonly member: string;
  readonly write: ElementWriter;
}

const compiledMembers = new WeakMap<Shape, readonly CompiledMember[]>();

function membersOf(shape: Shape): readonly CompiledMember[] {
  let members = compiledMembers.get(shape);
  if (!members) {
    members = Object.entries(shape.members ?? {}).map(([member, ref]) => ({ member, write: elementWriter(ref.locationName ?? member, shapeOf(ref.shape)) }));
    compiledMembers.set(shape, members);
  }
  return members;
}

const pads: string[] = [];
/** `depth` levels of indentation. */
function pad(depth: number): string {
  return (pads[depth] ??= INDENT.repeat(depth));
}

/** The members of a structure value, one element per line (no trailing newline); '' when none. */
function writeMembers(shape: Shape, value: unknown, depth: number, trail: Trail): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${trailText(trail)}: expected an object, got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  let out = '';
  for (const m of membersOf(shape)) {
    const v = record[m.member];
    if (v === undefined || v === null) continue;
    trail.push(m.member);
    const element = m.write(v, depth, trail);
    trail.pop();
    out = out ? `${out}\n${element}` : element;
  }
  return out;
}

/** Builds the writer of element `name` holding a value of `shape`. */
function elementWriter(name: string, shape: Shape): ElementWriter {
  const open = `<${name}>`;
  const close = `</${name}>`;
  const empty = `<${name}/>`;
  switch (shape.type) {
    case 'structure':
      return (value, depth, trail) => {
        const inner = writeMembers(shape, value, depth + 1, trail);
        const p = pad(depth);
        return inner ? `${p}${open}\n${inner}\n${p}${close}` : `${p}${empty}`;
      };
    case 'list': {
      const ref = shape.member as NonNullable<Shape['member']>;
      let item: ElementWriter | undefined; // compiled on first use
      return (value, depth, trail) => {
        if (!Array.isArray(value)) throw new TypeError(`${trailText(trail)}: expected an array, got ${describe(value)}`);
        item ??= elementWriter(ref.locationName ?? 'member', shapeOf(ref.shape));
        let inner = '';
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (v === undefined || v === null) continue;
          trail.push(i);
          const element = item(v, depth + 1, trail);
          trail.pop();
          inner = inner ? `${inner}\n${element}` : element;
        }
        const p = pad(depth);
        return inner ? `${p}${open}\n${inner}\n${p}${close}` : `${p}${empty}`;
      };
    }
    case 'string':
      return (value, depth, trail) => `${pad(depth)}${open}${escapeXml(typeof value === 'string' ? value : formatScalar(shape, value, trail))}${close}`;
    case 'timestamp':
      return (value, depth, trail) =>
        `${pad(depth)}${open}${value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : formatScalar(shape, value, trail)}${close}`;
    default:
      return (value, depth, trail) => `${pad(depth)}${open}${formatScalar(shape, value, trail)}${close}`;
  }
}

/** `a.b[2].c` from a member trail. */
function trailText(trail: ReadonlyArray<string | number>): string {
  let text = '';
  for (const part of trail) text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
  return text;
}

/**
 * Formats one scalar the way AWS prints it (Double always with a decimal point, ISO times).
 * `path` names the value in the error thrown when it does not fit `shape`.
 */
export function formatScalar(shape: Shape, value: unknown, path: string | ReadonlyArray<string | number>): string {
  switch (shape.type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
      break;
    case 'boolean':
      if (typeof value === 'boolean') return String(value);
      break;
    case 'integer':
    case 'long':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value === 0 ? '0' : String(value);
      break;
    case 'double':
      if (typeof value === 'number') return formatDouble(value);
      break;
    case 'timestamp': {
      const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
      if (date && !Number.isNaN(date.getTime())) return date.toISOString();
      break;
    }
  }
  throw new TypeError(`${typeof path === 'string' ? path : trailText(path)}: ${describe(value)} is not a valid ${shape.type}`);
}

/** Java-style `Double.toString` as AWS prints it: `55.0`, `-1.0`, `25.5354`, `1.0E21`. */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  if (Number.isInteger(value) && value < 1e21 && value > -1e21) return `${value}.0`;
  const text = String(value);
  const exp = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (exp) return `${exp[1]}${exp[2]}.${exp[3] ?? '0'}E${Number(exp[4])}`;
  return text.includes('.') ? text : `${text}.0`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return `Date(${String(value.getTime())})`;
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value === 'object' ? 'an object' : String(value);
}
