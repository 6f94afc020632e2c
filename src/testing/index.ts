/**
 * Test helpers for snapsim and its users: the lifecycle invariants as checks (an
 * {@link InvariantTracker} per simulator; `everyPrefix` follows the log entry by entry), and
 * fast-check arbitraries of AWS call sequences over a small seeded world. Needs `fast-check`
 * (a peer dependency).
 */
export * from './invariants.ts';
export * from './arbitraries.ts';
