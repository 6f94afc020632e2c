/**
 * What AWS says of node types (reference §4.2, RestoreFromClusterSnapshot): their family, the
 * ports each family accepts, and which node types a snapshot restores into.
 */

/** A node type's family: DC2 (local storage), or managed storage (RA3 and RG). */
export type NodeFamily = 'dc2' | 'managed';

/** The family of `nodeType` (`dc2.*` is DC2; `ra3.*` and `rg.*` are managed storage). */
export const nodeFamily = (nodeType: string): NodeFamily => (nodeType.startsWith('dc2.') ? 'dc2' : 'managed');

/** The most nodes a cluster has (AWS's `NumberOfNodes` range is 1..100; the node quota per cluster may be lower). */
export const MAX_NUMBER_OF_NODES = 100;

/** Whether automated snapshots may be turned off (retention 0): not for RA3 or RG. */
export const mayDisableAutomatedSnapshots = (nodeType: string): boolean => nodeFamily(nodeType) === 'dc2';

/** Whether `port` is valid for `nodeType`: DC2 1150–65535; RA3/RG 5431–5455 or 8191–8215. */
export function portFits(nodeType: string, port: number): boolean {
  if (nodeFamily(nodeType) === 'dc2') return port >= 1150 && port <= 65535;
  return (port >= 5431 && port <= 5455) || (port >= 8191 && port <= 8215);
}

/**
 * Why a snapshot of `from` nodes cannot be restored into `to` nodes, or undefined when it can: a
 * DC2 snapshot restores into its own node type or into RA3/RG (AWS's documented upgrade path),
 * never into another DC2 size; an RA3/RG snapshot restores into RA3/RG, never into DC2.
 */
export function restoreRefusal(from: string, to: string): string | undefined {
  if (nodeFamily(from) === 'managed' && nodeFamily(to) === 'dc2') return `a snapshot of ${from} nodes cannot be restored into ${to} (RA3 and RG snapshots restore into RA3 or RG only)`;
  if (nodeFamily(from) === 'dc2' && nodeFamily(to) === 'dc2' && from !== to) return `a snapshot of ${from} nodes restores into ${from} or an RA3 type, not ${to}`;
  return undefined;
}
