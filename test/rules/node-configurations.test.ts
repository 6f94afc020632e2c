/**
 * DescribeNodeConfigurationOptions with ActionType=restore-cluster: the node types and counts a
 * snapshot can be restored into, consistent with what RestoreFromClusterSnapshot accepts, with
 * AWS's filters, paging and codes.
 */
import { describe, expect, it } from 'vitest';
import { OTHER, OWNER, THIRD, availableCluster, manualSnapshot, refuses, snapshot, world, type Rec, type Simulator } from './fixtures.ts';

const options = (sim: Simulator, input: Rec, caller = OWNER): Rec[] => sim.execute('DescribeNodeConfigurationOptions', { ActionType: 'restore-cluster', ...input }, caller).NodeConfigurationOptionList;

function snapshots(opts: Parameters<typeof world>[0] = {}): Simulator {
  const sim = world({ ...opts, clusters: [] });
  availableCluster(sim, 'small', { ClusterType: 'multi-node', NumberOfNodes: 2 });
  manualSnapshot(sim, 'dc2-snap', { cluster: 'small' });
  availableCluster(sim, 'big', { NodeType: 'ra3.xlplus' });
  manualSnapshot(sim, 'ra3-snap', { cluster: 'big' });
  sim.execute('AuthorizeSnapshotAccess', { SnapshotIdentifier: 'dc2-snap', AccountWithRestoreAccess: OTHER.account });
  return sim;
}

describe('DescribeNodeConfigurationOptions (restore-cluster)', () => {
  it('lists the snapshot\'s own configuration and the node types it restores into, never another DC2 size', () => {
    const sim = snapshots();
    const list = options(sim, { SnapshotIdentifier: 'dc2-snap' });
    expect(list).toContainEqual(expect.objectContaining({ NodeType: 'dc2.large', NumberOfNodes: 2, Mode: 'standard' }));
    const types = new Set(list.map((o) => o.NodeType));
    expect(types.has('dc2.8xlarge')).toBe(false);
    expect(types.has('ra3.xlplus')).toBe(true);
    expect([...new Set(options(sim, { SnapshotIdentifier: 'ra3-snap' }).map((o) => o.NodeType))].every((t) => !t.startsWith('dc2.'))).toBe(true);
    for (const o of list) expect(o.EstimatedDiskUtilizationPercent).toBeGreaterThan(0);
  });

  it('lists only configurations RestoreFromClusterSnapshot accepts', () => {
    const sim = snapshots();
    const list = options(sim, { SnapshotIdentifier: 'dc2-snap' });
    list.forEach((o, i) => {
      const c = sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: `r${i}`, SnapshotIdentifier: 'dc2-snap', NodeType: o.NodeType, NumberOfNodes: o.NumberOfNodes }).Cluster;
      expect([c.NodeType, c.NumberOfNodes]).toEqual([o.NodeType, o.NumberOfNodes]);
    });
  });

  it('filters by NodeType (in), NumberOfNodes and EstimatedDiskUtilizationPercent (lt, ge, between)', () => {
    const sim = snapshots();
    const all = options(sim, { SnapshotIdentifier: 'dc2-snap' });
    const ra3 = options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'NodeType', Operator: 'in', Values: ['ra3.xlplus'] }] });
    expect(ra3.length).toBeGreaterThan(0);
    expect(ra3.every((o) => o.NodeType === 'ra3.xlplus')).toBe(true);
    // NodeType's one operator, when left out
    expect(options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'NodeType', Values: ['ra3.xlplus'] }] })).toEqual(ra3);
    const two = options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'NumberOfNodes', Operator: 'ge', Values: ['2'] }, { Name: 'NodeType', Operator: 'in', Values: ['dc2.large', 'ra3.4xlarge'] }] });
    expect(two.every((o) => o.NumberOfNodes >= 2 && ['dc2.large', 'ra3.4xlarge'].includes(o.NodeType))).toBe(true);
    const low = options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'EstimatedDiskUtilizationPercent', Operator: 'between', Values: ['0', '1'] }] });
    expect(low.length).toBeLessThan(all.length);
    expect(low.every((o) => o.EstimatedDiskUtilizationPercent <= 1)).toBe(true);
  });

  it('takes MaxRecords from 100 to 500, and gives no Marker when every option fits', () => {
    const sim = snapshots();
    const all = options(sim, { SnapshotIdentifier: 'dc2-snap' });
    const first = sim.execute('DescribeNodeConfigurationOptions', { ActionType: 'restore-cluster', SnapshotIdentifier: 'dc2-snap', MaxRecords: 100 });
    expect(first.NodeConfigurationOptionList).toEqual(all.slice(0, 100));
    expect(first.Marker).toBeUndefined();
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'dc2-snap', MaxRecords: 20 }), 'InvalidParameterValue');
  });

  it('pages with an opaque Marker when more than MaxRecords options match (extra node types of the configuration)', () => {
    // the default node types give fewer than 100 options, MaxRecords' minimum: 40 more managed node
    // types, each small enough that the snapshot needs several nodes (three counts per type)
    const extra = Array.from({ length: 40 }, (_, i) => `ra3.paging${String(i + 1).padStart(2, '0')}`);
    const sim = snapshots({ rates: Object.fromEntries(extra.map((t) => [t, 25])), nodeCapacityMb: Object.fromEntries(extra.map((t) => [t, 1_000])) });
    const all = options(sim, { SnapshotIdentifier: 'dc2-snap' });
    expect(all.length).toBeGreaterThan(100);
    expect(all.length).toBeLessThanOrEqual(500);
    const first = sim.execute('DescribeNodeConfigurationOptions', { ActionType: 'restore-cluster', SnapshotIdentifier: 'dc2-snap', MaxRecords: 100 });
    expect(first.NodeConfigurationOptionList).toEqual(all.slice(0, 100));
    expect(first.Marker).toEqual(expect.any(String));
    const second = sim.execute('DescribeNodeConfigurationOptions', { ActionType: 'restore-cluster', SnapshotIdentifier: 'dc2-snap', MaxRecords: 100, Marker: first.Marker });
    expect(second.NodeConfigurationOptionList).toEqual(all.slice(100, 200));
    const pages = [first, second];
    while (pages.at(-1)!.Marker !== undefined && pages.length < 10) {
      pages.push(sim.execute('DescribeNodeConfigurationOptions', { ActionType: 'restore-cluster', SnapshotIdentifier: 'dc2-snap', MaxRecords: 100, Marker: pages.at(-1)!.Marker }));
    }
    expect(pages.at(-1)!.Marker).toBeUndefined();
    expect(pages.flatMap((p) => p.NodeConfigurationOptionList)).toEqual(all);
  });

  it('takes the snapshot by SnapshotArn, with the same options as by identifier, also for a shared snapshot', () => {
    const sim = snapshots();
    const arn = snapshot(sim, 'dc2-snap').SnapshotArn as string;
    const byId = options(sim, { SnapshotIdentifier: 'dc2-snap' });
    expect(byId.length).toBeGreaterThan(0);
    expect(options(sim, { SnapshotArn: arn })).toEqual(byId);
    expect(options(sim, { SnapshotArn: snapshot(sim, 'ra3-snap').SnapshotArn })).toEqual(options(sim, { SnapshotIdentifier: 'ra3-snap' }));
    expect(options(sim, { SnapshotArn: arn }, OTHER)).toEqual(byId);
    refuses(sim, () => options(sim, { SnapshotArn: arn }, THIRD), 'AccessToSnapshotDenied');
  });

  it('SnapshotIdentifier together with SnapshotArn: InvalidParameterCombination', () => {
    const sim = snapshots();
    const arn = snapshot(sim, 'dc2-snap').SnapshotArn as string;
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'dc2-snap', SnapshotArn: arn }), 'InvalidParameterCombination');
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'ra3-snap', SnapshotArn: arn }), 'InvalidParameterCombination');
  });

  it('filters by Mode (eq, in): every option is standard; Mode takes no numeric operator (InvalidParameterValue)', () => {
    const sim = snapshots();
    const all = options(sim, { SnapshotIdentifier: 'dc2-snap' });
    expect(all.every((o) => o.Mode === 'standard')).toBe(true);
    expect(options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'Mode', Operator: 'eq', Values: ['standard'] }] })).toEqual(all);
    expect(options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'Mode', Values: ['standard'] }] })).toEqual(all);
    expect(options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'Mode', Operator: 'in', Values: ['high-performance', 'standard'] }] })).toEqual(all);
    expect(options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'Mode', Operator: 'eq', Values: ['high-performance'] }] })).toEqual([]);
    const ra3 = options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'Mode', Operator: 'eq', Values: ['standard'] }, { Name: 'NodeType', Operator: 'in', Values: ['ra3.xlplus'] }] });
    expect(ra3).toEqual(all.filter((o) => o.NodeType === 'ra3.xlplus'));
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'Mode', Operator: 'lt', Values: ['standard'] }] }), 'InvalidParameterValue');
    // a filter member the model does not have is refused, not ignored
    const e = refuses(sim, () => options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'Mode', Op: 'lt', Values: ['standard'] }] }), 'InvalidParameterValue');
    expect(e.message).toMatch(/Filters\.1: has no member Op \(its members: Name, Operator, Values\)/);
  });

  it('serves a snapshot shared with the caller (OwnerAccount), and refuses one that was not: AccessToSnapshotDenied', () => {
    const sim = snapshots();
    expect(options(sim, { SnapshotIdentifier: 'dc2-snap', OwnerAccount: OWNER.account }, OTHER).length).toBeGreaterThan(0);
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'dc2-snap', OwnerAccount: OWNER.account }, THIRD), 'AccessToSnapshotDenied');
  });

  it('refuses an unknown snapshot (ClusterSnapshotNotFound 404), one not available (InvalidClusterSnapshotState), another action type (UnsupportedOperation), a bad filter (InvalidParameterValue)', () => {
    const sim = snapshots();
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'nope' }), 'ClusterSnapshotNotFound', 404);
    manualSnapshot(sim, 'busy', { cluster: 'small', settle: false });
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'busy' }), 'InvalidClusterSnapshotState');
    refuses(sim, () => sim.execute('DescribeNodeConfigurationOptions', { ActionType: 'resize-cluster' }), 'UnsupportedOperation');
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'NodeType', Operator: 'lt', Values: ['x'] }] }), 'InvalidParameterValue');
    refuses(sim, () => options(sim, {}), 'MissingParameter');
  });

  it("refuses what the model's filter rules exclude (InvalidParameterValue): NodeType with another operator than in, a single-value operator given several values, values out of range or not decimal, Values not a list of strings", () => {
    const sim = snapshots();
    const bad = (f: Rec) => refuses(sim, () => options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [f] }), 'InvalidParameterValue');
    expect(bad({ Name: 'NodeType', Operator: 'eq', Values: ['dc2.large'] }).message).toMatch(/NodeType takes the operator in only/);
    for (const op of ['eq', 'lt', 'gt', 'le', 'ge']) expect(bad({ Name: 'NumberOfNodes', Operator: op, Values: ['1', '2'] }).message).toMatch(/takes one value \(got 2\)/);
    bad({ Name: 'NumberOfNodes', Operator: 'between', Values: ['1'] });
    bad({ Name: 'NumberOfNodes', Operator: 'between', Values: ['1', '2', '3'] });
    for (const v of ['201', '-5', '', '0x2', '1e2', '2.5', ' 2']) bad({ Name: 'NumberOfNodes', Operator: 'gt', Values: [v] });
    for (const v of ['100.5', '150', '-1', 'NaN']) bad({ Name: 'EstimatedDiskUtilizationPercent', Operator: 'lt', Values: [v] });
    bad({ Name: 'NodeType', Operator: 'in', Values: { a: 1 } });
    bad({ Name: 'NodeType', Operator: 'in', Values: 'dc2.large' });
    bad({ Name: 'NodeType', Operator: 'in', Values: [1] });
    bad({ Name: 'NumberOfNodes', Operator: 'like', Values: ['1'] });
    // the bounds themselves are values
    expect(options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'NumberOfNodes', Operator: 'between', Values: ['0', '200'] }, { Name: 'EstimatedDiskUtilizationPercent', Operator: 'le', Values: ['100'] }] })).toEqual(options(sim, { SnapshotIdentifier: 'dc2-snap' }));
    expect(options(sim, { SnapshotIdentifier: 'dc2-snap', Filters: [{ Name: 'EstimatedDiskUtilizationPercent', Operator: 'ge', Values: ['0.5'] }] }).every((o) => o.EstimatedDiskUtilizationPercent >= 0.5)).toBe(true);
  });

  it('lists no node count above 100 (NumberOfNodes 1..100), even with a larger node quota per cluster', () => {
    // a snapshot that needs 54 dc2.large nodes: twice as many would be 108
    const sim = world({ clusters: [], quotas: { nodesPerCluster: 128, nodes: 1000 } });
    availableCluster(sim, 'big', { ClusterType: 'multi-node', NumberOfNodes: 100 });
    sim.advance(450 * 86_400);
    manualSnapshot(sim, 'big-snap', { cluster: 'big' });
    const list = options(sim, { SnapshotIdentifier: 'big-snap' });
    expect(Math.max(...list.map((o) => o.NumberOfNodes))).toBeLessThanOrEqual(100);
    expect(list.some((o) => o.NodeType === 'dc2.large' && o.NumberOfNodes > 50)).toBe(true);
    list.forEach((o, i) => {
      sim.execute('RestoreFromClusterSnapshot', { ClusterIdentifier: `r${i}`, SnapshotIdentifier: 'big-snap', NodeType: o.NodeType, NumberOfNodes: o.NumberOfNodes });
    });
  });

  it("refuses a marker of another operation, or one made by hand (InvalidParameterValue)", () => {
    const sim = snapshots();
    const other = Buffer.from(JSON.stringify({ after: 20 })).toString('base64url');
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'dc2-snap', Marker: other }), 'InvalidParameterValue');
    const sorted = Buffer.from(JSON.stringify({ after: 0, offset: 3, sort: 'CREATE_TIME:ASC' })).toString('base64url');
    refuses(sim, () => options(sim, { SnapshotIdentifier: 'dc2-snap', Marker: sorted }), 'InvalidParameterValue');
  });
});
