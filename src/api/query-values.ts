/**
 * Scalar decoding for the Query protocol: turns one form value into the typed value of a model
 * scalar shape, or throws `InvalidParameterValue` naming the parameter.
 */
import { fault } from '../model/errors.ts';
import type { Shape } from './model.ts';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INTEGER_TEXT = /^[+-]?\d+$/;
const DOUBLE_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
/**
 * Characters a decoded parameter may not contain: C0 controls other than tab, line feed and
 * carriage return, DEL, C1 controls, the non-characters U+FFFE/U+FFFF, and unpaired surrogates.
 * (Invalid UTF-8 never gets this far: the HTTP handler refuses it.)
 */
const FORBIDDEN_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A short, printable rendition of a rejected value for error messages. */
function shown(value: string): string {
  const clipped = value.length > 64 ? `${value.slice(0, 64)}…` : value;
  return JSON.stringify(clipped);
}

/** Builds the `InvalidParameterValue` error snapsim uses for a bad parameter. */
export const invalidParameter = (name: string, reason: string) =>
  fault('InvalidParameterValue', `Invalid value for parameter ${name}: ${reason}`);

/** Decodes one scalar value of `shape` found under the wire key `name`. */
export function decodeScalar(shape: Shape, name: string, raw: string): string | number | boolean | Date {
  switch (shape.type) {
    case 'string':
      return decodeString(shape, name, raw);
    case 'integer':
      return decodeInteger(name, raw, INT32_MIN, INT32_MAX, 'a 32-bit integer');
    case 'long':
      return decodeInteger(name, raw, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'a 64-bit integer');
    case 'double':
      return decodeDouble(name, raw);
    case 'boolean':
      return decodeBoolean(name, raw);
    case 'timestamp':
      return decodeTimestamp(name, raw);
    default:
      throw invalidParameter(name, `${shown(raw)} is not a scalar value`);
  }
}

function decodeString(shape: Shape, name: string, raw: string): string {
  if (FORBIDDEN_TEXT.test(raw)) throw invalidParameter(name, 'contains control characters');
  if (shape.enum && !shape.enum.includes(raw)) {
    throw invalidParameter(name, `${shown(raw)} is not one of ${shape.enum.join(', ')}`);
  }
  const length = [...raw].length;
  if (shape.min !== undefined && length < shape.min) throw invalidParameter(name, `shorter than ${shape.min} characters`);
  if (shape.max !== undefined && length > shape.max) throw invalidParameter(name, `longer than ${shape.max} characters`);
  if (shape.pattern !== undefined && !new RegExp(shape.pattern, 'u').test(raw)) {
    throw invalidParameter(name, `${shown(raw)} does not match ${shape.pattern}`);
  }
  return raw;
}

function decodeInteger(name: string, raw: string, min: number, max: number, what: string): number {
  if (!INTEGER_TEXT.test(raw)) throw invalidParameter(name, `${shown(raw)} is not ${what}`);
  const value = Number(raw);
  if (!(value >= min && value <= max)) throw invalidParameter(name, `${shown(raw)} is out of range for ${what}`);
  return value === 0 ? 0 : value; // normalise -0
}

function decodeDouble(name: string, raw: string): number {
  const value = Number(raw);
  if (!DOUBLE_TEXT.test(raw) || !Number.isFinite(value)) throw invalidParameter(name, `${shown(raw)} is not a number`);
  return value;
}

function decodeBoolean(name: string, raw: string): boolean {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw invalidParameter(name, `${shown(raw)} is not a boolean (true or false)`);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses any ISO 8601 date-time variant (fraction optional, `Z`, offset or no zone = UTC). */
function decodeTimestamp(name: string, raw: string): Date {
  const m = ISO_TIMESTAMP.exec(raw);
  const bad = () => invalidParameter(name, `${shown(raw)} is not an ISO 8601 timestamp`);
  if (!m) throw bad();
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', , sign, oh = '0', om = '0'] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) throw bad();
  if (Number(oh) > 23 || Number(om) > 59) throw bad();
  const millis = Number(frac.slice(0, 3).padEnd(3, '0'));
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0..99 as written
  date.setUTCHours(hour, minute, second, millis);
  date.setTime(date.getTime() - offset * 60_000);
  if (Number.isNaN(date.getTime())) throw bad();
  return date;
}
