/**
 * The one lookup of what a caller may see: its own snapshots and those shared with it, by
 * identifier, ARN or owner account; and, for restore (identifiers not case sensitive there), an
 * exact match first, else the unique case-insensitive match, else ClusterSnapshotNotFound.
 */
import { describe, expect, it } from 'vitest';
import { restorableSnapshot, visibleSnapshots } from '../../src/model/lookups.ts';
import { isServiceError } from '../../src/model/errors.ts';
import { OTHER, OWNER, THIRD, manualSnapshot, world } from './fixtures.ts';

/** The owner has `Prod-1` and `snap`; OTHER has its own `snap` shared with the owner, and `Other-A` shared with nobody. */
function sharingWorld() {
  const sim = world({ clusters: [] });
  for (const caller of [OWNER, OTHER]) sim.createCluster({ ClusterIdentifier: 'c1', NodeType: 'dc2.large', MasterUsername: 'admin' }, caller);
  sim.runUntilIdle();
  manualSnapshot(sim, 'Prod-1', { caller: OWNER });
  manualSnapshot(sim, 'snap', { caller: OWNER });
  manualSnapshot(sim, 'snap', { caller: OTHER });
  manualSnapshot(sim, 'Other-A', { caller: OTHER });
  sim.authorizeSnapshotAccess({ SnapshotIdentifier: 'snap', AccountWithRestoreAccess: OWNER.account }, OTHER);
  return sim;
}

const notFound = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(isServiceError(e) && e.code).toBe('ClusterSnapshotNotFound');
    return;
  }
  expect.unreachable('expected ClusterSnapshotNotFound');
};

describe('visibleSnapshots', () => {
  it('by identifier: the caller\'s own and those shared with it, in creation order', () => {
    const sim = sharingWorld();
    expect(visibleSnapshots(sim.state, OWNER, { id: 'snap' }).map((s) => s.owner)).toEqual([OWNER.account, OTHER.account]);
  });
  it('by identifier and owner: only that owner\'s', () => {
    const sim = sharingWorld();
    expect(visibleSnapshots(sim.state, OWNER, { id: 'snap', owner: OTHER.account }).map((s) => s.owner)).toEqual([OTHER.account]);
    expect(visibleSnapshots(sim.state, OWNER, { id: 'snap', owner: OWNER.account }).map((s) => s.owner)).toEqual([OWNER.account]);
  });
  it('by ARN: a snapshot shared with the caller, not one that is not', () => {
    const sim = sharingWorld();
    const arn = (id: string) => `arn:aws:redshift:${OWNER.region}:${OTHER.account}:snapshot:c1/${id}`;
    expect(visibleSnapshots(sim.state, OWNER, { arn: arn('snap') })[0]!.owner).toBe(OTHER.account);
    notFound(() => visibleSnapshots(sim.state, OWNER, { arn: arn('Other-A') }));
    notFound(() => visibleSnapshots(sim.state, THIRD, { arn: arn('snap') }));
  });
  it('refuses what it cannot see: ClusterSnapshotNotFound', () => {
    const sim = sharingWorld();
    notFound(() => visibleSnapshots(sim.state, OWNER, { id: 'Other-A' }));
    notFound(() => visibleSnapshots(sim.state, OWNER, { id: 'prod-1' })); // exact only outside restore
  });
});

describe('restorableSnapshot', () => {
  it('takes the exact match first', () => {
    const sim = sharingWorld();
    expect(restorableSnapshot(sim.state, OWNER, { id: 'Prod-1' }).id).toBe('Prod-1');
  });
  it('else the unique case-insensitive match', () => {
    const sim = sharingWorld();
    expect(restorableSnapshot(sim.state, OWNER, { id: 'PROD-1' }).id).toBe('Prod-1');
    expect(restorableSnapshot(sim.state, OWNER, { id: 'SNAP', owner: OTHER.account }).owner).toBe(OTHER.account);
  });
  it('refuses an ambiguous case-insensitive name, and one the caller may not see', () => {
    const sim = sharingWorld();
    manualSnapshot(sim, 'PROD-1', { caller: OWNER });
    expect(restorableSnapshot(sim.state, OWNER, { id: 'PROD-1' }).id).toBe('PROD-1'); // exact still wins
    notFound(() => restorableSnapshot(sim.state, OWNER, { id: 'prod-1' }));
    notFound(() => restorableSnapshot(sim.state, OWNER, { id: 'other-a', owner: OTHER.account }));
  });
});
