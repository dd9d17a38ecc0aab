import type { KeyVault, ManagedIdentity } from "../../model/azure.js";
import type { KubeObject, ObjectRef } from "../../model/kube.js";
import type { Snapshot } from "../../model/snapshot.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { Workload } from "../../engine/workloads.js";
import { azureRef } from "../../engine/refs.js";
import { KEY_VAULT_OBJECT_ACTIONS, KEY_VAULT_OBJECT_POLICIES, targetDataActions, type KeyVaultObjectType } from "../../azure/data-actions.js";
import { sameGuid } from "../../util/guid.js";
import { resourceName, resourceType } from "../../azure/scope.js";
import { boundIdentities } from "./azure-bindings.js";
import { secretProviderClassUses, spcParams } from "./azure-spc.js";

/** A resource an identity must reach, and the data access that counts. */
export interface AccessTarget {
  identity: ManagedIdentity;
  /** The resource id: the scope role assignments must cover. */
  scope: string;
  name: string;
  /** The exported vault, for Key Vault targets whose vault was exported. */
  vault: KeyVault | undefined;
  /** Any one of these data actions is enough (one entry for a SecretProviderClass object type). */
  dataActions: string[];
  /** For SecretProviderClass targets: the Key Vault object type the actions serve. */
  objectType: KeyVaultObjectType | undefined;
  objectNames: string[];
  workloads: Workload[];
  spcs: KubeObject[];
  source: "secretProviderClass" | "target";
}

const KINDS: [string, string][] = [
  ["microsoft.keyvault/vaults", "KeyVault"],
  ["microsoft.storage/storageaccounts", "StorageAccount"],
  ["microsoft.appconfiguration/configurationstores", "AppConfigurationStore"],
  ["microsoft.servicebus/namespaces", "ServiceBusNamespace"],
  ["microsoft.eventhub/namespaces", "EventHubNamespace"],
];

/** How a finding names the target resource: the exported vault (with its file position), else kind, name and id. */
export function targetRef(t: AccessTarget): ObjectRef {
  if (t.vault) return azureRef("KeyVault", t.vault);
  const type = resourceType(t.scope) ?? "";
  const kind = KINDS.find(([p]) => type === p)?.[1] ?? "AzureResource";
  return { kind, name: t.name, id: t.scope };
}

function isObjectType(t: string): t is KeyVaultObjectType {
  return t in KEY_VAULT_OBJECT_ACTIONS;
}

const cache = new WeakMap<SnapshotIndex, AccessTarget[]>();

/**
 * The resources the workloads must reach, per identity: the Key Vault objects their
 * SecretProviderClasses read (identity = the class's `clientID`; vaults must be exported to know
 * their id), and every `--target` for each identity of a labelled workload.
 */
export function accessTargets(snapshot: Snapshot, index: SnapshotIndex): AccessTarget[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const byKey = new Map<string, AccessTarget>();
  const add = (key: string, make: () => AccessTarget, w: Workload[], spc?: KubeObject, objectName?: string): void => {
    let t = byKey.get(key);
    if (!t) {
      t = make();
      byKey.set(key, t);
    }
    for (const x of w) if (!t.workloads.includes(x)) t.workloads.push(x);
    if (spc && !t.spcs.includes(spc)) t.spcs.push(spc);
    if (objectName && !t.objectNames.includes(objectName)) t.objectNames.push(objectName);
  };

  for (const use of secretProviderClassUses(index)) {
    if (!use.spc) continue;
    const p = spcParams(use.spc);
    if (p.provider !== "azure" || !p.workloadIdentity || !p.keyvaultName) continue;
    const identity = index.identityByClientId(p.clientID!);
    const vault = index.keyVaultByName(p.keyvaultName);
    if (!identity || !vault) continue;
    for (const o of p.objects) {
      if (!isObjectType(o.objectType)) continue;
      const type = o.objectType;
      add(
        `${identity.id}|${vault.id}|${type}`.toLowerCase(),
        () => ({ identity, scope: vault.id, name: vault.name, vault, dataActions: [KEY_VAULT_OBJECT_ACTIONS[type]], objectType: type, objectNames: [], workloads: [], spcs: [], source: "secretProviderClass" }),
        [use.workload],
        use.spc,
        o.objectName,
      );
    }
  }

  const targets = snapshot.options.targets ?? [];
  if (targets.length) {
    const vaults = new Map(snapshot.azure.keyVaults.map((v) => [v.id.toLowerCase(), v]));
    for (const { identity, bindings } of boundIdentities(index)) {
      for (const id of targets) {
        const scope = id.replace(/\/+$/, "");
        add(
          `${identity.id}|${scope}|*`.toLowerCase(),
          () => ({
            identity,
            scope,
            name: resourceName(scope),
            vault: vaults.get(scope.toLowerCase()),
            dataActions: targetDataActions(scope),
            objectType: undefined,
            objectNames: [],
            workloads: [],
            spcs: [],
            source: "target",
          }),
          bindings.flatMap((b) => b.workloads),
        );
      }
    }
  }
  const out = [...byKey.values()];
  cache.set(index, out);
  return out;
}

/** Whether the vault's access policies let the principal read objects of the type ("all" covers every permission). */
export function policyAllows(vault: KeyVault, principalId: string, type: KeyVaultObjectType): boolean {
  const { list, permission } = KEY_VAULT_OBJECT_POLICIES[type];
  return vault.accessPolicies.some(
    (p) => sameGuid(p.objectId, principalId) && p.permissions[list].some((x) => x.toLowerCase() === permission || x.toLowerCase() === "all"),
  );
}

/** The object types a target needs: its own, or any for a vault given with --target. */
export function typesOf(t: AccessTarget): KeyVaultObjectType[] {
  return t.objectType ? [t.objectType] : ["secret", "key", "cert"];
}
