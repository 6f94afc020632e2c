/** The status machines (the specification) and the transition tables derived from them. */
export * from './cluster.ts';
export * from './snapshot.ts';
export * from './table-restore.ts';
export * from './table.ts';
