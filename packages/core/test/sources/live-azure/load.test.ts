import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSecretCredential } from "@azure/identity";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { loadAzureLive, type AzureLiveOptions } from "@wid/core/sources/live-azure";
import type { AzureExport } from "@wid/core/sources/azure-export";
import {
  clusterId,
  createCertificateAuthority,
  identityId,
  ORDERS,
  PAYMENTS,
  READER,
  RG,
  startAzureWorld,
  SUB,
  TENANT,
  vaultId,
  type AzureWorld,
  type AzureWorldOptions,
  type CertificateAuthority,
} from "../../helpers/fake-azure.js";

let ca: CertificateAuthority;
const worlds: AzureWorld[] = [];
beforeAll(async () => {
  ca = await createCertificateAuthority();
});
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

async function world(o: AzureWorldOptions = {}): Promise<AzureWorld> {
  const w = await startAzureWorld({ ca, ...o });
  worlds.push(w);
  return w;
}

/** The options the doctor passes, pointed at the simulation; no environment is read. */
function options(w: AzureWorld, over: Partial<AzureLiveOptions> = {}): AzureLiveOptions {
  return {
    credential: w.credential,
    endpoints: { resourceManager: w.azure.armUrl, authorityHost: w.azure.authorityHost },
    clientIds: [ORDERS.clientId],
    keyVaultNames: ["kv-orders"],
    clusterServer: "https://aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io:443",
    env: {},
    retry: { delayMs: 10 },
    ...over,
  };
}

async function load(w: AzureWorld, over: Partial<AzureLiveOptions> = {}): Promise<{ az: AzureExport; requests: number }> {
  const { part, requests } = await loadAzureLive(options(w, over));
  if (part.kind !== "azure") throw new Error("expected an Azure part");
  return { az: part.export, requests };
}

const gapsOf = (az: AzureExport) => Object.fromEntries(az.gaps);
/** Requests as sent: paths lower-cased, as ARM compares them. */
const armPaths = (w: AzureWorld) => w.azure.arm.requests.map((r) => `${r.method} ${decodeURIComponent(r.path.split("?")[0]!).toLowerCase()} ${r.status}`);
const lc = (paths: string[]) => paths.map((p) => p.replace(/ \S+ /, (m) => m.toLowerCase()));

describe("loadAzureLive against the simulated ARM, through the SDK clients", () => {
  it("reads the identities in use, their credentials and role assignments, the cluster of the API server and the named vaults", async () => {
    const w = await world();
    const { az, requests } = await load(w);
    expect([...az.loaded].sort()).toEqual(["azure.clusters", "azure.federatedCredentials", "azure.identities", "azure.keyVaults", "azure.roleAssignments"]);
    expect(az.gaps.size).toBe(0);
    // every identity is listed (ARM has no lookup by client id); only the one in use is followed
    expect(az.state.identities.map((i) => i.name).sort()).toEqual(["id-orders", "id-payments"]);
    expect(az.state.federatedCredentials.map((f) => [f.identityName, f.subject])).toEqual([["id-orders", "system:serviceaccount:apps:orders"]]);
    expect(az.state.roleAssignments.map((a) => [a.principalId, a.scope.toLowerCase()])).toContainEqual([ORDERS.principalId, vaultId("kv-orders").toLowerCase()]);
    expect(az.state.clusters).toEqual([expect.objectContaining({ id: clusterId("aks-prod"), oidcIssuerEnabled: true, issuerUrl: w.issuer.issuer, workloadIdentityEnabled: true })]);
    expect(az.state.keyVaults).toEqual([expect.objectContaining({ name: "kv-orders", enableRbacAuthorization: true })]);
    expect(az.state.identities[0]!.origin).toEqual({});
    // one subscription list, one identity list, one FIC list, one assignment list per principal,
    // one cluster list, one vault list and one vault read, one assignment list on the vault
    expect(armPaths(w).sort()).toEqual(
      lc([
        `GET /subscriptions 200`,
        `GET /subscriptions/${SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities 200`,
        `GET ${identityId(ORDERS.name)}/federatedIdentityCredentials 200`,
        `GET /subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments 200`,
        `GET /subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters 200`,
        `GET /subscriptions/${SUB}/resources 200`,
        `GET ${vaultId("kv-orders")} 200`,
        `GET ${vaultId("kv-orders")}/providers/Microsoft.Authorization/roleAssignments 200`,
      ]).sort(),
    );
    expect(requests).toBe(w.azure.arm.requests.length);
    expect(requests).toBe(8);
  });

  it("reads only the subscriptions named (or AZURE_SUBSCRIPTION_ID), without listing them", async () => {
    const w = await world();
    await load(w, { env: { AZURE_SUBSCRIPTION_ID: SUB } });
    expect(armPaths(w)).not.toContain("GET /subscriptions 200");
    const w2 = await world();
    await load(w2, { subscriptions: [SUB] });
    expect(armPaths(w2)).not.toContain("GET /subscriptions 200");
  });

  it("follows nextLink through every page", async () => {
    const w = await world({ pageSize: 1 });
    const { az } = await load(w, { clientIds: [PAYMENTS.clientId] });
    expect(az.state.identities).toHaveLength(2);
    expect(w.azure.arm.requests.filter((r) => r.path.includes("userAssignedIdentities?") && r.path.includes("skiptoken"))).toHaveLength(1);
  });

  it("resolves an identity named by its principal id, for sa-client-id-is-principal-id", async () => {
    const w = await world();
    const { az } = await load(w, { clientIds: [ORDERS.principalId] });
    expect(az.state.federatedCredentials).toHaveLength(1);
  });

  it("reads the AKS cluster named by id, and says when it does not exist", async () => {
    const w = await world();
    const { az } = await load(w, { aksClusterId: clusterId("aks-prod"), clusterServer: undefined });
    expect(az.state.clusters.map((c) => c.name)).toEqual(["aks-prod"]);
    expect(armPaths(w)).toContain(lc([`GET ${clusterId("aks-prod")} 200`])[0]);
    const missing = await load(w, { aksClusterId: clusterId("aks-gone") });
    expect(gapsOf(missing.az)["azure.clusters"]).toMatchObject({ code: "not-found", detail: expect.stringContaining("ResourceNotFound") });
  });

  it("says which API server matched no AKS cluster, rather than judging another cluster", async () => {
    const w = await world();
    const { az } = await load(w, { clusterServer: "https://10.0.0.1:6443" });
    expect(az.state.clusters).toEqual([]);
    expect(gapsOf(az)["azure.clusters"]).toMatchObject({ code: "not-found", resource: "the AKS cluster of API server 10.0.0.1" });
    expect(az.loaded.has("azure.identities")).toBe(true);
  });

  it("reports a 403 as a gap of that data alone, and keeps what it could read", async () => {
    const w = await world({ faults: { forbidden: [{ principal: READER.objectId, scope: identityId(ORDERS.name), action: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read" }] } });
    const { az } = await load(w);
    expect(gapsOf(az)["azure.federatedCredentials"]).toMatchObject({ code: "forbidden", resource: "federated credentials of identity id-orders", detail: expect.stringContaining("AuthorizationFailed") });
    expect(az.loaded.has("azure.federatedCredentials")).toBe(false);
    expect([...az.loaded].sort()).toEqual(["azure.clusters", "azure.identities", "azure.keyVaults", "azure.roleAssignments"]);
  });

  it("waits out a 429's Retry-After and reads on", async () => {
    const w = await world({ faults: { throttle: [{ pathContains: "federatedIdentityCredentials", requests: 1, retryAfterSeconds: 1 }] } });
    const started = Date.now();
    const { az, requests } = await load(w);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(az.gaps.size).toBe(0);
    expect(w.azure.arm.requests.filter((r) => r.path.includes("federatedIdentityCredentials")).map((r) => r.status)).toEqual([429, 200]);
    expect(requests).toBe(9);
  });

  it("gives up on a Retry-After longer than the read may take, as a timeout", async () => {
    const w = await world({ faults: { throttle: [{ pathContains: "managedClusters", requests: 5, retryAfterSeconds: 30 }] } });
    const started = Date.now();
    const { az } = await load(w, { timeoutMs: 800 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(gapsOf(az)["azure.clusters"]).toMatchObject({ code: "timeout", resource: `AKS clusters of subscription ${SUB}` });
    expect(az.loaded.has("azure.identities")).toBe(true);
  });

  it("retries 500s, and names a failure that outlasts the retries", async () => {
    const once = await world({ faults: { serverErrors: [{ pathContains: "roleAssignments", requests: 1 }] } });
    expect((await load(once)).az.gaps.size).toBe(0);
    expect(once.azure.arm.requests.filter((r) => r.path.includes("/roleAssignments")).map((r) => r.status)).toContain(500);
    const always = await world({ faults: { serverErrors: [{ pathContains: "userAssignedIdentities", requests: 100, status: 503 }] } });
    const { az } = await load(always, { retry: { maxRetries: 2, delayMs: 5 } });
    expect(gapsOf(az)["azure.identities"]).toMatchObject({ code: "unavailable", detail: expect.stringContaining("answered 503") });
    expect(always.azure.arm.requests.filter((r) => r.path.includes("userAssignedIdentities?")).length).toBe(3);
  });

  it("times a slow ARM out per read", async () => {
    const w = await world({ latency: { arm: 400 } });
    const { az } = await load(w, { timeoutMs: 250, retry: { maxRetries: 0 } });
    expect(gapsOf(az)["azure.identities"]).toMatchObject({ code: "timeout" });
  });

  it("without a usable sign-in, every Azure data key is a gap that says why, and no ARM request is sent", async () => {
    const w = await world();
    const wrongSecret = new ClientSecretCredential(TENANT, READER.clientId, "not-the-secret", { authorityHost: w.azure.authorityHost, disableInstanceDiscovery: true });
    const { az, requests } = await load(w, { credential: wrongSecret });
    expect(requests).toBe(0);
    expect(w.azure.arm.requests).toEqual([]);
    expect(az.loaded.size).toBe(0);
    expect([...az.gaps.keys()].sort()).toEqual(["azure.clusters", "azure.federatedCredentials", "azure.identities", "azure.keyVaults", "azure.roleAssignments"]);
    expect(gapsOf(az)["azure.identities"]).toMatchObject({ code: "unavailable", resource: "Azure", detail: expect.stringMatching(/AADSTS7000215/) });
    expect(JSON.stringify([...az.gaps])).not.toContain("not-the-secret");
  });

  it("an expired access token is a gap that says to sign in again", async () => {
    const w = await world();
    const stale = w.azure.entra.tokens.issue({ audience: w.azure.armUrl, tenantId: TENANT, objectId: READER.objectId, clientId: READER.clientId }, Math.floor(Date.now() / 1000) - 7200);
    // A cached token its holder still believes valid, as an old Azure CLI cache can hand out.
    const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: stale.token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const { az } = await load(w, { credential, subscriptions: [SUB] });
    expect(gapsOf(az)["azure.identities"]).toMatchObject({ code: "unavailable", detail: expect.stringMatching(/expired.*ExpiredAuthenticationToken.*az login/) });
    expect(az.loaded.size).toBe(0);
  });

  it("a credential that finds no sign-in says how to sign in", async () => {
    const w = await world();
    const none: TokenCredential = {
      getToken: async () => {
        const e = new Error("EnvironmentCredential is unavailable. ...\nAzureCliCredential: Azure CLI could not be found.");
        e.name = "CredentialUnavailableError";
        throw e;
      },
    };
    const { az } = await load(w, { credential: none });
    expect(gapsOf(az)["azure.clusters"]).toMatchObject({ code: "unavailable", detail: expect.stringContaining("az login") });
  });

  it("stops at once when the caller aborts", async () => {
    const w = await world({ latency: { arm: 300 } });
    const controller = new AbortController();
    const loading = load(w, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stopped by the user")), 100);
    await expect(loading).rejects.toThrow("stopped by the user");
  });

  it("reports its progress per kind of read and per subscription", async () => {
    const w = await world();
    const seen: { kind: string; requests: number }[] = [];
    let last: Parameters<NonNullable<AzureLiveOptions["onProgress"]>>[0] | undefined;
    await load(w, { onProgress: (p) => { seen.push({ kind: p.kind, requests: p.requests }); last = p; } });
    expect(new Set(seen.map((s) => s.kind))).toEqual(new Set(["subscriptions", "identities", "federatedCredentials", "roleAssignments", "clusters", "keyVaults"]));
    expect(last).toMatchObject({ requests: 8, done: last!.total, bySubscription: { [SUB]: 7 } });
    expect(last!.byKind).toMatchObject({ identities: 1, federatedCredentials: 1, roleAssignments: 2, clusters: 1, keyVaults: 2, subscriptions: 1 });
  });

  it("reads custom role definitions the assignments use, and not the built-ins wid knows", async () => {
    const custom = "9f1a2b3c-4d5e-4f6a-8b7c-0d1e2f3a4b5c";
    const w = await world({
      azure: () => ({
        roleDefinitions: [
          {
            id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${custom}`,
            name: custom,
            roleName: "Orders secret reader",
            roleType: "CustomRole",
            type: "Microsoft.Authorization/roleDefinitions",
            permissions: [{ actions: [], notActions: [], dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action"], notDataActions: [] }],
            assignableScopes: [`/subscriptions/${SUB}`],
          },
        ],
        roleAssignments: [
          {
            id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Authorization/roleAssignments/5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d`,
            name: "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
            principalId: ORDERS.principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${custom}`,
            scope: `/subscriptions/${SUB}/resourceGroups/${RG}`,
          },
        ],
      }),
    });
    const { az } = await load(w, { keyVaultNames: [] });
    expect(az.state.roleDefinitions.map((d) => [d.name, d.roleName, d.roleType])).toEqual([[custom, "Orders secret reader", "CustomRole"]]);
    expect(armPaths(w).filter((p) => p.includes("roledefinitions"))).toEqual(lc([`GET /subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${custom} 200`]));
  });

  it("sends nothing for identities or vaults when no ServiceAccount names one", async () => {
    const w = await world();
    const { az } = await load(w, { clientIds: [], keyVaultNames: [], subscriptions: [SUB] });
    expect(armPaths(w)).toEqual(lc([`GET /subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters 200`]));
    expect(az.loaded.has("azure.identities")).toBe(true);
  });
});
