/**
 * Live Azure through the ARM SDKs: `loadAzureLive` reads what the checks need about the
 * identities, clusters and vaults in use and returns it as an Azure snapshot part. A subpath of
 * its own, so that surfaces that never go live (the editor, `--help`) do not load the Azure SDKs.
 */
export { loadAzureLive } from "./load.js";
export { resolveEndpoints, PUBLIC_ARM, type AzureLiveOptions, type AzureEndpoints, type AzureProgress, type AzureReadKind, type AzureRetryOptions } from "./options.js";
export { defaultCredential, credentialFromEnv } from "./credential.js";
export { parseAksClusterId, serverHost, type AksClusterRef } from "./cluster-match.js";
export { exchangeToken, type ExchangeResult, type ExchangeOptions } from "./exchange.js";
export { azureLookupsOf, type AzureLookups } from "./lookups.js";
