import { describe, expect, it } from 'vitest';
import { OTHER, OWNER, OWNER_ELSEWHERE, THIRD, automatedSnapshot, availableCluster, ids, manualSnapshot, refuses, snapshot, world, type Simulator } from './fixtures.ts';

/** A world with an available manual snapshot `s1` of c1, owned by OWNER. */
function shareable(opts: Parameters<typeof world>[0] = {}): { sim: Simulator; arn: string } {
  const sim = world(opts);
  return { sim, arn: manualSnapshot(sim, 's1').SnapshotArn };
}

const authorize = (sim: Simulator, account: string, input: Record<string, unknown> = { SnapshotIdentifier: 's1' }, caller = OWNER) =>
  sim.execute('AuthorizeSnapshotAccess', { AccountWithRestoreAccess: account, ...input }, caller);
const revoke = (sim: Simulator, account: string, input: Record<string, unknown> = { SnapshotIdentifier: 's1' }, caller = OWNER) =>
  sim.execute('RevokeSnapshotAccess', { AccountWithRestoreAccess: account, ...input }, caller);

/** 12-digit account ids other than the owner's. */
const accounts = (n: number): string[] => Array.from({ length: n }, (_, i) => String(900000000000 + i));

describe('AuthorizeSnapshotAccess', () => {
  describe('result', () => {
    it('returns the snapshot with the account in AccountsWithRestoreAccess', () => {
      const { sim } = shareable();
      expect(authorize(sim, OTHER.account).Snapshot.AccountsWithRestoreAccess).toEqual([{ AccountId: OTHER.account }]);
    });
    it('accepts amazon-redshift-support, listed as an AccountAlias', () => {
      const { sim } = shareable();
      expect(authorize(sim, 'amazon-redshift-support').Snapshot.AccountsWithRestoreAccess).toEqual([{ AccountAlias: 'amazon-redshift-support' }]);
    });
    it('accepts the snapshot named by its ARN', () => {
      const { sim, arn } = shareable();
      expect(authorize(sim, OTHER.account, { SnapshotArn: arn }).Snapshot.AccountsWithRestoreAccess).toEqual([{ AccountId: OTHER.account }]);
    });
    it('lists grants in the order they were made', () => {
      const { sim } = shareable();
      authorize(sim, OTHER.account);
      authorize(sim, 'amazon-redshift-support');
      expect(authorize(sim, THIRD.account).Snapshot.AccountsWithRestoreAccess).toEqual([
        { AccountId: OTHER.account },
        { AccountAlias: 'amazon-redshift-support' },
        { AccountId: THIRD.account },
      ]);
    });
  });

  describe('required members', () => {
    it('refuses a call without AccountWithRestoreAccess: MissingParameter', () => {
      const { sim } = shareable();
      refuses(sim, () => sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 's1' }), 'MissingParameter');
    });
    it('refuses a call naming neither SnapshotIdentifier nor SnapshotArn: MissingParameter', () => {
      const { sim } = shareable();
      refuses(sim, () => authorize(sim, OTHER.account, {}), 'MissingParameter');
    });
    it('refuses a call naming both SnapshotIdentifier and SnapshotArn: InvalidParameterCombination', () => {
      const { sim, arn } = shareable();
      refuses(sim, () => authorize(sim, OTHER.account, { SnapshotIdentifier: 's1', SnapshotArn: arn }), 'InvalidParameterCombination');
    });
  });

  describe('the account', () => {
    it.each(['21098765432', '2109876543210', '21098765432a', 'amazon-redshift', 'AMAZON-REDSHIFT-SUPPORT', ''])(
      'refuses %j (neither 12 digits nor amazon-redshift-support): InvalidParameterValue',
      (account) => {
        const { sim } = shareable();
        refuses(sim, () => authorize(sim, account), 'InvalidParameterValue');
      },
    );
    it('refuses the owner account itself: InvalidParameterValue', () => {
      const { sim } = shareable();
      refuses(sim, () => authorize(sim, OWNER.account), 'InvalidParameterValue');
    });
    it('refuses an account that is already authorized: AuthorizationAlreadyExists', () => {
      const { sim } = shareable();
      authorize(sim, OTHER.account);
      refuses(sim, () => authorize(sim, OTHER.account), 'AuthorizationAlreadyExists');
    });
    it('accepts the 20th account and refuses the 21st: AuthorizationQuotaExceeded', () => {
      const { sim } = shareable();
      const [last, ...twenty] = accounts(21);
      for (const a of twenty) authorize(sim, a);
      expect(snapshot(sim, 's1').AccountsWithRestoreAccess).toHaveLength(20);
      refuses(sim, () => authorize(sim, last!), 'AuthorizationQuotaExceeded');
    });
    it("shares the snapshots of one KMS key with 100 accounts together at most; another key's are apart: AuthorizationQuotaExceeded", () => {
      const sim = world();
      const key = 'arn:aws:kms:us-east-1:123456789012:key/one';
      availableCluster(sim, 'k1', { KmsKeyId: key });
      availableCluster(sim, 'k2', { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/two' });
      for (let i = 0; i < 6; i++) manualSnapshot(sim, `s${i}`, { cluster: 'k1' });
      manualSnapshot(sim, 'other-key', { cluster: 'k2' });
      const all = accounts(101);
      for (let i = 0; i < 100; i++) authorize(sim, all[i]!, { SnapshotIdentifier: `s${Math.floor(i / 20)}` });
      // an account the key's snapshots are shared with already may be added to another of them
      authorize(sim, all[0]!, { SnapshotIdentifier: 's5' });
      const e = refuses(sim, () => authorize(sim, all[100]!, { SnapshotIdentifier: 's5' }), 'AuthorizationQuotaExceeded');
      expect(e.message).toMatch(/KMS key arn:aws:kms:us-east-1:123456789012:key\/one .* 100 accounts/);
      expect(authorize(sim, all[100]!, { SnapshotIdentifier: 'other-key' }).Snapshot.AccountsWithRestoreAccess).toHaveLength(1);
      revoke(sim, all[1]!, { SnapshotIdentifier: 's0' });
      expect(authorize(sim, all[100]!, { SnapshotIdentifier: 's5' }).Snapshot.AccountsWithRestoreAccess).toHaveLength(2);
    });
    it('frees a slot when an account is revoked', () => {
      const { sim } = shareable();
      const [last, ...twenty] = accounts(21);
      for (const a of twenty) authorize(sim, a);
      revoke(sim, twenty[0]!);
      expect(authorize(sim, last!).Snapshot.AccountsWithRestoreAccess).toHaveLength(20);
    });
  });

  describe('the snapshot', () => {
    it('refuses an unknown snapshot: ClusterSnapshotNotFound (404)', () => {
      const { sim } = shareable();
      refuses(sim, () => authorize(sim, OTHER.account, { SnapshotIdentifier: 'nope' }), 'ClusterSnapshotNotFound', 404);
    });
    it('refuses an ARN naming no snapshot: ClusterSnapshotNotFound (404)', () => {
      const { sim, arn } = shareable();
      refuses(sim, () => authorize(sim, OTHER.account, { SnapshotArn: arn.replace('/s1', '/nope') }), 'ClusterSnapshotNotFound', 404);
    });
    it('refuses an automated snapshot: InvalidClusterSnapshotState', () => {
      const { sim } = shareable();
      const auto = automatedSnapshot(sim).SnapshotIdentifier;
      refuses(sim, () => authorize(sim, OTHER.account, { SnapshotIdentifier: auto }), 'InvalidClusterSnapshotState');
    });
    it('refuses a manual snapshot still creating: InvalidClusterSnapshotState', () => {
      const sim = world();
      manualSnapshot(sim, 's1', { settle: false });
      refuses(sim, () => authorize(sim, OTHER.account), 'InvalidClusterSnapshotState');
    });
    it('refuses a failed manual snapshot: InvalidClusterSnapshotState', () => {
      const sim = world({ faults: { backupFailure: 1 } });
      expect(manualSnapshot(sim, 's1').Status).toBe('failed');
      refuses(sim, () => authorize(sim, OTHER.account), 'InvalidClusterSnapshotState');
    });
    it('accepts a final snapshot once it is available, after its cluster is gone', () => {
      const sim = world();
      sim.execute('DeleteCluster', { ClusterIdentifier: 'c1', FinalClusterSnapshotIdentifier: 'final' });
      sim.runUntilIdle();
      expect(authorize(sim, OTHER.account, { SnapshotIdentifier: 'final' }).Snapshot.AccountsWithRestoreAccess).toEqual([{ AccountId: OTHER.account }]);
    });
  });
});

describe('RevokeSnapshotAccess', () => {
  it('removes the account; the access list is omitted once empty', () => {
    const { sim } = shareable();
    authorize(sim, OTHER.account);
    authorize(sim, THIRD.account);
    expect(revoke(sim, OTHER.account).Snapshot.AccountsWithRestoreAccess).toEqual([{ AccountId: THIRD.account }]);
    expect(revoke(sim, THIRD.account).Snapshot.AccountsWithRestoreAccess).toBeUndefined();
  });
  it('accepts the snapshot named by its ARN', () => {
    const { sim, arn } = shareable();
    authorize(sim, 'amazon-redshift-support');
    expect(revoke(sim, 'amazon-redshift-support', { SnapshotArn: arn }).Snapshot.AccountsWithRestoreAccess).toBeUndefined();
  });
  it('refuses a call without AccountWithRestoreAccess: MissingParameter', () => {
    const { sim } = shareable();
    refuses(sim, () => sim.execute('RevokeSnapshotAccess', { SnapshotIdentifier: 's1' }), 'MissingParameter');
  });
  it('refuses a call naming neither SnapshotIdentifier nor SnapshotArn: MissingParameter', () => {
    const { sim } = shareable();
    refuses(sim, () => revoke(sim, OTHER.account, {}), 'MissingParameter');
  });
  it('refuses an account that is not authorized: AuthorizationNotFound (404)', () => {
    const { sim } = shareable();
    authorize(sim, OTHER.account);
    refuses(sim, () => revoke(sim, THIRD.account), 'AuthorizationNotFound', 404);
  });
  it('refuses an account revoked already: AuthorizationNotFound (404)', () => {
    const { sim } = shareable();
    authorize(sim, OTHER.account);
    revoke(sim, OTHER.account);
    refuses(sim, () => revoke(sim, OTHER.account), 'AuthorizationNotFound', 404);
  });
  it('refuses the owner account itself: InvalidParameterValue', () => {
    const { sim } = shareable();
    refuses(sim, () => revoke(sim, OWNER.account), 'InvalidParameterValue');
  });
  it('refuses a malformed account: InvalidParameterValue', () => {
    const { sim } = shareable();
    refuses(sim, () => revoke(sim, '1234'), 'InvalidParameterValue');
  });
  it('refuses an unknown snapshot: ClusterSnapshotNotFound (404)', () => {
    const { sim } = shareable();
    refuses(sim, () => revoke(sim, OTHER.account, { SnapshotIdentifier: 'nope' }), 'ClusterSnapshotNotFound', 404);
  });
});

describe('what a grantee can do with a shared snapshot', () => {
  function shared(): { sim: Simulator; arn: string } {
    const s = shareable();
    availableCluster(s.sim, 'c9', {}, OTHER);
    authorize(s.sim, OTHER.account);
    return s;
  }

  it('sees it in its own describe, with OwnerAccount but without the access list', () => {
    const { sim } = shared();
    const seen = sim.execute('DescribeClusterSnapshots', {}, OTHER).Snapshots.find((s: Record<string, unknown>) => s.SnapshotIdentifier === 's1');
    expect(seen).toMatchObject({ SnapshotIdentifier: 's1', OwnerAccount: OWNER.account, Status: 'available', SnapshotType: 'manual' });
    expect(seen).not.toHaveProperty('AccountsWithRestoreAccess', expect.anything());
    expect(snapshot(sim, 's1', OTHER).AccountsWithRestoreAccess).toBeUndefined();
    expect(snapshot(sim, 's1', OWNER).AccountsWithRestoreAccess).toEqual([{ AccountId: OTHER.account }]);
  });
  it('finds it by ARN', () => {
    const { sim, arn } = shared();
    expect(ids(sim.execute('DescribeClusterSnapshots', { SnapshotArn: arn }, OTHER))).toEqual(['s1']);
  });
  it('stops seeing it once access is revoked: ClusterSnapshotNotFound (404)', () => {
    const { sim } = shared();
    revoke(sim, OTHER.account);
    expect(ids(sim.execute('DescribeClusterSnapshots', {}, OTHER))).not.toContain('s1');
    refuses(sim, () => snapshot(sim, 's1', OTHER), 'ClusterSnapshotNotFound', 404);
  });
  it('an account that is not authorized does not see it: ClusterSnapshotNotFound (404)', () => {
    const { sim, arn } = shared();
    expect(ids(sim.execute('DescribeClusterSnapshots', {}, THIRD))).toEqual([]);
    refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SnapshotArn: arn }, THIRD), 'ClusterSnapshotNotFound', 404);
  });
  it('stops seeing it when the service deletes it at the end of its retention period', () => {
    const { sim } = shared();
    sim.execute('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 1 });
    sim.advance(2 * 86_400);
    expect(ids(sim.execute('DescribeClusterSnapshots', {}, OTHER))).not.toContain('s1');
    refuses(sim, () => snapshot(sim, 's1', OTHER), 'ClusterSnapshotNotFound', 404);
  });
  it('the owner in another region does not see it there', () => {
    const { sim } = shared();
    expect(ids(sim.execute('DescribeClusterSnapshots', {}, OWNER_ELSEWHERE))).toEqual([]);
  });
  it('cannot delete it (it is not in the grantee account): ClusterSnapshotNotFound (404)', () => {
    const { sim } = shared();
    refuses(sim, () => sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: 's1' }, OTHER), 'ClusterSnapshotNotFound', 404);
  });
  it('cannot delete it in a batch either: the item fails with ClusterSnapshotNotFound', () => {
    const { sim } = shared();
    const out = sim.execute('BatchDeleteClusterSnapshots', { Identifiers: [{ SnapshotIdentifier: 's1' }] }, OTHER);
    expect(out.Resources).toEqual([]);
    expect(out.Errors).toMatchObject([{ SnapshotIdentifier: 's1', FailureCode: 'ClusterSnapshotNotFound' }]);
    expect(snapshot(sim, 's1').Status).toBe('available');
  });
  it('cannot modify it: ClusterSnapshotNotFound (404)', () => {
    const { sim } = shared();
    refuses(sim, () => sim.execute('ModifyClusterSnapshot', { SnapshotIdentifier: 's1', ManualSnapshotRetentionPeriod: 5 }, OTHER), 'ClusterSnapshotNotFound', 404);
  });
  it('cannot re-share it by identifier: ClusterSnapshotNotFound (404)', () => {
    const { sim } = shared();
    refuses(sim, () => authorize(sim, THIRD.account, { SnapshotIdentifier: 's1' }, OTHER), 'ClusterSnapshotNotFound', 404);
  });
  it('cannot re-share it by ARN: ClusterSnapshotNotFound (404), the one of AuthorizeSnapshotAccess\'s errors that fits', () => {
    const { sim, arn } = shared();
    refuses(sim, () => authorize(sim, THIRD.account, { SnapshotArn: arn }, OTHER), 'ClusterSnapshotNotFound', 404);
  });
  it('cannot revoke access to it, even its own: AccessToSnapshotDenied', () => {
    const { sim, arn } = shared();
    refuses(sim, () => revoke(sim, OTHER.account, { SnapshotArn: arn }, OTHER), 'AccessToSnapshotDenied');
  });
  it('an account it is not shared with cannot revoke by ARN either: AccessToSnapshotDenied; an unknown ARN is ClusterSnapshotNotFound (404)', () => {
    const { sim, arn } = shared();
    refuses(sim, () => revoke(sim, OTHER.account, { SnapshotArn: arn }, THIRD), 'AccessToSnapshotDenied');
    refuses(sim, () => revoke(sim, OTHER.account, { SnapshotArn: arn.replace(/s1$/, 'nope') }, THIRD), 'ClusterSnapshotNotFound', 404);
    refuses(sim, () => authorize(sim, THIRD.account, { SnapshotArn: arn }, THIRD), 'ClusterSnapshotNotFound', 404);
  });
  it('cannot copy it (only automated sources are copied): ClusterSnapshotNotFound (404)', () => {
    const { sim } = shared();
    refuses(sim, () => sim.execute('CopyClusterSnapshot', { SourceSnapshotIdentifier: 's1', TargetSnapshotIdentifier: 'mine' }, OTHER), 'ClusterSnapshotNotFound', 404);
  });
});
