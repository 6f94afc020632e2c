/**
 * Request ids derived from the seed and a request counter, UUID-shaped like AWS's. The counter
 * sits in the last 12 hex digits, so a replayed log tells where to continue counting.
 */
import { stream } from './random.ts';

const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0').slice(-width);

/** The id of request number `n` under `seed`. */
export function requestId(seed: number, n: number): string {
  const s = stream(seed, 'request-id', n);
  const a = hex(s.next() * 0x100000000, 8);
  const b = hex(s.next() * 0x10000, 4);
  const c = '4' + hex(s.next() * 0x1000, 3);
  const d = hex(0x8000 + s.next() * 0x4000, 4);
  return `${a}-${b}-${c}-${d}-${hex(n, 12)}`;
}

/** The request number inside an id made by {@link requestId}, or -1. */
export const requestNumber = (id: string | null): number => (id && /^[0-9a-f-]{36}$/.test(id) ? parseInt(id.slice(24), 16) : -1);
