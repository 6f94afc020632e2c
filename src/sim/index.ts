/** The deterministic kernel: simulator, scheduler, keyed randomness, the transfer model and the seeded environment. */
export * from './simulator.ts';
export * from './transfer.ts';
export * from './environment.ts';
export * from './random.ts';
export * from './scheduler.ts';
export * from './request-ids.ts';
export * from './waiters.ts';
export * from './waiter-model.ts';
