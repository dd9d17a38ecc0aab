import { describe, expect, it } from "vitest";
import { webhookDoubleInstall } from "../../src/checks/webhook-double-install.js";
import { findings, runOne } from "../helpers/snapshot.js";
import { liveSnapshot, webhookConfigurationYaml } from "../helpers/live.js";

function webhookDeployment(ns: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "azure-wi-webhook-controller-manager", namespace: ns, labels: { "azure-workload-identity.io/system": "true", ...labels } },
    spec: { replicas: 2, selector: { matchLabels: { "azure-workload-identity.io/system": "true" } }, template: { metadata: { labels: { "azure-workload-identity.io/system": "true" } }, spec: { containers: [{ name: "manager", image: "mcr.microsoft.com/oss/azure/workload-identity/webhook:v1.6.0" }] } } },
  };
}
const addon = webhookDeployment("kube-system", { "addonmanager.kubernetes.io/mode": "Reconcile", "kubernetes.azure.com/managedby": "aks" });
const helm = webhookDeployment("azure-workload-identity-system", { "app.kubernetes.io/managed-by": "Helm" });

describe("webhook-double-install", () => {
  it("reports the Helm install left running beside the AKS add-on that the API server calls", () => {
    const f = findings(webhookDoubleInstall, liveSnapshot({ objects: [webhookConfigurationYaml({ namespace: "kube-system" }), addon, helm] }));
    expect(f.map((x) => [x.checkId, x.messageId, `${x.object.kind} ${x.object.namespace}/${x.object.name}`])).toEqual([
      ["webhook-double-install", "twoDeployments", "Deployment azure-workload-identity-system/azure-wi-webhook-controller-manager"],
    ]);
    expect(f[0]!.evidence).toMatchObject({ calledByApiServer: ["kube-system"], installedBy: "Helm or manifests" });
    expect(f[0]!.fixes[0]!.snippet!.text).toBe("helm uninstall workload-identity-webhook -n azure-workload-identity-system");
  });

  it("reports the webhook registered by two configurations", () => {
    const f = findings(webhookDoubleInstall, liveSnapshot({ objects: [webhookConfigurationYaml(), webhookConfigurationYaml({ name: "workload-identity-webhook-mutating", namespace: "azure-workload-identity-system" }), addon] }));
    expect(f.map((x) => [x.messageId, x.object.name])).toEqual([["twoConfigurations", "workload-identity-webhook-mutating"]]);
  });

  it("passes one install, read in both namespaces it could be in", () => {
    expect(findings(webhookDoubleInstall, liveSnapshot({ objects: [webhookConfigurationYaml(), addon] }))).toEqual([]);
    expect(findings(webhookDoubleInstall, liveSnapshot({ objects: [webhookConfigurationYaml({ namespace: "azure-workload-identity-system" }), helm] }))).toEqual([]);
  });

  it("is not run when a namespace the webhook could be installed in was not read", () => {
    const s = liveSnapshot({ objects: [webhookConfigurationYaml(), addon], namespaces: ["shop"] });
    s.coverage.live!.named = ["deployments.apps/kube-system/azure-wi-webhook-controller-manager"];
    const r = runOne(webhookDoubleInstall, s);
    expect(r.notRun[0]!.reason).toMatchObject({ code: "missing-data", gap: { code: "not-in-scope", namespace: "azure-workload-identity-system" } });
    s.coverage.live!.named.push("deployments.apps/azure-workload-identity-system/azure-wi-webhook-controller-manager");
    expect(findings(webhookDoubleInstall, s)).toEqual([]);
  });
});
