/**
 * `runIfMain`, so a scenario script runs directly (`npx tsx scenarios/x.ts --seed 7`) exactly like
 * `snapsim run`. It lives with the CLI it starts; scenario scripts get it from the
 * `snapsim/scenario` entry (src/entry/scenario.ts), since src/scenario never imports src/cli.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  // Not awaited: the script module must finish evaluating before the runner imports it. A dynamic
  // import, so loading a scenario (under `snapsim run`, or a test) never loads the CLI.
  void import('./main.ts').then(async ({ main }) => {
    process.exitCode = await main(['run', fileURLToPath(moduleUrl), ...process.argv.slice(2)]);
  });
}
