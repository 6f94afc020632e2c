/**
 * Narration: turns service-side log events (a backup starting, ending, being purged; a cluster
 * becoming ready, going down, going away) into the readable lines of a scenario's timeline.
 */
import { assertNever } from '../events/assert-never.ts';
import type { LogEntry } from '../events/types.ts';
import type { TimelineBuilder } from '../report/timeline.ts';
import { formatDuration, formatMb } from '../format/duration.ts';

const KIND_LABEL = { manual: 'manual snapshot', automated: 'automated snapshot', copy: 'copy', final: 'final snapshot' } as const;

/**
 * Lines for an entry, read against the timeline as it was *before* the entry was folded in.
 * Requests a scenario makes itself are narrated by the scenario; only their service effects and
 * the scheduled work are described here.
 */
export function narrate(entry: LogEntry, before: TimelineBuilder): string[] {
  const out: string[] = [];
  for (const e of entry.events) {
    switch (e.type) {
      case 'ClusterTransitioned':
        if (e.event === 'READY') out.push(`cluster ${e.ref.id} is available`);
        else if (e.event === 'OUTAGE') out.push(`cluster ${e.ref.id} became unavailable (rebooting): its running backups stall`);
        else if (e.event === 'RECOVERED') out.push(`cluster ${e.ref.id} recovered`);
        else if (e.event === 'REBOOTED') out.push(`cluster ${e.ref.id} rebooted: available`);
        else if (e.event === 'FINAL_SNAPSHOT_TAKEN') out.push(`cluster ${e.ref.id}: final snapshot taken, deleting`);
        break;
      case 'ClusterRestoreEnded':
        out.push(`cluster ${e.ref.id}: restore ${e.outcome}${e.outcome === 'failed' ? ' (incompatible-restore)' : ''}`);
        break;
      case 'ClusterRestoreStarted':
        if (entry.command === null) out.push(`cluster ${e.ref.id} restoring from ${e.source.id}`);
        break;
      case 'ApiErrorRaised':
        out.push(`injected error (rule ${e.rule}) answered ${entry.command?.name ?? 'a call'}`);
        break;
      case 'ClusterRemoved':
        out.push(`cluster ${e.ref.id} is gone`);
        break;
      case 'SnapshotCreated':
        if (entry.command === null) out.push(`${KIND_LABEL[e.kind]} ${e.ref.id} started (${formatMb(e.incrementalMb)} to transfer)`);
        break;
      case 'SnapshotTransitioned': {
        const bar = before.bar(e.ref.account, e.ref.region, e.ref.id);
        const took = bar ? ` after ${formatDuration((entry.at - bar.start) / 1000)}` : '';
        if (e.event === 'COMPLETE') out.push(`${e.ref.id} available${took}${bar ? ` (${formatMb(bar.incrementalMb)})` : ''}`);
        else if (e.event === 'FAIL') out.push(`${e.ref.id} FAILED${took}`);
        else if (e.event === 'CANCEL') out.push(`${e.ref.id} cancelled${took}`);
        else if (e.event === 'PURGE') out.push(`${e.ref.id} removed by the service (${bar?.end === null ? 'cluster deleted mid-backup' : 'retention ended or cluster deleted'})`);
        break;
      }
      case 'SnapshotCopyStarted':
        out.push(`${e.source.id} copying to ${e.ref.region} (${formatMb(e.totalMb)})`);
        break;
      case 'SnapshotCopySkipped':
        out.push(`${e.source.id} NOT copied to ${e.ref.region}: ${e.reason === 'quota' ? 'its manual snapshot quota is full' : 'a snapshot of that name is there'}`);
        break;
      case 'ClusterSnapshotScheduleActivated':
        out.push(`cluster ${e.ref.id}: its snapshot schedule is ACTIVE, automated snapshots follow it`);
        break;
      case 'RegionOutageScheduled':
        out.push(`region ${e.outage.region} down from ${new Date(e.outage.from).toISOString()} to ${new Date(e.outage.to).toISOString()}`);
        break;
      case 'SnapshotTransferReplanned':
        out.push(`${e.ref.id} ${e.plan.outcome === 'failed' ? 'fails' : 'stalls'} in a region outage`);
        break;
      case 'SnapshotTransferStalled':
        out.push(`${e.ref.id} stalls for ${formatDuration((e.to - e.from) / 1000)} (its cluster is rebooting)`);
        break;
      case 'TableRestoreTransitioned':
        if (e.event === 'START') out.push(`table restore ${e.requestId} into ${e.ref.id} in progress`);
        else out.push(`table restore ${e.requestId} into ${e.ref.id} ${e.event === 'SUCCEED' ? 'succeeded' : e.event === 'FAIL' ? 'FAILED' : 'canceled (cluster deleted)'}`);
        break;
      case 'TableRestoreStarted':
      case 'SimulationStarted':
      case 'ClusterCreated':
      case 'SnapshotScheduleCreated':
      case 'SnapshotScheduleModified':
      case 'SnapshotScheduleDeleted':
      case 'ClusterSnapshotScheduleChanged':
      case 'SnapshotCopyEnabled':
      case 'SnapshotCopyDisabled':
      case 'SnapshotCopyRetentionChanged':
      case 'SnapshotRetentionChanged':
      case 'ClusterRetentionChanged':
      case 'ApiErrorInjected':
      case 'SnapshotAccessAuthorized':
      case 'SnapshotAccessRevoked':
      case 'ResourceTagsChanged':
      case 'SnapshotCopyGrantCreated':
      case 'SnapshotCopyGrantDeleted':
      case 'EventSubscriptionCreated':
      case 'EventSubscriptionModified':
      case 'EventSubscriptionDeleted':
        break; // requests the scenario narrates itself, or nothing to say
      default:
        assertNever(e, 'event');
    }
  }
  return out;
}

const NAMING_MEMBERS = ['SnapshotIdentifier', 'TargetSnapshotIdentifier', 'ClusterIdentifier', 'SourceSnapshotIdentifier', 'FinalClusterSnapshotIdentifier', 'AccountWithRestoreAccess', 'ManualSnapshotRetentionPeriod'];

/** A one-line description of a request: the operation and the members that name things. */
export function callLine(operation: string, input: Record<string, unknown>, as: string | null): string {
  const named = NAMING_MEMBERS.filter((k) => input[k] !== undefined).map((k) => `${k.replace(/Identifier$/, '')}=${String(input[k])}`);
  return `→ ${operation}${named.length ? ' ' + named.join(' ') : ''}${as ? ` (as ${as})` : ''}`;
}
