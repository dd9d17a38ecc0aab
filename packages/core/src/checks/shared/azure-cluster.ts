import type { ManagedCluster } from "../../model/azure.js";
import type { CheckContext } from "../types.js";

/**
 * The clusters whose own settings a check judges: the chosen one; every exported one when
 * several were exported and none was chosen (each finding names its cluster, nothing is
 * guessed). When the chosen name matches no export the check cannot run, and says why.
 */
export function clustersToJudge(ctx: CheckContext): ManagedCluster[] {
  if (ctx.index.cluster) return [ctx.index.cluster];
  if (ctx.snapshot.options.clusterName !== undefined) {
    ctx.notRun(ctx.index.clusterAmbiguity ?? { code: "cluster-unknown", name: ctx.snapshot.options.clusterName, clusters: [] });
    return [];
  }
  return ctx.snapshot.azure.clusters;
}

/**
 * The cluster the manifests belong to and its OIDC issuer, for checks that compare credentials with
 * it; otherwise the check is reported as not run with the reason (several clusters and none chosen,
 * a name that matches none, or a cluster without an issuer, which cluster-oidc-issuer-disabled reports).
 */
export function clusterWithIssuer(ctx: CheckContext): { cluster: ManagedCluster; issuer: string } | undefined {
  const cluster = ctx.index.cluster;
  if (!cluster) {
    ctx.notRun(ctx.index.clusterAmbiguity ?? { code: "no-cluster" });
    return undefined;
  }
  if (!cluster.issuerUrl) {
    ctx.notRun({ code: "cluster-without-issuer", cluster: cluster.name });
    return undefined;
  }
  return { cluster, issuer: cluster.issuerUrl };
}
