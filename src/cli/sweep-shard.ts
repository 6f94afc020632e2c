/**
 * Sweeps split across machines: `--shard k/n` (1-based, as vitest and Playwright count) or
 * `--shard index/n` (k = JOB_COMPLETION_INDEX + 1, from a Kubernetes Indexed Job), and the checks
 * `--merge` makes before joining shards into the report one run would print.
 *
 * The seeds (sorted, as `--seeds` lists them) split into n contiguous blocks whose sizes differ by
 * at most one, the larger blocks first: with N seeds, q = ⌊N/n⌋ and r = N mod n, shard k gets
 * q + 1 seeds when k ≤ r, else q, starting right after shard k − 1's. `--seeds 1..10 --shard k/3`:
 * 1..4, 5..7, 8..10.
 */
import { seedRange } from './args.ts';
import { UsageError } from './errors.ts';
import type { SweepResult } from './sweep-stats.ts';

/** Which shard a result is, and of which sweep. */
export interface ShardInfo {
  /** 1-based. */
  index: number;
  count: number;
  /** Every seed of the whole sweep, in the `--seeds` syntax (see {@link seedSpec}). */
  of: string;
}

/** Seeds (sorted, unique) written back in the `--seeds` syntax: `1..300`, `1..5,9,12..14`. */
export function seedSpec(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(j === i ? String(seeds[i]) : `${seeds[i]}..${seeds[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The seeds of shard `index` (1-based) of `count`: a contiguous block, larger blocks first. */
export function shardBlock<T>(seeds: readonly T[], index: number, count: number): T[] {
  const q = Math.floor(seeds.length / count);
  const r = seeds.length % count;
  const start = (index - 1) * q + Math.min(index - 1, r);
  return seeds.slice(start, start + q + (index <= r ? 1 : 0));
}

/**
 * Parses `--shard k/n` or `--shard index/n`; `env` supplies JOB_COMPLETION_INDEX (0-based) for
 * the latter. Every problem is a one-line {@link UsageError}.
 */
export function parseShard(v: string | boolean | undefined, env: NodeJS.ProcessEnv): { index: number; count: number } | null {
  if (v === undefined) return null;
  const m = typeof v === 'string' ? /^(\d+|index)\/(\d+)$/.exec(v.trim()) : null;
  if (!m) throw new UsageError(`sweep: --shard needs k/n (1 ≤ k ≤ n) or index/n, got ${JSON.stringify(v)}`);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new UsageError(`sweep: --shard ${v}: the shard count must be at least 1`);
  let index: number;
  if (m[1] === 'index') {
    const raw = env.JOB_COMPLETION_INDEX;
    if (raw === undefined || raw === '') throw new UsageError(`sweep: --shard ${v} needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job), which is not set`);
    if (!/^\d+$/.test(raw.trim()) || Number(raw) >= count) throw new UsageError(`sweep: --shard ${v}: JOB_COMPLETION_INDEX must be 0..${count - 1}, got ${JSON.stringify(raw)}`);
    index = Number(raw) + 1;
  } else {
    index = Number(m[1]);
    if (index < 1 || index > count) throw new UsageError(`sweep: --shard ${v}: k must be 1..${count} (shards count from 1)`);
  }
  return { index, count };
}

const label = (s: ShardInfo) => `shard ${s.index}/${s.count}`;

/**
 * Checks that `parts` are all the shards of one sweep, each once, each holding exactly its block;
 * throws an Error naming the first problem. Parts without shard information are not checked here.
 */
export function checkShards(parts: readonly { name: string; result: SweepResult }[]): void {
  const sharded = parts.filter((p) => p.result.shard !== undefined);
  if (sharded.length === 0) return;
  if (sharded.length !== parts.length) {
    const plain = parts.find((p) => p.result.shard === undefined)!;
    throw new Error(`${plain.name} is not a shard (it was run without --shard) but ${sharded[0]!.name} is: merge shards of one sweep only`);
  }
  const first = sharded[0]!;
  const s0 = first.result.shard!;
  const seen = new Map<number, string>();
  for (const { name, result } of sharded) {
    const s = result.shard!;
    if (result.scenario !== first.result.scenario) throw new Error(`${name} is a sweep of ${result.scenario}, ${first.name} of ${first.result.scenario}: shards of different scenarios`);
    if (s.of !== s0.of) throw new Error(`${name} splits seeds ${s.of}, ${first.name} seeds ${s0.of}: shards of different seed ranges`);
    if (s.count !== s0.count) throw new Error(`${name} is ${label(s)}, ${first.name} is ${label(s0)}: shards of different splits`);
    const twice = seen.get(s.index);
    if (twice !== undefined) throw new Error(`${name} and ${twice} are both ${label(s)}: overlapping shards`);
    seen.set(s.index, name);
    const want = seedSpec(shardBlock(seedRange('sweep --merge', s.of), s.index, s.count));
    const got = seedSpec(result.seeds.map((x) => x.seed));
    if (got !== want) throw new Error(`${name} holds seeds ${got || 'none'}, but ${label(s)} of ${s.of} is ${want || 'none'}`);
  }
  const missing = Array.from({ length: s0.count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) throw new Error(`missing ${missing.map((k) => `shard ${k}/${s0.count}`).join(', ')} of seeds ${s0.of}`);
}
