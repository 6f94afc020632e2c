/** The deterministic kernel: simulator, scheduler, keyed randomness, backup model. */
export * from './simulator.ts';
export * from './backup.ts';
export * from './random.ts';
export * from './scheduler.ts';
export * from './request-ids.ts';
