import { setup } from 'xstate';

/**
 * Cluster status machine: the specification of every legal `ClusterStatus` change. The engine
 * never runs it; {@link clusterTable} is derived from it once and checked against xstate.
 *
 * Pausing, as AWS's guide describes it: `available` --BEGIN_PAUSE--> `pausing` (a snapshot of the
 * cluster is taken) --PAUSE_DONE--> `paused` --BEGIN_RESUME--> `resuming` --RESUME_DONE-->
 * `available`. RebootCluster: `available` --REBOOT--> `rebooting` --REBOOTED--> `available` (the
 * status an injected outage also shows, left by RECOVERED). The direct edges PAUSE (`available` → `paused`) and RESUME (`paused` →
 * `available`) are what PauseCluster and ResumeCluster decided before `pausing` and `resuming`
 * existed: logs recorded then hold them and must replay, so they stay; nothing decides them now.
 */
export const clusterMachine = setup({
  types: {
    events: {} as
      | { type: 'READY' }
      | { type: 'PAUSE' }
      | { type: 'RESUME' }
      | { type: 'BEGIN_PAUSE' }
      | { type: 'PAUSE_DONE' }
      | { type: 'BEGIN_RESUME' }
      | { type: 'RESUME_DONE' }
      | { type: 'MODIFY' }
      | { type: 'MODIFIED' }
      | { type: 'OUTAGE' }
      | { type: 'RECOVERED' }
      | { type: 'REBOOT' }
      | { type: 'REBOOTED' }
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
        BEGIN_PAUSE: 'pausing',
        PAUSE: 'paused', // logs before pausing existed (see above)
        MODIFY: 'modifying',
        OUTAGE: 'rebooting',
        REBOOT: 'rebooting',
        DELETE: 'deleting',
        DELETE_WITH_FINAL_SNAPSHOT: 'final-snapshot',
        RESTORE_FAILED: 'incompatible-restore',
      },
    },
    // a restored cluster whose data transfer failed: it can only be deleted
    'incompatible-restore': { on: { DELETE: 'deleting' } },
    // transitional: every operation but describing and tagging waits for them to end
    pausing: { on: { PAUSE_DONE: 'paused' } },
    paused: {
      on: {
        BEGIN_RESUME: 'resuming',
        RESUME: 'available', // logs before resuming existed (see above)
        DELETE: 'deleting',
        DELETE_WITH_FINAL_SNAPSHOT: 'final-snapshot',
      },
    },
    resuming: { on: { RESUME_DONE: 'available' } },
    modifying: { on: { MODIFIED: 'available' } },
    // entered by an injected outage (left when it ends: RECOVERED) or by RebootCluster (left when its seeded time ends: REBOOTED)
    rebooting: { on: { RECOVERED: 'available', REBOOTED: 'available' } },
    'final-snapshot': { on: { FINAL_SNAPSHOT_TAKEN: 'deleting' } },
    deleting: { on: { GONE: 'deleted' } },
    deleted: { type: 'final' },
  },
});

/** A `ClusterStatus` value snapsim models (AWS's exact strings), plus the terminal `deleted`. */
export type ClusterStatus = 'creating' | 'available' | 'pausing' | 'paused' | 'resuming' | 'modifying' | 'rebooting' | 'final-snapshot' | 'deleting' | 'incompatible-restore' | 'deleted';

/** An event of the cluster machine. */
export type ClusterEvent =
  | 'READY'
  | 'PAUSE'
  | 'RESUME'
  | 'BEGIN_PAUSE'
  | 'PAUSE_DONE'
  | 'BEGIN_RESUME'
  | 'RESUME_DONE'
  | 'MODIFY'
  | 'MODIFIED'
  | 'OUTAGE'
  | 'RECOVERED'
  | 'REBOOT'
  | 'REBOOTED'
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
    case 'pausing':
    case 'resuming':
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
