/**
 * `replay`: rebuilds the state from a log of ≥ 1,000,000 events (decode each NDJSON line,
 * upcast, apply) and, in the same run, times a bare `JSON.parse` of the same lines.
 * ratio = replay events/s ÷ JSON.parse events/s. Goal: ≥ 0.5.
 */
import { decodeLines } from '../src/events/codec.ts';
import { InMemoryLog } from '../src/events/log.ts';
import { replay } from '../src/sim/simulator.ts';
import { runWorkload } from './simulate-workload.ts';
import { LineLog } from './sinks.ts';

const TARGET_EVENTS = 1_000_000;

function bestOf(runs: number, f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best / 1000;
}

export default async function replayBench(): Promise<Record<string, unknown>> {
  let log = new LineLog();
  for (let clusters = 200; log.events < TARGET_EVENTS; clusters += 40) {
    log = new LineLog();
    runWorkload({ clusters, days: 365, manual: 20_000, log });
  }
  const lines = log.encoded;
  const events = log.events;
  console.error(`replay: ${lines.length} lines, ${events} events, ${(lines.reduce((n, l) => n + l.length, 0) / 1e6).toFixed(0)} MB`);

  let sink = 0;
  const baseline = bestOf(3, () => {
    for (const line of lines) sink += (JSON.parse(line) as { seq: number }).seq;
  });
  const rebuild = bestOf(3, () => {
    sink += replay(decodeLines(lines), { log: new InMemoryLog(lines.length) }).state.nextSeq;
  });
  if (sink === 0) console.error('');
  const eventsPerSec = Math.round(events / rebuild);
  const baselinePerSec = Math.round(events / baseline);
  return { bench: 'replay', events, eventsPerSec, baselinePerSec, ratio: Math.round((eventsPerSec / baselinePerSec) * 1000) / 1000 };
}
