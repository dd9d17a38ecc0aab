import type { RoleDefinition } from "../model/azure.js";

interface Grants {
  actions?: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

function builtin(name: string, roleName: string, grants: Grants): RoleDefinition {
  return {
    id: `/providers/Microsoft.Authorization/roleDefinitions/${name}`,
    name,
    roleName,
    roleType: "BuiltInRole",
    permissions: [
      {
        actions: grants.actions ?? [],
        notActions: grants.notActions ?? [],
        dataActions: grants.dataActions ?? [],
        notDataActions: grants.notDataActions ?? [],
      },
    ],
    assignableScopes: ["/"],
    origin: {},
  };
}

/** The control-plane actions every Key Vault data role except the "User" ones carries. */
const KEY_VAULT_MANAGEMENT_READ = [
  "Microsoft.Authorization/*/read",
  "Microsoft.Insights/alertRules/*",
  "Microsoft.Resources/deployments/*",
  "Microsoft.Resources/subscriptions/resourceGroups/read",
  "Microsoft.Support/*",
  "Microsoft.KeyVault/checkNameAvailability/read",
  "Microsoft.KeyVault/deletedVaults/read",
  "Microsoft.KeyVault/locations/*/read",
  "Microsoft.KeyVault/vaults/*/read",
  "Microsoft.KeyVault/operations/read",
];

/**
 * Built-in roles whose permissions the checks need offline, keyed by their fixed definition
 * GUIDs (the same in every tenant). Permissions as published in the Azure built-in roles
 * reference (role-based-access-control/built-in-roles: security, storage, integration,
 * analytics, privileged). Roles not listed here are resolved from `az role definition list`
 * exports when given.
 */
export const BUILTIN_ROLES: readonly RoleDefinition[] = [
  // Privileged and general: control plane only, no data actions.
  builtin("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", { actions: ["*"] }),
  builtin("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor", {
    actions: ["*"],
    notActions: [
      "Microsoft.Authorization/*/Delete",
      "Microsoft.Authorization/*/Write",
      "Microsoft.Authorization/elevateAccess/Action",
      "Microsoft.Blueprint/blueprintAssignments/write",
      "Microsoft.Blueprint/blueprintAssignments/delete",
      "Microsoft.Compute/galleries/share/action",
      "Microsoft.Purview/consents/write",
      "Microsoft.Purview/consents/delete",
      "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
      "Microsoft.Subscription/cancel/action",
      "Microsoft.Subscription/enable/action",
    ],
  }),
  builtin("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", { actions: ["*/read"] }),

  // Key Vault (data plane; only honoured by vaults in the Azure RBAC permission model).
  builtin("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator", {
    actions: KEY_VAULT_MANAGEMENT_READ,
    dataActions: ["Microsoft.KeyVault/vaults/*"],
  }),
  builtin("21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault Reader", {
    actions: KEY_VAULT_MANAGEMENT_READ,
    dataActions: ["Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"],
  }),
  builtin("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", {
    dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"],
  }),
  builtin("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Key Vault Secrets Officer", {
    actions: KEY_VAULT_MANAGEMENT_READ,
    dataActions: ["Microsoft.KeyVault/vaults/secrets/*"],
  }),
  builtin("db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", "Key Vault Certificate User", {
    dataActions: [
      "Microsoft.KeyVault/vaults/certificates/read",
      "Microsoft.KeyVault/vaults/secrets/getSecret/action",
      "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
      "Microsoft.KeyVault/vaults/keys/read",
    ],
  }),
  builtin("a4417e6f-fecd-4de8-b567-7b0420556985", "Key Vault Certificates Officer", {
    actions: KEY_VAULT_MANAGEMENT_READ,
    dataActions: [
      "Microsoft.KeyVault/vaults/certificatecas/*",
      "Microsoft.KeyVault/vaults/certificates/*",
      "Microsoft.KeyVault/vaults/certificatecontacts/write",
    ],
  }),
  builtin("12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User", {
    dataActions: [
      "Microsoft.KeyVault/vaults/keys/read",
      "Microsoft.KeyVault/vaults/keys/update/action",
      "Microsoft.KeyVault/vaults/keys/backup/action",
      "Microsoft.KeyVault/vaults/keys/encrypt/action",
      "Microsoft.KeyVault/vaults/keys/decrypt/action",
      "Microsoft.KeyVault/vaults/keys/wrap/action",
      "Microsoft.KeyVault/vaults/keys/unwrap/action",
      "Microsoft.KeyVault/vaults/keys/sign/action",
      "Microsoft.KeyVault/vaults/keys/verify/action",
    ],
  }),
  builtin("14b46e9e-c2b7-41b4-b07b-48a6ebf60603", "Key Vault Crypto Officer", {
    actions: KEY_VAULT_MANAGEMENT_READ,
    dataActions: ["Microsoft.KeyVault/vaults/keys/*", "Microsoft.KeyVault/vaults/keyrotationpolicies/*"],
  }),

  // Storage: blobs and queues. There is no built-in "Storage Queue Data Owner"; the queue
  // message roles stand beside Reader and Contributor.
  builtin("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader", {
    actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/read", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"],
    dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
  }),
  builtin("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor", {
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
  builtin("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner", {
    actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/*", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"],
    dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"],
  }),
  builtin("19e7f393-937e-4f77-808e-94535e297925", "Storage Queue Data Reader", {
    actions: ["Microsoft.Storage/storageAccounts/queueServices/queues/read"],
    dataActions: ["Microsoft.Storage/storageAccounts/queueServices/queues/messages/read"],
  }),
  builtin("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor", {
    actions: [
      "Microsoft.Storage/storageAccounts/queueServices/queues/delete",
      "Microsoft.Storage/storageAccounts/queueServices/queues/read",
      "Microsoft.Storage/storageAccounts/queueServices/queues/write",
    ],
    dataActions: [
      "Microsoft.Storage/storageAccounts/queueServices/queues/messages/delete",
      "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read",
      "Microsoft.Storage/storageAccounts/queueServices/queues/messages/write",
      "Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action",
    ],
  }),
  builtin("8a0f0c08-91a1-4084-bc3d-661d67233fed", "Storage Queue Data Message Processor", {
    dataActions: ["Microsoft.Storage/storageAccounts/queueServices/queues/messages/read", "Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action"],
  }),
  builtin("c6a89b2d-59bc-44d0-9896-0f6e12d7b80a", "Storage Queue Data Message Sender", {
    dataActions: ["Microsoft.Storage/storageAccounts/queueServices/queues/messages/add/action"],
  }),

  // App Configuration.
  builtin("516239f1-63e1-4d78-a4de-a74fb236a071", "App Configuration Data Reader", {
    dataActions: ["Microsoft.AppConfiguration/configurationStores/*/read"],
  }),
  builtin("5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b", "App Configuration Data Owner", {
    dataActions: [
      "Microsoft.AppConfiguration/configurationStores/*/read",
      "Microsoft.AppConfiguration/configurationStores/*/write",
      "Microsoft.AppConfiguration/configurationStores/*/delete",
      "Microsoft.AppConfiguration/configurationStores/*/action",
    ],
    notDataActions: ["Microsoft.AppConfiguration/configurationStores/useSasAuth/action"],
  }),

  // Service Bus.
  builtin("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Azure Service Bus Data Sender", {
    actions: ["Microsoft.ServiceBus/*/queues/read", "Microsoft.ServiceBus/*/topics/read", "Microsoft.ServiceBus/*/topics/subscriptions/read"],
    dataActions: ["Microsoft.ServiceBus/*/send/action"],
  }),
  builtin("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", "Azure Service Bus Data Receiver", {
    actions: ["Microsoft.ServiceBus/*/queues/read", "Microsoft.ServiceBus/*/topics/read", "Microsoft.ServiceBus/*/topics/subscriptions/read"],
    dataActions: ["Microsoft.ServiceBus/*/receive/action"],
  }),
  builtin("090c5cfd-751d-490a-894a-3ce6f1109419", "Azure Service Bus Data Owner", {
    actions: ["Microsoft.ServiceBus/*"],
    dataActions: ["Microsoft.ServiceBus/*"],
  }),

  // Event Hubs.
  builtin("2b629674-e913-4c01-ae53-ef4638d8f975", "Azure Event Hubs Data Sender", {
    actions: ["Microsoft.EventHub/*/eventhubs/read"],
    dataActions: ["Microsoft.EventHub/*/send/action"],
  }),
  builtin("a638d3c7-ab3a-418d-83e6-5f17a39d4fde", "Azure Event Hubs Data Receiver", {
    actions: ["Microsoft.EventHub/*/eventhubs/consumergroups/read"],
    dataActions: ["Microsoft.EventHub/*/receive/action"],
  }),
  builtin("f526a384-b230-433a-b45c-95f59c4a2dec", "Azure Event Hubs Data Owner", {
    actions: ["Microsoft.EventHub/*"],
    dataActions: ["Microsoft.EventHub/*"],
  }),
];
