/**
 * The `snapsim/scenario` entry, for scenario scripts: everything src/scenario exports, plus
 * `runIfMain` from the CLI so the same script also runs directly (`npx tsx scenarios/x.ts`).
 * An entry barrel, not part of a layer: it may import any of them. No top-level await here.
 */
export * from '../scenario/index.ts';
export { runIfMain } from '../cli/run-if-main.ts';
