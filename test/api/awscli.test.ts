/**
 * The AWS CLI v2 (Debian package `awscli`, installed by `.ci/run`) against `startServer`, unchanged
 * but for `--endpoint-url`: the documented `create-cluster-snapshot` example and the CLI's own
 * waiters. `aws` on PATH may be another install (e.g. a CLI v1 shim), so `/usr/bin/aws` is used
 * explicitly; if it is missing the test fails rather than skips.
 *
 * The waiters poll at once, then every 60 s (cluster) / 15 s (snapshot) of wall time; the scaled
 * clock (3000 virtual seconds per wall second) makes the cluster and the snapshot finish within
 * the CLI's own start-up time, so the first poll already succeeds.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.ts';

const AWS = '/usr/bin/aws';
const ACCOUNT = '111122223333';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let server: RunningServer;
let home: string;

/** Runs `/usr/bin/aws redshift …` against the server; never rejects on a non-zero exit. */
function aws(...args: string[]): Promise<CliResult> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_ACCESS_KEY_ID: ACCOUNT, // a 12-digit access key is the account id
    AWS_SECRET_ACCESS_KEY: 'not-checked',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
  };
  const argv = ['redshift', ...args, '--endpoint-url', server.url, '--output', 'json', '--no-cli-pager'];
  return new Promise((resolve, reject) => {
    execFile(AWS, argv, { env, timeout: 80_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(new Error(`aws ${args.join(' ')} did not run: ${error.message}\n${stderr}`));
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed and parses its JSON output (or returns `{}` when empty). */
async function awsJson(...args: string[]): Promise<Record<string, any>> {
  const result = await aws(...args);
  expect(result.code, `aws ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stdout.trim() ? (JSON.parse(result.stdout) as Record<string, any>) : {};
}

beforeAll(async () => {
  try {
    accessSync(AWS, constants.X_OK);
  } catch {
    throw new Error(`${AWS} (AWS CLI v2, Debian package awscli) is missing: apt-get install awscli (.ci/run does)`);
  }
  home = mkdtempSync(join(tmpdir(), 'snapsim-awscli-'));
  server = await startServer({ port: 0, seed: 17, clock: 'scaled:3000' });
});
afterAll(async () => {
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

// A CLI call takes about a second of wall time; a waiter that has to re-poll adds 15–60 s.
describe('the AWS CLI v2 against snapsim serve', { timeout: 120_000 }, () => {
  it('is the CLI v2 at /usr/bin/aws', async () => {
    const version = await new Promise<string>((resolve, reject) =>
      execFile(AWS, ['--version'], { timeout: 30_000, env: { PATH: process.env.PATH ?? '', HOME: home } }, (e, out, err) => (e ? reject(e) : resolve(`${out}${err}`))),
    );
    expect(version).toMatch(/^aws-cli\/2\./);
  });

  it('creates mycluster and waits until it is available', async () => {
    const created = await awsJson(
      'create-cluster',
      '--cluster-identifier', 'mycluster',
      '--node-type', 'dc2.large',
      '--number-of-nodes', '2',
      '--master-username', 'adminuser',
      '--master-user-password', 'Passw0rd1',
    );
    expect(created.Cluster).toMatchObject({ ClusterIdentifier: 'mycluster', ClusterStatus: 'creating', NodeType: 'dc2.large', NumberOfNodes: 2 });
    await awsJson('wait', 'cluster-available', '--cluster-identifier', 'mycluster');
    const described = await awsJson('describe-clusters', '--cluster-identifier', 'mycluster');
    expect(described.Clusters?.[0]?.ClusterStatus).toBe('available');
  });

  it('runs the documented create-cluster-snapshot example: the snapshot is creating, with the documented fields', async () => {
    const result = await aws('create-cluster-snapshot', '--cluster-identifier', 'mycluster', '--snapshot-identifier', 'my-snapshot-id');
    expect(result.code, result.stderr).toBe(0);
    const { Snapshot } = JSON.parse(result.stdout) as { Snapshot: Record<string, unknown> };
    expect(Snapshot).toMatchObject({
      SnapshotIdentifier: 'my-snapshot-id',
      ClusterIdentifier: 'mycluster',
      Status: 'creating',
      Port: 5439,
      MasterUsername: 'adminuser',
      ClusterVersion: '1.0',
      SnapshotType: 'manual',
      NodeType: 'dc2.large',
      NumberOfNodes: 2,
      DBName: 'dev',
      EncryptedWithHSM: false,
      OwnerAccount: ACCOUNT,
      TotalBackupSizeInMegaBytes: -1,
      ActualIncrementalBackupSizeInMegaBytes: -1,
      BackupProgressInMegaBytes: 0,
      CurrentBackupRateInMegaBytesPerSecond: 0,
      EstimatedSecondsToCompletion: -1,
      ElapsedTimeInSeconds: 0,
      Tags: [],
      EnhancedVpcRouting: false,
      MaintenanceTrackName: 'current',
      ManualSnapshotRetentionPeriod: -1,
    });
    expect(Snapshot.AvailabilityZone).toMatch(/^us-east-1[a-f]$/);
    expect(typeof Snapshot.Encrypted).toBe('boolean');
    expect(Date.parse(Snapshot.SnapshotCreateTime as string)).toBeGreaterThanOrEqual(Date.parse(Snapshot.ClusterCreateTime as string));
    // The Double sentinels print as AWS prints them.
    expect(result.stdout).toContain('"TotalBackupSizeInMegaBytes": -1.0');
    expect(result.stdout).toContain('"ActualIncrementalBackupSizeInMegaBytes": -1.0');
    expect(result.stdout).toContain('"BackupProgressInMegaBytes": 0.0');
    expect(result.stdout).toContain('"EstimatedSecondsToCompletion": -1,');
  });

  it('waits with `aws redshift wait snapshot-available` until the snapshot is available', async () => {
    await awsJson('wait', 'snapshot-available', '--snapshot-identifier', 'my-snapshot-id');
    const { Snapshots } = await awsJson('describe-cluster-snapshots', '--snapshot-identifier', 'my-snapshot-id');
    const snap = Snapshots?.[0] as Record<string, number | string>;
    expect(snap.Status).toBe('available');
    expect(snap.EstimatedSecondsToCompletion).toBe(0);
    expect(snap.TotalBackupSizeInMegaBytes).toBeGreaterThan(0);
    expect(snap.BackupProgressInMegaBytes).toBe(snap.ActualIncrementalBackupSizeInMegaBytes);
  });

  it('exits non-zero with the AWS error code on stderr for a missing cluster', async () => {
    const result = await aws('describe-clusters', '--cluster-identifier', 'nope');
    expect([254, 255]).toContain(result.code);
    expect(result.stderr).toContain('(ClusterNotFound)');
    expect(result.stderr).toContain('Cluster nope not found');
    expect(result.stdout).toBe('');
  });
});
