import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { startAzureWorld, identityId, ORDERS, PAYMENTS, READER, RG, RG_DATA, SUB, TENANT, type AzureWorld } from "./helpers/azure-world.js";
import { createCertificateAuthority, type CertificateAuthority } from "../../src/tls/ca.js";
import { collect, restError } from "./helpers/sdk.js";

let ca: CertificateAuthority;
const worlds: AzureWorld[] = [];

async function world(o: Parameters<typeof startAzureWorld>[0] = {}): Promise<{ w: AzureWorld; msi: ManagedServiceIdentityClient }> {
  const w = await startAzureWorld({ ca, ficWriteMs: 20, ...o });
  worlds.push(w);
  const msi = new ManagedServiceIdentityClient(w.credential, SUB, { endpoint: w.azure.armUrl, $host: w.azure.armUrl });
  return { w, msi };
}

beforeAll(async () => {
  ca = await createCertificateAuthority();
});
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

describe("userAssignedIdentities through @azure/arm-msi", () => {
  it("lists by subscription and resource group and gets one, with the ARM properties flattened by the SDK", async () => {
    const { msi } = await world();
    const all = await collect(msi.userAssignedIdentities.listBySubscription());
    expect(all.map((i) => i.name).sort()).toEqual([ORDERS.name, PAYMENTS.name]);
    const orders = await msi.userAssignedIdentities.get(RG, ORDERS.name);
    expect(orders).toMatchObject({ id: identityId(ORDERS.name), clientId: ORDERS.clientId, principalId: ORDERS.principalId, type: "Microsoft.ManagedIdentity/userAssignedIdentities" });
    expect((await collect(msi.userAssignedIdentities.listByResourceGroup(RG))).length).toBe(2);
  });

  it("follows nextLink across pages", async () => {
    const { w, msi } = await world({ pageSize: 1 });
    const all = await collect(msi.userAssignedIdentities.listBySubscription());
    expect(all).toHaveLength(2);
    const listCalls = w.azure.arm.requests.filter((r) => r.path.includes("userAssignedIdentities?"));
    expect(listCalls).toHaveLength(2);
    expect(listCalls[1]!.path).toContain("$skiptoken=");
  });

  it("creates an identity with a new client id and service principal, updates its tags, and keeps its location", async () => {
    const { w, msi } = await world();
    const created = await msi.userAssignedIdentities.createOrUpdate(RG, "id-new", { location: "eastus", tags: { team: "apps" } });
    expect(created).toMatchObject({ id: identityId("id-new"), name: "id-new", location: "eastus", tenantId: TENANT, tags: { team: "apps" } });
    expect(created.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(w.azure.arm.requests.at(-1)).toMatchObject({ method: "PUT", status: 201 });
    const again = await msi.userAssignedIdentities.createOrUpdate(RG, "id-new", { location: "eastus", tags: {} });
    expect(again).toMatchObject({ clientId: created.clientId, principalId: created.principalId, tags: {} });
    expect(w.azure.arm.requests.at(-1)).toMatchObject({ method: "PUT", status: 200 });
    // Entra ID knows the new principal: a role can be assigned to it
    expect(w.azure.state.directoryObjectExists(created.principalId!)).toBe(true);
    expect(await restError(msi.userAssignedIdentities.createOrUpdate(RG, "id-new", { location: "westus" }))).toMatchObject({ statusCode: 400, code: "InvalidResourceLocation" });
    expect(await restError(msi.userAssignedIdentities.createOrUpdate(RG, "x", { location: "eastus" }))).toMatchObject({ statusCode: 400, code: "InvalidResourceName" });
    expect(await restError(msi.userAssignedIdentities.createOrUpdate("rg-nope", "id-new", { location: "eastus" }))).toMatchObject({ statusCode: 404, code: "ResourceGroupNotFound" });
  });

  it("answers 404 ResourceNotFound and ResourceGroupNotFound as ARM does", async () => {
    const { msi } = await world();
    const missing = await restError(msi.userAssignedIdentities.get(RG, "id-nope"));
    expect(missing).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    expect(missing.message).toContain("Microsoft.ManagedIdentity/userAssignedIdentities/id-nope");
    const noGroup = await restError(msi.userAssignedIdentities.get("rg-nope", ORDERS.name));
    expect(noGroup).toMatchObject({ statusCode: 404, code: "ResourceGroupNotFound" });
  });

  it("answers 403 AuthorizationFailed where the caller may not read, and leaves those out of lists", async () => {
    const { msi } = await world({ faults: { forbidden: [{ principal: READER.objectId, scope: identityId(PAYMENTS.name) }] } });
    const denied = await restError(msi.userAssignedIdentities.get(RG, PAYMENTS.name));
    expect(denied).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    expect(denied.message).toContain("Microsoft.ManagedIdentity/userAssignedIdentities/read");
    const visible = await collect(msi.userAssignedIdentities.listBySubscription());
    expect(visible.map((i) => i.name)).toEqual([ORDERS.name]);
  });

  it("retries a 429 after its Retry-After, through the SDK's own retry policy", async () => {
    const { w, msi } = await world({ faults: { throttle: [{ pathContains: "userAssignedIdentities", requests: 1, retryAfterSeconds: 1 }] } });
    const started = Date.now();
    const orders = await msi.userAssignedIdentities.get(RG, ORDERS.name);
    expect(orders.clientId).toBe(ORDERS.clientId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(w.azure.arm.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("surfaces a 429 that outlasts the retries", async () => {
    const { msi } = await world({ faults: { throttle: [{ requests: 10, retryAfterSeconds: 0 }] } });
    const err = await restError(msi.userAssignedIdentities.get(RG, ORDERS.name, { retryOptions: { maxRetries: 1 } } as never));
    expect(err).toMatchObject({ statusCode: 429, code: "SubscriptionRequestsThrottled" });
  });
});

describe("federatedIdentityCredentials through @azure/arm-msi", () => {
  const fic = (subject: string) => ({ issuer: "https://oidc.example/issuer/", subject, audiences: ["api://AzureADTokenExchange"] });

  it("lists, gets, creates, updates and deletes", async () => {
    const { msi } = await world();
    const listed = await collect(msi.federatedIdentityCredentials.list(RG, ORDERS.name));
    expect(listed.map((f) => f.name)).toEqual(["aks-apps-orders"]);
    expect(listed[0]).toMatchObject({ subject: "system:serviceaccount:apps:orders", audiences: ["api://AzureADTokenExchange"] });

    const created = await msi.federatedIdentityCredentials.createOrUpdate(RG, ORDERS.name, "new-one", fic("system:serviceaccount:apps:new"));
    expect(created).toMatchObject({ name: "new-one", subject: "system:serviceaccount:apps:new", id: `${identityId(ORDERS.name)}/federatedIdentityCredentials/new-one` });
    const updated = await msi.federatedIdentityCredentials.createOrUpdate(RG, ORDERS.name, "new-one", fic("system:serviceaccount:apps:renamed"));
    expect(updated.subject).toBe("system:serviceaccount:apps:renamed");
    expect((await msi.federatedIdentityCredentials.get(RG, ORDERS.name, "new-one")).subject).toBe("system:serviceaccount:apps:renamed");

    await msi.federatedIdentityCredentials.delete(RG, ORDERS.name, "new-one");
    expect(await restError(msi.federatedIdentityCredentials.get(RG, ORDERS.name, "new-one"))).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    // Deleting what is gone is not an error (204).
    await msi.federatedIdentityCredentials.delete(RG, ORDERS.name, "new-one");
  });

  it("refuses a second credential with the same issuer and subject", async () => {
    const { msi } = await world();
    const existing = (await collect(msi.federatedIdentityCredentials.list(RG, ORDERS.name)))[0]!;
    const err = await restError(
      msi.federatedIdentityCredentials.createOrUpdate(RG, ORDERS.name, "duplicate", { issuer: existing.issuer!, subject: existing.subject!, audiences: ["api://AzureADTokenExchange"] }),
    );
    expect(err).toMatchObject({ statusCode: 400, code: "Conflict", message: "Issuer and subject combination already exists for this Managed Identity." });
  });

  it("validates the credential as the Managed Identity RP does: name, the three properties, one audience", async () => {
    const { msi } = await world();
    const badName = await restError(msi.federatedIdentityCredentials.createOrUpdate(RG, ORDERS.name, "-x", fic("system:serviceaccount:apps:x")));
    expect(badName).toMatchObject({ statusCode: 400, code: "BadRequest", message: "Federated Identity Credential name '-x' is invalid." });
    const noSubject = await restError(msi.federatedIdentityCredentials.createOrUpdate(RG, ORDERS.name, "no-subject", { issuer: "https://oidc.example/issuer/", audiences: ["api://AzureADTokenExchange"] }));
    expect(noSubject).toMatchObject({ statusCode: 400, code: "BadRequest", message: "The request format was unexpected. Federated Identity Credential must specify 'issuer', 'subject' and 'audience'." });
    const two = await restError(
      msi.federatedIdentityCredentials.createOrUpdate(RG, ORDERS.name, "two-audiences", { ...fic("system:serviceaccount:apps:two"), audiences: ["api://AzureADTokenExchange", "api://other"] }),
    );
    expect(two).toMatchObject({ statusCode: 400, code: "BadRequest", message: "Federated identity credentials must have exactly 1 audience." });
    expect((await collect(msi.federatedIdentityCredentials.list(RG, ORDERS.name))).map((f) => f.name)).toEqual(["aks-apps-orders"]);
  });

  it("stops at 20 credentials per identity but still updates existing ones", async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({
      id: `${identityId(PAYMENTS.name)}/federatedIdentityCredentials/fic-${i}`,
      name: `fic-${i}`,
      issuer: "https://oidc.example/issuer/",
      subject: `system:serviceaccount:ns-${i}:sa`,
      audiences: ["api://AzureADTokenExchange"],
    }));
    const { msi } = await world({ azure: () => ({ federatedCredentials: twenty }) });
    const err = await restError(msi.federatedIdentityCredentials.createOrUpdate(RG, PAYMENTS.name, "fic-20", fic("system:serviceaccount:ns-20:sa")));
    expect(err).toMatchObject({ statusCode: 400 });
    expect(err.message).toMatch(/limit of 20/);
    await expect(msi.federatedIdentityCredentials.createOrUpdate(RG, PAYMENTS.name, "fic-3", fic("system:serviceaccount:ns-3:other"))).resolves.toMatchObject({ name: "fic-3" });
  });

  it("rejects concurrent writes to one identity with 409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity", async () => {
    const { msi } = await world({ ficWriteMs: 1000 });
    const results = await Promise.allSettled([
      msi.federatedIdentityCredentials.createOrUpdate(RG, ORDERS.name, "fic-a", fic("system:serviceaccount:apps:a")),
      msi.federatedIdentityCredentials.createOrUpdate(RG, ORDERS.name, "fic-b", fic("system:serviceaccount:apps:b")),
    ]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({
      statusCode: 409,
      code: "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
      message: `Too many Federated Identity Credentials are written concurrently for the managed identity '/subscriptions/${SUB}/resourcegroups/${RG}/providers/microsoft.managedidentity/userassignedidentities/${ORDERS.name}'. Concurrent Federated Identity Credentials writes under the same managed identity are not supported.`,
    });
    // Writes to different identities do not contend.
    await expect(
      Promise.all([
        msi.federatedIdentityCredentials.createOrUpdate(RG, ORDERS.name, "fic-c", fic("system:serviceaccount:apps:c")),
        msi.federatedIdentityCredentials.createOrUpdate(RG, PAYMENTS.name, "fic-c", fic("system:serviceaccount:apps:c")),
      ]),
    ).resolves.toHaveLength(2);
  });

  it("reports a missing parent identity as ResourceNotFound", async () => {
    const { msi } = await world();
    expect(await restError(collect(msi.federatedIdentityCredentials.list(RG_DATA, "id-nope")))).toMatchObject({ statusCode: 404 });
  });
});
