/**
 * `memory`: the heap of a served simulation over virtual years. 20 clusters under `serve`
 * (`startServer` in this process), each day a manual snapshot kept 7 days, for 10 virtual years:
 * with a log file, and without one (the bounded ring); and, as the baseline of the same run, the
 * same workload on a simulator that keeps every entry in memory (`createSimulator()`'s default
 * log, which `serve` used before). `heapUsed` after a forced GC at virtual years 1, 5 and 10; the
 * growth per virtual year is the slope from year 1 to year 10. Goal: ≤ 0.2 MB per virtual year,
 * i.e. memory that depends on the live state, not on history. Run with --expose-gc (npm run bench
 * does).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/api/server.ts';
import { createSimulator, type Simulator } from '../src/sim/simulator.ts';

const CLUSTERS = 20;
const YEARS = [1, 5, 10];
const DAY = 86_400;
/** How the log is kept: serve with a file, serve without one, or every entry in memory (the baseline). */
const MODES = ['withLogFile', 'withoutLogFile', 'keepEveryEntry'] as const;
type Mode = (typeof MODES)[number];

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

/** Runs the served workload; returns the heap at each of {@link YEARS} and the log's entries. */
async function served(mode: Mode): Promise<{ heapMb: number[]; entries: number; fileMb: number }> {
  const withFile = mode === 'withLogFile';
  const dir = mkdtempSync(join(tmpdir(), 'snapsim-memory-'));
  const logFile = join(dir, 'log.ndjson');
  const server = mode === 'keepEveryEntry' ? undefined : await startServer({ port: 0, seed: 1, clock: 'manual', ...(withFile ? { logFile } : {}) });
  try {
    const sim = server ? (server.endpoint.sim as Simulator) : createSimulator({ seed: 1 });
    for (let i = 0; i < CLUSTERS; i++) sim.createCluster({ ClusterIdentifier: `c${i}`, NodeType: 'dc2.large', MasterUsername: 'admin', NumberOfNodes: 1 + (i % 4) });
    const heapMb: number[] = [];
    for (let day = 1; day <= YEARS[YEARS.length - 1]! * 365; day++) {
      sim.advance(DAY);
      try {
        sim.createClusterSnapshot({ ClusterIdentifier: `c${day % CLUSTERS}`, SnapshotIdentifier: `m${day}`, ManualSnapshotRetentionPeriod: 7 });
      } catch {
        // a cluster in an outage: skip the day
      }
      if (day % 365 === 0 && YEARS.includes(day / 365)) {
        await sim.flush();
        heapMb.push(heapAfterGc() / 1e6);
      }
    }
    return { heapMb, entries: sim.log.nextSeq, fileMb: withFile ? statSync(logFile).size / 1e6 : 0 };
  } finally {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function memoryBench(): Promise<Record<string, unknown>> {
  if (!gc) console.error('memory: run with --expose-gc (npm run bench does)');
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const out: Record<string, unknown> = { bench: 'memory', clusters: CLUSTERS, years: YEARS };
  for (const name of MODES) {
    const withFile = name === 'withLogFile';
    const r = await served(name);
    const perYear = (r.heapMb[r.heapMb.length - 1]! - r.heapMb[0]!) / (YEARS[YEARS.length - 1]! - YEARS[0]!);
    console.error(`memory: ${name}: heap ${r.heapMb.map((m) => m.toFixed(1)).join(' / ')} MB at years ${YEARS.join(', ')}; ${r.entries} entries${withFile ? `, file ${r.fileMb.toFixed(0)} MB` : ''}`);
    out[name] = { heapMb: r.heapMb.map(r2), bytesPerVirtualYear: Math.round(perYear * 1e6), entries: r.entries, ...(withFile ? { fileMb: r2(r.fileMb) } : {}) };
  }
  const growth = (name: Mode) => (out[name] as { bytesPerVirtualYear: number }).bytesPerVirtualYear;
  out.ratioToKeepingEveryEntry = { withLogFile: Math.round((growth('withLogFile') / growth('keepEveryEntry')) * 1000) / 1000, withoutLogFile: Math.round((growth('withoutLogFile') / growth('keepEveryEntry')) * 1000) / 1000 };
  return out;
}
