/**
 * Keyed random streams: every draw comes from a stream named by (seed, purpose, entity key), so
 * adding an entity never shifts another entity's numbers. Backed by seedrandom's `tychei`, seeded
 * with a 53-bit digest of the key (tychei's own string seeding costs more than a short stream's
 * draws, and 53 bits keep distinct keys apart).
 */
import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export interface Stream {
  next(): number;
  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** A part of a stream key. */
export type KeyPart = string | number;

const prefixes = new Map<string, [number, number]>();

/** Opens the stream for (seed, purpose, key parts). The same inputs always yield the same sequence. */
export function stream(seed: number, purpose: string, ...key: KeyPart[]): Stream {
  const id = `${seed}\u0000${purpose}`;
  let start = prefixes.get(id);
  if (!start) {
    start = feed(0x811c9dc5, 0x050c5d1f, id);
    prefixes.set(id, start);
  }
  let a = start[0];
  let b = start[1];
  for (const part of key) {
    const text = typeof part === 'number' ? String(part) : part;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0x1f, 0x01000193);
    b = Math.imul(b ^ 0xff, 0x01000193);
  }
  const seedNumber = (a >>> 0) * 0x200000 + (b >>> 11);
  return new TycheStream(seedrandom.tychei(seedNumber as unknown as string));
}

/** Two FNV-1a lanes over `text`, then a separator. */
function feed(a: number, b: number, text: string): [number, number] {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return [Math.imul(a ^ 0x1f, 0x01000193), Math.imul(b ^ 0xff, 0x01000193)];
}

class TycheStream implements Stream {
  constructor(private readonly rng: () => number) {}
  next(): number {
    return this.rng();
  }
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.rng();
  }
  chance(p: number): boolean {
    return p > 0 && this.rng() < p;
  }
}
