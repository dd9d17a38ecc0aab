import type { KubeObject } from "../../model/kube.js";
import { getIn, stringMap } from "../../util/raw.js";
import { WI } from "../../wi.js";

/** What a cluster's objects ask of Azure: the identities they name and the vaults they mount. */
export interface AzureLookups {
  /** Client ids of ServiceAccount annotations and SecretProviderClass `clientID` parameters. */
  clientIds: string[];
  /** `keyvaultName` of the Azure provider's SecretProviderClasses. */
  keyVaultNames: string[];
}

/** The identities and vaults the live Azure source looks up, from the cluster's objects. */
export function azureLookupsOf(objects: readonly KubeObject[]): AzureLookups {
  const clientIds = new Set<string>();
  const vaults = new Set<string>();
  for (const o of objects) {
    if (o.kind === "ServiceAccount") {
      const id = stringMap(getIn(o.raw, ["metadata", "annotations"]))[WI.clientIdAnnotation]?.trim();
      if (id) clientIds.add(id);
    } else if (o.kind === "SecretProviderClass" && getIn(o.raw, ["spec", "provider"]) === "azure") {
      const p = stringMap(getIn(o.raw, ["spec", "parameters"]));
      const id = p["clientID"]?.trim();
      if (id) clientIds.add(id);
      const vault = p["keyvaultName"]?.trim();
      if (vault) vaults.add(vault);
    }
  }
  return { clientIds: [...clientIds], keyVaultNames: [...vaults] };
}
