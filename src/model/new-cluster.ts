/** The checks every new cluster passes: CreateCluster and RestoreFromClusterSnapshot. */
import { fault } from './errors.ts';
import { mayDisableAutomatedSnapshots } from './node-types.ts';
import type { Partition, State } from './types.ts';

/** Nodes of every cluster in partition `p` (the account's node quota counts them). */
function nodesInUse(p: Partition | undefined): number {
  let n = 0;
  for (const c of p?.clusters.values() ?? []) n += c.profile.numberOfNodes;
  return n;
}

/** What a new cluster is to be: where, what, how many nodes, its automated retention and zone. */
export interface NewCluster {
  readonly region: string;
  readonly id: string;
  readonly nodeType: string;
  readonly nodes: number;
  readonly automatedRetention: number;
  readonly availabilityZone: string | undefined;
}

/**
 * Checks new cluster `c` in partition `p` (undefined: the caller has none in the region yet): a
 * node type snapsim knows, automated snapshots not turned off on RA3/RG, a zone of the region, the
 * nodes per cluster, the identifier free, and the cluster and node quotas of the account and region.
 */
export function checkNewCluster(s: State, p: Partition | undefined, c: NewCluster): void {
  const quotas = s.config.quotas;
  const { id, nodeType, nodes, automatedRetention, availabilityZone: az } = c;
  if (!Object.hasOwn(s.config.rates, nodeType)) throw fault('InvalidParameterValue', `Invalid node type: ${nodeType}. Valid: ${Object.keys(s.config.rates).join(', ')}`);
  if (automatedRetention === 0 && !mayDisableAutomatedSnapshots(nodeType)) throw fault('InvalidParameterValue', "You can't disable automated snapshots for RA3 or RG node types");
  if (az !== undefined && !new RegExp(`^${c.region}[a-f]$`).test(az)) throw fault('InvalidParameterValue', `AvailabilityZone ${az} is not a zone of ${c.region}`);
  if (nodes > quotas.nodesPerCluster) throw fault('NumberOfNodesPerClusterLimitExceeded', `The operation would exceed the number of nodes allowed for a cluster (${quotas.nodesPerCluster})`);
  if (p?.clusters.has(id)) throw fault('ClusterAlreadyExists', `Cluster ${id} already exists`);
  if ((p?.clusters.size ?? 0) >= quotas.clusters) throw fault('ClusterQuotaExceeded', `The request would exceed the allowed number of clusters (${quotas.clusters})`);
  const used = nodesInUse(p);
  if (used + nodes > quotas.nodes) throw fault('NumberOfNodesQuotaExceeded', `The operation would exceed the number of nodes allotted to the account (${used} of ${quotas.nodes} in use)`);
}
