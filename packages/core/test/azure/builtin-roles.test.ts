import { describe, expect, it } from "vitest";
import { BUILTIN_ROLES } from "../../src/azure/builtin-roles.js";
import { roleGrantsAction, roleGrantsDataAction } from "../../src/azure/permissions.js";

const byName = (n: string) => BUILTIN_ROLES.find((r) => r.roleName === n)!;

describe("built-in roles", () => {
  it("pins the fixed definition GUIDs of well-known roles", () => {
    const pairs = Object.fromEntries(BUILTIN_ROLES.map((r) => [r.roleName, r.name]));
    expect(pairs).toMatchObject({
      Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
      Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
      Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
      "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
      "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
      "Key Vault Certificate User": "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
      "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
      "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
      "Azure Service Bus Data Receiver": "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
      "Azure Event Hubs Data Sender": "2b629674-e913-4c01-ae53-ef4638d8f975",
      "App Configuration Data Reader": "516239f1-63e1-4d78-a4de-a74fb236a071",
    });
  });

  it("has unique GUIDs and names, each id ending in its GUID", () => {
    expect(new Set(BUILTIN_ROLES.map((r) => r.name)).size).toBe(BUILTIN_ROLES.length);
    expect(new Set(BUILTIN_ROLES.map((r) => r.roleName)).size).toBe(BUILTIN_ROLES.length);
    for (const r of BUILTIN_ROLES) {
      expect(r.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(r.id).toBe(`/providers/Microsoft.Authorization/roleDefinitions/${r.name}`);
    }
  });

  it("covers every role the common targets need", () => {
    const names = BUILTIN_ROLES.map((r) => r.roleName);
    for (const n of [
      "Key Vault Secrets User",
      "Key Vault Secrets Officer",
      "Key Vault Certificates Officer",
      "Key Vault Certificate User",
      "Key Vault Crypto User",
      "Key Vault Crypto Officer",
      "Key Vault Administrator",
      "Key Vault Reader",
      "Storage Blob Data Reader",
      "Storage Blob Data Contributor",
      "Storage Blob Data Owner",
      "Storage Queue Data Reader",
      "Storage Queue Data Contributor",
      "App Configuration Data Reader",
      "App Configuration Data Owner",
      "Azure Service Bus Data Sender",
      "Azure Service Bus Data Receiver",
      "Azure Service Bus Data Owner",
      "Azure Event Hubs Data Sender",
      "Azure Event Hubs Data Receiver",
      "Azure Event Hubs Data Owner",
      "Owner",
      "Contributor",
      "Reader",
    ]) {
      expect(names, n).toContain(n);
    }
  });

  it("keeps control-plane roles away from data", () => {
    for (const n of ["Owner", "Contributor", "Reader"]) {
      expect(roleGrantsDataAction(byName(n), "Microsoft.KeyVault/vaults/secrets/getSecret/action"), n).toBe(false);
      expect(roleGrantsAction(byName(n), "Microsoft.KeyVault/vaults/read"), n).toBe(true);
    }
    expect(roleGrantsAction(byName("Contributor"), "Microsoft.Authorization/roleAssignments/write")).toBe(false);
    expect(roleGrantsAction(byName("Owner"), "Microsoft.Authorization/roleAssignments/write")).toBe(true);
  });

  it("grants what each data role is for, and not more", () => {
    const secret = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
    expect(roleGrantsDataAction(byName("Key Vault Secrets User"), secret)).toBe(true);
    expect(roleGrantsDataAction(byName("Key Vault Secrets Officer"), secret)).toBe(true);
    expect(roleGrantsDataAction(byName("Key Vault Administrator"), secret)).toBe(true);
    expect(roleGrantsDataAction(byName("Key Vault Certificate User"), secret)).toBe(true);
    expect(roleGrantsDataAction(byName("Key Vault Reader"), secret)).toBe(false);
    expect(roleGrantsDataAction(byName("Key Vault Crypto User"), secret)).toBe(false);
    expect(roleGrantsDataAction(byName("Key Vault Reader"), "Microsoft.KeyVault/vaults/keys/read")).toBe(true);
    expect(roleGrantsDataAction(byName("Storage Blob Data Reader"), "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write")).toBe(false);
    expect(roleGrantsDataAction(byName("Storage Blob Data Owner"), "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write")).toBe(true);
    expect(roleGrantsDataAction(byName("Azure Service Bus Data Sender"), "Microsoft.ServiceBus/namespaces/messages/send/action")).toBe(true);
    expect(roleGrantsDataAction(byName("Azure Service Bus Data Sender"), "Microsoft.ServiceBus/namespaces/messages/receive/action")).toBe(false);
    expect(roleGrantsDataAction(byName("Azure Event Hubs Data Receiver"), "Microsoft.EventHub/namespaces/messages/receive/action")).toBe(true);
  });

  it("subtracts notDataActions (App Configuration Data Owner cannot use SAS auth)", () => {
    const owner = byName("App Configuration Data Owner");
    expect(roleGrantsDataAction(owner, "Microsoft.AppConfiguration/configurationStores/keyValues/write")).toBe(true);
    expect(roleGrantsDataAction(owner, "Microsoft.AppConfiguration/configurationStores/useSasAuth/action")).toBe(false);
  });
});
