import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkloadIdentityCredential } from "@azure/identity";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { startWorld, type World } from "../../src/world.js";
import { defaultScenario } from "../../src/scenario/default.js";

// The whole chain of the default world: a TokenRequest from the fake apiserver, signed by the fake
// issuer, exchanged by the real WorkloadIdentityCredential with the fake Entra ID.
describe("a world end to end", { timeout: 60_000 }, () => {
  let world: World;
  let core: CoreV1Api;
  let dir: string;
  beforeAll(async () => {
    world = await startWorld(defaultScenario(), { trustInProcess: true });
    const kc = new KubeConfig();
    kc.loadFromFile(world.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    dir = await mkdtemp(join(tmpdir(), "wid-world-tokens-"));
  }, 60_000);
  afterAll(async () => world?.close());

  /** What a pod's SDK does: read the projected token the webhook mounts and exchange it. */
  async function exchange(namespace: string, serviceAccount: string) {
    const pod = (await core.listNamespacedPod({ namespace, labelSelector: `app=${serviceAccount}` })).items[0]!;
    const env = Object.fromEntries((pod.spec!.containers[0]!.env ?? []).map((e) => [e.name, e.value!]));
    const tr = await core.createNamespacedServiceAccountToken({
      name: serviceAccount,
      namespace,
      body: { spec: { audiences: ["api://AzureADTokenExchange"], boundObjectRef: { kind: "Pod", apiVersion: "v1", name: pod.metadata!.name!, uid: pod.metadata!.uid! } } },
    });
    const tokenFilePath = join(dir, `${namespace}-${serviceAccount}`);
    await writeFile(tokenFilePath, tr.status!.token!);
    const credential = new WorkloadIdentityCredential({
      tenantId: env["AZURE_TENANT_ID"]!,
      clientId: env["AZURE_CLIENT_ID"]!,
      tokenFilePath,
      // The webhook injects the public cloud's authority; the SDK in this test talks to the fake.
      authorityHost: world.env["AZURE_AUTHORITY_HOST"]!,
      disableInstanceDiscovery: true,
    });
    return credential.getToken(`${world.env["WID_ARM_ENDPOINT"]}/.default`);
  }

  it("gets an Entra token for the correct workload (shop/orders)", async () => {
    const token = await exchange("shop", "orders");
    expect(token.token.split(".")).toHaveLength(3);
  });

  it("fails with AADSTS70021 where the FIC subject is a near miss (shop/payments)", async () => {
    await expect(exchange("shop", "payments")).rejects.toThrow(/AADSTS70021: No matching federated identity record found for presented assertion\. Assertion Issuer: '[^']+'\. Assertion Subject: 'system:serviceaccount:shop:payments'/);
  });

  it("fails with AADSTS70021 where the FIC issuer lacks the trailing slash (billing/invoices)", async () => {
    await expect(exchange("billing", "invoices")).rejects.toThrow(`Assertion Issuer: '${world.urls.issuer}'`);
  });
});
