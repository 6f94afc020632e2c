import { describe, expect, it } from 'vitest';
import {
  HOURS, OTHER, OWNER, THIRD, allPages, automatedSnapshot, availableCluster, ids, manualSnapshot, manualSnapshots, refuses, snapshot, world, type Rec, type Simulator,
} from './fixtures.ts';

/**
 * The catalogue most tests read: OWNER has clusters c1 and c2 and had c3 (deleted, leaving its
 * final snapshot `orphan`); manual snapshots a1 (c1, env=prod), a2 (c1, owner=admin), b1 (c2,
 * env=test), one automated snapshot of c1 (`auto`; c2 takes none); OTHER shares `x1`
 * (env=prod) with OWNER. Snapshots are taken an hour apart, in that order.
 */
function catalogue(): { sim: Simulator; auto: string; times: Record<string, Date> } {
  const sim = world({ clusters: ['c1'], timings: { automatedEveryHours: 24 } });
  availableCluster(sim, 'c2', { AutomatedSnapshotRetentionPeriod: 0 });
  availableCluster(sim, 'c3');
  availableCluster(sim, 'x', {}, OTHER);
  const take = (id: string, cluster: string, tags: Rec[] = []) => {
    manualSnapshot(sim, id, { cluster, input: { Tags: tags } });
    sim.advance(HOURS(1));
  };
  take('a1', 'c1', [{ Key: 'env', Value: 'prod' }]);
  take('a2', 'c1', [{ Key: 'owner', Value: 'admin' }]);
  take('b1', 'c2', [{ Key: 'env', Value: 'test' }]);
  manualSnapshot(sim, 'x1', { cluster: 'x', caller: OTHER, input: { Tags: [{ Key: 'env', Value: 'prod' }] } });
  sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'x1', AccountWithRestoreAccess: OWNER.account }, OTHER);
  sim.advance(HOURS(1));
  sim.execute('DeleteCluster', { ClusterIdentifier: 'c3', FinalClusterSnapshotIdentifier: 'orphan' });
  sim.runUntilIdle();
  const auto = automatedSnapshot(sim, 'c1').SnapshotIdentifier;
  const times: Record<string, Date> = {};
  for (const s of sim.execute('DescribeClusterSnapshots', {}).Snapshots as Rec[]) times[s.SnapshotIdentifier] = s.SnapshotCreateTime;
  return { sim, auto, times };
}

const sorted = (list: string[]) => [...list].sort();
const describeIds = (sim: Simulator, input: Rec, caller = OWNER) => ids(sim.execute('DescribeClusterSnapshots', input, caller));

describe('DescribeClusterSnapshots', () => {
  describe('without filters', () => {
    it("returns the caller's snapshots of every type and state plus the snapshots shared with it", () => {
      const { sim, auto } = catalogue();
      manualSnapshot(sim, 'running', { settle: false });
      expect(sorted(describeIds(sim, {}))).toEqual(sorted(['a1', 'a2', 'b1', 'x1', 'orphan', auto, 'running']));
    });
    it('returns nothing for an account and region with no snapshots', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, {}, THIRD)).toEqual([]);
    });
  });

  describe('SnapshotIdentifier and SnapshotArn', () => {
    it('returns the one snapshot named by SnapshotIdentifier', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { SnapshotIdentifier: 'a2' })).toEqual(['a2']);
    });
    it('refuses an unknown SnapshotIdentifier: ClusterSnapshotNotFound (404)', () => {
      const { sim } = catalogue();
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SnapshotIdentifier: 'nope' }), 'ClusterSnapshotNotFound', 404);
    });
    it('returns the one snapshot named by SnapshotArn, own or shared', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { SnapshotArn: snapshot(sim, 'a1').SnapshotArn })).toEqual(['a1']);
      expect(describeIds(sim, { SnapshotArn: snapshot(sim, 'x1').SnapshotArn })).toEqual(['x1']);
    });
    it('refuses an ARN naming no snapshot: ClusterSnapshotNotFound (404)', () => {
      const { sim } = catalogue();
      const arn = snapshot(sim, 'a1').SnapshotArn as string;
      for (const bad of [arn.replace('/a1', '/nope'), arn.replace(':snapshot:c1/', ':snapshot:c2/'), arn.replace(OWNER.region, 'eu-west-1'), 'not-an-arn']) {
        refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SnapshotArn: bad }), 'ClusterSnapshotNotFound', 404);
      }
    });
    it("refuses the ARN of another account's snapshot that is not shared with the caller: ClusterSnapshotNotFound (404)", () => {
      const { sim } = catalogue();
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SnapshotArn: snapshot(sim, 'a1').SnapshotArn }, THIRD), 'ClusterSnapshotNotFound', 404);
    });
  });

  describe('filters', () => {
    it('ClusterIdentifier: only snapshots taken from that cluster', () => {
      const { sim, auto } = catalogue();
      expect(sorted(describeIds(sim, { ClusterIdentifier: 'c1' }))).toEqual(sorted(['a1', 'a2', auto]));
    });
    it('ClusterIdentifier of a deleted cluster: its remaining snapshots', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { ClusterIdentifier: 'c3' })).toEqual(['orphan']);
    });
    it('SnapshotType automated or manual', () => {
      const { sim, auto } = catalogue();
      expect(describeIds(sim, { SnapshotType: 'automated' })).toEqual([auto]);
      expect(sorted(describeIds(sim, { SnapshotType: 'manual' }))).toEqual(sorted(['a1', 'a2', 'b1', 'x1', 'orphan']));
    });
    it('refuses any other SnapshotType: InvalidParameterValue', () => {
      const { sim } = catalogue();
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SnapshotType: 'Manual' }), 'InvalidParameterValue');
    });
    it('StartTime and EndTime: created at or after StartTime and at or before EndTime', () => {
      const { sim, times } = catalogue();
      expect(describeIds(sim, { StartTime: times.a2, EndTime: times.b1 })).toEqual(['a2', 'b1']);
      expect(describeIds(sim, { EndTime: times.a1 })).toEqual(['a1']);
      expect(describeIds(sim, { StartTime: new Date(times.a2!.getTime() + 1), EndTime: times.b1 })).toEqual(['b1']);
    });
    it('OwnerAccount: own snapshots for the own account, shared ones for the owner of those', () => {
      const { sim, auto } = catalogue();
      expect(sorted(describeIds(sim, { OwnerAccount: OWNER.account }))).toEqual(sorted(['a1', 'a2', 'b1', 'orphan', auto]));
      expect(describeIds(sim, { OwnerAccount: OTHER.account })).toEqual(['x1']);
      expect(describeIds(sim, { OwnerAccount: THIRD.account })).toEqual([]);
    });
    it('TagKeys: snapshots having any of the keys', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { TagKeys: ['env'] })).toEqual(['a1', 'b1']);
      expect(describeIds(sim, { TagKeys: ['env', 'owner'] })).toEqual(['a1', 'a2', 'b1']);
    });
    it('TagValues: snapshots having any of the values', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { TagValues: ['prod', 'admin'] })).toEqual(['a1', 'a2']);
    });
    it('TagKeys with TagValues: snapshots with a tag whose key and value are both listed', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { TagKeys: ['env', 'owner'], TagValues: ['prod', 'admin'] })).toEqual(['a1', 'a2']);
      expect(describeIds(sim, { TagKeys: ['owner'], TagValues: ['prod'] })).toEqual([]);
    });
    it('tag filters never return shared snapshots', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { TagValues: ['prod'] })).toEqual(['a1']);
      expect(describeIds(sim, { TagKeys: ['env'] }, OTHER)).toEqual(['x1']);
    });
    it('tag filters never return shared snapshots, even when named by SnapshotIdentifier or SnapshotArn', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { SnapshotIdentifier: 'x1', TagValues: ['prod'] })).toEqual([]);
      expect(describeIds(sim, { SnapshotArn: snapshot(sim, 'x1').SnapshotArn, TagKeys: ['env'] })).toEqual([]);
      expect(describeIds(sim, { SnapshotIdentifier: 'x1', TagValues: ['prod'] }, OTHER)).toEqual(['x1']);
    });
    it('refuses ClusterExists=true without ClusterIdentifier: InvalidParameterCombination', () => {
      const { sim } = catalogue();
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { ClusterExists: true }), 'InvalidParameterCombination');
    });
    it("ClusterExists=true with an existing cluster: that cluster's snapshots", () => {
      const { sim, auto } = catalogue();
      expect(sorted(describeIds(sim, { ClusterExists: true, ClusterIdentifier: 'c1' }))).toEqual(sorted(['a1', 'a2', auto]));
      expect(describeIds(sim, { ClusterExists: true, ClusterIdentifier: 'c3' })).toEqual([]);
    });
    it('ClusterExists=false without ClusterIdentifier: every snapshot of a deleted cluster (orphans)', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { ClusterExists: false })).toEqual(['orphan']);
    });
    it("ClusterExists=false with a deleted cluster: that cluster's snapshots", () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { ClusterExists: false, ClusterIdentifier: 'c3' })).toEqual(['orphan']);
    });
    it('ClusterExists=false with an existing cluster: nothing', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { ClusterExists: false, ClusterIdentifier: 'c1' })).toEqual([]);
    });
    it('treats snapshots of a deleted cluster as orphans even when a new cluster reuses its id', () => {
      const { sim } = catalogue();
      availableCluster(sim, 'c3');
      expect(describeIds(sim, { ClusterExists: false, ClusterIdentifier: 'c3' })).toEqual(['orphan']);
      expect(describeIds(sim, { ClusterExists: true, ClusterIdentifier: 'c3' })).toEqual([]);
    });
    it('combines every filter with AND', () => {
      const { sim, times } = catalogue();
      const base = { ClusterIdentifier: 'c1', SnapshotType: 'manual', StartTime: times.a1, EndTime: times.b1, OwnerAccount: OWNER.account, TagKeys: ['env', 'owner'], ClusterExists: true };
      expect(describeIds(sim, base)).toEqual(['a1', 'a2']);
      expect(describeIds(sim, { ...base, TagValues: ['admin'] })).toEqual(['a2']);
      expect(describeIds(sim, { ...base, StartTime: times.a2 })).toEqual(['a2']);
      expect(describeIds(sim, { ...base, SnapshotType: 'automated' })).toEqual([]);
      expect(describeIds(sim, { ...base, ClusterIdentifier: 'c2' })).toEqual(['b1']);
      expect(describeIds(sim, { ...base, ClusterIdentifier: 'c2', TagValues: ['prod'] })).toEqual([]);
      expect(describeIds(sim, { ...base, SnapshotIdentifier: 'a1' })).toEqual(['a1']);
      expect(describeIds(sim, { ...base, SnapshotIdentifier: 'b1' })).toEqual([]);
    });
  });

  describe('sorting', () => {
    it('CREATE_TIME DESC: newest first', () => {
      const { sim, auto } = catalogue();
      expect(describeIds(sim, { SnapshotType: 'manual', OwnerAccount: OWNER.account, SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'DESC' }] })).toEqual(['orphan', 'b1', 'a2', 'a1']);
      expect(describeIds(sim, { SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'DESC' }] })[0]).toBe(auto);
    });
    it('CREATE_TIME with SortOrder omitted: ascending', () => {
      const { sim } = catalogue();
      expect(describeIds(sim, { ClusterIdentifier: 'c1', SnapshotType: 'manual', SortingEntities: [{ Attribute: 'CREATE_TIME' }] })).toEqual(['a1', 'a2']);
    });
    it('TOTAL_SIZE ASC: smallest first', () => {
      const { sim } = catalogue();
      const out = sim.execute('DescribeClusterSnapshots', { SortingEntities: [{ Attribute: 'TOTAL_SIZE', SortOrder: 'ASC' }] }).Snapshots as Rec[];
      const sizes = out.map((s) => s.TotalBackupSizeInMegaBytes as number);
      expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    });
    it('SOURCE_TYPE, then CREATE_TIME DESC', () => {
      const { sim, auto } = catalogue();
      expect(describeIds(sim, { OwnerAccount: OWNER.account, SortingEntities: [{ Attribute: 'SOURCE_TYPE', SortOrder: 'ASC' }, { Attribute: 'CREATE_TIME', SortOrder: 'DESC' }] })).toEqual([
        auto, 'orphan', 'b1', 'a2', 'a1',
      ]);
    });
    it('refuses an unknown sort attribute or order: InvalidParameterValue', () => {
      const { sim } = catalogue();
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SortingEntities: [{ Attribute: 'NAME' }] }), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'UP' }] }), 'InvalidParameterValue');
      // names every JavaScript object has are no attributes either (the library path; the HTTP codec checks the enum)
      for (const Attribute of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
        refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SortingEntities: [{ Attribute }] }), 'InvalidParameterValue');
      }
    });
    it('refuses a sorting entity member the model does not have (a misspelt SortOrder is not ignored): InvalidParameterValue', () => {
      const { sim } = catalogue();
      const e = refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SortingEntities: [{ Attribute: 'CREATE_TIME', Order: 'DESC' }] }), 'InvalidParameterValue');
      expect(e.message).toMatch(/SortingEntities\.1: has no member Order \(its members: Attribute, SortOrder\)/);
    });
    it('TOTAL_SIZE sorts by the size shown: -1 while a snapshot is sized comes first ascending', () => {
      const { sim } = catalogue();
      manualSnapshot(sim, 'sizing', { settle: false });
      expect(snapshot(sim, 'sizing').TotalBackupSizeInMegaBytes).toBe(-1);
      const shown = (order: string) => (sim.execute('DescribeClusterSnapshots', { OwnerAccount: OWNER.account, SortingEntities: [{ Attribute: 'TOTAL_SIZE', SortOrder: order }] }).Snapshots as Rec[]).map((s) => s.TotalBackupSizeInMegaBytes as number);
      const ascending = shown('ASC');
      expect(ascending[0]).toBe(-1);
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      expect(shown('DESC')).toEqual([...ascending].reverse());
    });
    it("CREATE_TIME sorts a snapshot copied in from another region by its source's creation time, though it arrived later (the unsorted order)", () => {
      const west = { account: OWNER.account, region: 'us-west-2' };
      const sim = world({ clusters: ['c1'] });
      availableCluster(sim, 'w', {}, west);
      sim.execute('EnableSnapshotCopy', { ClusterIdentifier: 'c1', DestinationRegion: 'us-west-2' });
      manualSnapshot(sim, 'm1', { settle: false });
      sim.advance(60);
      manualSnapshot(sim, 'w1', { cluster: 'w', caller: west, settle: false });
      sim.runUntilIdle();
      const manual = (input: Rec) => describeIds(sim, { SnapshotType: 'manual', ...input }, west);
      expect(manual({})).toEqual(['w1', 'm1']); // the copy of m1 started when m1 ended, after w1 was taken
      expect(manual({ SortingEntities: [{ Attribute: 'CREATE_TIME' }] })).toEqual(['m1', 'w1']);
      expect(manual({ SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'ASC' }] })).toEqual(['m1', 'w1']);
      expect(manual({ SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'DESC' }] })).toEqual(['w1', 'm1']);
    });
  });

  describe('paging', () => {
    /** 45 manual snapshots m1..m45 of c1, with room for them. */
    function many(): Simulator {
      const sim = world({ quotas: { manualSnapshots: 100 } });
      manualSnapshots(sim, 45);
      return sim;
    }
    it.each([19, 101, 0])('refuses MaxRecords %i: InvalidParameterValue', (n) => {
      const sim = world();
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { MaxRecords: n }), 'InvalidParameterValue');
    });
    it('returns at most 100 snapshots by default', () => {
      const sim = world({ quotas: { manualSnapshots: 150 } });
      manualSnapshots(sim, 120);
      const first = sim.execute('DescribeClusterSnapshots', {});
      expect(first.Snapshots).toHaveLength(100);
      expect(first.Marker).toEqual(expect.any(String));
    });
    it('pages with MaxRecords 20..100 and an opaque Marker; each snapshot appears exactly once; the last page has no Marker', () => {
      const sim = many();
      for (const max of [20, 44, 45, 100]) {
        const pages = allPages(sim, { MaxRecords: max });
        expect(pages.map((p) => p.Snapshots.length)).toEqual(max >= 45 ? [45] : [max, ...(max * 2 >= 45 ? [45 - max] : [max, 45 - 2 * max])]);
        expect(pages.flatMap(ids)).toEqual(Array.from({ length: 45 }, (_, i) => `m${i + 1}`));
        expect(pages.at(-1)!.Marker).toBeUndefined();
      }
    });
    it('pages CREATE_TIME ASC by creation time, equal times in creation order: the unsorted order when no copy arrived from another region', () => {
      const sim = world({ quotas: { manualSnapshots: 100 }, clusters: ['c1', 'c2'] });
      for (let i = 1; i <= 45; i++) {
        manualSnapshot(sim, `t${i}`, { cluster: i % 2 ? 'c1' : 'c2', settle: false });
        if (i % 10 === 0) sim.advance(HOURS(5));
      }
      sim.runUntilIdle();
      const unsorted = allPages(sim, { MaxRecords: 20 }).flatMap((p) => p.Snapshots as Rec[]);
      const ascending = allPages(sim, { MaxRecords: 20, SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'ASC' }] }).flatMap((p) => p.Snapshots as Rec[]);
      // without copies from another region the creation order is time-ascending: compare with a stable sort by time
      const byTime = [...unsorted].sort((a, b) => (a.SnapshotCreateTime as Date).getTime() - (b.SnapshotCreateTime as Date).getTime());
      expect(unsorted.map((s) => s.SnapshotIdentifier)).toEqual(byTime.map((s) => s.SnapshotIdentifier));
      expect(ascending.map((s) => s.SnapshotIdentifier)).toEqual(unsorted.map((s) => s.SnapshotIdentifier));
      const times = ascending.map((s) => (s.SnapshotCreateTime as Date).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(times).size).toBeLessThan(times.length); // some share an instant
      expect(ascending.length).toBeGreaterThan(45); // automated snapshots too
    });
    it('lists a named snapshot and a shared one of the same name in creation order, also sorted by CREATE_TIME ASC', () => {
      const sim = world({ clusters: ['c1'] });
      availableCluster(sim, 'x', {}, OTHER);
      manualSnapshot(sim, 'dup', { cluster: 'x', caller: OTHER });
      sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'dup', AccountWithRestoreAccess: OWNER.account }, OTHER);
      sim.advance(HOURS(1));
      manualSnapshot(sim, 'dup');
      for (const input of [{ SnapshotIdentifier: 'dup' }, { SnapshotIdentifier: 'dup', SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'ASC' }] }]) {
        const got = sim.execute('DescribeClusterSnapshots', input).Snapshots as Rec[];
        expect(got.map((s) => s.OwnerAccount)).toEqual([OTHER.account, OWNER.account]);
      }
    });
    it('pages a sorted result in sort order', () => {
      const sim = many();
      const pages = allPages(sim, { MaxRecords: 20, SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'DESC' }] });
      expect(pages).toHaveLength(3);
      const all = pages.flatMap((p) => p.Snapshots as Rec[]);
      expect(all).toHaveLength(45);
      const times = all.map((s) => (s.SnapshotCreateTime as Date).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(new Set(all.map((s) => s.SnapshotIdentifier)).size).toBe(45);
    });
    it('pages a filtered result, applying the filter on every page', () => {
      const sim = world({ quotas: { manualSnapshots: 100 }, clusters: ['c1', 'c2'] });
      for (let i = 1; i <= 51; i++) manualSnapshot(sim, `p${i}`, { cluster: i % 2 ? 'c1' : 'c2', settle: false });
      sim.runUntilIdle();
      const pages = allPages(sim, { MaxRecords: 20, ClusterIdentifier: 'c2' });
      expect(pages.map((p) => p.Snapshots.length)).toEqual([20, 5]);
      expect(pages.flatMap(ids)).toEqual(Array.from({ length: 25 }, (_, i) => `p${2 * i + 2}`));
      expect(pages[1]!.Marker).toBeUndefined();
    });
    it('pages by ClusterIdentifier exactly as the unfiltered pages filtered by cluster: manual, automated, copies, shared, across incarnations and deletions', () => {
      const sim = world({ quotas: { manualSnapshots: 200 }, clusters: ['c1', 'c2', 'c3'], timings: { automatedEveryHours: 6 } });
      availableCluster(sim, 'c1', {}, OTHER);
      for (let i = 1; i <= 60; i++) {
        manualSnapshot(sim, `m${i}`, { cluster: `c${1 + (i % 3)}`, settle: false });
        if (i % 7 === 0) sim.advance(HOURS(7));
        if (i === 20) {
          const auto = automatedSnapshot(sim, 'c2').SnapshotIdentifier;
          sim.execute('CopyClusterSnapshot', { SourceSnapshotIdentifier: auto, TargetSnapshotIdentifier: 'copy-of-c2' });
          manualSnapshot(sim, 'theirs', { cluster: 'c1', caller: OTHER });
          sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'theirs', AccountWithRestoreAccess: OWNER.account }, OTHER);
        }
        if (i === 30) {
          sim.runUntilIdle();
          sim.execute('DeleteCluster', { ClusterIdentifier: 'c3', FinalClusterSnapshotIdentifier: 'final-c3' });
          sim.runUntilIdle();
          availableCluster(sim, 'c3');
        }
      }
      sim.runUntilIdle();
      for (const id of ['m3', 'm9', 'm10', 'm44']) sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: id });
      const all = allPages(sim, { MaxRecords: 100 }).flatMap((p) => p.Snapshots as Rec[]);
      for (const cluster of ['c1', 'c2', 'c3', 'gone']) {
        const expected = all.filter((s) => s.ClusterIdentifier === cluster).map((s) => `${s.OwnerAccount}:${s.SnapshotIdentifier}`);
        const got = allPages(sim, { MaxRecords: 20, ClusterIdentifier: cluster }).flatMap((p) => (p.Snapshots as Rec[]).map((s) => `${s.OwnerAccount}:${s.SnapshotIdentifier}`));
        expect(got, cluster).toEqual(expected);
      }
      expect(all.filter((s) => s.ClusterIdentifier === 'c2' && s.SnapshotType === 'automated').length).toBeGreaterThan(1);
      expect(all.map((s) => s.SnapshotIdentifier)).toEqual(expect.arrayContaining(['copy-of-c2', 'theirs', 'final-c3']));
    });
    it('includes shared snapshots in the paged stream', () => {
      const sim = world({ quotas: { manualSnapshots: 100 } });
      availableCluster(sim, 'x', {}, OTHER);
      manualSnapshots(sim, 15, 'o');
      manualSnapshot(sim, 'shared1', { cluster: 'x', caller: OTHER });
      sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'shared1', AccountWithRestoreAccess: OWNER.account }, OTHER);
      manualSnapshots(sim, 15, 'q');
      const got = allPages(sim, { MaxRecords: 20 }).flatMap(ids);
      expect(got).toHaveLength(31);
      expect(got).toContain('shared1');
    });
    it('pages a sorted query without losing or repeating a snapshot that exists throughout, while others are deleted and created between pages', () => {
      const sim = world({ quotas: { manualSnapshots: 100 } });
      for (let i = 1; i <= 25; i++) {
        sim.execute('CreateClusterSnapshot', { ClusterIdentifier: 'c1', SnapshotIdentifier: `s${i}` });
        sim.advance(60); // each a minute after the last: CREATE_TIME orders them
      }
      sim.runUntilIdle();
      const sorted = (SortOrder: string) => ({ SnapshotType: 'manual', SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder }] });
      // ascending: the first one listed goes before the second page
      const asc1 = sim.execute('DescribeClusterSnapshots', { ...sorted('ASC'), MaxRecords: 20 });
      sim.execute('DeleteClusterSnapshot', { SnapshotIdentifier: ids(asc1)[0] });
      const asc2 = sim.execute('DescribeClusterSnapshots', { ...sorted('ASC'), MaxRecords: 20, Marker: asc1.Marker });
      expect([...ids(asc1), ...ids(asc2)]).toEqual(Array.from({ length: 25 }, (_, i) => `s${i + 1}`));
      expect(asc2.Marker).toBeUndefined();
      // descending: a new one comes first, before the second page
      const desc1 = sim.execute('DescribeClusterSnapshots', { ...sorted('DESC'), MaxRecords: 20 });
      manualSnapshot(sim, 'newest');
      const desc2 = sim.execute('DescribeClusterSnapshots', { ...sorted('DESC'), MaxRecords: 20, Marker: desc1.Marker });
      const seen = [...ids(desc1), ...ids(desc2)];
      expect(seen).toEqual(Array.from({ length: 24 }, (_, i) => `s${25 - i}`));
    });
    it('refuses a Marker of a sorted query in an unsorted one, and the reverse: InvalidParameterValue', () => {
      const sim = many();
      const bySize = [{ Attribute: 'TOTAL_SIZE', SortOrder: 'DESC' }];
      const sortedMarker = sim.execute('DescribeClusterSnapshots', { MaxRecords: 20, SortingEntities: bySize }).Marker as string;
      const plainMarker = sim.execute('DescribeClusterSnapshots', { MaxRecords: 20 }).Marker as string;
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { MaxRecords: 20, Marker: sortedMarker }), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { MaxRecords: 20, Marker: plainMarker, SortingEntities: bySize }), 'InvalidParameterValue');
      expect(ids(sim.execute('DescribeClusterSnapshots', { MaxRecords: 20, Marker: sortedMarker, SortingEntities: bySize }))).toHaveLength(20);
      // nor in a query sorted otherwise: its place would be in another order
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { MaxRecords: 20, Marker: sortedMarker, SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'DESC' }] }), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { MaxRecords: 20, Marker: sortedMarker, SortingEntities: [{ Attribute: 'TOTAL_SIZE' }] }), 'InvalidParameterValue');
      // nor one made by hand whose keys are not of the sort's attributes
      const forged = (m: object) => Buffer.from(JSON.stringify(m)).toString('base64url');
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { Marker: forged({ after: 3, sort: 'TOTAL_SIZE:DESC', keys: ['zzz'] }), SortingEntities: bySize }), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { Marker: forged({ after: 3, sort: 'SOURCE_TYPE:ASC', keys: [5] }), SortingEntities: [{ Attribute: 'SOURCE_TYPE' }] }), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { Marker: forged({ after: 3, sort: 'TOTAL_SIZE:DESC', keys: [1, 2] }), SortingEntities: bySize }), 'InvalidParameterValue');
    });
    it('caps SortingEntities at 10 and tag filters at 50 for the library\'s callers too, as the Query decoder does: InvalidParameterValue', () => {
      const sim = many();
      const sortBy = (n: number) => Array.from({ length: n }, () => ({ Attribute: 'TOTAL_SIZE' }));
      expect(() => sim.execute('DescribeClusterSnapshots', { SortingEntities: sortBy(10) })).not.toThrow();
      const e = refuses(sim, () => sim.execute('DescribeClusterSnapshots', { SortingEntities: sortBy(11) }), 'InvalidParameterValue');
      expect(e.message).toMatch(/SortingEntities: at most 10 items are accepted \(got 11\)/);
      const keys = Array.from({ length: 51 }, (_, i) => `k${i}`);
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { TagKeys: keys }), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('DescribeClusters', { TagValues: keys }), 'InvalidParameterValue');
      refuses(sim, () => sim.execute('DescribeTags', { TagKeys: keys }), 'InvalidParameterValue');
    });
    it('refuses a Marker it did not issue: InvalidParameterValue', () => {
      const sim = many();
      refuses(sim, () => sim.execute('DescribeClusterSnapshots', { Marker: 'not-a-marker' }), 'InvalidParameterValue');
    });
  });
});
