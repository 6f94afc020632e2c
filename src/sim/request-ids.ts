/**
 * Request ids derived from the seed and a request counter, UUID-shaped like AWS's. The counter
 * sits in the last 12 hex digits, so a replayed log tells where to continue counting.
 */
import { stream } from './random.ts';

/** Two hex digits of each byte value. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** The low 16 bits of `x` as 4 hex digits. */
const hex4 = (x: number): string => HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
/** The low 32 bits of `x` as 8 hex digits. */
const hex8 = (x: number): string => hex4(x >>> 16) + hex4(x);

/** The id of request number `n` under `seed` (by table lookups: a server makes one per request). */
export function requestId(seed: number, n: number): string {
  const s = stream(seed, 'request-id', n);
  const a = hex8(Math.floor(s.next() * 0x100000000));
  const b = hex4(Math.floor(s.next() * 0x10000));
  const c = hex4(0x4000 + Math.floor(s.next() * 0x1000)); // version 4
  const d = hex4(Math.floor(0x8000 + s.next() * 0x4000)); // variant 10xx
  return `${a}-${b}-${c}-${d}-${hex4(Math.floor(n / 0x100000000))}${hex8(n)}`;
}

/** The request number inside an id made by {@link requestId}, or -1. */
export const requestNumber = (id: string | null): number => (id && /^[0-9a-f-]{36}$/.test(id) ? parseInt(id.slice(24), 16) : -1);
