import { UserError } from "../../errors.js";

/** The parts of an AKS cluster's resource id. */
export interface AksClusterRef {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const AKS_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)\/?$/i;

/** An AKS cluster's resource id, or a UserError that shows what one looks like. */
export function parseAksClusterId(id: string): AksClusterRef {
  const m = AKS_ID.exec(id.trim());
  if (!m) {
    throw new UserError(`"${id}" is not the resource id of an AKS cluster`, {
      hint: "it looks like /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/NAME (az aks show -n NAME -g RG --query id -o tsv)",
    });
  }
  return { id: id.trim().replace(/\/$/, ""), subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! };
}

/** The host of a kubeconfig server URL, lower-case, without port. */
export function serverHost(server: string): string {
  try {
    return new URL(server).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  } catch {
    return server.toLowerCase();
  }
}

/**
 * Whether an AKS cluster (as the SDK returns it) serves its API at this host: `az aks
 * get-credentials` writes `https://<fqdn>:443`, or the private fqdn for a private cluster.
 */
export function clusterHasHost(cluster: unknown, host: string): boolean {
  const c = cluster as { fqdn?: unknown; privateFqdn?: unknown; privateFQDN?: unknown };
  return [c.fqdn, c.privateFqdn, c.privateFQDN].some((h) => typeof h === "string" && h.toLowerCase() === host);
}
