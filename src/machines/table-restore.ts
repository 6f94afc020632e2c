import { setup } from 'xstate';

/**
 * Table restore status machine (RestoreTableFromClusterSnapshot, AWS's `TableRestoreStatusType`):
 * `PENDING` --START--> `IN_PROGRESS` --SUCCEED--> `SUCCEEDED` | --FAIL--> `FAILED`; a restore not
 * yet ended is `CANCELED` when its cluster starts deleting. The three ends are final.
 */
export const tableRestoreMachine = setup({
  types: {
    events: {} as { type: 'START' } | { type: 'SUCCEED' } | { type: 'FAIL' } | { type: 'CANCEL' },
  },
}).createMachine({
  id: 'table-restore',
  initial: 'PENDING',
  states: {
    PENDING: { on: { START: 'IN_PROGRESS', CANCEL: 'CANCELED' } },
    IN_PROGRESS: { on: { SUCCEED: 'SUCCEEDED', FAIL: 'FAILED', CANCEL: 'CANCELED' } },
    SUCCEEDED: { type: 'final' },
    FAILED: { type: 'final' },
    CANCELED: { type: 'final' },
  },
});

/** A table restore `Status` (AWS's exact strings). */
export type TableRestoreStatus = 'PENDING' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';

/** An event of the table restore machine: START (its data starts moving), SUCCEED/FAIL (the transfer ended), CANCEL (its cluster is deleted). */
export type TableRestoreEvent = 'START' | 'SUCCEED' | 'FAIL' | 'CANCEL';
