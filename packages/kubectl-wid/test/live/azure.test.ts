import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleSnapshot, parseManifestPart, runChecks, type KubeObject } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { azureLiveFor, type LiveCluster } from "../../src/live/azure.js";
import { startAzureWorld, ORDERS, PAYMENTS, SUB, TENANT, READER, type AzureWorld } from "../../../fake-cloud/test/azure/helpers/azure-world.js";

const manifests = `
apiVersion: v1
kind: ServiceAccount
metadata: { name: orders, namespace: apps, annotations: { azure.workload.identity/client-id: "${ORDERS.clientId}" } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: payments, namespace: apps, annotations: { azure.workload.identity/client-id: "${PAYMENTS.clientId}" } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: apps }
spec:
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments, azure.workload.identity/use: "true" } }
    spec: { serviceAccountName: payments, containers: [{ name: app, image: app }] }
---
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata: { name: orders, namespace: apps }
spec: { provider: azure, parameters: { clientID: "${ORDERS.clientId}", keyvaultName: kv-orders, tenantId: "${TENANT}" } }
`;

function objects(): KubeObject[] {
  const part = parseManifestPart("cluster.yaml", manifests);
  if (part.kind !== "manifests") throw new Error("expected manifests");
  return part.sink.objects;
}

let w: AzureWorld;
const saved: Record<string, string | undefined> = {};
const ENV = ["WID_ARM_ENDPOINT", "AZURE_AUTHORITY_HOST", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_TOKEN_CREDENTIALS", "AZURE_SUBSCRIPTION_ID"];
beforeAll(async () => {
  w = await startAzureWorld();
  for (const k of ENV) saved[k] = process.env[k];
  // As the env file of `demo --serve` sets them: DefaultAzureCredential signs in from the environment alone.
  Object.assign(process.env, {
    WID_ARM_ENDPOINT: w.azure.armUrl,
    AZURE_AUTHORITY_HOST: w.azure.authorityHost,
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: READER.clientId,
    AZURE_CLIENT_SECRET: READER.clientSecret,
    AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
  });
  delete process.env["AZURE_SUBSCRIPTION_ID"];
});
afterAll(async () => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await w?.close();
});

describe("azureLiveFor: the doctor's live Azure callback", () => {
  it("looks up what the cluster's objects name, through DefaultAzureCredential, and the checks run on it", async () => {
    const cluster: LiveCluster = { objects: objects(), context: { server: "https://aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io:443" } };
    const part = await azureLiveFor({ subscription: [SUB], aksCluster: undefined })(cluster);
    expect(part?.kind).toBe("azure");
    if (part?.kind !== "azure") return;
    expect(part.export.gaps.size).toBe(0);
    expect(part.export.state.clusters.map((c) => c.name)).toEqual(["aks-prod"]);
    expect(part.export.state.keyVaults.map((v) => v.name)).toEqual(["kv-orders"]);
    expect(new Set(part.export.state.federatedCredentials.map((f) => f.identityName))).toEqual(new Set(["id-orders"]));
    const snapshot = assembleSnapshot({ parts: [parseManifestPart("cluster.yaml", manifests), part] });
    const report = runChecks(snapshot, allChecks);
    // payments' identity has no credential for apps/payments in the simulated Azure
    expect(report.findings.map((f) => `${f.checkId} ${f.object.kind} ${f.object.name}`)).toContain("fic-missing ServiceAccount payments");
  });

  it("says which subscription flag or cluster id is wrong as data, not as an error", async () => {
    const cluster: LiveCluster = { objects: objects(), context: { server: "https://aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io:443" } };
    const part = await azureLiveFor({ subscription: ["00000000-0000-4000-8000-000000000000"], aksCluster: undefined })(cluster);
    if (part?.kind !== "azure") throw new Error("expected an Azure part");
    expect(part.export.gaps.get("azure.identities")).toMatchObject({ code: "not-found", detail: expect.stringContaining("SubscriptionNotFound") });
    await expect(azureLiveFor({ subscription: [], aksCluster: "aks-prod" })(cluster)).rejects.toMatchObject({ name: "UserError", message: '"aks-prod" is not the resource id of an AKS cluster' });
  });
});
