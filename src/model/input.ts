/** Typed reads of an operation's input (already validated by the rules table). */
import type { Tag } from './types.ts';

/** An operation's input: AWS member names to values (SDK shapes; timestamps as `Date`). */
export type Input = Record<string, unknown>;

/** A string member, or undefined. */
export const str = (i: Input, k: string): string | undefined => (typeof i[k] === 'string' ? (i[k] as string) : undefined);
/** An integer member, or undefined. */
export const int = (i: Input, k: string): number | undefined => (typeof i[k] === 'number' ? (i[k] as number) : undefined);
/** A boolean member, or undefined. */
export const bool = (i: Input, k: string): boolean | undefined => (typeof i[k] === 'boolean' ? (i[k] as boolean) : undefined);
/** A timestamp member as ms, or undefined. */
export const time = (i: Input, k: string): number | undefined => (i[k] instanceof Date ? (i[k] as Date).getTime() : undefined);
/** A list of strings, or undefined. */
export const strings = (i: Input, k: string): string[] | undefined => (Array.isArray(i[k]) ? (i[k] as string[]) : undefined);
/** Tags, copied to plain `{Key, Value}` records. */
export const tags = (i: Input, k = 'Tags'): Tag[] =>
  Array.isArray(i[k]) ? (i[k] as Partial<Tag>[]).map((t) => ({ Key: String(t.Key), Value: t.Value ?? '' })) : [];
