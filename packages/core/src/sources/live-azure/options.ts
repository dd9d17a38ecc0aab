import type { TokenCredential } from "@azure/core-auth";

/** The Azure endpoints wid talks to; the public cloud's unless told otherwise. */
export interface AzureEndpoints {
  /** Azure Resource Manager, e.g. `https://management.usgovcloudapi.net`; `https://management.azure.com` by default. */
  resourceManager?: string;
  /** Entra ID, e.g. `https://login.microsoftonline.us/`; `https://login.microsoftonline.com/` by default. */
  authorityHost?: string;
}

/** What the Azure source reads, in the order a surface shows it. */
export type AzureReadKind = "sign-in" | "subscriptions" | "identities" | "federatedCredentials" | "roleAssignments" | "roleDefinitions" | "clusters" | "keyVaults";

/** How far the Azure source has come: requests sent so far, per kind of read and per subscription. */
export interface AzureProgress {
  /** The read that just started or ended. */
  kind: AzureReadKind;
  /** ARM requests sent so far (retries included). */
  requests: number;
  /** Requests sent so far per kind of read. */
  byKind: Partial<Record<AzureReadKind, number>>;
  /** Requests sent so far per subscription id (reads of no subscription are left out). */
  bySubscription: Record<string, number>;
  /** Reads finished and reads known so far (the total grows as identities are found). */
  done: number;
  total: number;
}

export interface AzureRetryOptions {
  /** Retries of a request that failed with 429, 5xx or a dropped connection; 3 by default. */
  maxRetries?: number;
  /** First delay between retries without Retry-After, doubled each time; 800 ms by default. */
  delayMs?: number;
  /** Longest delay between retries without Retry-After; 30 s by default. */
  maxDelayMs?: number;
}

export interface AzureLiveOptions {
  /** How to sign in; DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...) when omitted. */
  credential?: TokenCredential;
  /** Subscriptions to read; else AZURE_SUBSCRIPTION_ID; else every subscription the credential can see. */
  subscriptions?: string[];
  /** The AKS cluster, by resource id; wins over `clusterServer`. */
  aksClusterId?: string;
  /** The kubeconfig's API server URL: the AKS cluster whose fqdn or private fqdn has its host is the one read. */
  clusterServer?: string;
  /** Client ids that ServiceAccounts name: the identities in use. */
  clientIds: string[];
  /** Key Vault names that SecretProviderClasses name. */
  keyVaultNames: string[];
  /** Non-public clouds (and the simulation): else WID_ARM_ENDPOINT and AZURE_AUTHORITY_HOST, else the public cloud. */
  endpoints?: AzureEndpoints;
  /** Requests in flight at once; 8 by default. */
  concurrency?: number;
  /** Longest wait for one read (a list with all its pages, or one resource), retries included; 30 s by default. */
  timeoutMs?: number;
  retry?: AzureRetryOptions;
  /** Stops every read; the load then rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (p: AzureProgress) => void;
  /** Where AZURE_SUBSCRIPTION_ID, WID_ARM_ENDPOINT and AZURE_AUTHORITY_HOST are read; process.env when omitted. */
  env?: Record<string, string | undefined>;
}

export const PUBLIC_ARM = "https://management.azure.com";

/** The endpoints to use: given ones, else the environment's, else the public cloud's. */
export function resolveEndpoints(given: AzureEndpoints | undefined, env: Record<string, string | undefined>): { resourceManager: string; authorityHost: string | undefined } {
  const arm = given?.resourceManager ?? nonEmpty(env["WID_ARM_ENDPOINT"]) ?? PUBLIC_ARM;
  const authority = given?.authorityHost ?? nonEmpty(env["AZURE_AUTHORITY_HOST"]);
  return { resourceManager: arm.replace(/\/+$/, ""), authorityHost: authority };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
}
