/** The declarative format: valid files run; invalid ones are refused naming file, path and problem. */
import { describe, expect, it } from 'vitest';
import { parseScenarioText, runScenario, ScenarioFormatError } from '../../src/scenario/index.ts';

const problem = (text: string, file = 'ops.yaml'): string => {
  try {
    parseScenarioText(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioFormatError);
    return (e as Error).message;
  }
  throw new Error('expected the scenario to be refused');
};

describe('declarative scenario validation', () => {
  it('names an unknown operation with its step path, and suggests the right one', () => {
    expect(problem('name: x\nsteps:\n  - idle: true\n  - call: CreateSnapshot\n')).toBe('ops.yaml: steps[1].call: unknown operation "CreateSnapshot" (did you mean CreateClusterSnapshot?)');
  });

  it('reads a JSON file that starts with a byte-order mark', () => {
    expect(parseScenarioText('\uFEFF{"name":"bom","steps":[{"idle":true}]}', 'bom.json').name).toBe('bom');
  });

  it("checks a script's config as a file's: a misspelt section is named, not ignored", async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { loadScenario } = await import('../../src/scenario/load.ts');
    const dir = mkdtempSync(join(tmpdir(), 'snapsim-script-'));
    const script = (name: string, config: string) => {
      writeFileSync(join(dir, name), `export default { name: 'x', config: ${config}, run() {} };\n`);
      return join(dir, name);
    };
    const misspelt = script('misspelt.mjs', '{ faultz: { backupFailure: 0.1 } }');
    await expect(loadScenario(misspelt)).rejects.toThrow(`${misspelt}: config.faultz: unknown key (allowed: quotas, rates`);
    const wrong = script('wrong.mjs', '{ faults: { backupFailure: 2 } }');
    await expect(loadScenario(wrong)).rejects.toThrow(`${wrong}: config.faults.backupFailure: must be a probability between 0 and 1, got 2`);
  });

  it('names missing and misspelled keys', () => {
    expect(problem('steps: [{ idle: true }]')).toBe('ops.yaml: name: must be a non-empty string, got nothing');
    expect(problem('name: x\nsteps: []')).toBe('ops.yaml: steps: must be a non-empty list of steps, got a list');
    expect(problem('name: x\nsteps:\n  - cluster: { id: a, node: 2 }')).toMatch(/^ops\.yaml: steps\[0\]\.cluster\.node: unknown key \(allowed: id, nodeType, nodes/);
    expect(problem('name: x\nstep: []')).toMatch(/^ops\.yaml: step: unknown key/);
  });

  it('checks durations, accounts, config settings and step shape', () => {
    expect(problem('name: x\nsteps:\n  - at: soon\n    idle: true')).toBe('ops.yaml: steps[0].at: must be a duration like 90s, 15m, 2h30m, 3d (got "soon")');
    expect(problem('name: x\nsteps:\n  - call: DescribeClusters\n    as: bob')).toBe('ops.yaml: steps[0].as: must be a 12-digit account id, got "bob"');
    expect(problem('name: x\nconfig: { faults: { backupFailure: 2 } }\nsteps: [{ idle: true }]')).toBe('ops.yaml: config.faults.backupFailure: must be a probability between 0 and 1, got 2');
    expect(problem('name: x\nconfig: { timings: { rateVariation: [0, 1] } }\nsteps: [{ idle: true }]')).toBe('ops.yaml: config.timings.rateVariation: must start above 0, got [0, 1]');
    expect(problem('name: x\nconfig: { copyRates: { default: -1 } }\nsteps: [{ idle: true }]')).toBe('ops.yaml: config.copyRates.default: must be a number above 0, got -1');
    expect(problem('name: x\nconfig: { quotas: { manual: 2 } }\nsteps: [{ idle: true }]')).toMatch(/^ops\.yaml: config\.quotas\.manual: unknown setting \(known: manualSnapshots/);
    expect(problem('name: x\nsteps:\n  - { idle: true, say: hi }')).toBe('ops.yaml: steps[0]: has several actions (idle, say); use one per step');
    expect(problem('name: x\nsteps:\n  - check: { snapshots: {} }')).toBe('ops.yaml: steps[0].check: a snapshots check needs `count` or `all`');
  });

  it('takes the optional quota of snapshot copy grants, which a call then meets', () => {
    const text = [
      'name: grants',
      'config: { quotas: { copyGrants: 1 } }',
      'steps:',
      '  - call: CreateSnapshotCopyGrant',
      '    input: { SnapshotCopyGrantName: g1 }',
      '  - call: CreateSnapshotCopyGrant',
      '    input: { SnapshotCopyGrantName: g2 }',
      '    expect: { error: SnapshotCopyGrantQuotaExceededFault }',
    ].join('\n');
    const scenario = parseScenarioText(text, 'grants.yaml');
    expect(scenario.config?.quotas).toEqual({ copyGrants: 1 });
    const r = runScenario(scenario, { seed: 1 });
    expect([r.error, r.passed]).toEqual([null, true]);
  });

  it('reports syntax errors with the position', () => {
    expect(problem('{"name": "x",', 'a.json')).toMatch(/^a\.json: not valid JSON/);
    expect(problem('name: x\nsteps: [\n', 'b.yaml')).toMatch(/^b\.yaml: line \d+, column \d+: not valid YAML/);
  });

  it('runs a valid file through the same runner as scripts, failing checks that do not hold', () => {
    const scenario = parseScenarioText(
      `name: tiny
steps:
  - cluster: { id: c1 }
  - call: CreateClusterSnapshot
    input: { ClusterIdentifier: c1, SnapshotIdentifier: s1 }
  - idle: true
  - check: { snapshot: s1, is: { Status: available } }
  - check: { snapshots: { SnapshotType: manual }, count: 2 }
  - call: DeleteClusterSnapshot
    input: { SnapshotIdentifier: nope }
    expect: { error: ClusterSnapshotNotFound }
`,
      'tiny.yaml',
    );
    const r = runScenario(scenario, { seed: 3 });
    expect(r.checks.map((c) => c.ok)).toEqual([true, false, true]);
    expect(r.checks[1]!.message).toBe('snapshots {"SnapshotType":"manual"}: count 2 (is 1)');
    expect(r.passed).toBe(false);
  });

  it('stops at an unexpected error, naming the step', () => {
    const r = runScenario(parseScenarioText('name: x\nsteps:\n  - call: DeleteClusterSnapshot\n    input: { SnapshotIdentifier: nope }\n', 'x.yaml'));
    expect(r.error).toBe('steps[0] (DeleteClusterSnapshot): ClusterSnapshotNotFound: Snapshot nope not found.');
  });
});
