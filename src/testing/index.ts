/**
 * Test helpers for snapsim and its users: the lifecycle invariants as checks, and fast-check
 * arbitraries of AWS call sequences. Needs `fast-check` (a peer dependency).
 */
export * from './invariants.ts';
export * from './arbitraries.ts';
