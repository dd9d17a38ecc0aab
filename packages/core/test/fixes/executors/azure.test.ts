import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import type { AzurePlan, AzureStep } from "@wid/core";
import { applyAzurePlan, applyFix, type StepOutcome } from "@wid/core/executors/live";
import { credentialFromEnv } from "@wid/core/sources/live-azure";
import { createCertificateAuthority, defaultScenario, startWorld, type CertificateAuthority, type World } from "../../helpers/fake-azure.js";
import { findingOf, liveDoctor, targetsOf } from "../../helpers/live-world.js";

let ca: CertificateAuthority;
const worlds: World[] = [];
beforeAll(async () => {
  ca = await createCertificateAuthority();
});
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

type Shop = ReturnType<typeof defaultScenario>;

async function shop(change?: (s: Shop) => void, opts: { ficWriteMs?: number } = {}): Promise<World> {
  const s = defaultScenario();
  change?.(s);
  const w = await startWorld(s, { ca, trustInProcess: true, ...opts });
  worlds.push(w);
  return w;
}

/** The SDK clients a user would read Azure with after the fix, signed in as the world's principal. */
function sdk(world: World) {
  const credential = credentialFromEnv(world.env, world.env["AZURE_AUTHORITY_HOST"]);
  const endpoint = world.urls.arm!;
  const options = { endpoint, $host: endpoint, credentialScopes: [`${endpoint}/.default`] };
  const sub = world.scenario.azure.subscriptionId;
  return {
    msi: new ManagedServiceIdentityClient(credential, sub, options),
    authz: new AuthorizationManagementClient(credential, sub, options),
    vaults: new KeyVaultManagementClient(credential, sub, options),
  };
}

const identity = (world: World, name: string) => world.scenario.azure.identities.find((i) => i.name === name)!;
const RG = "rg-shop";
const armWrites = (world: World) => world.azure.arm.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.status}`);

describe("applyAzurePlan against the simulated ARM, read back with the SDKs", { timeout: 60_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await shop();
  }, 60_000);

  it("corrects a federated credential's subject, and a second time changes nothing", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "fic-subject-mismatch", "aks-shop-payments");
    const heard: StepOutcome[] = [];
    const outcomes = await applyFix(fix, "azure", targetsOf(world), { onStep: (o) => heard.push(o) });
    expect(outcomes).toEqual([expect.objectContaining({ status: "applied", reason: 'federated credential "aks-shop-payments" of identity id-payments: updated' })]);
    expect(heard).toEqual(outcomes);
    const fic = await sdk(world).msi.federatedIdentityCredentials.get(RG, "id-payments", "aks-shop-payments");
    expect({ subject: fic.subject, issuer: fic.issuer, audiences: fic.audiences }).toEqual({ subject: "system:serviceaccount:shop:payments", issuer: world.urls.issuer, audiences: ["api://AzureADTokenExchange"] });
    const writes = armWrites(world).length;
    expect(await applyFix(fix, "azure", targetsOf(world))).toEqual([expect.objectContaining({ status: "unchanged" })]);
    expect(armWrites(world).length).toBe(writes);
    expect((await liveDoctor(world)).findings.filter((f) => f.checkId === "fic-subject-mismatch")).toEqual([]);
  });

  it("sets a Key Vault access policy that joins the vault's others", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "kv-access-policy-mode", "kv-shop-legacy");
    expect(await applyFix(fix, "azure", targetsOf(world))).toEqual([expect.objectContaining({ status: "applied" })]);
    const vault = await sdk(world).vaults.vaults.get("rg-shop-data", "kv-shop-legacy");
    const policies = (vault.properties.accessPolicies ?? []).map((p) => [p.objectId, p.permissions.secrets]);
    expect(policies).toEqual([
      [identity(world, "id-orders").principalId, ["get", "list"]],
      [identity(world, "id-secrets-reader").principalId, ["get"]],
    ]);
    expect(await applyFix(fix, "azure", targetsOf(world))).toEqual([expect.objectContaining({ status: "unchanged", reason: expect.stringContaining("the policy allows this already") })]);
  });

  it("grants a role at a scope, and finds it granted the second time", async () => {
    const ingest = identity(world, "id-ingest");
    const vault = world.scenario.azure.keyVaults.find((v) => v.name === "kv-shop-prod")!;
    const plan: AzurePlan = {
      target: "azure",
      steps: [{ op: "roleAssignment.create", params: { principalId: ingest.principalId, principalType: "ServicePrincipal", roleDefinitionGuid: "4633458b-17de-408a-b874-0445c86b69e6", roleName: "Key Vault Secrets User", scope: vault.id }, command: "" }],
    };
    expect(await applyAzurePlan(plan, targetsOf(world))).toEqual([expect.objectContaining({ status: "applied", reason: `role "Key Vault Secrets User" of principal ${ingest.principalId} on kv-shop-prod: granted` })]);
    const assignments = [];
    for await (const a of sdk(world).authz.roleAssignments.listForScope(vault.id.slice(1), { filter: `principalId eq '${ingest.principalId}'` })) assignments.push(a);
    expect(assignments.map((a) => [a.scope?.toLowerCase(), a.roleDefinitionId?.split("/").pop(), a.principalType])).toEqual([[vault.id.toLowerCase(), "4633458b-17de-408a-b874-0445c86b69e6", "ServicePrincipal"]]);
    expect(await applyAzurePlan(plan, targetsOf(world))).toEqual([expect.objectContaining({ status: "unchanged" })]);
  });

  it("deletes a role assignment by id, and finds it gone the second time", async () => {
    const orders = identity(world, "id-orders");
    const stray = world.scenario.azure.roleAssignments.find((a) => a.principalId === orders.principalId)!;
    const plan: AzurePlan = { target: "azure", steps: [{ op: "roleAssignment.delete", params: { id: stray.id, principalId: orders.principalId, roleName: "Key Vault Secrets User", scope: stray.scope }, command: "" }] };
    expect(await applyAzurePlan(plan, targetsOf(world))).toEqual([expect.objectContaining({ status: "applied" })]);
    await expect(sdk(world).authz.roleAssignments.getById(stray.id.slice(1))).rejects.toMatchObject({ statusCode: 404 });
    expect(await applyAzurePlan(plan, targetsOf(world))).toEqual([expect.objectContaining({ status: "unchanged", reason: expect.stringContaining("gone already") })]);
  });

  it("refuses to overwrite a credential changed since it was read, and one created since its absence was read", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "fic-issuer-mismatch", "aks-billing-invoices");
    await sdk(world).msi.federatedIdentityCredentials.createOrUpdate(RG, "id-invoices", "aks-billing-invoices", { issuer: "https://elsewhere.example/", subject: "system:serviceaccount:billing:invoices", audiences: ["api://AzureADTokenExchange"] });
    expect(await applyFix(fix, "azure", targetsOf(world))).toEqual([
      expect.objectContaining({ status: "refused", reason: 'federated credential "aks-billing-invoices" of identity id-invoices changed since wid read it (subject system:serviceaccount:billing:invoices, issuer https://elsewhere.example/): not overwritten; run wid again' }),
    ]);
    expect((await sdk(world).msi.federatedIdentityCredentials.get(RG, "id-invoices", "aks-billing-invoices")).issuer).toBe("https://elsewhere.example/");

    const invoices = identity(world, "id-invoices");
    const create: AzureStep = { op: "federatedCredential.createOrUpdate", params: { identityId: invoices.id, name: "billing-audit", issuer: world.urls.issuer, subject: "system:serviceaccount:billing:audit", audiences: ["api://AzureADTokenExchange"] }, expect: { absent: true }, command: "" };
    await sdk(world).msi.federatedIdentityCredentials.createOrUpdate(RG, "id-invoices", "billing-audit", { issuer: world.urls.issuer, subject: "system:serviceaccount:billing:other", audiences: ["api://AzureADTokenExchange"] });
    expect(await applyAzurePlan({ target: "azure", steps: [create] }, targetsOf(world))).toEqual([expect.objectContaining({ status: "refused", reason: expect.stringContaining("was created since wid read the identity (subject system:serviceaccount:billing:other") })]);
  });

  it("applies no step when a later step's precondition fails", async () => {
    const cart = identity(world, "id-cart");
    const vault = world.scenario.azure.keyVaults.find((v) => v.name === "kv-shop-prod")!;
    const assignment = world.scenario.azure.roleAssignments.find((a) => a.principalId === cart.principalId)!;
    const steps: AzureStep[] = [
      { op: "roleAssignment.create", params: { principalId: cart.principalId, principalType: "ServicePrincipal", roleDefinitionGuid: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", roleName: "Key Vault Secrets Officer", scope: vault.id }, command: "" },
      // names the assignment of another principal: refused
      { op: "roleAssignment.delete", params: { id: assignment.id, principalId: identity(world, "id-catalog").principalId, roleName: "Key Vault Secrets User", scope: assignment.scope }, command: "" },
    ];
    const writes = armWrites(world).length;
    const outcomes = await applyAzurePlan({ target: "azure", steps }, targetsOf(world));
    expect(outcomes.map((o) => o.status)).toEqual(["refused", "refused"]);
    expect(outcomes[0]!.reason).toContain("not changed, because another step of this fix cannot be applied");
    expect(outcomes[1]!.reason).toContain(`now names principal ${cart.principalId}: not deleted`);
    expect(armWrites(world).length).toBe(writes);
  });

  it("creates an identity, finds it the second time, and refuses one of that name elsewhere", async () => {
    const id = `/subscriptions/${world.scenario.azure.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-created`;
    const plan = (location: string): AzurePlan => ({ target: "azure", steps: [{ op: "identity.create", params: { identityId: id, location }, command: "" }] });
    expect(await applyAzurePlan(plan("eastus"), targetsOf(world))).toEqual([expect.objectContaining({ status: "applied", reason: "identity id-created: created" })]);
    const created = await sdk(world).msi.userAssignedIdentities.get(RG, "id-created");
    expect(created).toMatchObject({ location: "eastus", clientId: expect.stringMatching(/^[0-9a-f-]{36}$/), principalId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await applyAzurePlan(plan("eastus"), targetsOf(world))).toEqual([expect.objectContaining({ status: "unchanged", reason: "identity id-created exists already in eastus" })]);
    expect(await applyAzurePlan(plan("westeurope"), targetsOf(world))).toEqual([expect.objectContaining({ status: "refused", reason: "identity id-created exists already, in eastus rather than westeurope: not created again" })]);
  });

  it("with dryRun reads Azure and writes nothing", async () => {
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "fic-issuer-mismatch", "aks-billing-invoices");
    const writes = armWrites(world).length;
    // planned on the credential as the test above left it
    expect((await applyFix(fix, "azure", targetsOf(world), { dryRun: true }))[0]).toMatchObject({ status: "applied", reason: expect.stringContaining("(dry run); nothing was changed") });
    expect(armWrites(world).length).toBe(writes);
  });
});

describe("Azure's refusals", { timeout: 60_000 }, () => {
  it("a 403 is reported and nothing is changed", async () => {
    const world = await shop((s) => {
      s.faults.azure = { forbidden: [{ principal: s.azure.principals[0]!.objectId, access: "write", scope: `/subscriptions/${s.azure.subscriptionId}/resourceGroups/${RG}` }] };
    });
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "fic-subject-mismatch", "aks-shop-payments");
    const [outcome] = await applyFix(fix, "azure", targetsOf(world));
    expect(outcome).toMatchObject({ status: "failed", reason: expect.stringMatching(/^federated credential "aks-shop-payments" of identity id-payments: you may not make this change \(AuthorizationFailed: The client '.*' does not have authorization to perform action 'Microsoft.ManagedIdentity\/userAssignedIdentities\/federatedIdentityCredentials\/write'/) });
    expect((await sdk(world).msi.federatedIdentityCredentials.get(RG, "id-payments", "aks-shop-payments")).subject).toBe("system:serviceaccount:shop:payment");
  });

  it("a 409 for a concurrent write to the identity's credentials is tried again, then reported; nothing is changed", async () => {
    const world = await shop(undefined, { ficWriteMs: 9_000 });
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "fic-subject-mismatch", "aks-shop-payments");
    // someone else writes another credential of the same identity meanwhile
    const other = sdk(world).msi.federatedIdentityCredentials.createOrUpdate(RG, "id-payments", "other-writer", { issuer: world.urls.issuer, subject: "system:serviceaccount:shop:other", audiences: ["api://AzureADTokenExchange"] });
    await new Promise((r) => setTimeout(r, 300));
    const [outcome] = await applyFix(fix, "azure", targetsOf(world));
    expect(outcome).toMatchObject({ status: "failed", reason: expect.stringContaining("Azure refused the change as conflicting with another one (ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity: Too many Federated Identity Credentials are written concurrently") });
    expect(armWrites(world).filter((w) => w === "PUT 409")).toHaveLength(4);
    await other;
    expect((await sdk(world).msi.federatedIdentityCredentials.get(RG, "id-payments", "aks-shop-payments")).subject).toBe("system:serviceaccount:shop:payment");
  });

  it("writes of two plans to one identity's credentials wait for each other: Azure never sees them at once", async () => {
    const world = await shop();
    const orders = identity(world, "id-orders");
    const plan = (name: string): AzurePlan => ({
      target: "azure",
      steps: [{ op: "federatedCredential.createOrUpdate", params: { identityId: orders.id, name, issuer: world.urls.issuer, subject: `system:serviceaccount:shop:${name}`, audiences: ["api://AzureADTokenExchange"] }, expect: { absent: true }, command: "" }],
    });
    const outcomes = await Promise.all(["one", "two", "three"].map((n) => applyAzurePlan(plan(n), targetsOf(world))));
    expect(outcomes.flat().map((o) => o.status)).toEqual(["applied", "applied", "applied"]);
    expect(armWrites(world)).toEqual(["PUT 201", "PUT 201", "PUT 201"]);
  });

  it("throttling waits for Retry-After and the write is made", async () => {
    const world = await shop((s) => {
      s.faults.azure = { throttle: [{ pathContains: "federatedIdentityCredentials/aks-shop-payments", requests: 1, retryAfterSeconds: 1 }] };
    });
    const report = await liveDoctor(world);
    const { fix } = findingOf(report, "fic-subject-mismatch", "aks-shop-payments");
    const started = Date.now();
    const [outcome] = await applyFix(fix, "azure", targetsOf(world));
    expect(outcome!.status).toBe("applied");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(armWrites(world)).toEqual(["PUT 429", "PUT 200"]);
  });
});
