/**
 * Keyed random streams: every draw comes from a stream named by (seed, purpose, entity key), so
 * adding an entity never shifts another entity's numbers. Backed by seedrandom's `alea`.
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

/** Opens the stream for (seed, purpose, key). The same triple always yields the same sequence. */
export function stream(seed: number, purpose: string, key: string): Stream {
  const rng = seedrandom.alea(`${seed}\u0000${purpose}\u0000${key}`);
  return {
    next: () => rng(),
    between: (lo, hi) => lo + (hi - lo) * rng(),
    chance: (p) => p > 0 && rng() < p,
  };
}
