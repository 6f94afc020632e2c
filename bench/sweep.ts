/**
 * `sweep`: `snapsim sweep scenarios/failure-storm.ts --seeds 1..300` with one worker and with
 * two, each run a whole CLI process as users start it (`node bin/snapsim.js`). Goals: two workers
 * ≥ 1.6× faster in wall time than one, total CPU ≤ 1.15× one worker's, byte-identical JSON.
 *
 * This machine is shared and its speed drifts, so the figures are ratios within pairs: a
 * one-worker run and a two-worker run back to back, which goes first alternating between pairs;
 * the medians of SWEEP_PAIRS pairs (default 5) count. CPU time is the child process's whole
 * user + system time, every thread included (its workers, GC and compiler threads, tsx's hooks
 * thread, and esbuild's process, which it waits for): the growth of this process's
 * cutime + cstime in /proc/self/stat across the run, which the kernel adds when the child is
 * reaped. SWEEP_SEEDS sets the seed count (default 300).
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats.ts';

const ROOT = join(import.meta.dirname, '..');
const PAIRS = Number(process.env.SWEEP_PAIRS ?? 5);
const SEEDS = Number(process.env.SWEEP_SEEDS ?? 300);
const SCENARIO = 'scenarios/failure-storm.ts';

/** Clock ticks per second of /proc's times. */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds of this process's reaped children so far (cutime + cstime). */
function childrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // fields after the command name (which may hold spaces) start at field 3; cutime, cstime are 16, 17
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[16 - 3]) + Number(f[17 - 3])) / TICKS;
}

interface Run {
  wall: number;
  cpu: number;
  stdout: string;
}

/** One whole `snapsim sweep` process; its wall time, its CPU time, its JSON. */
function sweep(workers: number, seeds = SEEDS): Promise<Run> {
  return new Promise((done, fail) => {
    const cpu0 = childrenCpu();
    const t0 = performance.now();
    const child = spawn(process.execPath, ['bin/snapsim.js', 'sweep', SCENARIO, '--seeds', `1..${seeds}`, '--workers', String(workers), '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      // none of the bench's own node flags (heap sizes) reach the measured process
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0 && code !== 1) return fail(new Error(`snapsim sweep exited with ${code}`));
      done({ wall, cpu: childrenCpu() - cpu0, stdout });
    });
  });
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export default async function sweepBench(): Promise<Record<string, unknown>> {
  const startup: number[] = [];
  for (let i = 0; i < 3; i++) startup.push((await sweep(1, 1)).wall);
  const pairs: { one: Run; two: Run }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    let one: Run;
    let two: Run;
    if (i % 2 === 0) {
      one = await sweep(1);
      two = await sweep(2);
    } else {
      two = await sweep(2);
      one = await sweep(1);
    }
    pairs.push({ one, two });
    console.error(`sweep: pair ${i + 1}: 1 worker ${one.wall.toFixed(2)} s (cpu ${one.cpu.toFixed(2)} s), 2 workers ${two.wall.toFixed(2)} s (cpu ${two.cpu.toFixed(2)} s): speed-up ${(one.wall / two.wall).toFixed(2)}×, cpu ${(two.cpu / one.cpu).toFixed(2)}×`);
  }
  const reference = pairs[0]!.one.stdout;
  const identical = pairs.every((p) => p.one.stdout === reference && p.two.stdout === reference);
  const speedups = pairs.map((p) => p.one.wall / p.two.wall);
  const cpuRatios = pairs.map((p) => p.two.cpu / p.one.cpu);
  const speedup = median(speedups);
  const cpuRatio = median(cpuRatios);
  return {
    bench: 'sweep',
    scenario: SCENARIO,
    seeds: SEEDS,
    pairs: PAIRS,
    speedup: r3(speedup),
    cpuRatio: r3(cpuRatio),
    identical,
    goalsMet: speedup >= 1.6 && cpuRatio <= 1.15 && identical,
    speedups: speedups.map(r3),
    cpuRatios: cpuRatios.map(r3),
    oneWorker: { wallSeconds: pairs.map((p) => r3(p.one.wall)), cpuSeconds: pairs.map((p) => r3(p.one.cpu)) },
    twoWorkers: { wallSeconds: pairs.map((p) => r3(p.two.wall)), cpuSeconds: pairs.map((p) => r3(p.two.cpu)) },
    oneSeedWallSeconds: r3(median(startup)),
  };
}
