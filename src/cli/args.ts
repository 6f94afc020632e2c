/**
 * Flag parsing for every subcommand: `node:util` parseArgs with strict checking, turned into
 * {@link UsageError}s, plus typed readers for seeds, seed ranges and worker counts.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

/** The options of a subcommand, as parseArgs takes them. */
export type Options = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags and positionals. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses `argv` against `options` (plus `--help`); unknown flags and missing values are usage errors. */
export function parse(command: string, argv: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError(`${command}: ${msg} (see snapsim ${command} --help)`);
  }
}

/** A non-negative integer flag, or `fallback` when absent. */
export function intFlag(command: string, name: string, v: string | boolean | undefined, fallback: number, min = 0): number {
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${command}: --${name} needs an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** A seed range `A..B` (inclusive), `A` alone, or a comma list of those. */
export function seedRange(command: string, v: string | boolean | undefined): number[] {
  if (typeof v !== 'string') throw new UsageError(`${command}: --seeds is required, e.g. --seeds 1..1000`);
  const out: number[] = [];
  for (const part of v.split(',')) {
    const m = /^(\d+)(?:\.\.(\d+))?$/.exec(part.trim());
    if (!m) throw new UsageError(`${command}: --seeds: "${part}" is not a seed or a range like 1..1000`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) throw new UsageError(`${command}: --seeds: ${part.trim().slice(0, 64)} is beyond the largest seed, 2^53 - 1`);
    if (b < a) throw new UsageError(`${command}: --seeds: empty range ${part}`);
    if (b - a > 10_000_000) throw new UsageError(`${command}: --seeds: range ${part} is too large`);
    for (let s = a; s <= b; s++) out.push(s);
  }
  return [...new Set(out)].sort((x, y) => x - y);
}

/** Exactly `n` positionals, or a usage error naming what is missing. */
export function positionals(command: string, p: string[], names: string[]): string[] {
  if (p.length < names.length) throw new UsageError(`${command}: missing ${names.slice(p.length).map((n) => `<${n}>`).join(' ')} (see snapsim ${command} --help)`);
  if (p.length > names.length) throw new UsageError(`${command}: unexpected argument "${p[names.length]}" (see snapsim ${command} --help)`);
  return p;
}
