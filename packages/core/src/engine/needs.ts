import type { DataKey } from "../model/snapshot.js";

/** Why a check cannot run when a data key is missing, and how the user supplies it. */
export const NEED_REASONS: Record<DataKey, string> = {
  kube: "no Kubernetes objects were loaded: pass manifests with -f, or use a live cluster",
  cluster:
    "needs a live cluster (objects, status and events); manifests alone may not hold every object the cluster has",
  "webhook-config":
    "needs the webhook's ConfigMap azure-wi-webhook-config (from a live cluster, or in the manifests)",
  "azure.identities": "needs managed identities: add --azure with the output of `az identity list`",
  "azure.federatedCredentials":
    "needs federated identity credentials: add --azure with the output of `az identity federated-credential list --identity-name NAME -g RG`",
  "azure.roleAssignments": "needs role assignments: add --azure with the output of `az role assignment list --all`",
  "azure.clusters": "needs the AKS cluster: add --azure with the output of `az aks show -n NAME -g RG`",
  "azure.keyVaults": "needs Key Vaults: add --azure with the output of `az keyvault show -n NAME` or `az keyvault list -g RG` (without -g, `az keyvault list` omits the vault settings)",
  runtime: "needs runtime evidence (container logs, events, a minted token, the issuer's discovery document) from a live cluster",
};
