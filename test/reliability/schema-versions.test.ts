/**
 * The persisted schema's three promises, over every committed log fixture (one per schema
 * version that changed): (a) a log at current versions decodes and re-encodes to the same bytes;
 * (b) re-running a fixture's commands on this build gives the same log — the same events, the
 * timers due at the same instants in the same order — as the fixture upcast to current versions;
 * (c) an older log replays to the same views as when it was current (`vN.views.json`, written by
 * the build of its time and changed since only where a view changed on purpose, as CHANGELOG
 * says: `ClusterNamespaceArn`, and `NextMaintenanceWindowStartTime` added), and its re-encoding
 * differs only in the events that were upcast.
 *
 * v1.ndjson predates the keyed random streams, so this build draws other figures for its commands:
 * it is not re-run (b); it is replayed (c). The newest fixture is re-run; an older one is re-run as
 * long as its commands still mean what they meant. v2.ndjson and v3.ndjson no longer are: their
 * PauseCluster decided PAUSE (available → paused at once), and this build decides pausing with a
 * pause snapshot (and ResumeCluster resuming), so re-running them gives other events; their logs
 * still replay to the views they had (c).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry, LogFormatError } from '../../src/events/codec.ts';
import { checksummedLine, FileLog } from '../../src/events/file-log.ts';
import { SCHEMA_VERSIONS, type EventType, type LogEntry, type SimulationStarted } from '../../src/events/types.ts';
import { createSimulator, replay, type Simulator } from '../../src/sim/simulator.ts';
import { clusterView, snapshotView } from '../../src/model/views.ts';
import { snapshotsOf } from '../../src/model/state.ts';

const FIXTURES = ['v1.ndjson', 'v2.ndjson', 'v3.ndjson', 'v4.ndjson', 'v4-recovery.ndjson'];
/** Fixtures whose commands this build re-runs to the same log (see the header: not v2, v3, whose PauseCluster now decides pausing). */
const RERUN = ['v4.ndjson', 'v4-recovery.ndjson'];
const path = (name: string) => join(import.meta.dirname, 'fixtures', name);

/** Runs the fixture's commands again, at their logged times and under their logged request ids. */
function rerun(entries: readonly LogEntry[]): Simulator {
  const started = entries[0]!.events[0] as SimulationStarted;
  const sim = createSimulator({ seed: started.seed, start: started.start, ...started.config });
  for (const e of entries.slice(1)) {
    const first = e.events[0];
    // faults the library injected are entries without a command: inject them again
    if (e.command === null && first?.type === 'RegionOutageScheduled') {
      sim.advanceTo(e.at);
      sim.scheduleRegionOutage(first.outage);
    }
    if (e.command === null && first?.type === 'ApiErrorInjected') {
      sim.advanceTo(e.at);
      sim.injectApiError(first.rule);
    }
    if (e.command === null) continue;
    sim.advanceTo(e.at);
    try {
      sim.execute(e.command.name, e.command.input, { account: e.command.account, region: e.command.region }, { requestId: e.requestId! });
    } catch (error) {
      // a call an injected error answered is logged, then refused
      if (e.events[0]?.type !== 'ApiErrorRaised') throw error;
    }
  }
  sim.advanceTo(entries[entries.length - 1]!.at);
  return sim;
}

/** Every cluster and snapshot as AWS shows it, by partition, at the simulator's now. */
function views(sim: Simulator): unknown {
  const now = sim.nowMs();
  return [...sim.state.partitions.values()].map((p) => ({
    partition: `${p.account}/${p.region}`,
    clusters: [...p.clusters.values()].map((c) => clusterView(c, p.account, p.region, now)),
    snapshots: [...snapshotsOf(p)].map((s) => snapshotView(s, now, p.account)),
  }));
}

/** The stored schema versions of each event of each line, as written. */
const storedVersions = (text: string): { type: EventType; v: number }[][] =>
  text.trim().split('\n').map((line) => (JSON.parse(line) as { events: { type: EventType; v: number }[] }).events.map(({ type, v }) => ({ type, v })));

describe('the persisted schema', () => {
  it('has fixtures written at the current version of every event type, holding every event type', () => {
    const current = `v${Math.max(...Object.values(SCHEMA_VERSIONS))}`;
    const stored = [`${current}.ndjson`, `${current}-recovery.ndjson`].flatMap((name) => storedVersions(readFileSync(path(name), 'utf8')).flat());
    for (const e of stored) expect(e.v, e.type).toBe(SCHEMA_VERSIONS[e.type]);
    const seen = new Set(stored.map((e) => e.type));
    expect((Object.keys(SCHEMA_VERSIONS) as EventType[]).filter((t) => !seen.has(t))).toEqual([]);
  });

  it("refuses an event type the schema lacks, also one named like Object's own members: LogFormatError", () => {
    for (const type of ['Nope', 'constructor', 'toString', '__proto__']) {
      for (const v of [1, 2]) {
        const line = JSON.stringify({ seq: 0, at: 0, command: null, events: [{ type, v }] });
        expect(() => decodeEntry(line, 3), `${type} v${v}`).toThrow(LogFormatError);
        expect(() => decodeEntry(line, 3), `${type} v${v}`).toThrow(/line 3: unknown event type/);
      }
    }
  });

  it('(a) decodes and re-encodes a log at current versions to the same bytes', () => {
    const file = path('v4.ndjson');
    const text = readFileSync(file, 'utf8');
    expect(FileLog.read(file).map((e) => checksummedLine(e) + '\n').join('')).toBe(text);
  });

  for (const name of RERUN) {
    it(`(b) re-running the commands of ${name} gives its log, upcast to current versions`, () => {
      const entries = FileLog.read(path(name));
      const again = rerun(entries).entries();
      expect(again.map(encodeEntry)).toEqual(entries.map(encodeEntry));
      expect(views(rerun(entries))).toEqual(views(replay(entries)));
    });
  }

  for (const name of FIXTURES) {
    it(`(c) ${name} replays to the views it had, and re-encodes unchanged but for upcast events`, () => {
      const entries = FileLog.read(path(name));
      const then = JSON.parse(readFileSync(path(name.replace('.ndjson', '.views.json')), 'utf8')) as unknown;
      expect(JSON.parse(JSON.stringify(views(replay(entries))))).toEqual(then);
      const stored = storedVersions(readFileSync(path(name), 'utf8'));
      const original = readFileSync(path(name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { events: unknown[] });
      entries.forEach((entry, i) => {
        const reencoded = JSON.parse(encodeEntry(entry)) as { events: unknown[] };
        reencoded.events.forEach((event, j) => {
          const { type, v } = stored[i]![j]!;
          if (v === SCHEMA_VERSIONS[type]) expect(event, `line ${i + 1} event ${j}`).toEqual(original[i]!.events[j]);
          else expect((event as { v: number }).v, `line ${i + 1}: ${type} upcast`).toBe(SCHEMA_VERSIONS[type]);
        });
      });
    });
  }

  it('fills the pausing and resuming times a v3 log lacks with their defaults', () => {
    const started = FileLog.read(path('v3.ndjson'))[0]!.events[0] as SimulationStarted;
    expect(started.config.timings.clusterPauseSeconds).toEqual([120, 360]);
    expect(started.config.timings.clusterResumeSeconds).toEqual([300, 900]);
  });

  it('replays the PAUSE and RESUME of an older log as they were: paused at once, available at once', () => {
    const entries = FileLog.read(path('v3.ndjson'));
    const pauseAt = entries.findIndex((e) => e.command?.name === 'PauseCluster');
    expect(entries[pauseAt]!.events).toEqual([expect.objectContaining({ type: 'ClusterTransitioned', event: 'PAUSE' })]);
    const paused = replay(entries.slice(0, pauseAt + 1));
    expect(paused.state.partitions.get('123456789012/us-east-1')!.clusters.get('beta')!.status).toBe('paused');
  });

  it('fills the settings a v1 log lacks with their defaults', () => {
    const started = FileLog.read(path('v1.ndjson'))[0]!.events[0] as SimulationStarted;
    expect(started.config.restoreRates['dc2.large']).toBeGreaterThan(0);
    expect(started.config.copyRates.default).toBeGreaterThan(0);
    expect(started.config.faults.restoreFailure).toBe(0);
  });
});
