import type { Argv } from "yargs";
import { listOption } from "../list-option.js";
import { UsageError } from "../usage-error.js";

const AKS_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+\/?$/i;

/** `--aks-cluster` takes a resource id, not a name: a name alone does not say which subscription and group. */
function aksClusterId(value: string | undefined): string | undefined {
  if (value === undefined || AKS_ID.test(value.trim())) return value?.trim();
  // yargs keeps only the message of a coerce error: the example goes in it.
  throw new UsageError(
    `--aks-cluster ${value}: not the resource id of an AKS cluster (/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/NAME, from az aks show --query id -o tsv)`,
    "",
  );
}

/** The doctor's flags for live Azure. */
export interface AzureLiveArgs {
  /** Subscriptions to read (else AZURE_SUBSCRIPTION_ID, else every subscription of the sign-in). */
  subscription: string[];
  /** The AKS cluster's resource id, when the kubeconfig's server does not tell which it is. */
  aksCluster: string | undefined;
}

/** Adds `--subscription` (repeatable) and `--aks-cluster ID` to a command; nothing heavy is imported here. */
export function azureLiveOptions<T>(y: Argv<T>): Argv<T & AzureLiveArgs> {
  return y
    .option("subscription", {
      requiresArg: true,
      type: "string",
      coerce: listOption,
      default: [],
      defaultDescription: "AZURE_SUBSCRIPTION_ID, else every subscription you can read",
      describe: "Azure subscription to read identities, role assignments, the AKS cluster and Key Vaults from. Repeatable",
    })
    .option("aks-cluster", {
      requiresArg: true,
      type: "string",
      coerce: aksClusterId,
      describe: "Resource id of the AKS cluster (az aks show --query id -o tsv), when it is not the one whose API server the kubeconfig names",
    }) as unknown as Argv<T & AzureLiveArgs>;
}

/** The names of the options above, for a command's `group`. */
export const AZURE_LIVE_OPTIONS = ["subscription", "aks-cluster"] as const;
