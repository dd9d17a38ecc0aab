import { resourceType } from "./scope.js";

/**
 * The data action the Key Vault provider of the Secrets Store CSI driver performs for each
 * `objectType` of a SecretProviderClass: it reads a secret's value, a key's public part, or a
 * certificate's public part.
 */
export const KEY_VAULT_OBJECT_ACTIONS = {
  secret: "Microsoft.KeyVault/vaults/secrets/getSecret/action",
  key: "Microsoft.KeyVault/vaults/keys/read",
  cert: "Microsoft.KeyVault/vaults/certificates/read",
} as const;

export type KeyVaultObjectType = keyof typeof KEY_VAULT_OBJECT_ACTIONS;

/** The access-policy permission (in `permissions.secrets|keys|certificates`) that stands for the same read. */
export const KEY_VAULT_OBJECT_POLICIES: Record<KeyVaultObjectType, { list: "secrets" | "keys" | "certificates"; permission: string }> = {
  secret: { list: "secrets", permission: "get" },
  key: { list: "keys", permission: "get" },
  cert: { list: "certificates", permission: "get" },
};

/**
 * Data actions that count as "can use this resource" for a target named only by its id
 * (`--target`), by resource type: any one of them is enough. Reads first; the first is the one a
 * suggested grant aims at.
 */
const TARGET_ACCESS: [string, string[]][] = [
  ["microsoft.keyvault/vaults", [KEY_VAULT_OBJECT_ACTIONS.secret, KEY_VAULT_OBJECT_ACTIONS.key, KEY_VAULT_OBJECT_ACTIONS.cert]],
  [
    "microsoft.storage/storageaccounts/queueservices",
    ["Microsoft.Storage/storageAccounts/queueServices/queues/messages/read", "Microsoft.Storage/storageAccounts/queueServices/queues/messages/add/action"],
  ],
  [
    "microsoft.storage/storageaccounts",
    [
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
      "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read",
      "Microsoft.Storage/storageAccounts/tableServices/tables/entities/read",
      "Microsoft.Storage/storageAccounts/fileServices/fileshares/files/read",
    ],
  ],
  ["microsoft.appconfiguration/configurationstores", ["Microsoft.AppConfiguration/configurationStores/keyValues/read"]],
  ["microsoft.servicebus/namespaces", ["Microsoft.ServiceBus/namespaces/messages/receive/action", "Microsoft.ServiceBus/namespaces/messages/send/action"]],
  ["microsoft.eventhub/namespaces", ["Microsoft.EventHub/namespaces/messages/receive/action", "Microsoft.EventHub/namespaces/messages/send/action"]],
];

/**
 * The data actions that give access to a resource, by its type; `[]` for a type wid does not
 * know (then any role assignment at or above it counts).
 */
export function targetDataActions(resourceId: string): string[] {
  const type = resourceType(resourceId);
  if (type === undefined) return [];
  const hit = TARGET_ACCESS.find(([t]) => type === t || type.startsWith(`${t}/`));
  return hit ? [...hit[1]] : [];
}
