/**
 * DescribeNodeConfigurationOptions with `ActionType=restore-cluster`: the node types and counts a
 * snapshot can be restored into — configurations RestoreFromClusterSnapshot accepts (the same
 * node-type rule, at most 100 nodes and the node quota per cluster; an option of the other family
 * than a DC2 snapshot on a DC2-only port needs a `Port` too) — with the disk use each would start at.
 * Per node type allowed: the snapshot's own configuration, the fewest nodes that hold its data,
 * one more, and twice as many.
 */
import type { DescribeNodeConfigurationOptionsMessage, NodeConfigurationOption, NodeConfigurationOptionsFilter } from '../shapes/redshift.ts';
import { fault } from './errors.ts';
import { restorableOrDenied } from './lookups.ts';
import { MAX_NUMBER_OF_NODES, restoreRefusal } from './node-types.ts';
import { query } from './operation.ts';
import { decodeMarker, encodeMarker } from './paging.ts';
import type { Caller, SnapshotRecord, State } from './types.ts';

/** The configurations snapshot `snap` restores into, by node type name, then node count. */
function optionsFor(s: State, snap: SnapshotRecord): NodeConfigurationOption[] {
  const out: NodeConfigurationOption[] = [];
  const dataMb = snap.totalMb;
  const max = Math.min(s.config.quotas.nodesPerCluster, MAX_NUMBER_OF_NODES);
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

/** The range each numeric filter's values take (the model: NumberOfNodes 0..200, EstimatedDiskUtilizationPercent 0..100). */
const NUMERIC_RANGE: Readonly<Record<string, readonly [number, number]>> = { NumberOfNodes: [0, 200], EstimatedDiskUtilizationPercent: [0, 100] };

/** A decimal number as AWS writes one (digits, an optional fraction); nothing else (no sign, hex, exponent or blank). */
const DECIMAL = /^\d+(\.\d+)?$/;

/** The operators that take exactly one value. */
const SINGLE = new Set(['eq', 'lt', 'gt', 'le', 'ge']);

/**
 * Filter `f` checked whole (before any option is looked at) and made a predicate over options,
 * with the model's rules: a known name; `NodeType` takes `in` only (the operator, when left out,
 * is `in` for it and `eq` otherwise); `eq`, `lt`, `gt`, `le`, `ge` take one value, `between` two,
 * `in` one or more; `NumberOfNodes` values are whole numbers 0..200 and
 * `EstimatedDiskUtilizationPercent` values numbers 0..100. Anything else is InvalidParameterValue.
 */
function compileFilter(f: NodeConfigurationOptionsFilter, i: number): (o: NodeConfigurationOption) => boolean {
  const where = `Filters.NodeConfigurationOptionsFilter.${i + 1}`;
  const name = f.Name;
  if (name !== 'NodeType' && name !== 'NumberOfNodes' && name !== 'EstimatedDiskUtilizationPercent' && name !== 'Mode') {
    throw fault('InvalidParameterValue', `${where}: invalid filter name ${String(name).slice(0, 64)}: use NodeType, NumberOfNodes, EstimatedDiskUtilizationPercent or Mode`);
  }
  const values: unknown = f.Values ?? [];
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) throw fault('InvalidParameterValue', `${where}: Values must be a list of strings`);
  if (values.length === 0) throw fault('InvalidParameterValue', `${where}: filter ${name} needs at least one value`);
  const op: string = f.Operator ?? (name === 'NodeType' ? 'in' : 'eq');
  if (!['eq', 'lt', 'gt', 'le', 'ge', 'in', 'between'].includes(op)) throw fault('InvalidParameterValue', `${where}: invalid operator ${String(op).slice(0, 64)}`);
  if (SINGLE.has(op) && values.length !== 1) throw fault('InvalidParameterValue', `${where}: operator ${op} takes one value (got ${values.length})`);
  if (op === 'between' && values.length !== 2) throw fault('InvalidParameterValue', `${where}: operator between takes two values (got ${values.length})`);
  if (name === 'NodeType' || name === 'Mode') {
    if (name === 'NodeType' ? op !== 'in' : op !== 'eq' && op !== 'in') throw fault('InvalidParameterValue', `${where}: filter ${name} takes the operator${name === 'NodeType' ? ' in only' : 's eq and in'}`);
    return (o) => values.includes(String(o[name]));
  }
  const [lo, hi] = NUMERIC_RANGE[name]!;
  const nums = values.map((v) => {
    const n = Number(v);
    if (!DECIMAL.test(v) || n < lo || n > hi || (name === 'NumberOfNodes' && !Number.isInteger(n))) {
      throw fault('InvalidParameterValue', `${where}: ${name} values are ${name === 'NumberOfNodes' ? 'whole numbers' : 'numbers'} from ${lo} to ${hi} (got "${v.slice(0, 64)}")`);
    }
    return n;
  });
  const [a, b] = nums as [number, number];
  const value = (o: NodeConfigurationOption): number => o[name]!;
  switch (op) {
    case 'eq':
      return (o) => value(o) === a;
    case 'lt':
      return (o) => value(o) < a;
    case 'gt':
      return (o) => value(o) > a;
    case 'le':
      return (o) => value(o) <= a;
    case 'ge':
      return (o) => value(o) >= a;
    case 'between':
      return (o) => value(o) >= a && value(o) <= b;
    default:
      return (o) => nums.includes(value(o));
  }
}

/** What a marker of this operation says it is for: an offset into the options of one call's filters. */
const MARKER_KIND = 'node-configuration-options';

/** The snapshot the call names, visible to the caller and available. */
function snapshotOf(s: State, input: DescribeNodeConfigurationOptionsMessage, caller: Caller): SnapshotRecord {
  if (input.SnapshotIdentifier === undefined && input.SnapshotArn === undefined) throw fault('MissingParameter', 'restore-cluster needs SnapshotIdentifier or SnapshotArn');
  if (input.SnapshotIdentifier !== undefined && input.SnapshotArn !== undefined) throw fault('InvalidParameterCombination', 'Specify SnapshotIdentifier or SnapshotArn, not both');
  const snap = restorableOrDenied(s, caller, { id: input.SnapshotIdentifier, arn: input.SnapshotArn, owner: input.OwnerAccount });
  if (snap.status !== 'available') throw fault('InvalidClusterSnapshotState', `Snapshot ${snap.id} must be available (status ${snap.status}).`);
  return snap;
}

/** The offset a marker of this operation holds; a marker of another operation is InvalidParameterValue. */
function offsetOf(marker: string): number {
  const m = decodeMarker(marker);
  if (m.sort !== MARKER_KIND || m.offset === undefined) throw fault('InvalidParameterValue', `Invalid Marker for DescribeNodeConfigurationOptions: ${marker.slice(0, 64)}`);
  return m.offset;
}

/** DescribeNodeConfigurationOptions (`restore-cluster`). */
export const describeNodeConfigurationOptions = query<'DescribeNodeConfigurationOptions'>({
  required: ['ActionType'],
  rules: { ActionType: 'string', SnapshotIdentifier: 'string', SnapshotArn: 'string', OwnerAccount: 'string', Filters: 'nodeConfigurationFilters', Marker: 'string', MaxRecords: 'nodeConfigurationMaxRecords' },
  run(s, input, caller) {
    if (input.ActionType !== 'restore-cluster') {
      throw fault('UnsupportedOperation', `snapsim answers DescribeNodeConfigurationOptions for ActionType restore-cluster only (got ${String(input.ActionType).slice(0, 64)})`);
    }
    const filters = (input.Filters ?? []).map(compileFilter);
    const from = input.Marker === undefined ? 0 : offsetOf(input.Marker);
    const all = optionsFor(s, snapshotOf(s, input, caller)).filter((o) => filters.every((f) => f(o)));
    const limit = input.MaxRecords ?? 500;
    const page = all.slice(from, from + limit);
    return { NodeConfigurationOptionList: page, Marker: from + limit < all.length ? encodeMarker({ after: 0, offset: from + limit, sort: MARKER_KIND }) : undefined };
  },
});
