/**
 * DescribeNodeConfigurationOptions with `ActionType=restore-cluster`: the node types and counts a
 * snapshot can be restored into — exactly the configurations RestoreFromClusterSnapshot accepts
 * (the same node-type rule, node quota per cluster) — with the disk use each would start at.
 * Per node type allowed: the snapshot's own configuration, the fewest nodes that hold its data,
 * one more, and twice as many.
 */
import type { DescribeNodeConfigurationOptionsMessage, NodeConfigurationOption, NodeConfigurationOptionsFilter } from '../shapes/redshift.ts';
import { fault } from './errors.ts';
import { restorableOrDenied } from './lookups.ts';
import { restoreRefusal } from './node-types.ts';
import { query } from './operation.ts';
import { decodeMarker, encodeMarker } from './paging.ts';
import type { Caller, SnapshotRecord, State } from './types.ts';

/** The configurations snapshot `snap` restores into, by node type name, then node count. */
function optionsFor(s: State, snap: SnapshotRecord): NodeConfigurationOption[] {
  const out: NodeConfigurationOption[] = [];
  const dataMb = snap.totalMb;
  const max = s.config.quotas.nodesPerCluster;
  for (const nodeType of Object.keys(s.config.rates).sort()) {
    if (restoreRefusal(snap.profile.nodeType, nodeType) !== undefined) continue;
    const capacity = s.config.nodeCapacityMb[nodeType] ?? 0;
    if (capacity <= 0) continue;
    const fewest = Math.max(1, Math.ceil(dataMb / capacity));
    const counts = new Set([fewest, fewest + 1, 2 * fewest]);
    if (nodeType === snap.profile.nodeType) counts.add(snap.profile.numberOfNodes);
    for (const n of [...counts].filter((n) => n <= max).sort((a, b) => a - b)) {
      out.push({ NodeType: nodeType, NumberOfNodes: n, EstimatedDiskUtilizationPercent: Math.round((dataMb / (capacity * n)) * 10_000) / 100, Mode: 'standard' });
    }
  }
  return out;
}

const NUMERIC = new Set(['NumberOfNodes', 'EstimatedDiskUtilizationPercent']);

/** Whether option `o` passes filter `f` (AWS's operators; `lt`…`between` on numbers only). */
function passes(o: NodeConfigurationOption, f: NodeConfigurationOptionsFilter): boolean {
  const name = f.Name;
  if (name !== 'NodeType' && name !== 'NumberOfNodes' && name !== 'EstimatedDiskUtilizationPercent' && name !== 'Mode') {
    throw fault('InvalidParameterValue', `Invalid filter name ${String(name)}: use NodeType, NumberOfNodes, EstimatedDiskUtilizationPercent or Mode`);
  }
  const op = f.Operator ?? 'eq';
  const values = f.Values ?? [];
  if (values.length === 0) throw fault('InvalidParameterValue', `Filter ${name} needs at least one value`);
  const value = o[name];
  if (!NUMERIC.has(name)) {
    if (op !== 'eq' && op !== 'in') throw fault('InvalidParameterValue', `Filter ${name} takes the operators eq and in`);
    return values.includes(String(value));
  }
  const nums = values.map(Number);
  if (nums.some((n) => !Number.isFinite(n))) throw fault('InvalidParameterValue', `Filter ${name} takes numbers`);
  const v = Number(value);
  switch (op) {
    case 'eq':
      return v === nums[0];
    case 'lt':
      return v < nums[0]!;
    case 'gt':
      return v > nums[0]!;
    case 'le':
      return v <= nums[0]!;
    case 'ge':
      return v >= nums[0]!;
    case 'in':
      return nums.includes(v);
    case 'between':
      if (nums.length !== 2) throw fault('InvalidParameterValue', `between takes two values`);
      return v >= nums[0]! && v <= nums[1]!;
    default:
      throw fault('InvalidParameterValue', `Invalid operator ${String(op)}`);
  }
}

/** The snapshot the call names, visible to the caller and available. */
function snapshotOf(s: State, input: DescribeNodeConfigurationOptionsMessage, caller: Caller): SnapshotRecord {
  if (input.SnapshotIdentifier === undefined && input.SnapshotArn === undefined) throw fault('MissingParameter', 'restore-cluster needs SnapshotIdentifier or SnapshotArn');
  if (input.SnapshotIdentifier !== undefined && input.SnapshotArn !== undefined) throw fault('InvalidParameterCombination', 'Specify SnapshotIdentifier or SnapshotArn, not both');
  const snap = restorableOrDenied(s, caller, { id: input.SnapshotIdentifier, arn: input.SnapshotArn, owner: input.OwnerAccount });
  if (snap.status !== 'available') throw fault('InvalidClusterSnapshotState', `Snapshot ${snap.id} must be available (status ${snap.status}).`);
  return snap;
}

/** DescribeNodeConfigurationOptions (`restore-cluster`). */
export const describeNodeConfigurationOptions = query<'DescribeNodeConfigurationOptions'>({
  required: ['ActionType'],
  rules: { ActionType: 'string', SnapshotIdentifier: 'string', SnapshotArn: 'string', OwnerAccount: 'string', Filters: 'nodeConfigurationFilters', Marker: 'string', MaxRecords: 'nodeConfigurationMaxRecords' },
  run(s, input, caller) {
    if (input.ActionType !== 'restore-cluster') {
      throw fault('UnsupportedOperation', `snapsim answers DescribeNodeConfigurationOptions for ActionType restore-cluster only (got ${String(input.ActionType).slice(0, 64)})`);
    }
    const all = optionsFor(s, snapshotOf(s, input, caller)).filter((o) => (input.Filters ?? []).every((f) => passes(o, f)));
    const from = input.Marker === undefined ? 0 : (decodeMarker(input.Marker).offset ?? 0);
    const limit = input.MaxRecords ?? 500;
    const page = all.slice(from, from + limit);
    return { NodeConfigurationOptionList: page, Marker: from + limit < all.length ? encodeMarker({ after: 0, offset: from + limit }) : undefined };
  },
});
