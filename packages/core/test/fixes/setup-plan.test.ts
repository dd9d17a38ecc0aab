import { describe, expect, it } from "vitest";
import { planSetup, setting, UserError, type FederatedCredential, type ManagedIdentity, type SetupFacts } from "@wid/core";

const SUB = "5e8a1c2d-3b4f-4a6e-8d9c-0b1a2c3d4e5f";
const ISSUER = "https://eastus.oic.prod-aks.azure.com/tenant/cluster/";
const ID: ManagedIdentity = {
  id: `/subscriptions/${SUB}/resourcegroups/rg-apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web`,
  name: "id-web",
  resourceGroup: "rg-apps",
  subscriptionId: SUB,
  location: "eastus",
  clientId: "11111111-2222-4333-8444-555555555555",
  principalId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
  tenantId: "0c8d3f5e-7a41-4b2c-9e6d-1f2a3b4c5d6e",
  origin: {},
};
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.KeyVault/vaults/kv-web`;

function fic(over: Partial<FederatedCredential> = {}): FederatedCredential {
  return { id: `${ID.id}/federatedIdentityCredentials/apps-web`, name: "apps-web", identityId: ID.id, identityName: ID.name, resourceGroup: "rg-apps", issuer: ISSUER, subject: "system:serviceaccount:apps:web", audiences: ["api://AzureADTokenExchange"], createdAt: undefined, origin: {}, ...over };
}

function facts(over: Partial<SetupFacts> = {}): SetupFacts {
  return { namespace: "apps", serviceAccount: { exists: false }, subscriptions: [SUB], identities: [ID], fics: [], issuer: { url: ISSUER, from: "AKS cluster aks-prod" }, role: undefined, assignments: [], ...over };
}

const request = { serviceAccount: "web", identity: "id-web" };
const ops = (p: ReturnType<typeof planSetup>) => [...(p.identityPlan?.steps ?? []), ...p.cluster.steps, ...p.azure.steps].map((s) => s.op);

function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("expected a UserError");
}

describe("planSetup", () => {
  it("creates the ServiceAccount with the client id, and a credential for the cluster's issuer and the exact subject", () => {
    const plan = planSetup(facts(), request);
    expect(ops(plan)).toEqual(["create", "federatedCredential.createOrUpdate"]);
    expect(plan.cluster.steps[0]).toMatchObject({ op: "create", object: { kind: "ServiceAccount", name: "web", namespace: "apps" }, manifest: { metadata: { annotations: { "azure.workload.identity/client-id": ID.clientId } } } });
    expect(plan.azure.steps[0]).toMatchObject({ params: { identityId: ID.id, name: "apps-web", issuer: ISSUER, subject: "system:serviceaccount:apps:web", audiences: ["api://AzureADTokenExchange"] }, expect: { absent: true } });
    expect(plan.serviceAccountManifest).toEqual({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "web", namespace: "apps", annotations: { "azure.workload.identity/client-id": ID.clientId } } });
  });

  it("plans nothing when everything is in place, and says what is", () => {
    const plan = planSetup(facts({ serviceAccount: { exists: true, uid: "u", resourceVersion: "7", clientId: ID.clientId }, fics: [fic()] }), request);
    expect(ops(plan)).toEqual([]);
    expect(plan.inPlace).toEqual([`identity id-web (client id ${ID.clientId}) exists`, "ServiceAccount apps/web names the identity", 'federated credential "apps-web" trusts the cluster\'s issuer for system:serviceaccount:apps:web']);
  });

  it("annotates a ServiceAccount without a client id, guarded by the object as read", () => {
    const plan = planSetup(facts({ serviceAccount: { exists: true, uid: "u-1", resourceVersion: "42", clientId: undefined } }), request);
    expect(plan.cluster.steps).toEqual([expect.objectContaining({ op: "patch", patch: { metadata: { annotations: { "azure.workload.identity/client-id": ID.clientId } } }, guard: { uid: "u-1", resourceVersion: "42" } })]);
  });

  it("refuses to repoint a ServiceAccount that names another identity, unless told to", () => {
    const other = facts({ serviceAccount: { exists: true, uid: "u", resourceVersion: "1", clientId: "99999999-2222-4333-8444-555555555555" } });
    expect(userError(() => planSetup(other, request))).toMatchObject({ message: "ServiceAccount apps/web names another identity already (client id 99999999-2222-4333-8444-555555555555)", hint: expect.stringContaining("--overwrite") });
    expect(ops(planSetup(other, { ...request, overwrite: true }))).toEqual(["patch", "federatedCredential.createOrUpdate"]);
  });

  it("corrects the audience of a credential that has the issuer and subject, guarded by it as read", () => {
    const plan = planSetup(facts({ fics: [fic({ audiences: ["api://other"] })] }), request);
    expect(plan.azure.steps).toEqual([expect.objectContaining({ op: "federatedCredential.createOrUpdate", params: expect.objectContaining({ name: "apps-web", audiences: ["api://AzureADTokenExchange"] }), expect: { issuer: ISSUER, subject: "system:serviceaccount:apps:web", audiences: ["api://other"] } })]);
  });

  it("names a new credential beside one that takes its name, and refuses past Entra ID's limit of 20", () => {
    const taken = fic({ subject: "system:serviceaccount:other:web" });
    expect(planSetup(facts({ fics: [taken] }), request).azure.steps[0]).toMatchObject({ params: { name: "apps-web-2" } });
    const full = Array.from({ length: 20 }, (_, i) => fic({ name: `f${i}`, subject: `system:serviceaccount:x:${i}` }));
    expect(userError(() => planSetup(facts({ fics: full }), request)).message).toBe("identity id-web has 20 federated credentials, the most Entra ID allows");
  });

  it("grants the role unless the principal holds it at the scope or above", () => {
    const role = { guid: "4633458b-17de-408a-b874-0445c86b69e6", roleName: "Key Vault Secrets User" };
    const plan = planSetup(facts({ role }), { ...request, scope: VAULT });
    expect(plan.azure.steps.at(-1)).toMatchObject({ op: "roleAssignment.create", params: { principalId: ID.principalId, roleDefinitionGuid: role.guid, scope: VAULT } });
    const above = { id: "a", name: "a", principalId: ID.principalId, principalType: "ServicePrincipal", principalName: undefined, roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`, roleDefinitionName: undefined, scope: `/subscriptions/${SUB}/resourceGroups/rg-data`, createdOn: undefined, origin: {} };
    const held = planSetup(facts({ role, assignments: [above] }), { ...request, scope: VAULT });
    expect(held.azure.steps.map((s) => s.op)).toEqual(["federatedCredential.createOrUpdate"]);
    expect(held.inPlace.at(-1)).toBe(`role "Key Vault Secrets User" is granted at /subscriptions/${SUB}/resourceGroups/rg-data`);
  });

  it("creates a missing identity first when asked, and says what it needs", () => {
    const none = facts({ identities: [] });
    expect(userError(() => planSetup(none, request)).hint).toContain(`${setting("createIdentity")} ${setting("resourceGroup")} RG ${setting("location")} LOCATION`);
    expect(userError(() => planSetup(none, { ...request, create: { resourceGroup: "rg-apps", location: undefined } })).message).toBe(`${setting("createIdentity")} needs ${setting("resourceGroup")} and ${setting("location")}`);
    const plan = planSetup(none, { ...request, create: { resourceGroup: "rg-apps", location: "eastus" } });
    expect(plan.identityPlan?.steps).toEqual([expect.objectContaining({ op: "identity.create", params: { identityId: `/subscriptions/${SUB}/resourceGroups/rg-apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web`, location: "eastus" } })]);
    expect(plan.identityPlan?.steps[0]!.command).toBe(`az identity create \\\n  --name id-web \\\n  --resource-group rg-apps \\\n  --location eastus \\\n  --subscription ${SUB}`);
    // the rest waits for the identity's ids: shown with placeholders
    expect(plan.cluster.steps[0]).toMatchObject({ manifest: { metadata: { annotations: { "azure.workload.identity/client-id": "<client id of id-web>" } } } });
  });

  it("asks which identity when several have the name", () => {
    const twin = { ...ID, id: ID.id.replace("rg-apps", "rg-other"), resourceGroup: "rg-other" };
    expect(userError(() => planSetup(facts({ identities: [ID, twin] }), request))).toMatchObject({ message: expect.stringContaining("2 identities have that name (rg-apps/id-web"), hint: expect.stringContaining(setting("resourceGroup")) });
  });
});
