/**
 * snapsim: an event-sourced, deterministic simulator of the Amazon Redshift snapshot lifecycle.
 * Start with {@link createSimulator}.
 */
export { createSimulator, replay, replayNdjson, ReplayError, Simulator, DEFAULT_CALLER, DEFAULT_START, type SimulatorOptions, type Output } from './sim/simulator.ts';
export { WaiterError, type WaiterResult, type WaitOptions } from './sim/waiters.ts';
export { WAITERS, type WaiterName } from './sim/waiter-model.ts';
export { ServiceError, ERRORS, isServiceError, type ErrorCode } from './model/errors.ts';
export { DEFAULT_CONFIG, resolveConfig, type SimConfig, type SimConfigInput, type Faults, type Quotas, type RateTable, type Timings } from './events/config.ts';
export type { Caller, State, Partition, Tag, SnapshotRecord, ClusterRecord } from './model/types.ts';
export { NEVER, NOT_YET } from './model/types.ts';
export { findSnapshot, snapshotsOf, snapshotCount } from './model/state.ts';
export * from './events/index.ts';
export * from './machines/index.ts';
export * from './api/index.ts';
