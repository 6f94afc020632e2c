/** Scenarios: define, load (scripts and declarative files) and run them under a seed. */
export { defineScenario } from './define.ts';
export { runScenario, type RunResult, type RunOptions } from './runner.ts';
export { loadScenario, parseScenarioText, isScenario } from './load.ts';
export { ScenarioFormatError, validateScenario, compileScenario, type ScenarioDocument, type Step } from './declarative.ts';
export { ScenarioAbort } from './context.ts';
export { parseDuration, parseInstant, formatDuration, formatOffset, formatMb } from '../format/duration.ts';
export type { Scenario, ScenarioContext, Check, ClusterSetup, RunObserver, SnapshotView } from './types.ts';
