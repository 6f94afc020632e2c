import { createSimulator } from './src/index.ts';
const sim = createSimulator({ seed: 3, start: '2024-01-01T00:00:00Z' } as any);
const ex = (op: string, i: any) => sim.execute(op, i) as any;
console.log(ex('CreateSnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(30 2 *)', 'rate(12 hours)'], NextInvocations: 3 }));
ex('CreateCluster', { ClusterIdentifier: 'a', NodeType: 'dc2.large', MasterUsername: 'admin' });
ex('CreateCluster', { ClusterIdentifier: 'b', NodeType: 'dc2.large', MasterUsername: 'admin', SnapshotScheduleIdentifier: 'nightly' });
sim.advance(3600);
ex('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'a', ScheduleIdentifier: 'nightly' });
console.log(ex('DescribeSnapshotSchedules', {}).SnapshotSchedules[0].AssociatedClusters);
sim.advance(600);
console.log(ex('DescribeSnapshotSchedules', {}).SnapshotSchedules[0].AssociatedClusters);
const c = ex('DescribeClusters', {}).Clusters.map((c: any) => [c.ClusterIdentifier, c.SnapshotScheduleIdentifier, c.SnapshotScheduleState, c.ExpectedNextSnapshotScheduleTime]);
console.log(c);
sim.advance(2 * 86400);
const snaps = ex('DescribeClusterSnapshots', { SnapshotType: 'automated' }).Snapshots.map((s: any) => s.SnapshotIdentifier);
console.log(snaps);
ex('ModifyClusterSnapshotSchedule', { ClusterIdentifier: 'a', DisassociateSchedule: true });
try { ex('DeleteSnapshotSchedule', { ScheduleIdentifier: 'nightly' }); } catch (e: any) { console.log(e.code); }
console.log(ex('ModifySnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 6 2-6)'] }).AssociatedClusters);
try { ex('ModifySnapshotSchedule', { ScheduleIdentifier: 'nightly', ScheduleDefinitions: ['cron(0 7 2-6)'] }); } catch (e: any) { console.log(e.code); }
sim.advance(7 * 86400);
console.log(ex('DescribeClusterSnapshots', { SnapshotType: 'automated' }).Snapshots.map((s: any) => s.SnapshotIdentifier));
