import { describe, expect, it } from "vitest";
import { grantsAt, leastPrivilegedRole, roleOf } from "../../src/azure/grants.js";
import { operationMatches } from "../../src/azure/permissions.js";
import { resourceType, scopeRelation } from "../../src/azure/scope.js";
import { targetDataActions } from "../../src/azure/data-actions.js";
import { buildIndex } from "../../src/engine/snapshot-index.js";
import { snapshot } from "../helpers/snapshot.js";
import { assignment, ROLE, SUB, RG, vaultId } from "./fixtures.js";

const P = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const GET_SECRET = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
const VAULT = vaultId("kv-prod");

function lookup(assignments: Record<string, unknown>[], roleDefinitions: Record<string, unknown>[] = []) {
  return buildIndex(snapshot({ azure: { "role-assignments.json": assignments, ...(roleDefinitions.length ? { "roles.json": roleDefinitions } : {}) } }));
}

describe("operation patterns", () => {
  it("match case-insensitively, with * spanning segments", () => {
    expect(operationMatches("Microsoft.KeyVault/vaults/secrets/*", GET_SECRET)).toBe(true);
    expect(operationMatches("microsoft.keyvault/VAULTS/secrets/getsecret/ACTION", GET_SECRET)).toBe(true);
    expect(operationMatches("Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/keys/versions/read")).toBe(true);
    expect(operationMatches("*/read", "Microsoft.Storage/storageAccounts/read")).toBe(true);
    expect(operationMatches("Microsoft.KeyVault/vaults/secrets/*", "Microsoft.KeyVault/vaults/keys/read")).toBe(false);
    expect(operationMatches("Microsoft.Key.ault/*", "Microsoft.KeyXault/x")).toBe(false);
  });
});

describe("scopes", () => {
  const rg = `/subscriptions/${SUB}/resourceGroups/${RG}`;
  it("contain by whole path segments, case-insensitively", () => {
    expect(scopeRelation("/", VAULT)).toBe("covers");
    expect(scopeRelation(`/subscriptions/${SUB.toUpperCase()}`, VAULT)).toBe("covers");
    expect(scopeRelation(rg.replace("resourceGroups", "resourcegroups"), VAULT)).toBe("covers");
    expect(scopeRelation(VAULT, VAULT)).toBe("covers");
    expect(scopeRelation(`${VAULT}/`, VAULT)).toBe("covers");
    expect(scopeRelation(`${rg}-2`, VAULT)).toBe("outside");
    expect(scopeRelation(`/subscriptions/${SUB}/resourceGroups/rg-pro`, VAULT)).toBe("outside");
    expect(scopeRelation(`${VAULT}/secrets/db`, VAULT)).toBe("outside");
  });

  it("cannot place a subscription under a management group offline", () => {
    expect(scopeRelation("/providers/Microsoft.Management/managementGroups/corp", VAULT)).toBe("unknown");
    expect(scopeRelation("/providers/Microsoft.Management/managementGroups/corp", "/providers/Microsoft.Management/managementGroups/corp")).toBe("covers");
  });

  it("derive resource types and the access that counts for a --target", () => {
    expect(resourceType(VAULT)).toBe("microsoft.keyvault/vaults");
    expect(resourceType(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/c`)).toBe(
      "microsoft.storage/storageaccounts/blobservices/containers",
    );
    expect(targetDataActions(VAULT)[0]).toBe(GET_SECRET);
    expect(targetDataActions(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Web/sites/app`)).toEqual([]);
  });
});

describe("grantsAt", () => {
  it("finds assignments at or above the scope whose role grants the data action", () => {
    const idx = lookup([
      assignment({ principalId: P, role: ROLE.secretsUser, scope: `/subscriptions/${SUB}/resourceGroups/${RG}` }),
      assignment({ principalId: P, role: ROLE.owner, scope: VAULT }),
      assignment({ principalId: P, role: ROLE.secretsUser, scope: vaultId("kv-other") }),
      assignment({ principalId: P.toUpperCase(), role: ROLE.secretsOfficer, scope: VAULT }),
    ]);
    const r = grantsAt(idx, P, [GET_SECRET], VAULT);
    expect(r.granting.map((a) => a.roleDefinitionName)).toEqual(["Key Vault Secrets User", "Key Vault Secrets Officer"]);
    expect(r.atOrAbove).toHaveLength(3);
    expect(r.undetermined).toEqual([]);
    expect(grantsAt(idx, P, [], vaultId("kv-other")).atOrAbove).toHaveLength(2);
  });

  it("does not judge custom roles it was not given, nor management-group scopes", () => {
    const custom = "0f0e0d0c-0b0a-4909-8807-060504030201";
    const idx = lookup([
      assignment({ principalId: P, role: custom, scope: VAULT }),
      assignment({ principalId: P, role: ROLE.secretsUser, scope: "/providers/Microsoft.Management/managementGroups/corp" }),
    ]);
    const r = grantsAt(idx, P, [GET_SECRET], VAULT);
    expect(r.granting).toEqual([]);
    expect(r.undetermined.map((u) => u.reason).sort()).toEqual(["management-group", "unknown-role"]);
  });

  it("uses exported custom role definitions, with their notDataActions", () => {
    const custom = "0f0e0d0c-0b0a-4909-8807-060504030201";
    const def = {
      assignableScopes: [`/subscriptions/${SUB}`],
      description: "Secrets except one",
      id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${custom}`,
      name: custom,
      permissions: [{ actions: [], dataActions: ["Microsoft.KeyVault/vaults/secrets/*"], notActions: [], notDataActions: [GET_SECRET] }],
      roleName: "Secrets metadata only",
      roleType: "CustomRole",
      type: "Microsoft.Authorization/roleDefinitions",
    };
    const idx = lookup([assignment({ principalId: P, role: custom, scope: VAULT })], [def]);
    expect(grantsAt(idx, P, [GET_SECRET], VAULT).granting).toEqual([]);
    expect(grantsAt(idx, P, ["Microsoft.KeyVault/vaults/secrets/readMetadata/action"], VAULT).granting).toHaveLength(1);
  });

  it("falls back to the role name printed beside the assignment for built-ins", () => {
    const idx = lookup([]);
    const a = { ...idx, roleDefinition: () => undefined };
    expect(roleOf(a, { roleDefinitionId: "/x/y", roleDefinitionName: "Key Vault Secrets User" } as never)?.name).toBe(ROLE.secretsUser);
  });

  it("suggests the least privileged built-in role", () => {
    expect(leastPrivilegedRole(GET_SECRET)?.roleName).toBe("Key Vault Secrets User");
    expect(leastPrivilegedRole("Microsoft.KeyVault/vaults/keys/read")?.roleName).toBe("Key Vault Crypto User");
    expect(leastPrivilegedRole("Microsoft.KeyVault/vaults/certificates/read")?.roleName).toBe("Key Vault Certificate User");
    expect(leastPrivilegedRole("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read")?.roleName).toBe("Storage Blob Data Reader");
    expect(leastPrivilegedRole("Microsoft.ServiceBus/namespaces/messages/receive/action")?.roleName).toBe("Azure Service Bus Data Receiver");
    expect(leastPrivilegedRole("Microsoft.Web/sites/read")).toBeUndefined();
  });
});
