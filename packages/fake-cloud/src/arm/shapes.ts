import type { AzFederatedCredential, AzIdentity, AzKeyVault, AzManagedCluster, AzRoleAssignment, AzRoleDefinition, JsonObject } from "../scenario/types.js";
import { lastSegment, normaliseId } from "./ids.js";

/**
 * The Azure CLI prints ARM resources with `properties` flattened into the top level and a
 * `resourceGroup` added; ARM itself serves the envelope below with everything else in `properties`.
 */
const ENVELOPE_KEYS = new Set(["id", "name", "type", "location", "tags", "sku", "identity", "systemData", "kind", "etag", "zones", "extendedLocation", "managedBy", "plan"]);

/** Keys the CLI adds from other lookups (Graph, role definitions) that ARM never returns. */
const CLI_ONLY_KEYS = new Set(["resourceGroup", "principalName", "roleDefinitionName"]);

function unflatten(cli: JsonObject, type: string): JsonObject {
  const envelope: JsonObject = {};
  const properties: JsonObject = {};
  for (const [key, value] of Object.entries(cli)) {
    if (CLI_ONLY_KEYS.has(key) || value === undefined) continue;
    if (key === "properties" && value !== null && typeof value === "object") Object.assign(properties, value);
    else if (ENVELOPE_KEYS.has(key)) envelope[key] = value;
    else properties[key] = value;
  }
  return { ...envelope, type: envelope["type"] ?? type, properties };
}

export function armIdentity(identity: AzIdentity): JsonObject {
  return unflatten(identity, "Microsoft.ManagedIdentity/userAssignedIdentities");
}

export function armFederatedCredential(fic: AzFederatedCredential): JsonObject {
  return unflatten(fic, "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
}

export function armRoleAssignment(assignment: AzRoleAssignment): JsonObject {
  const arm = unflatten(assignment, "Microsoft.Authorization/roleAssignments");
  return { ...arm, id: normaliseId(assignment.id), name: assignment.name || lastSegment(assignment.id) };
}

/** A definition read at `scope` carries an id under that scope, as ARM answers. */
export function armRoleDefinition(definition: AzRoleDefinition, scope: string): JsonObject {
  const { roleType, ...rest } = definition;
  const guid = lastSegment(definition.name || definition.id);
  const at = normaliseId(scope);
  const arm = unflatten({ ...rest, type: "Microsoft.Authorization/roleDefinitions" }, "Microsoft.Authorization/roleDefinitions");
  const properties = arm["properties"] as JsonObject;
  return {
    ...arm,
    id: `${at === "/" ? "" : at}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    name: guid,
    properties: { ...properties, type: roleType ?? "BuiltInRole" },
  };
}

export function armManagedCluster(cluster: AzManagedCluster): JsonObject {
  const arm = unflatten(cluster, "Microsoft.ContainerService/ManagedClusters");
  const properties = arm["properties"] as JsonObject;
  const profile = cluster.oidcIssuerProfile;
  if (profile) {
    // The CLI prints `issuerUrl`; the REST API's name is `issuerURL`.
    const { issuerUrl, issuerURL, ...restProfile } = profile;
    const url = issuerURL ?? issuerUrl;
    properties["oidcIssuerProfile"] = { ...restProfile, ...(url !== undefined ? { issuerURL: url } : {}) };
  }
  properties["provisioningState"] ??= "Succeeded";
  properties["powerState"] ??= { code: "Running" };
  return arm;
}

export function armKeyVault(vault: AzKeyVault): JsonObject {
  const arm = unflatten(vault, "Microsoft.KeyVault/vaults");
  const properties = arm["properties"] as JsonObject;
  properties["sku"] ??= { family: "A", name: "standard" };
  properties["accessPolicies"] ??= [];
  properties["vaultUri"] ??= `https://${vault.name}.vault.azure.net/`;
  properties["provisioningState"] ??= "Succeeded";
  return arm;
}
