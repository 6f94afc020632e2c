import { setup } from 'xstate';

/**
 * Snapshot status machine: the specification of every legal snapshot `Status` change
 * (reference §2.2). `deleted` is final: nothing leaves it.
 */
export const snapshotMachine = setup({
  types: {
    events: {} as
      | { type: 'COMPLETE' }
      | { type: 'FAIL' }
      | { type: 'CANCEL' }
      | { type: 'DELETE' }
      | { type: 'PURGE' },
  },
}).createMachine({
  id: 'snapshot',
  initial: 'creating',
  states: {
    creating: { on: { COMPLETE: 'available', FAIL: 'failed', CANCEL: 'cancelled', PURGE: 'deleted' } },
    'final snapshot': { on: { COMPLETE: 'available', FAIL: 'failed' } },
    available: { on: { DELETE: 'deleted', PURGE: 'deleted' } },
    failed: { on: { DELETE: 'deleted', PURGE: 'deleted' } },
    cancelled: { on: { DELETE: 'deleted', PURGE: 'deleted' } },
    deleted: { type: 'final' },
  },
});

/** A snapshot `Status` (AWS's exact strings; note the space in `final snapshot`). */
export type SnapshotStatus = 'creating' | 'final snapshot' | 'available' | 'failed' | 'cancelled' | 'deleted';

/**
 * An event of the snapshot machine: COMPLETE/FAIL end a backup, CANCEL stops one whose cluster
 * went away, DELETE is the user's delete, PURGE is the service removing it (retention, cluster
 * deletion).
 */
export type SnapshotEvent = 'COMPLETE' | 'FAIL' | 'CANCEL' | 'DELETE' | 'PURGE';
