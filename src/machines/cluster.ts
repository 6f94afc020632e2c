import { setup } from 'xstate';

/**
 * Cluster status machine: the specification of every legal `ClusterStatus` change. The engine
 * never runs it; {@link clusterTable} is derived from it once and checked against xstate.
 */
export const clusterMachine = setup({
  types: {
    events: {} as
      | { type: 'READY' }
      | { type: 'PAUSE' }
      | { type: 'RESUME' }
      | { type: 'MODIFY' }
      | { type: 'MODIFIED' }
      | { type: 'OUTAGE' }
      | { type: 'RECOVERED' }
      | { type: 'DELETE' }
      | { type: 'DELETE_WITH_FINAL_SNAPSHOT' }
      | { type: 'FINAL_SNAPSHOT_TAKEN' }
      | { type: 'RESTORE_FAILED' }
      | { type: 'GONE' },
  },
}).createMachine({
  id: 'cluster',
  initial: 'creating',
  states: {
    creating: { on: { READY: 'available' } },
    available: {
      on: {
        PAUSE: 'paused',
        MODIFY: 'modifying',
        OUTAGE: 'rebooting',
        DELETE: 'deleting',
        DELETE_WITH_FINAL_SNAPSHOT: 'final-snapshot',
        RESTORE_FAILED: 'incompatible-restore',
      },
    },
    // a restored cluster whose data transfer failed: it can only be deleted
    'incompatible-restore': { on: { DELETE: 'deleting' } },
    paused: { on: { RESUME: 'available', DELETE: 'deleting', DELETE_WITH_FINAL_SNAPSHOT: 'final-snapshot' } },
    modifying: { on: { MODIFIED: 'available' } },
    rebooting: { on: { RECOVERED: 'available' } },
    'final-snapshot': { on: { FINAL_SNAPSHOT_TAKEN: 'deleting' } },
    deleting: { on: { GONE: 'deleted' } },
    deleted: { type: 'final' },
  },
});

/** A `ClusterStatus` value snapsim models (AWS's exact strings), plus the terminal `deleted`. */
export type ClusterStatus = 'creating' | 'available' | 'paused' | 'modifying' | 'rebooting' | 'final-snapshot' | 'deleting' | 'incompatible-restore' | 'deleted';

/** An event of the cluster machine. */
export type ClusterEvent =
  | 'READY'
  | 'PAUSE'
  | 'RESUME'
  | 'MODIFY'
  | 'MODIFIED'
  | 'OUTAGE'
  | 'RECOVERED'
  | 'DELETE'
  | 'DELETE_WITH_FINAL_SNAPSHOT'
  | 'FINAL_SNAPSHOT_TAKEN'
  | 'RESTORE_FAILED'
  | 'GONE';

/** AWS's `ClusterAvailabilityStatus`, derived from the status (reference §3.2). */
export const clusterAvailability = (status: ClusterStatus): string => {
  switch (status) {
    case 'available':
      return 'Available';
    case 'paused':
    case 'deleted':
      return 'Unavailable';
    case 'rebooting':
      return 'Maintenance';
    case 'incompatible-restore':
      return 'Failed';
    case 'creating':
    case 'modifying':
    case 'final-snapshot':
    case 'deleting':
      return 'Modifying';
    default:
      return unhandled(status);
  }
};

/** The default branch of an exhaustive switch (machines import nothing of ours, so not events' assertNever). */
const unhandled = (value: never): never => {
  throw new Error(`unhandled status ${String(value)}`);
};
