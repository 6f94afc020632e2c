/** Sweeps split across machines: `--shard k/n`, `--shard index/n`, and `--merge` of the shards. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseShard, seedSpec, shardBlock } from '../../src/cli/sweep-shard.ts';

const dir = mkdtempSync(join(tmpdir(), 'snapsim-shards-'));
const tmp = (name: string) => join(dir, name);
const SCENARIO = 'scenarios/share-and-revoke.json';
const SEEDS = '1..7';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function snapsim(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/snapsim.js', ...args], { env: { ...process.env, SNAPSIM_DEBUG: '', JOB_COMPLETION_INDEX: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A usage error: exit 2, exactly one line on stderr, no stack trace. */
function refused(r: Ran, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** Runs shard k of n into a file and returns its path. */
async function shard(k: number | 'index', n: number, opts: { seeds?: string; scenario?: string; env?: Record<string, string>; name?: string } = {}): Promise<string> {
  const out = tmp(opts.name ?? `${opts.scenario ? 'other-' : ''}${opts.seeds ?? SEEDS}-${k}of${n}.json`);
  const r = await snapsim(['sweep', opts.scenario ?? SCENARIO, '--seeds', opts.seeds ?? SEEDS, '--shard', `${k}/${n}`, '--workers', '1', '--out', out], opts.env);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe('which seeds a shard gets', () => {
  it('n contiguous blocks, sizes differing by at most one, the larger first', () => {
    const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
    expect([1, 2, 3].map((k) => seedSpec(shardBlock(seeds, k, 3)))).toEqual(['1..4', '5..7', '8..10']);
    expect([1, 2].map((k) => seedSpec(shardBlock(seeds, k, 2)))).toEqual(['1..5', '6..10']);
    expect(seedSpec(shardBlock(seeds, 1, 1))).toBe('1..10');
    expect([1, 2, 3].map((k) => shardBlock([1, 2], k, 3))).toEqual([[1], [2], []]);
    // blocks of the sorted list, not of the numeric range
    expect([1, 2].map((k) => seedSpec(shardBlock([1, 2, 3, 50, 51, 900], k, 2)))).toEqual(['1..3', '50..51,900']);
  });

  it('every seed lands in exactly one shard', () => {
    for (const len of [0, 1, 7, 100, 301]) {
      const seeds = Array.from({ length: len }, (_, i) => i * 3);
      for (const n of [1, 2, 3, 7, 16]) expect(Array.from({ length: n }, (_, i) => shardBlock(seeds, i + 1, n)).flat()).toEqual(seeds);
    }
  });

  it('--shard index/n takes k from JOB_COMPLETION_INDEX + 1', () => {
    expect(parseShard('2/3', {})).toEqual({ index: 2, count: 3 });
    expect(parseShard('index/3', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 3 });
    expect(parseShard('index/3', { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 3, count: 3 });
    expect(parseShard(undefined, {})).toBeNull();
  });

  it('seedSpec writes seeds back in the --seeds syntax', () => {
    expect(seedSpec([1, 2, 3, 5, 7, 8])).toBe('1..3,5,7..8');
    expect(seedSpec([])).toBe('');
  });
});

describe('snapsim sweep --shard and --merge', () => {
  let whole: Ran;
  let wholeText: Ran;
  beforeAll(async () => {
    whole = await snapsim(['sweep', SCENARIO, '--seeds', SEEDS, '--workers', '2', '--json']);
    wholeText = await snapsim(['sweep', SCENARIO, '--seeds', SEEDS, '--workers', '2']);
  });

  it('n shards merged print exactly what one run prints, for n = 1, 2, 3', async () => {
    expect(whole.code, whole.stderr).toBe(0);
    for (const n of [1, 2, 3]) {
      const files: string[] = [];
      for (let k = 1; k <= n; k++) files.push(await shard(k, n));
      const merged = await snapsim(['sweep', '--merge', ...files.reverse(), '--json']);
      expect(merged.code, merged.stderr).toBe(0);
      expect(merged.stdout, `${n} shards`).toBe(whole.stdout);
      expect((await snapsim(['sweep', '--merge', ...files])).stdout, `${n} shards, as text`).toBe(wholeText.stdout);
    }
  });

  it('a shard holds its block and says which it is', async () => {
    const r = JSON.parse(readFileSync(await shard(2, 3), 'utf8'));
    expect(r.shard).toEqual({ index: 2, count: 3, of: '1..7' });
    expect(r.seeds.map((s: { seed: number }) => s.seed)).toEqual([4, 5]);
  });

  it('--shard index/3 with JOB_COMPLETION_INDEX is --shard k/3 with k = index + 1', async () => {
    for (const index of [0, 1, 2]) {
      const viaIndex = await shard('index', 3, { env: { JOB_COMPLETION_INDEX: String(index) }, name: `via-index-${index}.json` });
      expect(readFileSync(viaIndex, 'utf8')).toBe(readFileSync(await shard(index + 1, 3), 'utf8'));
    }
  });

  it('workers load the same results without the bundle (through tsx)', async () => {
    const viaTsx = await snapsim(['sweep', SCENARIO, '--seeds', SEEDS, '--workers', '2', '--json'], { SNAPSIM_SWEEP_BUNDLE: '0' });
    expect(viaTsx.stdout).toBe(whole.stdout);
  });

  it('refuses shards that do not make one whole sweep, in one line', async () => {
    const [a, b, c] = [await shard(1, 3), await shard(2, 3), await shard(3, 3)];
    refused(await snapsim(['sweep', '--merge', a, c]), /^snapsim: sweep --merge: missing shard 2\/3 of seeds 1\.\.7$/m);
    refused(await snapsim(['sweep', '--merge', a, b, b, c]), /both shard 2\/3: overlapping shards/);
    refused(await snapsim(['sweep', '--merge', a, b, await shard(3, 3, { seeds: '1..9' })]), /splits seeds 1\.\.9, .* seeds 1\.\.7: shards of different seed ranges/);
    refused(await snapsim(['sweep', '--merge', a, b, await shard(3, 3, { scenario: 'scenarios/deploy-checkpoint.yaml' })]), /is a sweep of deploy-checkpoint, .* of share-and-revoke: shards of different scenarios/);
    refused(await snapsim(['sweep', '--merge', a, await shard(2, 2)]), /shard 2\/2, .* is shard 1\/3: shards of different splits/);
    writeFileSync(tmp('whole.json'), whole.stdout);
    refused(await snapsim(['sweep', '--merge', a, b, c, tmp('whole.json')]), /whole\.json is not a shard/);
    const tampered = JSON.parse(readFileSync(b, 'utf8'));
    tampered.seeds.pop();
    writeFileSync(tmp('tampered.json'), JSON.stringify(tampered));
    refused(await snapsim(['sweep', '--merge', a, tmp('tampered.json'), c]), /tampered\.json holds seeds 4, but shard 2\/3 of 1\.\.7 is 4\.\.5/);
    refused(await snapsim(['sweep', '--merge', tmp('absent.json')]), /absent\.json: no such file/);
    writeFileSync(tmp('junk.json'), 'junk\n');
    refused(await snapsim(['sweep', '--merge', tmp('junk.json')]), /junk\.json: not valid JSON/);
  });

  it('bad --shard flags are one line and exit 2', async () => {
    const run = (shardFlag: string, env: Record<string, string> = {}) => snapsim(['sweep', SCENARIO, '--seeds', SEEDS, '--shard', shardFlag], env);
    refused(await run('0/3'), /^snapsim: sweep: --shard 0\/3: k must be 1\.\.3/);
    refused(await run('4/3'), /k must be 1\.\.3/);
    refused(await run('1/0'), /the shard count must be at least 1/);
    refused(await run('half'), /--shard needs k\/n .* got "half"/);
    refused(await run('index/3'), /needs JOB_COMPLETION_INDEX/);
    refused(await run('index/3', { JOB_COMPLETION_INDEX: '3' }), /JOB_COMPLETION_INDEX must be 0\.\.2, got "3"/);
    refused(await snapsim(['sweep', '--merge', tmp('x.json'), '--shard', '1/2']), /--shard does not apply when merging/);
  });
});
