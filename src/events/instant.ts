/**
 * Instants as the log keeps them: milliseconds since the epoch that a JavaScript `Date` can hold
 * (±8.64e15 ms, about ±273,790 years). Every time in a logged event is one (an invariant of docs/determinism.md);
 * `Infinity` (never due) is a record's due time, never an event's.
 */

/** The largest magnitude of a `Date`'s time value, ms. */
export const MAX_INSTANT = 8.64e15;

/** Whether `t` is an instant a `Date` can hold. */
export const isInstant = (t: number): boolean => Number.isFinite(t) && Math.abs(t) <= MAX_INSTANT;
