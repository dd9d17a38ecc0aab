import type { KubeObject, SnapshotPart } from "@wid/core";
import type { AzureProgress } from "@wid/core/sources/live-azure";
import type { IssuerLoad, KubeInput } from "@wid/core/sources/live-issuer";
import type { AzureLiveArgs } from "./azure-options.js";

/**
 * The live cluster as the Azure side needs it: its objects and the API server its kubeconfig
 * names. The cluster source's own type may hold more; this is all that is read here.
 */
export interface LiveCluster {
  objects: KubeObject[];
  context: { server: string };
}

export interface AzureLiveHooks {
  onProgress?: (p: AzureProgress) => void;
  signal?: AbortSignal;
  /** Where the endpoints, the subscription and a service principal's secret are read (the process's environment when omitted). */
  env?: Record<string, string | undefined>;
}

/**
 * The `azure` callback of the live snapshot: reads live Azure for what the cluster's objects
 * name (the identities of its ServiceAccounts and SecretProviderClasses, the vaults they mount,
 * the AKS cluster behind its API server). The Azure SDKs are loaded only when it runs. What
 * could not be read comes back as gaps of the part, never as an error, so the Azure checks say
 * *not run* and why.
 */
export function azureLiveFor(args: AzureLiveArgs, hooks: AzureLiveHooks = {}): (cluster: LiveCluster) => Promise<SnapshotPart | undefined> {
  return async (cluster) => {
    const { loadAzureLive, azureLookupsOf, credentialFromEnv, resolveEndpoints } = await import("@wid/core/sources/live-azure");
    const wanted = azureLookupsOf(cluster.objects);
    const env = hooks.env ?? process.env;
    const { part } = await loadAzureLive({
      ...wanted,
      env,
      credential: credentialFromEnv(env, resolveEndpoints(undefined, env).authorityHost),
      clusterServer: cluster.context.server,
      ...(args.aksCluster ? { aksClusterId: args.aksCluster } : {}),
      ...(args.subscription.length ? { subscriptions: args.subscription } : {}),
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
    return part;
  };
}

/**
 * Issuer evidence for the live snapshot (data key `runtime.issuer`): the issuer AKS states (from
 * the Azure part, when it read the cluster) or else the one the cluster's tokens carry, its
 * documents, and a token minted for a ServiceAccount that uses workload identity (else
 * `default/default`). Merge `evidence` into `runtime.issuers` and mark `runtime.issuer`
 * available, or record `gap` for it.
 */
export function issuerEvidenceFor(kube: KubeInput, hooks: { signal?: AbortSignal } = {}): (cluster: LiveCluster, azure: SnapshotPart | undefined) => Promise<IssuerLoad> {
  return async (cluster, azure) => {
    const { loadIssuerEvidence } = await import("@wid/core/sources/live-issuer");
    const issuer = azure?.kind === "azure" && azure.export.state.clusters.length === 1 ? azure.export.state.clusters[0]!.issuerUrl : undefined;
    return loadIssuerEvidence({
      ...(issuer ? { issuer } : {}),
      kube,
      serviceAccount: serviceAccountToMint(cluster.objects),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
  };
}

/** A ServiceAccount that names an identity (its tokens are the ones Entra ID sees), else `default/default`. */
function serviceAccountToMint(objects: readonly KubeObject[]): { namespace: string; name: string } {
  const annotated = objects.find((o) => o.kind === "ServiceAccount" && typeof (o.raw["metadata"] as { annotations?: Record<string, unknown> } | undefined)?.annotations?.["azure.workload.identity/client-id"] === "string");
  return annotated ? { namespace: annotated.namespace ?? "default", name: annotated.name } : { namespace: "default", name: "default" };
}

