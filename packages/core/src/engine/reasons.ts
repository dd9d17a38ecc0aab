import type { DataGap, NotRunReason } from "../model/finding.js";
import type { DataKey, LiveGap } from "../model/snapshot.js";

/**
 * What each data key is, and the Azure CLI command whose JSON output holds it, for surfaces to
 * word a missing one (the CLI names its flags, the editor its settings).
 */
export const DATA_KEYS: Record<DataKey, { what: string; export?: string }> = {
  kube: { what: "Kubernetes objects (manifests or a live cluster)" },
  cluster: { what: "a live cluster (objects, status and events); manifests alone may not hold every object the cluster has" },
  "cluster.webhooks": { what: "the cluster's MutatingWebhookConfigurations, listed cluster-wide from a live cluster" },
  "cluster.namespaces": { what: "the cluster's Namespaces and their labels, listed cluster-wide from a live cluster" },
  "webhook-config": { what: "the webhook's ConfigMap azure-wi-webhook-config (from a live cluster, or in the manifests)" },
  "azure.identities": { what: "managed identities", export: "az identity list" },
  "azure.federatedCredentials": { what: "federated identity credentials", export: "az identity federated-credential list --identity-name NAME -g RG" },
  "azure.roleAssignments": { what: "role assignments", export: "az role assignment list --all" },
  "azure.clusters": { what: "the AKS cluster", export: "az aks show -n NAME -g RG" },
  "azure.keyVaults": {
    what: "Key Vaults",
    export: "az keyvault show -n NAME` or `az keyvault list -g RG` (without -g, `az keyvault list` omits the vault settings)",
  },
  "runtime.events": { what: "the cluster's recent events (from a live cluster)" },
  "runtime.logs": { what: "recent container logs of the pods that use workload identity (from a live cluster)" },
  "runtime.issuer": { what: "the OIDC issuer's discovery document and keys, and a token minted by the cluster (from a live cluster)" },
};

/** Why data is missing, in words that name no surface's options. */
export function describeGap(data: DataKey, gap: DataGap): string {
  const { what, export: command } = DATA_KEYS[data];
  switch (gap.code) {
    case "not-given":
      return command ? `needs ${what} (the JSON of \`${command}\`)` : `needs ${what}`;
    case "nothing-read":
      return `no ${what} could be read from the input given (see the input problems)`;
    case "key-vaults-without-properties":
      return "the Key Vault export lists vaults without their properties (`az keyvault list` without -g): export `az keyvault show -n NAME` or `az keyvault list -g RG`";
    case "forbidden":
      return `${gap.resource}${gap.namespace ? ` in namespace ${gap.namespace}` : ""} could not be read: forbidden${gap.detail ? ` (${gap.detail})` : ""}`;
    case "not-found":
      return `${gap.resource}${gap.namespace ? ` in namespace ${gap.namespace}` : ""} was not found${gap.detail ? ` (${gap.detail})` : ""}`;
    case "timeout":
      return `reading ${gap.resource}${gap.namespace ? ` in namespace ${gap.namespace}` : ""} timed out${gap.detail ? ` (${gap.detail})` : ""}`;
    case "unavailable":
      return `${gap.resource}${gap.namespace ? ` in namespace ${gap.namespace}` : ""} could not be read${gap.detail ? `: ${gap.detail}` : ""}`;
    case "not-in-scope":
      return `namespace ${gap.namespace} was not read (the run covered ${scopeWords(gap.scope)})`;
  }
}

function scopeWords(scope: readonly string[]): string {
  if (scope.length === 0) return "no namespace";
  return `namespace${scope.length === 1 ? "" : "s"} ${scope.join(", ")}`;
}

/** What a live source could not read, in words that name no surface's options. */
export function describeLiveGap(g: LiveGap): string {
  const where = g.namespace ? ` in namespace ${g.namespace}` : g.gap.code === "not-in-scope" ? "" : " (cluster-wide)";
  switch (g.gap.code) {
    case "forbidden":
      return `${g.resource}${where}: forbidden${g.gap.detail ? ` (${g.gap.detail})` : ""}`;
    case "not-found":
      return `${g.resource}${where}: not found${g.gap.detail ? ` (${g.gap.detail})` : ""}`;
    case "timeout":
      return `${g.resource}${where}: timed out${g.gap.detail ? ` (${g.gap.detail})` : ""}`;
    case "unavailable":
      return `${g.resource}${where}: could not be read${g.gap.detail ? ` (${g.gap.detail})` : ""}`;
    case "not-in-scope":
      return describeGap("cluster", g.gap);
    default:
      return `${g.resource}${where}: not read`;
  }
}

/** A not-run reason in words that name no surface's options. */
export function describeNotRun(reason: NotRunReason): string {
  switch (reason.code) {
    case "missing-data":
      return describeGap(reason.data, reason.gap);
    case "not-implemented":
      return "not implemented yet in this version of wid";
    case "clusters-ambiguous":
      return `the Azure data holds ${reason.clusters.length} AKS clusters (${reason.clusters.join(", ")}) and none was chosen`;
    case "cluster-unknown":
      return `no AKS cluster is named "${reason.name}" (known: ${reason.clusters.join(", ") || "none"})`;
    case "no-cluster":
      return `needs ${DATA_KEYS["azure.clusters"].what} (the JSON of \`${DATA_KEYS["azure.clusters"].export}\`)`;
    case "cluster-without-issuer":
      return `AKS cluster ${reason.cluster} has no OIDC issuer URL, so no credential can match its tokens (see cluster-oidc-issuer-disabled)`;
  }
}
