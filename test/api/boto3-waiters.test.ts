/**
 * boto3's Redshift waiters against the server, as a Python user runs them: with a moving clock
 * (`scaled:600`) `cluster_available`, `snapshot_available`, then `cluster_available` and
 * `cluster_restored` of a restore succeed within seconds; with a manual clock moved through the
 * control API, a restored cluster deleted while its data still loads makes `cluster_restored`
 * raise `WaiterError` on the terminal failure state `deleting`.
 *
 * The servers run in process (as the SDK v3 and AWS CLI restore tests start theirs); the Python
 * script is written to a temporary file and run with python3, which must have boto3 (missing, the
 * test fails and says so).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.ts';

const ACCOUNT = '123456789012';

/** Prints one JSON line per step; any failed expectation or unexpected error exits non-zero. */
const SCRIPT = `
import json
import sys
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import WaiterError

scaled_url, manual_url = sys.argv[1], sys.argv[2]
FAST = {'Delay': 1, 'MaxAttempts': 60}


def say(**fields):
    print(json.dumps(fields), flush=True)


def client(url):
    return boto3.client('redshift', endpoint_url=url, region_name='us-east-1',
                        aws_access_key_id='${ACCOUNT}', aws_secret_access_key='x',
                        config=Config(retries={'max_attempts': 1, 'mode': 'standard'}))


def control(url, path, method='POST'):
    req = urllib.request.Request(url + '/_snapsim/' + path, method=method)
    with urllib.request.urlopen(req) as res:
        return json.loads(res.read())


# 1. A moving clock: every waiter succeeds.
rs = client(scaled_url)
began = control(scaled_url, 'clock', 'GET')['now']
rs.create_cluster(ClusterIdentifier='prod', NodeType='dc2.large', MasterUsername='admin', NumberOfNodes=2)
rs.get_waiter('cluster_available').wait(ClusterIdentifier='prod', WaiterConfig=FAST)
rs.create_cluster_snapshot(ClusterIdentifier='prod', SnapshotIdentifier='nightly')
rs.get_waiter('snapshot_available').wait(SnapshotIdentifier='nightly', WaiterConfig=FAST)
started = rs.restore_from_cluster_snapshot(ClusterIdentifier='dr', SnapshotIdentifier='nightly')['Cluster']
say(step='restore', status=started['ClusterStatus'], restore=started['RestoreStatus']['Status'])
rs.get_waiter('cluster_available').wait(ClusterIdentifier='dr', WaiterConfig=FAST)
rs.get_waiter('cluster_restored').wait(ClusterIdentifier='dr', WaiterConfig=FAST)
dr = rs.describe_clusters(ClusterIdentifier='dr')['Clusters'][0]
say(step='restored', status=dr['ClusterStatus'], restore=dr['RestoreStatus']['Status'],
    began=began, now=control(scaled_url, 'clock', 'GET')['now'])

# 2. A manual clock, moved through the control API: the restored cluster is deleted while its
# data still loads, and cluster_restored fails on 'deleting'.
rm = client(manual_url)
rm.create_cluster(ClusterIdentifier='prod', NodeType='dc2.large', MasterUsername='admin')
control(manual_url, 'clock/run-until-idle')
rm.create_cluster_snapshot(ClusterIdentifier='prod', SnapshotIdentifier='nightly')
control(manual_url, 'clock/run-until-idle')
rm.restore_from_cluster_snapshot(ClusterIdentifier='dr', SnapshotIdentifier='nightly')


def described():
    return rm.describe_clusters(ClusterIdentifier='dr')['Clusters'][0]


for _ in range(2000):
    if described()['ClusterStatus'] == 'available':
        break
    control(manual_url, 'clock/advance?seconds=5')
dr = described()
say(step='provisioned', status=dr['ClusterStatus'], restore=dr['RestoreStatus']['Status'])
deleted = rm.delete_cluster(ClusterIdentifier='dr', SkipFinalClusterSnapshot=True)['Cluster']
say(step='delete', status=deleted['ClusterStatus'])
try:
    rm.get_waiter('cluster_restored').wait(ClusterIdentifier='dr', WaiterConfig={'Delay': 1, 'MaxAttempts': 5})
    say(step='deleting', outcome='succeeded')
    sys.exit(3)
except WaiterError as e:
    say(step='deleting', outcome=type(e).__name__, message=str(e), last=e.last_response['Clusters'][0]['ClusterStatus'])
`;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `python3 args` with the caller's environment less its AWS settings (no user config, no metadata service). */
function python(args: string[], dir: string): Promise<Ran> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$|AWS_)/.test(k)));
  Object.assign(env, { AWS_CONFIG_FILE: join(dir, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'), AWS_EC2_METADATA_DISABLED: 'true' });
  return new Promise((resolve) => {
    execFile('python3', args, { env, cwd: dir, timeout: 100_000 }, (e, stdout, stderr) => resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr }));
  });
}

describe('boto3\'s ClusterRestored waiter', { timeout: 120_000 }, () => {
  let scaled: RunningServer;
  let manual: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snapsim-boto3-'));
    const check = await python(['-c', 'import boto3; print(boto3.__version__)'], dir);
    if (check.code !== 0) throw new Error(`this test needs python3 with boto3 (pip install boto3):\n${check.stderr}`);
    scaled = await startServer({ port: 0, seed: 5, clock: 'scaled:600' });
    manual = await startServer({ port: 0, seed: 6, clock: 'manual' });
  });
  afterAll(async () => {
    await scaled?.close();
    await manual?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('succeeds with a moving clock (after ClusterAvailable), and raises WaiterError once the cluster is deleting', async () => {
    const script = join(dir, 'waiters.py');
    writeFileSync(script, SCRIPT);
    const ran = await python([script, scaled.url, manual.url], dir);
    expect(ran.code, `${ran.stdout}\n${ran.stderr}`).toBe(0);
    const steps = Object.fromEntries(
      ran.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, string>)
        .map((s) => [s.step, s]),
    );
    expect(steps.restore).toMatchObject({ status: 'creating', restore: 'starting' });
    expect(steps.restored).toMatchObject({ status: 'available', restore: 'completed' });
    // the waits took virtual time: the scaled clock moved
    expect(Date.parse(steps.restored!.now!)).toBeGreaterThan(Date.parse(steps.restored!.began!));
    expect(steps.provisioned).toMatchObject({ status: 'available', restore: 'restoring' });
    expect(steps.delete).toMatchObject({ status: 'deleting' });
    expect(steps.deleting).toMatchObject({ outcome: 'WaiterError', last: 'deleting' });
    expect(steps.deleting!.message).toMatch(/^Waiter ClusterRestored failed: Waiter encountered a terminal failure state/);
    expect(steps.deleting!.message).toMatch(/deleting/);
  });
});
