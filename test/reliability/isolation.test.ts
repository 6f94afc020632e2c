import { describe, expect, it } from 'vitest';
import { createSimulator, isServiceError, type Caller, type Simulator } from '../../src/index.ts';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const callers: Caller[] = ACCOUNTS.flatMap((account) => REGIONS.map((region) => ({ account, region })));
const name = (c: Caller) => `${c.account}/${c.region}`;

/** Every caller gets a cluster, an automated snapshot and a manual snapshot `m-<account>`. */
function world(): Simulator {
  const sim = createSimulator({ seed: 11 });
  for (const c of callers) sim.execute('CreateCluster', { ClusterIdentifier: 'shared-name', NodeType: 'dc2.large', MasterUsername: 'admin' }, c);
  sim.runUntilIdle();
  sim.advance(9 * 3600); // one automated snapshot each
  for (const c of callers) sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'shared-name', SnapshotIdentifier: `m-${c.account}` }, c);
  sim.runUntilIdle();
  return sim;
}

const code = (f: () => unknown): string => {
  try {
    f();
    return 'OK';
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return e.code;
  }
};

const visibleIds = (sim: Simulator, c: Caller): string[] =>
  (sim.execute('DescribeClusterSnapshots', {}, c).Snapshots as { SnapshotIdentifier: string; OwnerAccount: string }[]).map((s) => `${s.OwnerAccount}:${s.SnapshotIdentifier}`);

describe('isolation between three accounts in two regions', () => {
  it('each caller lists exactly its own snapshots', () => {
    const sim = world();
    for (const c of callers) {
      const ids = visibleIds(sim, c);
      expect(ids.length, name(c)).toBe(2);
      expect(ids.every((id) => id.startsWith(`${c.account}:`)), name(c)).toBe(true);
    }
  });

  it("nobody describes, copies, deletes, modifies or authorizes another account's snapshot, in any region", () => {
    const sim = world();
    const before = sim.entries().length;
    for (const owner of callers) {
      const auto = (sim.execute('DescribeClusterSnapshots', { SnapshotType: 'automated' }, owner).Snapshots as { SnapshotIdentifier: string }[])[0]!.SnapshotIdentifier;
      const manual = `m-${owner.account}`;
      const arn = `arn:aws:redshift:${owner.region}:${owner.account}:snapshot:shared-name/${manual}`;
      for (const other of callers) {
        if (other.account === owner.account && other.region === owner.region) continue;
        const sameAccount = other.account === owner.account;
        const ctx = `${name(other)} on ${name(owner)}'s snapshot`;
        // the same account in another region has a snapshot of the same name of its own: skip name lookups there
        if (!sameAccount) {
          expect(code(() => sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: manual }, other)), ctx).toBe('ClusterSnapshotNotFound');
          expect(code(() => sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: manual }, other)), ctx).toBe('ClusterSnapshotNotFound');
          expect(code(() => sim.execute('ModifyClusterSnapshot', { SnapshotIdentifier: manual, ManualSnapshotRetentionPeriod: 5 }, other)), ctx).toBe('ClusterSnapshotNotFound');
          expect(code(() => sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: manual, AccountWithRestoreAccess: other.account }, other)), ctx).toBe('ClusterSnapshotNotFound');
        }
        expect(code(() => sim.execute('DescribeClusterSnapshots', { SnapshotArn: arn }, other)), ctx).toBe('ClusterSnapshotNotFound');
        expect(code(() => sim.execute('AuthorizeSnapshotAccess', { SnapshotArn: arn, AccountWithRestoreAccess: '444444444444' }, other)), ctx).toBe('ClusterSnapshotNotFound');
        expect(code(() => sim.execute('CopyClusterSnapshot', { SourceSnapshotIdentifier: auto, TargetSnapshotIdentifier: 'stolen' }, other)), ctx).toBe('ClusterSnapshotNotFound');
      }
    }
    expect(sim.entries().length, 'refused calls append nothing').toBe(before);
  });

  it('a grantee may describe a snapshot shared with it (without the access list) and nothing more; revoking ends that', () => {
    const sim = world();
    const [owner, grantee, bystander] = [callers[0]!, callers[2]!, callers[4]!]; // three accounts, us-east-1
    const otherRegion = callers[3]!; // the grantee's account in eu-west-1
    const manual = `m-${owner.account}`;
    sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: manual, AccountWithRestoreAccess: grantee.account }, owner);
    const seen = sim.execute('DescribeClusterSnapshots', { OwnerAccount: owner.account }, grantee).Snapshots as Record<string, unknown>[];
    expect(seen.map((s) => s.SnapshotIdentifier)).toEqual([manual]);
    expect(seen[0]!.OwnerAccount).toBe(owner.account);
    expect(seen[0]!.AccountsWithRestoreAccess).toBeUndefined();
    expect(visibleIds(sim, grantee)).toContain(`${owner.account}:${manual}`);
    expect(visibleIds(sim, bystander)).not.toContain(`${owner.account}:${manual}`);
    expect(visibleIds(sim, otherRegion), 'sharing is per region').not.toContain(`${owner.account}:${manual}`);
    const arn = `arn:aws:redshift:${owner.region}:${owner.account}:snapshot:shared-name/${manual}`;
    expect(code(() => sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: manual }, grantee))).toBe('ClusterSnapshotNotFound');
    expect(code(() => sim.execute('AuthorizeSnapshotAccess', { SnapshotArn: arn, AccountWithRestoreAccess: bystander.account }, grantee))).toBe('ClusterSnapshotNotFound');
    expect(code(() => sim.execute('RevokeSnapshotAccess', { SnapshotArn: arn, AccountWithRestoreAccess: grantee.account }, grantee))).toBe('AccessToSnapshotDenied');
    sim.execute('RevokeSnapshotAccess', { SnapshotIdentifier: manual, AccountWithRestoreAccess: grantee.account }, owner);
    expect(visibleIds(sim, grantee)).not.toContain(`${owner.account}:${manual}`);
    expect(code(() => sim.execute('DescribeClusterSnapshots', { SnapshotArn: arn }, grantee))).toBe('ClusterSnapshotNotFound');
  });
});
