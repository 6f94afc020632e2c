import { appendFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSimulator, FileLog, LogLockedError, logLockPath, replay, type Simulator } from '../../src/index.ts';
import { deepEqual } from '../../src/testing/invariants.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'snapsim-log-'));

/** A short story that writes a handful of entries. */
function story(sim: Simulator): void {
  sim.execute('CreateCluster', { ClusterIdentifier: 'alpha', NodeType: 'dc2.large', MasterUsername: 'admin' });
  sim.runUntilIdle();
  sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 's1' });
  sim.advance(3600);
  sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1', AccountWithRestoreAccess: '210987654321' });
}

function written(path: string): Simulator {
  const log = FileLog.open(path);
  const sim = createSimulator({ seed: 5, log });
  story(sim);
  log.close();
  return sim;
}

describe('the file log', () => {
  it('reopens to the same state and carries on appending', () => {
    const path = join(tmp(), 'log.ndjson');
    const live = written(path);
    const log = FileLog.open(path);
    const again = createSimulator({ log });
    expect(deepEqual(again.state, live.state)).toBe(true);
    again.execute('CreateClusterSnapshot', { ClusterIdentifier: 'alpha', SnapshotIdentifier: 's2' });
    log.close();
    expect(FileLog.read(path)).toHaveLength(live.log.nextSeq + 1);
  });

  it('carries a checksum on every line, and the lines stay plain JSON', () => {
    const path = join(tmp(), 'log.ndjson');
    written(path);
    for (const line of readFileSync(path, 'utf8').trim().split('\n')) expect(JSON.parse(line).crc).toMatch(/^[0-9a-f]{8}$/);
  });

  it('truncates a torn last line with a warning', () => {
    const path = join(tmp(), 'log.ndjson');
    const live = written(path);
    const good = readFileSync(path, 'utf8');
    appendFileSync(path, '{"seq":99,"at":1,"requestId":null,"comm');
    const warnings: string[] = [];
    const log = FileLog.open(path, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/torn last line/);
    expect([...log.read()]).toHaveLength(live.log.nextSeq);
    log.close();
    expect(readFileSync(path, 'utf8')).toBe(good);
  });

  it('refuses to start on a damaged line elsewhere, naming the file and line, and overwrites nothing', () => {
    const path = join(tmp(), 'log.ndjson');
    written(path);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"alpha"', '"alphx"');
    const damaged = lines.join('\n');
    writeFileSync(path, damaged);
    expect(() => FileLog.open(path)).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: checksum`));
    expect(readFileSync(path, 'utf8')).toBe(damaged);
    expect(existsSync(logLockPath(path))).toBe(false);
  });

  it('refuses a second writer', () => {
    const path = join(tmp(), 'log.ndjson');
    const log = FileLog.open(path);
    expect(() => FileLog.open(path)).toThrow(LogLockedError);
    const other = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${join(process.cwd(), 'src/events/file-log.ts')}').then(m => { try { m.FileLog.open(${JSON.stringify(path)}); console.log('opened'); } catch (e) { console.log(e.message); } })`], { encoding: 'utf8' });
    expect(other.stdout).toMatch(/already open for writing by process \d+/);
    log.close();
    FileLog.open(path).close();
  });

  it('takes over a lock whose process is gone', () => {
    const path = join(tmp(), 'log.ndjson');
    writeFileSync(path, '');
    writeFileSync(logLockPath(path), JSON.stringify({ pid: 999999, start: '1', path }));
    FileLog.open(path).close();
  });

  it('replays a committed log fixture of the current schema version', () => {
    const entries = FileLog.read(join(import.meta.dirname, 'fixtures', 'v1.ndjson'));
    const sim = replay(entries);
    const snaps = sim.execute('DescribeClusterSnapshots', {}).Snapshots;
    expect(snaps.map((s: { SnapshotIdentifier: string }) => s.SnapshotIdentifier)).toContain('s1');
    expect(sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 's1' }).Snapshots[0].AccountsWithRestoreAccess).toEqual([{ AccountId: '210987654321' }]);
  });
});
