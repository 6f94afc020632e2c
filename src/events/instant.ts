/**
 * Instants as the log keeps them: milliseconds since the epoch that a JavaScript `Date` can hold
 * (±8.64e15 ms, about ±273,790 years). Every time in a logged event is one (an invariant of docs/determinism.md);
 * `Infinity` (never due) is a record's due time, never an event's.
 */

/** The largest magnitude of a `Date`'s time value, ms. */
export const MAX_INSTANT = 8.64e15;

/**
 * The latest virtual time a simulation may reach (the last millisecond of 9999, the last an ISO
 * 8601 year of four digits writes): far enough from {@link MAX_INSTANT} that every due time drawn
 * from it (a manual snapshot's retention of ten years included) is still an instant.
 */
export const LATEST_VIRTUAL_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The earliest virtual time a simulation may start at (0000-01-01T00:00:00.000Z, the first instant of a four-digit year). */
export const EARLIEST_VIRTUAL_TIME = Date.parse('0000-01-01T00:00:00.000Z');

/** Whether `t` is an instant a `Date` can hold. */
export const isInstant = (t: number): boolean => Number.isFinite(t) && Math.abs(t) <= MAX_INSTANT;
