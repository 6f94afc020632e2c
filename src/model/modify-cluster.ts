/**
 * ModifyCluster, for what snapsim models of it: the snapshot retention settings. Lowering
 * `AutomatedSnapshotRetentionPeriod` deletes at once the automated snapshots outside the new
 * period, except the latest available one (AWS keeps it); 0 turns automated snapshots off and
 * deletes them all, one still being taken too (refused for RA3 and RG).
 * `ManualSnapshotRetentionPeriod` is the default for new manual snapshots only. Every other
 * member of ModifyCluster is refused by name.
 */
import type { DomainEvent } from '../events/types.ts';
import { fault } from './errors.ts';
import { requireCluster } from './lookups.ts';
import { mayDisableAutomatedSnapshots } from './node-types.ts';
import { expiryOf } from './records.ts';
import { command } from './operation.ts';
import { findCluster, refOf } from './state.ts';
import { NOT_YET } from './types.ts';
import { clusterView } from './views.ts';

/** ModifyCluster (retention settings). */
export const modifyCluster = command<'ModifyCluster'>({
  required: ['ClusterIdentifier'],
  rules: { ClusterIdentifier: 'string', AutomatedSnapshotRetentionPeriod: 'automatedRetention', ManualSnapshotRetentionPeriod: 'manualRetention' },
  decide(s, input, caller, env) {
    const c = requireCluster(s, caller, input.ClusterIdentifier);
    if (c.status !== 'available') throw fault('InvalidClusterState', `The cluster ${c.id} is not in the available state (status ${c.status}).`);
    const automated = input.AutomatedSnapshotRetentionPeriod ?? c.automatedRetention;
    const manual = input.ManualSnapshotRetentionPeriod ?? c.manualRetention;
    if (automated === 0 && !mayDisableAutomatedSnapshots(c.profile.nodeType)) throw fault('InvalidParameterValue', "You can't disable automated snapshots for RA3 or RG node types");
    const now = env.now;
    const events: DomainEvent[] = [{ type: 'ClusterRetentionChanged', ref: refOf(caller, c.id), automatedRetention: automated, manualRetention: manual }];
    if (automated !== c.automatedRetention) {
      for (const snap of c.automated) {
        if (snap.retentionStart === NOT_YET) {
          // still transferring: its period starts when it ends, and will be the new one; turned
          // off, it goes at once with the others (its transfer stops)
          events.push(automated > 0 ? { type: 'SnapshotRetentionChanged', ref: refOf(caller, snap.id), retention: automated } : { type: 'SnapshotTransitioned', ref: refOf(caller, snap.id), event: 'PURGE' });
          continue;
        }
        const kept = automated > 0 && snap.seq === c.latestAutoSeq; // AWS keeps the latest until automated snapshots are off
        const outside = automated === 0 || expiryOf({ ...snap, retention: automated }) <= now;
        if (outside && !kept) events.push({ type: 'SnapshotTransitioned', ref: refOf(caller, snap.id), event: 'PURGE' });
        else if (automated > 0) events.push({ type: 'SnapshotRetentionChanged', ref: refOf(caller, snap.id), retention: automated });
      }
    }
    return { events, reply: (after) => ({ Cluster: clusterView(findCluster(after, caller.account, caller.region, c.id)!, caller.account, caller.region, now) }) };
  },
});
