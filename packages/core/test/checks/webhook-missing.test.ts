import { describe, expect, it } from "vitest";
import { webhookMissing } from "../../src/checks/webhook-missing.js";
import { findings, runOne } from "../helpers/snapshot.js";
import { deploymentYaml, liveSnapshot, serviceAccountYaml, webhookConfigurationYaml } from "../helpers/live.js";
import { aks } from "../azure/fixtures.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const app = [serviceAccountYaml("shop", "orders", { "azure.workload.identity/client-id": CLIENT }), deploymentYaml({ ns: "shop", name: "orders", labels: { "azure.workload.identity/use": "true" } })];

describe("webhook-missing", () => {
  it("reports a cluster whose webhook configurations lack the workload identity webhook while workloads use it", () => {
    const f = findings(webhookMissing, liveSnapshot({ objects: [...app, { ...webhookConfigurationYaml({ name: "istio-sidecar-injector" }), webhooks: [{ name: "sidecar-injector.istio.io" }] }] }));
    expect(f.map((x) => [x.checkId, x.messageId, x.object.kind, x.object.name])).toEqual([
      ["webhook-missing", "missing", "MutatingWebhookConfiguration", "azure-wi-webhook-mutating-webhook-configuration"],
    ]);
    expect(f[0]!.related).toEqual([expect.objectContaining({ kind: "Deployment", namespace: "shop", name: "orders" })]);
    expect(f[0]!.fixes[0]!.snippet!.text).toContain("helm install workload-identity-webhook");
  });

  it("offers the AKS add-on when the AKS cluster is known and its add-on is on", () => {
    const f = findings(webhookMissing, liveSnapshot({ objects: app, azure: { "aks.json": aks("aks-prod") } }));
    expect(f.map((x) => x.messageId)).toEqual(["missing"]);
    expect(f[0]!.fixes[0]!.snippet!.text).toMatch(/az aks update[\s\S]*--enable-workload-identity/);
  });

  it("finds the webhook under any configuration name, and is quiet when no workload uses workload identity", () => {
    expect(findings(webhookMissing, liveSnapshot({ objects: [...app, webhookConfigurationYaml({ name: "wi-webhook-by-helm" })] }))).toEqual([]);
    expect(findings(webhookMissing, liveSnapshot({ objects: [deploymentYaml({ ns: "shop", name: "web" })] }))).toEqual([]);
  });

  it("leaves a cluster whose add-on is off to cluster-workload-identity-disabled", () => {
    expect(findings(webhookMissing, liveSnapshot({ objects: app, azure: { "aks.json": aks("aks-prod", { workloadIdentity: false }) } }))).toEqual([]);
  });

  it("is not run, never a false alarm, when webhook configurations could not be listed", () => {
    const r = runOne(webhookMissing, liveSnapshot({ objects: app, without: ["cluster.webhooks"] }));
    expect(r.findings).toEqual([]);
    expect(r.notRun).toEqual([{ checkId: "webhook-missing", reason: expect.objectContaining({ code: "missing-data", data: "cluster.webhooks", gap: expect.objectContaining({ code: "forbidden" }) }) }]);
  });
});
