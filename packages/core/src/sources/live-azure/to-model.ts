import type { AzureState, FederatedCredential, KeyVault, ManagedCluster, ManagedIdentity, RoleAssignment, RoleDefinition } from "../../model/azure.js";
import type { AzureExport } from "../azure-export/load.js";
import { clusterShape, federatedCredentialShape, identityShape, isUnusable, keyVaultShape, roleAssignmentShape, roleDefinitionShape, type Shape } from "../azure-export/shapes.js";

/**
 * The SDKs hand back ARM resources with `properties` flattened where the Azure CLI flattens them
 * too, so the export shapes read them; dates come as Date objects and become ISO strings first.
 */
function read<T>(shape: Shape<T>, raw: unknown): T | undefined {
  const plain = JSON.parse(JSON.stringify(raw ?? null)) as unknown;
  if (plain === null || typeof plain !== "object" || Array.isArray(plain)) return undefined;
  const parsed = shape.read(plain as Record<string, unknown>, {});
  return isUnusable(parsed) ? undefined : parsed;
}

export const toIdentity = (raw: unknown): ManagedIdentity | undefined => read(identityShape, raw);
export const toFederatedCredential = (raw: unknown): FederatedCredential | undefined => read(federatedCredentialShape, raw);
export const toRoleAssignment = (raw: unknown): RoleAssignment | undefined => read(roleAssignmentShape, raw);
export const toRoleDefinition = (raw: unknown): RoleDefinition | undefined => read(roleDefinitionShape, raw);
export const toCluster = (raw: unknown): ManagedCluster | undefined => read(clusterShape, raw);
export const toKeyVault = (raw: unknown): KeyVault | undefined => read(keyVaultShape, raw);

type Kind = keyof AzureState;

/** Adds an object once (ids compare case-insensitively, as Azure's do); false when it was there. */
export function add<K extends Kind>(out: AzureExport, kind: K, item: AzureState[K][number]): boolean {
  const key = `${kind}\u0000${item.id.toLowerCase()}`;
  if (out.seen.has(key)) return false;
  out.seen.add(key);
  (out.state[kind] as AzureState[K][number][]).push(item);
  return true;
}
