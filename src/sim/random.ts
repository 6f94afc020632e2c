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
  /** True with probability p (always takes one number, so a draw sequence has a fixed length). */
  chance(p: number): boolean;
  /** Takes the next `out.length` numbers into `out`, as many `next()` calls would, in one loop. */
  fill(out: Float64Array): void;
}

/** A part of a stream key. */
export type KeyPart = string | number;

const FNV_PRIME = 0x01000193;

/** Digest lanes after (seed, purpose), per seed and purpose. */
const prefixes = new Map<number, Map<string, readonly [number, number]>>();

/**
 * Opens the stream for (seed, purpose, key parts). The same inputs always yield the same sequence.
 * The digest is two FNV-1a lanes over each part's characters, or over an integer's 8
 * little-endian bytes (no string to build), with a separator after each part.
 */
export function stream(seed: number, purpose: string, ...key: KeyPart[]): Stream {
  return new TycheStream(generator(keySeed(seed, purpose, key)));
}

/**
 * Opens a stream for (seed, purpose, key parts) that is read in fixed-size windows: window `k`
 * holds draws [k·size, (k+1)·size), whatever windows were read before. One such stream serves a
 * series of entities (a cluster's automated backups): reading their windows in order costs
 * their draws only, not a stream per entity.
 */
export function windowedStream(seed: number, purpose: string, ...key: KeyPart[]): WindowedStream {
  return new WindowedStream(keySeed(seed, purpose, key));
}

/** The 53-bit seed of the generator of (seed, purpose, key parts): a digest of them. */
function keySeed(seed: number, purpose: string, key: readonly KeyPart[]): number {
  let bySeed = prefixes.get(seed);
  if (!bySeed) prefixes.set(seed, (bySeed = new Map()));
  let start = bySeed.get(purpose);
  if (!start) {
    digest(0x811c9dc5, 0x050c5d1f, [`${seed}\u0000${purpose}`]);
    bySeed.set(purpose, (start = [laneA, laneB]));
  }
  digest(start[0], start[1], key);
  return (laneA >>> 0) * 0x200000 + (laneB >>> 11);
}

/**
 * The 32-bit output of seedrandom's generator seeded with `seed53` (a {@link keySeed}). Streams
 * turn it into [0, 1) as seedrandom's own `prng()` does, one call fewer per draw.
 */
const generator = (seed53: number): (() => number) => seedrandom.tychei(seed53 as unknown as string).int32;

/** The two lanes {@link digest} ends with (module state, so a digest allocates nothing). */
let laneA = 0;
let laneB = 0;

/** Continues the two lanes (a, b) over `parts`, leaving the result in laneA and laneB. */
function digest(a: number, b: number, parts: readonly KeyPart[]): void {
  for (const part of parts) {
    if (typeof part === 'number' && Number.isSafeInteger(part)) {
      const lo = part >>> 0;
      const hi = Math.floor(part / 0x100000000) >>> 0;
      for (let i = 0; i < 64; i += 8) {
        const c = i < 32 ? (lo >>> i) & 0xff : (hi >>> (i - 32)) & 0xff;
        a = Math.imul(a ^ c, FNV_PRIME);
        b = Math.imul(b ^ c, FNV_PRIME) ^ (b >>> 15);
      }
      a = Math.imul(a ^ 0x1e, FNV_PRIME);
      b = Math.imul(b ^ 0xfe, FNV_PRIME);
      continue;
    }
    const text = String(part);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, FNV_PRIME) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0x1f, FNV_PRIME);
    b = Math.imul(b ^ 0xff, FNV_PRIME);
  }
  laneA = a;
  laneB = b;
}

/** The point `u` (a draw in [0, 1)) of the way through [lo, hi): what {@link Stream.between} returns. */
export const within = (lo: number, hi: number, u: number): number => lo + (hi - lo) * u;

/** Whether an event of probability `p` happens, given a draw `u` in [0, 1): what {@link Stream.chance} returns. */
export const happens = (p: number, u: number): boolean => p > 0 && u < p;

/** `between`, `chance` and `fill` over a source's `next`, written once for both kinds of stream. */
abstract class DrawStream implements Stream {
  abstract next(): number;
  between(lo: number, hi: number): number {
    return within(lo, hi, this.next());
  }
  chance(p: number): boolean {
    return happens(p, this.next());
  }
  fill(out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.next();
  }
}

/** seedrandom's conversion of a 32-bit output to [0, 1). */
const unit = (int32: number): number => (int32 >>> 0) / 0x100000000;

class TycheStream extends DrawStream {
  constructor(private readonly int32: () => number) {
    super();
  }
  next(): number {
    return unit(this.int32());
  }
}

/** A stream read in windows (see {@link windowedStream}). */
export class WindowedStream extends DrawStream {
  private int32: () => number;
  private pos = 0;
  /** `seed53` is the generator's seed (a {@link keySeed}): kept rather than the key parts, it is all a reopening needs. */
  constructor(private readonly seed53: number) {
    super();
    this.int32 = generator(seed53);
  }
  /** Positions the stream at the start of window `k` of `size` draws, and returns it. */
  window(k: number, size: number): Stream {
    const target = k * size;
    if (this.pos > target) {
      this.int32 = generator(this.seed53);
      this.pos = 0;
    }
    for (; this.pos < target; this.pos++) this.int32();
    return this;
  }
  next(): number {
    this.pos++;
    return unit(this.int32());
  }
  override fill(out: Float64Array): void {
    const int32 = this.int32;
    for (let i = 0; i < out.length; i++) out[i] = unit(int32());
    this.pos += out.length;
  }
}
