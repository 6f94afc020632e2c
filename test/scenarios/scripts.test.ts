/** Every shipped scenario (scripts and declarative files) passes its own checks under several seeds. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/scenario/index.ts';

const files = readdirSync('scenarios').filter((f) => /\.(ts|json|ya?ml)$/.test(f)).map((f) => `scenarios/${f}`);

describe('shipped scenarios', () => {
  it('include the six stories and at least one declarative file', () => {
    expect(files.filter((f) => f.endsWith('.ts')).length).toBeGreaterThanOrEqual(6);
    expect(files.some((f) => /\.(json|ya?ml)$/.test(f))).toBe(true);
  });

  for (const file of files) {
    for (const seed of [1, 42]) {
      it(`${file} holds under seed ${seed}`, async () => {
        const result = runScenario(await loadScenario(file), { seed });
        const failed = result.checks.filter((c) => !c.ok).map((c) => c.message);
        expect({ error: result.error, failed }).toEqual({ error: null, failed: [] });
        expect(result.checks.length).toBeGreaterThan(0);
        expect(result.passed).toBe(true);
      });
    }
  }

  it('region-outage-dr records its RPO and RTO, the same for the same seed', async () => {
    const scenario = await loadScenario('scenarios/region-outage-dr.ts');
    const a = runScenario(scenario, { seed: 5 });
    const b = runScenario(scenario, { seed: 5 });
    expect(Object.keys(a.metrics).sort()).toEqual(['rpoSeconds', 'rtoSeconds']);
    expect(a.metrics.rtoSeconds).toBeGreaterThan(0);
    expect(a.metrics).toEqual(b.metrics);
  });

  it("region-outage-dr's RTO is from the region's loss to the restore's end, as the log has them (not the poll that saw it)", async () => {
    const scenario = await loadScenario('scenarios/region-outage-dr.ts');
    for (const seed of [1, 2, 3]) {
      const run = runScenario(scenario, { seed });
      const at = (type: string) => run.sim.entries().find((e) => e.events.some((ev) => ev.type === type))!.at;
      expect(run.metrics.rtoSeconds, `seed ${seed}`).toBe((at('ClusterRestoreEnded') - at('RegionOutageScheduled')) / 1000);
    }
  });

  it('narrates in virtual time and reports the same figures for the same seed', async () => {
    const scenario = await loadScenario('scenarios/cross-account-dr.ts');
    const lines: string[] = [];
    const a = runScenario(scenario, { seed: 9, observer: { line: (l) => lines.push(l) } });
    const b = runScenario(scenario, { seed: 9 });
    expect(lines[0]).toMatch(/^d0 00:00:00 {2}→ CreateCluster prod/);
    expect(lines.some((l) => /available after/.test(l))).toBe(true);
    expect(a.sim.encodeLog()).toBe(b.sim.encodeLog());
    expect(a.stats).toEqual(b.stats);
  });
});
