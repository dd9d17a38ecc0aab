import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { randomUUID } from "node:crypto";
import { startAzureWorld, KV_SECRETS_USER, ORDERS, PAYMENTS, READER, SUB, vaultId, type AzureWorld } from "./helpers/azure-world.js";
import { createCertificateAuthority, type CertificateAuthority } from "../../src/tls/ca.js";
import { collect } from "./helpers/sdk.js";

let ca: CertificateAuthority;
const worlds: AzureWorld[] = [];

async function world(o: Parameters<typeof startAzureWorld>[0] = {}): Promise<{ w: AzureWorld; auth: AuthorizationManagementClient }> {
  const w = await startAzureWorld({ ca, ...o });
  worlds.push(w);
  const auth = new AuthorizationManagementClient(w.credential, SUB, { endpoint: w.azure.armUrl, $host: w.azure.armUrl });
  return { w, auth };
}

async function failure(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { statusCode?: number; code?: string; message: string };
  }
  throw new Error("expected the call to fail");
}

const subScope = `/subscriptions/${SUB}`;
const roleId = (guid: string) => `${subScope}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

beforeAll(async () => {
  ca = await createCertificateAuthority();
});
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

describe("roleAssignments through @azure/arm-authorization", () => {
  it("lists for a scope with a principalId $filter, scopes passed with their leading slash", async () => {
    const { w, auth } = await world();
    const forOrders = await collect(auth.roleAssignments.listForScope(subScope, { filter: `principalId eq '${ORDERS.principalId}'` }));
    expect(forOrders).toHaveLength(1);
    expect(forOrders[0]).toMatchObject({ principalId: ORDERS.principalId, scope: vaultId("kv-orders"), roleDefinitionId: roleId(KV_SECRETS_USER) });
    // arm-authorization sends "//subscriptions/..." for a scope that starts with "/".
    expect(w.azure.arm.requests.some((r) => r.path.startsWith("//subscriptions/"))).toBe(true);
  });

  it("lists what applies at a scope: atScope() keeps assignments at or above it", async () => {
    const { auth } = await world();
    const atVault = await collect(auth.roleAssignments.listForScope(vaultId("kv-orders"), { filter: "atScope()" }));
    expect(atVault.map((a) => a.principalId).sort()).toEqual([ORDERS.principalId, READER.objectId].sort());
    const belowSub = await collect(auth.roleAssignments.listForScope(subScope));
    expect(belowSub).toHaveLength(2);
    const atSubOnly = await collect(auth.roleAssignments.listForScope(subScope, { filter: "atScope()" }));
    expect(atSubOnly.map((a) => a.principalId)).toEqual([READER.objectId]);
  });

  it("pages role assignments with nextLink", async () => {
    const { w, auth } = await world({ pageSize: 1 });
    expect(await collect(auth.roleAssignments.listForScope(subScope))).toHaveLength(2);
    expect(w.azure.arm.requests.filter((r) => r.path.includes("roleAssignments?")).length).toBe(2);
  });

  it("creates and deletes an assignment, and refuses a duplicate with 409 RoleAssignmentExists", async () => {
    const { auth } = await world();
    const name = randomUUID();
    const created = await auth.roleAssignments.create(vaultId("kv-orders"), name, { roleDefinitionId: roleId(KV_SECRETS_USER), principalId: PAYMENTS.principalId, principalType: "ServicePrincipal" });
    expect(created).toMatchObject({ name, principalId: PAYMENTS.principalId, scope: vaultId("kv-orders"), principalType: "ServicePrincipal" });
    expect(await collect(auth.roleAssignments.listForScope(subScope, { filter: `principalId eq '${PAYMENTS.principalId}'` }))).toHaveLength(1);

    const dup = await failure(auth.roleAssignments.create(vaultId("kv-orders"), randomUUID(), { roleDefinitionId: roleId(KV_SECRETS_USER), principalId: PAYMENTS.principalId }));
    expect(dup).toMatchObject({ statusCode: 409, code: "RoleAssignmentExists" });

    const deleted = await auth.roleAssignments.delete(vaultId("kv-orders"), name);
    expect(deleted.name).toBe(name);
    expect(await collect(auth.roleAssignments.listForScope(subScope, { filter: `principalId eq '${PAYMENTS.principalId}'` }))).toHaveLength(0);
  });

  it("refuses an assignment to an id that is no principal (a client id) with PrincipalNotFound", async () => {
    const { auth } = await world();
    const err = await failure(auth.roleAssignments.create(vaultId("kv-orders"), randomUUID(), { roleDefinitionId: roleId(KV_SECRETS_USER), principalId: ORDERS.clientId }));
    expect(err).toMatchObject({ statusCode: 400, code: "PrincipalNotFound" });
  });

  it("answers 403 AuthorizationFailed when the caller may not write role assignments", async () => {
    const { auth } = await world({ faults: { forbidden: [{ principal: READER.clientId, access: "write" }] } });
    const err = await failure(auth.roleAssignments.create(vaultId("kv-orders"), randomUUID(), { roleDefinitionId: roleId(KV_SECRETS_USER), principalId: PAYMENTS.principalId }));
    expect(err).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    expect(err.message).toContain("Microsoft.Authorization/roleAssignments/write");
    // Reads are still allowed.
    expect(await collect(auth.roleAssignments.listForScope(subScope))).toHaveLength(2);
  });
});

describe("roleDefinitions through @azure/arm-authorization", () => {
  it("gets a definition by id, with its data actions", async () => {
    const { auth } = await world();
    const def = await auth.roleDefinitions.getById(roleId(KV_SECRETS_USER));
    expect(def).toMatchObject({ id: roleId(KV_SECRETS_USER), name: KV_SECRETS_USER, roleName: "Key Vault Secrets User", roleType: "BuiltInRole" });
    expect(def.permissions?.[0]?.dataActions).toContain("Microsoft.KeyVault/vaults/secrets/getSecret/action");
  });

  it("lists definitions with a roleName filter, and 404s an unknown one", async () => {
    const { auth } = await world();
    const readers = await collect(auth.roleDefinitions.list(subScope, { filter: "roleName eq 'Reader'" }));
    expect(readers.map((d) => d.roleName)).toEqual(["Reader"]);
    const err = await failure(auth.roleDefinitions.getById(roleId(randomUUID())));
    expect(err).toMatchObject({ statusCode: 404, code: "RoleDefinitionDoesNotExist" });
  });

  it("serves a scenario's custom role", async () => {
    const custom = randomUUID();
    const { auth } = await world({
      azure: () => ({
        roleDefinitions: [
          {
            id: roleId(custom),
            name: custom,
            roleName: "Orders Secret Reader",
            roleType: "CustomRole",
            assignableScopes: [subScope],
            permissions: [{ actions: [], notActions: [], dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action"], notDataActions: [] }],
          },
        ],
      }),
    });
    const listed = await collect(auth.roleDefinitions.list(subScope, { filter: "type eq 'CustomRole'" }));
    expect(listed.map((d) => d.roleName)).toEqual(["Orders Secret Reader"]);
  });
});
