import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { startAzureWorld, READER, RG, RG_DATA, SUB, TENANT, vaultId, type AzureWorld } from "./helpers/azure-world.js";
import { createCertificateAuthority, type CertificateAuthority } from "../../src/tls/ca.js";
import { collect } from "./helpers/sdk.js";

let ca: CertificateAuthority;
const worlds: AzureWorld[] = [];

async function world(o: Parameters<typeof startAzureWorld>[0] = {}) {
  const w = await startAzureWorld({ ca, ...o });
  worlds.push(w);
  return {
    w,
    aks: new ContainerServiceClient(w.credential, SUB, { endpoint: w.azure.armUrl }),
    kv: new KeyVaultManagementClient(w.credential, SUB, { endpoint: w.azure.armUrl }),
  };
}

async function failure(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { statusCode?: number; code?: string; message: string };
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  ca = await createCertificateAuthority();
});
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

describe("managedClusters through @azure/arm-containerservice", () => {
  it("gets a cluster with the OIDC issuer (issuerURL, as REST names it) and workload identity settings", async () => {
    const { w, aks } = await world();
    const cluster = await aks.managedClusters.get(RG, "aks-prod");
    expect(cluster.oidcIssuerProfile).toMatchObject({ enabled: true, issuerURL: w.issuer.issuer });
    expect(cluster.securityProfile?.workloadIdentity?.enabled).toBe(true);
    expect(cluster.kubernetesVersion).toBe("1.32.4");
  });

  it("lists clusters by subscription and by resource group", async () => {
    const { aks } = await world();
    expect((await collect(aks.managedClusters.list())).map((c) => c.name)).toEqual(["aks-prod"]);
    expect(await collect(aks.managedClusters.listByResourceGroup(RG_DATA))).toEqual([]);
  });

  it("404s a missing cluster with ResourceNotFound", async () => {
    const { aks } = await world();
    const err = await failure(aks.managedClusters.get(RG, "aks-gone"));
    expect(err).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
  });

  it("reports a cluster without OIDC issuer as the CLI export has it", async () => {
    const { aks } = await world({
      azure: () => ({
        clusters: [
          {
            id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-old`,
            name: "aks-old",
            location: "eastus",
            oidcIssuerProfile: { enabled: false },
            securityProfile: { workloadIdentity: { enabled: false } },
          },
        ],
      }),
    });
    const cluster = await aks.managedClusters.get(RG, "aks-old");
    expect(cluster.oidcIssuerProfile?.enabled).toBe(false);
    expect(cluster.oidcIssuerProfile?.issuerURL).toBeUndefined();
  });
});

describe("vaults through @azure/arm-keyvault", () => {
  it("gets a vault with its permission model and access policies", async () => {
    const { kv } = await world();
    const rbac = await kv.vaults.get(RG_DATA, "kv-orders");
    expect(rbac.properties.enableRbacAuthorization).toBe(true);
    expect(rbac.properties.tenantId).toBe(TENANT);
    const legacy = await kv.vaults.get(RG_DATA, "kv-legacy");
    expect(legacy.properties.enableRbacAuthorization).toBe(false);
    expect(legacy.properties.accessPolicies?.[0]?.permissions.secrets).toEqual(["get", "list"]);
  });

  it("lists vaults by subscription, by resource group, and through the generic resources list", async () => {
    const { kv } = await world({ pageSize: 1 });
    expect((await collect(kv.vaults.listBySubscription())).map((v) => v.name).sort()).toEqual(["kv-legacy", "kv-orders"]);
    expect((await collect(kv.vaults.listByResourceGroup(RG_DATA))).length).toBe(2);
    const generic = await collect(kv.vaults.list());
    expect(generic.map((r) => r.id).sort()).toEqual([vaultId("kv-legacy"), vaultId("kv-orders")]);
  });

  it("updates access policies as Vaults_UpdateAccessPolicy does: add joins an entry's permissions, replace sets them, remove takes them away", async () => {
    const { kv } = await world();
    const entries = async () => (await kv.vaults.get(RG_DATA, "kv-legacy")).properties.accessPolicies?.map((p) => [p.objectId, p.permissions.secrets ?? [], p.permissions.keys ?? []]);
    const [existing] = (await kv.vaults.get(RG_DATA, "kv-legacy")).properties.accessPolicies!;
    const other = "0f0e0d0c-0b0a-4909-8807-060504030201";
    const answer = await kv.vaults.updateAccessPolicy(RG_DATA, "kv-legacy", "add", { properties: { accessPolicies: [{ tenantId: TENANT, objectId: existing!.objectId, permissions: { secrets: ["get", "set"] } }, { tenantId: TENANT, objectId: other, permissions: { keys: ["get"] } }] } });
    expect(answer).toMatchObject({ id: `${vaultId("kv-legacy")}/accessPolicies/add`, type: "Microsoft.KeyVault/vaults/accessPolicies" });
    expect(await entries()).toEqual([
      [existing!.objectId, ["get", "list", "set"], []],
      [other, [], ["get"]],
    ]);
    await kv.vaults.updateAccessPolicy(RG_DATA, "kv-legacy", "replace", { properties: { accessPolicies: [{ tenantId: TENANT, objectId: existing!.objectId, permissions: { secrets: ["list"] } }] } });
    await kv.vaults.updateAccessPolicy(RG_DATA, "kv-legacy", "remove", { properties: { accessPolicies: [{ tenantId: TENANT, objectId: other, permissions: { keys: ["get"] } }] } });
    expect(await entries()).toEqual([[existing!.objectId, ["list"], []]]);
  });

  it("refuses an access policy update of a caller without the right, and of a vault that does not exist", async () => {
    const { kv } = await world({ faults: { forbidden: [{ principal: READER.objectId, access: "write", scope: vaultId("kv-legacy") }] } });
    const entry = { tenantId: TENANT, objectId: "0f0e0d0c-0b0a-4909-8807-060504030201", permissions: { secrets: ["get"] } };
    expect(await failure(kv.vaults.updateAccessPolicy(RG_DATA, "kv-legacy", "add", { properties: { accessPolicies: [entry as never] } }))).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    expect(await failure(kv.vaults.updateAccessPolicy(RG_DATA, "kv-nope", "add", { properties: { accessPolicies: [entry as never] } }))).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
  });

  it("answers 403 for a vault the caller may not read", async () => {
    const { kv } = await world({ faults: { forbidden: [{ principal: READER.objectId, scope: `/subscriptions/${SUB}/resourceGroups/${RG_DATA}` }] } });
    expect(await failure(kv.vaults.get(RG_DATA, "kv-orders"))).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    expect(await collect(kv.vaults.listBySubscription())).toEqual([]);
  });
});
