/** Paging and filtering helpers shared by the describe operations. */
import { fault } from './errors.ts';
import type { Tag } from './types.ts';

/**
 * A decoded marker: resume after sequence number `after`; or at offset `offset` of a result whose
 * order does not change; or, in a sorted query, after the place `keys` (the last item's sort keys,
 * its sequence number `after` breaking ties).
 */
export interface Marker {
  after: number;
  offset?: number;
  /** The order of the sorted query that issued it (its offset means nothing in another). */
  sort?: string;
  /** DescribeTags: the key of the last tag listed of the resource numbered `after` (its tags are listed by key). */
  key?: string;
  /** A sorted query: the sort keys of the last item listed (numbered `after`). */
  keys?: (number | string)[];
}

/** Encodes a marker as an opaque string. */
export const encodeMarker = (m: Marker): string => Buffer.from(JSON.stringify(m)).toString('base64url');

/** Decodes a marker; a marker snapsim did not issue is InvalidParameterValue. */
export function decodeMarker(text: string): Marker {
  try {
    const m = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Marker;
    if (isMarker(m)) return m;
  } catch {
    // fall through
  }
  throw fault('InvalidParameterValue', `Invalid Marker: ${text.slice(0, 64)}`);
}

/** Whether a decoded JSON value has a marker's shape: each member of its type, when present. */
function isMarker(m: Marker): boolean {
  if (typeof m !== 'object' || m === null || !Number.isSafeInteger(m.after) || m.after < 0) return false;
  if (m.offset !== undefined && !(Number.isSafeInteger(m.offset) && m.offset >= 0)) return false;
  if (m.sort !== undefined && typeof m.sort !== 'string') return false;
  if (m.key !== undefined && typeof m.key !== 'string') return false;
  return m.keys === undefined || (Array.isArray(m.keys) && m.keys.every((k) => typeof k === 'string' || Number.isFinite(k)));
}

/** MaxRecords (validated by the `maxRecords` rule) or AWS's default of 100. */
export const pageSize = (maxRecords: number | undefined): number => maxRecords ?? 100;

/**
 * AWS's tag filter: keys only → any tag with one of the keys; values only → any tag with one of
 * the values; both → a tag whose key and value are both listed. No filter → everything.
 */
export function matchesTagFilter(tags: readonly Tag[], keys?: readonly string[], values?: readonly string[]): boolean {
  const k = keys && keys.length > 0 ? keys : undefined;
  const v = values && values.length > 0 ? values : undefined;
  if (!k && !v) return true;
  return tags.some((t) => (!k || k.includes(t.Key)) && (!v || v.includes(t.Value)));
}
