import type { AzRoleDefinition } from "../scenario/types.js";

function builtin(name: string, roleName: string, description: string, permission: Partial<AzRoleDefinition["permissions"][number]>): AzRoleDefinition {
  return {
    id: `/providers/Microsoft.Authorization/roleDefinitions/${name}`,
    name,
    roleName,
    roleType: "BuiltInRole",
    description,
    assignableScopes: ["/"],
    permissions: [{ actions: [], notActions: [], dataActions: [], notDataActions: [], ...permission }],
    type: "Microsoft.Authorization/roleDefinitions",
  };
}

/**
 * Built-in roles every Azure tenant has (fixed GUIDs), so a scenario can assign them without
 * listing them; a scenario's own definition with the same GUID replaces one of these.
 */
export const BUILTIN_ROLE_DEFINITIONS: readonly AzRoleDefinition[] = [
  builtin("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.", { actions: ["*"] }),
  builtin("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor", "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.", {
    actions: ["*"],
    notActions: ["Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action"],
  }),
  builtin("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", "View all resources, but does not allow you to make any changes.", { actions: ["*/read"] }),
  builtin("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.", {
    dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"],
  }),
  builtin("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Key Vault Secrets Officer", "Perform any action on the secrets of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.", {
    actions: ["Microsoft.Authorization/*/read", "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.KeyVault/vaults/*/read"],
    dataActions: ["Microsoft.KeyVault/vaults/secrets/*"],
  }),
  builtin("21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault Reader", "Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive values such as secret contents or key material.", {
    actions: ["Microsoft.Authorization/*/read", "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.KeyVault/vaults/*/read"],
    dataActions: ["Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"],
  }),
  builtin("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator", "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets.", {
    actions: ["Microsoft.Authorization/*/read", "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.KeyVault/vaults/*/read"],
    dataActions: ["Microsoft.KeyVault/vaults/*"],
  }),
  builtin("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader", "Read and list Azure Storage containers and blobs.", {
    actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/read", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"],
    dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
  }),
  builtin("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor", "Read, write, and delete Azure Storage containers and blobs.", {
    actions: [
      "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
      "Microsoft.Storage/storageAccounts/blobServices/containers/read",
      "Microsoft.Storage/storageAccounts/blobServices/containers/write",
      "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
    ],
    dataActions: [
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
    ],
  }),
];
