/**
 * What the editor reads live, loaded only when the settings ask for it (dist/live.js): Azure
 * through the user's sign-in (the Azure SDKs). Neither activation nor the engine loads it.
 */
import type { KubeObject, SnapshotPart } from "@wid/core";
import { azureLookupsOf, loadAzureLive } from "@wid/core/sources/live-azure";

export interface AzureRead {
  part: SnapshotPart;
  requests: number;
}

/** Which identities and vaults the manifests name: what a read of Azure is about (a key to tell when to read again). */
export function azureLookups(objects: readonly KubeObject[]): { clientIds: string[]; keyVaultNames: string[] } {
  const { clientIds, keyVaultNames } = azureLookupsOf(objects);
  return { clientIds: [...clientIds].sort(), keyVaultNames: [...keyVaultNames].sort() };
}

/**
 * Reads Azure with the user's sign-in (DefaultAzureCredential: environment, workload identity,
 * managed identity, Azure CLI, ...) for the identities and vaults the manifests name. What cannot
 * be read comes back as gaps of the part, never as an error; only an abort rejects.
 */
export async function readAzure(opts: { subscriptions: string[]; objects: readonly KubeObject[]; signal?: AbortSignal }): Promise<AzureRead> {
  const wanted = azureLookups(opts.objects);
  return loadAzureLive({ ...wanted, subscriptions: opts.subscriptions, ...(opts.signal ? { signal: opts.signal } : {}) });
}
