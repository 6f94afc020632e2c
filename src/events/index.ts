/** Commands, events, the log port and the NDJSON codec. */
export * from './types.ts';
export * from './codec.ts';
export * from './log.ts';
export * from './file-log.ts';
