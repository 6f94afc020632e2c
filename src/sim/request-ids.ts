/**
 * Request ids derived from the seed and a counter, UUID-shaped like AWS's. A logged request (an
 * accepted command) is numbered from the log alone ({@link numberAfter}): a simulator rebuilt
 * from a log continues the same numbering, whatever queries or refused calls the first one also
 * answered. Those leave no entry; their ids come from a second counter in a range of their own
 * (the top bit of the 48-bit tail), so they never take a logged id. The number sits in the last
 * 12 hex digits.
 */
import { stream } from './random.ts';

/** Two hex digits of each byte value. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** The low 16 bits of `x` as 4 hex digits. */
const hex4 = (x: number): string => HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
/** The low 32 bits of `x` as 8 hex digits. */
const hex8 = (x: number): string => hex4(x >>> 16) + hex4(x);

/** Where the tails of ids of requests that leave no log entry begin (2^47). */
const UNLOGGED = 0x800000000000;

/** The id of logged request number `n` under `seed` (by table lookups: a server makes one per request). */
export const requestId = (seed: number, n: number): string => idOf(seed, n, n);

/**
 * The id of the `k`-th request that left no log entry, `logged` commands into the log: keyed by
 * both, so a simulator rebuilt from the log repeats such an id only for calls made after the last
 * logged command (nothing records those).
 */
export const unloggedRequestId = (seed: number, logged: number, k: number): string => idOf(seed, UNLOGGED + k, logged);

/** A UUID-shaped id ending in `tail`, its other digits drawn from a stream keyed by (seed, tail, key). */
function idOf(seed: number, tail: number, key: number): string {
  const s = tail === key ? stream(seed, 'request-id', tail) : stream(seed, 'request-id', tail, key);
  const a = hex8(Math.floor(s.next() * 0x100000000));
  const b = hex4(Math.floor(s.next() * 0x10000));
  const c = hex4(0x4000 + Math.floor(s.next() * 0x1000)); // version 4
  const d = hex4(Math.floor(0x8000 + s.next() * 0x4000)); // variant 10xx
  return `${a}-${b}-${c}-${d}-${hex4(Math.floor(tail / 0x100000000))}${hex8(tail)}`;
}

/**
 * The number of the next logged request after one logged under `id`, `n` being its own: past
 * both it and any number `id` shows (a log of an older version, numbered with gaps, or an id a
 * caller supplied in our format), so no logged id is handed out twice. The live simulator and
 * `replay` both count with it, so they agree.
 */
export const numberAfter = (n: number, id: string | null): number => Math.max(n + 1, requestNumber(id) + 1);

/** The logged request number inside an id made by {@link requestId}, or -1 (any other id). */
export function requestNumber(id: string | null): number {
  const n = id && /^[0-9a-f-]{36}$/.test(id) ? parseInt(id.slice(24), 16) : -1;
  return n < UNLOGGED ? n : -1;
}
