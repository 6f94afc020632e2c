/** `snapsim report <log.ndjson> -o report.html`: the self-contained HTML timeline of a run. */
import { writeFileSync } from 'node:fs';
import { buildTimeline } from '../report/timeline.ts';
import { renderReport } from '../report/html.ts';
import { parse, positionals } from './args.ts';
import type { Command, Io } from './command.ts';
import { UsageError } from './errors.ts';
import { readLog } from './read-log.ts';

/** The `report` command. */
export const reportCommand: Command = {
  name: 'report',
  usage: `usage: snapsim report <log.ndjson> -o <report.html> [--title TEXT]

Writes one HTML file (no network access needed) with an SVG timeline: a lane per cluster,
a bar per snapshot from start to end coloured by final status with its progress curve,
a lane of cross-region copies per destination region and cluster, restore bars,
cluster and region outage bands, marks for authorizations, revocations, copies,
skipped copies, deletions and snapshot schedule changes, and the AWS events the run
published (ticks on their cluster's lane, and a table). Hover a bar for its figures.

  -o, --out FILE   where to write the report (required)
  --title TEXT     the report's title (default: the log's file name)
`,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals: p } = parse('report', argv, { out: { type: 'string', short: 'o' }, title: { type: 'string' } });
    const [file] = positionals('report', p, ['log.ndjson']);
    if (typeof values.out !== 'string') throw new UsageError('report: -o <report.html> is required');
    const timeline = buildTimeline(readLog('report', file!, (m) => io.stderr.write(`snapsim: warning: ${m}\n`)));
    const html = renderReport(timeline, { title: typeof values.title === 'string' ? values.title : file! });
    try {
      writeFileSync(values.out, html);
    } catch (e) {
      throw new UsageError(`report: cannot write ${values.out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    io.stdout.write(`wrote ${values.out} (${timeline.lanes.filter((l) => l.copiesFrom === null).length} clusters, ${timeline.bars.length} snapshots, ${timeline.marks.length} marks)\n`);
    return 0;
  },
};
