#!/usr/bin/env node
// The `snapsim` command: registers tsx's loader in this process and runs the TypeScript CLI, so
// there is no build step and no child process (signals reach the CLI itself).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
await runCli();
