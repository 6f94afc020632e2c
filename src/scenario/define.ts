/**
 * What a scenario script needs: `defineScenario` for its default export, and `runIfMain` so the
 * same file runs directly (`npx tsx scenarios/x.ts --seed 7`) exactly like `snapsim run`.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from './types.ts';

/** Declares a scenario (an identity function that checks the shape at compile time). */
export const defineScenario = (scenario: Scenario): Scenario => scenario;

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/**
 * When the script at `moduleUrl` is the process's entry point, runs it through the `snapsim run`
 * command with the process's arguments (`--seed`, `--log`, `--json`) and exits with its code.
 */
export function runIfMain(moduleUrl: string): void {
  const entry = process.argv[1];
  if (!entry || real(entry) !== real(fileURLToPath(moduleUrl))) return;
  // Not awaited: the script module must finish evaluating before the runner imports it.
  void import('../cli/main.ts').then(async ({ main }) => {
    process.exitCode = await main(['run', fileURLToPath(moduleUrl), ...process.argv.slice(2)]);
  });
}
