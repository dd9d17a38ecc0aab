import type { RoleDefinition } from "../model/azure.js";

function builtin(name: string, roleName: string, dataActions: string[], actions: string[] = [], notDataActions: string[] = []): RoleDefinition {
  return {
    id: `/providers/Microsoft.Authorization/roleDefinitions/${name}`,
    name,
    roleName,
    roleType: "BuiltInRole",
    permissions: [{ actions, notActions: [], dataActions, notDataActions }],
    assignableScopes: ["/"],
    origin: {},
  };
}

/** Built-in roles whose data actions the checks need offline, keyed by their fixed GUIDs. */
export const BUILTIN_ROLES: readonly RoleDefinition[] = [
  builtin("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"]),
];
