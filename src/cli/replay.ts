/** `snapsim replay <log.ndjson> [--at TIME] [--json]`: the clusters and snapshots as of a virtual time. */
import { isInstant } from '../events/instant.ts';
import { snapshotsOf } from '../model/state.ts';
import { clusterView, snapshotView } from '../model/views.ts';
import { formatMb, formatOffset, parseInstant } from '../format/duration.ts';
import { parse, positionals } from './args.ts';
import type { Command, Io } from './command.ts';
import { UsageError } from './errors.ts';
import { readLog, replayLog } from './read-log.ts';
import { table } from './table.ts';

/** The `replay` command. */
export const replayCommand: Command = {
  name: 'replay',
  usage: `usage: snapsim replay <log.ndjson> [--at TIME] [--json]

Rebuilds the state from the log's events (no re-simulation) and prints every cluster and
snapshot as it was at TIME, with progress, rate and ETA at that instant.

  --at TIME   an offset from the log's start (90m, 1d6h, +2h) or an ISO timestamp
              (UTC unless it names a zone); default: the time of the last entry
  --json      print { at, clusters, snapshots } in AWS shapes
`,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals: p } = parse('replay', argv, { at: { type: 'string' }, json: { type: 'boolean' } });
    const [file] = positionals('replay', p, ['log.ndjson']);
    const lines: number[] = [];
    const entries = readLog('replay', file!, (m) => io.stderr.write(`snapsim: warning: ${m}\n`), lines);
    const started = entries[0]!.events[0] as { start: number; seed: number };
    const last = entries[entries.length - 1]!.at;
    let at = last;
    if (typeof values.at === 'string') {
      const t = parseInstant(values.at, started.start);
      if (t === undefined) throw new UsageError(`replay: --at: "${values.at}" is not a time (use an offset like 90m or 1d6h, or an ISO timestamp)`);
      if (t < started.start) throw new UsageError(`replay: --at ${values.at} is before the log starts (${new Date(started.start).toISOString()})`);
      if (!isInstant(t)) throw new UsageError(`replay: --at ${values.at} is past the last representable instant`);
      at = t;
    }
    const sim = replayLog('replay', file!, entries.filter((e) => e.at <= at), lines);
    const clusters: Record<string, unknown>[] = [];
    const snapshots: Record<string, unknown>[] = [];
    for (const part of sim.state.partitions.values()) {
      for (const c of part.clusters.values()) clusters.push({ Account: part.account, Region: part.region, ...clusterView(c, part.account, part.region, at) });
      for (const s of [...snapshotsOf(part)].sort((a, b) => a.seq - b.seq)) snapshots.push({ Region: part.region, ...snapshotView(s, at, s.owner) });
    }
    if (values.json === true) {
      io.stdout.write(JSON.stringify({ at: new Date(at).toISOString(), seed: started.seed, clusters, snapshots }, null, 2) + '\n');
      return 0;
    }
    const v = (o: Record<string, unknown>, k: string) => o[k] as number;
    io.stdout.write(`${file}: seed ${started.seed}, ${entries.length} entries; state at ${formatOffset(at - started.start)} (${new Date(at).toISOString()})${at > last ? ' — after the last entry' : ''}\n\n`);
    io.stdout.write(`Clusters (${clusters.length})\n`);
    io.stdout.write(table(['account', 'region', 'cluster', 'status', 'nodes', 'next automated'],
      clusters.map((c) => [String(c.Account), String(c.Region), String(c.ClusterIdentifier), String(c.ClusterStatus), v(c, 'NumberOfNodes'),
        c.ExpectedNextSnapshotScheduleTime ? formatOffset((c.ExpectedNextSnapshotScheduleTime as Date).getTime() - started.start) : '–'])));
    io.stdout.write(`\nSnapshots (${snapshots.length})\n`);
    io.stdout.write(table(['owner', 'snapshot', 'cluster', 'type', 'status', 'progress', 'of', 'MB/s', 'ETA s', 'shared with'],
      snapshots.map((s) => [String(s.OwnerAccount), String(s.SnapshotIdentifier), String(s.ClusterIdentifier), String(s.SnapshotType), String(s.Status),
        formatMb(v(s, 'BackupProgressInMegaBytes')), formatMb(v(s, 'ActualIncrementalBackupSizeInMegaBytes')), v(s, 'CurrentBackupRateInMegaBytesPerSecond'),
        v(s, 'EstimatedSecondsToCompletion'), ((s.AccountsWithRestoreAccess as { AccountId?: string; AccountAlias?: string }[] | undefined) ?? []).map((g) => g.AccountId ?? g.AccountAlias).join(' ') || '–'])));
    return 0;
  },
};
