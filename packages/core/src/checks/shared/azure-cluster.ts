import type { ManagedCluster } from "../../model/azure.js";
import type { Snapshot } from "../../model/snapshot.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";

/**
 * The clusters whose own settings a check judges: the chosen one; every exported one when
 * several were exported and none was chosen (each finding names its cluster, nothing is
 * guessed); none when the chosen name matches no export.
 */
export function clustersToJudge(snapshot: Snapshot, index: SnapshotIndex): ManagedCluster[] {
  if (index.cluster) return [index.cluster];
  if (snapshot.options.clusterName !== undefined) return [];
  return snapshot.azure.clusters;
}
