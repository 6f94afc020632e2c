#!/usr/bin/env node
// The `snapsim` command. An installed package runs the compiled JavaScript in dist/ (built by
// `npm run build`, the package's `prepare` script): no TypeScript loader at start. tsx is loaded
// later, and only when a user's own `.ts` scenario has to run.
//
// In a checkout of the repository, the TypeScript sources run instead (through tsx, in this
// process: no child, so signals reach the CLI itself) when dist/ is missing, older than a file of
// src/, or SNAPSIM_SOURCE=1 (the test suite sets it: it tests the sources, built or not).
import { existsSync, readdirSync, statSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const sources = new URL('../src/', import.meta.url);

/** Whether to run dist/: it is there, and src/ is absent (the package) or unchanged since the build. */
function distIsCurrent() {
  if (!existsSync(compiled)) return false;
  if (!existsSync(sources)) return true;
  if (process.env.SNAPSIM_SOURCE === '1') return false;
  const built = statSync(compiled).mtimeMs;
  return readdirSync(sources, { recursive: true }).every((f) => statSync(new URL(String(f), sources)).mtimeMs <= built);
}

let cli;
if (distIsCurrent()) cli = await import(compiled.href);
else {
  // both of tsx's hooks: a user's .ts scenario outside a "type": "module" package loads as CommonJS
  const [cjs, esm] = await Promise.all([import('tsx/cjs/api'), import('tsx/esm/api')]);
  cjs.register();
  esm.register();
  cli = await import('../src/cli/main.ts');
}
await cli.runCli();
