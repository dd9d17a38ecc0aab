import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { deployment, generateScenario, serviceAccount } from "../../src/scenario/index.js";
import { doctor, findingIds, read, shop, startWorld, type World } from "./helpers.js";

const AZURE_JSON = { tenantId: "6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", subscriptionId: "2c9f8e7d-6b5a-4c3d-9e2f-1a0b9c8d7e6f", resourceGroup: "rg-dns", useManagedIdentityExtension: true, aadClientSecret: "Xy8Q~not-a-real-secret-value-0123456789" };
const JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL3giLCJzdWIiOiJ5In0.c2lnbmF0dXJlc2lnbmF0dXJl";

describe("the live cluster source against the simulated cluster", { timeout: 60_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(
      shop({
        change: (s) => {
          s.cluster.logs.push({ namespace: "shop", podPrefix: "orders-", lines: [`DEBUG got token ${JWT} for https://vault.azure.net`] });
          s.cluster.objects.push(
            { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "shop", annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"password":"aHVudGVyMg=="}}' } }, data: { password: "aHVudGVyMg==" } },
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-settings", namespace: "shop" }, data: { AZURE_CLIENT_ID: "11111111-2222-4333-8444-555555555555", "appsettings.json": '{"ConnectionStrings": "..."}' } },
            // external-dns with the cloud provider's azure.json: it signs in as the node's identity, not the pod's
            { apiVersion: "v1", kind: "Secret", metadata: { name: "external-dns-azure", namespace: "shop" }, data: { "azure.json": Buffer.from(JSON.stringify(AZURE_JSON)).toString("base64") } },
            serviceAccount("shop", "external-dns", { "azure.workload.identity/client-id": "11111111-2222-4333-8444-555555555555" }),
            deployment("shop", "external-dns", {
              serviceAccount: "external-dns",
              labels: { "azure.workload.identity/use": "true" },
              volumes: [{ name: "azure-config-file", secret: { secretName: "external-dns-azure" } }],
              volumeMounts: [{ name: "azure-config-file", mountPath: "/etc/kubernetes", readOnly: true }],
            }),
          );
        },
      }),
    );
  }, 60_000);
  afterAll(() => world?.close());

  it("reads every kind the checks need, keeps uid and resourceVersion, and covers every namespace", async () => {
    const c = await read(world);
    const kinds = new Set(c.objects.map((o) => o.kind));
    for (const kind of ["Namespace", "ServiceAccount", "Pod", "Deployment", "StatefulSet", "CronJob", "Job", "ConfigMap", "Secret", "Service", "MutatingWebhookConfiguration", "SecretProviderClass", "EndpointSlice"]) expect(kinds.has(kind), kind).toBe(true);
    for (const o of c.objects) {
      expect(o.uid, `${o.kind} ${o.name}`).toMatch(/^[0-9a-f-]{36}$/);
      expect(o.resourceVersion).toMatch(/^\d+$/);
      expect(o.origin).toBeUndefined();
    }
    expect([...c.coverage.available].sort()).toEqual(["cluster", "cluster.namespaces", "cluster.webhooks", "kube", "runtime.events", "runtime.logs"]);
    expect(c.coverage.live).toMatchObject({ allNamespaces: true, unread: [] });
    expect(c.context).toMatchObject({ name: "aks-shop-prod", server: world.urls.kube });
  });

  it("keeps Secrets as key names and ConfigMaps' values only where checks read them", async () => {
    const c = await read(world, { namespace: "shop", allNamespaces: false });
    const secret = c.objects.find((o) => o.kind === "Secret" && o.name === "db")!;
    expect(secret.raw["data"]).toEqual({ password: "" });
    expect(JSON.stringify(secret.raw)).not.toContain("aHVudGVyMg");
    const cm = c.objects.find((o) => o.kind === "ConfigMap" && o.name === "app-settings")!;
    expect(cm.raw["data"]).toEqual({ AZURE_CLIENT_ID: "11111111-2222-4333-8444-555555555555", "appsettings.json": "" });
    expect(c.objects.every((o) => (o.raw["metadata"] as Record<string, unknown>)["managedFields"] === undefined)).toBe(true);
  });

  it("reads the logs of one pod per workload identity workload, redacted, and Warning events", async () => {
    const c = await read(world);
    const orders = c.runtime.logs.filter((l) => l.owner?.name === "orders");
    expect(orders).toHaveLength(1);
    const text = orders[0]!.lines.map((l) => l.text).join("\n");
    expect(text).toContain(`${JWT.slice(0, 6)}…<redacted, ${JWT.length} chars>`);
    expect(text).not.toContain(JWT);
    expect(orders[0]!.lines.every((l) => l.time !== undefined)).toBe(true);
    const payments = c.runtime.logs.find((l) => l.owner?.name === "payments")!;
    expect(payments.lines.some((l) => l.text.includes("AADSTS70021"))).toBe(true);
    // the legacy batch job does not use workload identity: its logs are not read
    expect(c.runtime.logs.some((l) => l.namespace === "legacy" && l.owner?.name === "batch-sync")).toBe(false);
    expect(c.runtime.events.some((e) => e.reason === "FailedCreate" && e.message.includes("mutation.azure-workload-identity.io"))).toBe(true);
    expect(c.runtime.events.every((e) => e.type === "Warning")).toBe(true);
  });

  it("finds through the live path what the offline doctor finds, and what only a cluster shows", async () => {
    const { report } = await doctor(world);
    const ids = new Set(report.findings.map((f) => f.checkId));
    for (const id of ["sa-annotation-typo", "pod-label-missing", "fic-subject-mismatch", "fic-issuer-mismatch", "pod-not-mutated", "webhook-admission-errors", "runtime-aadsts-error"]) expect(ids.has(id), id).toBe(true);
    const notMutated = report.findings.find((f) => f.checkId === "pod-not-mutated")!;
    expect(notMutated.object).toMatchObject({ kind: "Deployment", namespace: "shop", name: "notifier" });
    // one finding per workload: the pods of a Deployment are not workloads of their own
    expect(findingIds(report).filter((i) => i.startsWith("pod-label-missing"))).toEqual(["pod-label-missing Deployment shop/cart"]);
    expect(report.findings.some((f) => f.object.kind === "Pod" || f.object.kind === "ReplicaSet")).toBe(false);
  });

  it("reads an azure.json mounted from a Secret for the settings that choose an identity, never its secret", async () => {
    const { report } = await doctor(world, { namespace: "shop", allNamespaces: false });
    const override = report.findings.filter((f) => f.checkId === "app-identity-override");
    expect(override.map((f) => [f.messageId, `${f.object.kind} ${f.object.namespace}/${f.object.name}`])).toEqual([["azureJsonManagedIdentity", "Secret shop/external-dns-azure"]]);
    expect(JSON.stringify(report)).not.toContain("not-a-real-secret");
  });

  it("sees a ServiceAccount deleted from the cluster as missing", async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(world.kubeconfigPath);
    await kc.makeApiClient(CoreV1Api).deleteNamespacedServiceAccount({ name: "invoices", namespace: "billing" });
    const { report } = await doctor(world, { namespace: "billing", allNamespaces: false });
    expect(findingIds(report)).toContain("sa-missing Deployment billing/invoices");
  });
});

describe("the live cluster source on a large cluster", { timeout: 120_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(generateScenario({ pods: 1_200, serviceAccounts: 60, identities: 10, namespaces: 6 }));
  }, 120_000);
  afterAll(() => world?.close());

  it("pages lists by 500 and sends no request per pod", async () => {
    const c = await read(world);
    // the workloads' pods, and the webhook's two
    expect(c.objects.filter((o) => o.kind === "Pod" && o.namespace !== "kube-system")).toHaveLength(1_200);
    // 1,200 pods: three pages; every other kind one page
    expect(c.requests["pods"]).toBe(3);
    expect(c.requests["serviceaccounts"]).toBe(1);
    // logs: one pod per workload that uses workload identity, never one per pod
    const workloads = c.objects.filter((o) => o.kind === "Deployment").length;
    expect(c.requests["pods/log"]).toBeLessThanOrEqual(workloads);
    expect(c.requests["pods/log"]).toBeGreaterThan(0);
  });
});

describe("the live doctor on a cluster whose webhook is down", { timeout: 60_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(shop({ change: (s) => void (s.webhook.ready = false) }));
  }, 60_000);
  afterAll(() => world?.close());

  it("says the webhook has no ready endpoint, and which workloads could not create their pods because of it", async () => {
    const { report } = await doctor(world);
    const notReady = report.findings.filter((f) => f.checkId === "webhook-not-ready");
    expect(notReady.map((f) => [f.messageId, `${f.object.kind} ${f.object.namespace}/${f.object.name}`])).toEqual([["notReady", "Deployment kube-system/azure-wi-webhook-controller-manager"]]);
    expect(notReady[0]!.evidence["pods"]).toEqual([expect.stringContaining("CrashLoopBackOff"), expect.stringContaining("CrashLoopBackOff")]);
    const refused = report.findings.filter((f) => f.checkId === "webhook-admission-errors" && f.messageId === "unreachable");
    expect(refused.map((f) => f.object.name)).toEqual(expect.arrayContaining(["orders", "payments"]));
    expect(refused.every((f) => f.evidence["explainedBy"] === "webhook-not-ready")).toBe(true);
  });
});
