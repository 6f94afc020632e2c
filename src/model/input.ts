/**
 * An operation's input by name, before it is validated (`execute`, the codec, the log), and helpers
 * for the typed inputs operations read once the rules table has validated them.
 */
import type { Tag } from './types.ts';

/**
 * An operation's input as the by-name path carries it: AWS member names to values (SDK shapes;
 * timestamps as `Date`), generic by nature; each operation reads its own typed input shape.
 */
export type Input = Record<string, unknown>;

/** Tags as given (validated by the `tags` rule), copied to plain `{Key, Value}` records. */
export const copyTags = (given: readonly { Key?: string; Value?: string }[] | undefined): Tag[] =>
  given === undefined ? [] : given.map((t) => ({ Key: String(t.Key), Value: t.Value ?? '' }));

/** A timestamp member (validated by the `timestamp` rule) as ms since the epoch, or undefined. */
export const ms = (t: Date | undefined): number | undefined => t?.getTime();
