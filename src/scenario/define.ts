/**
 * `defineScenario`, for a scenario script's default export. (`runIfMain`, which runs the script
 * directly, lives in src/cli/run-if-main.ts; scripts import both from src/entry/scenario.ts.)
 */
import type { Scenario } from './types.ts';

/** Declares a scenario (an identity function that checks the shape at compile time). */
export const defineScenario = (scenario: Scenario): Scenario => scenario;
