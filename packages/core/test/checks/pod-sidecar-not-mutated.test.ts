import { describe, expect, it } from "vitest";
import { podSidecarNotMutated } from "../../src/checks/pod-sidecar-not-mutated.js";
import { findings } from "../helpers/snapshot.js";
import { deploymentYaml, liveSnapshot, podYaml, serviceAccountYaml, webhookConfigurationYaml } from "../helpers/live.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const USE = { "azure.workload.identity/use": "true" };
const orders = { ns: "shop", name: "orders", labels: USE };
const sa = serviceAccountYaml("shop", "orders", { "azure.workload.identity/client-id": CLIENT });

describe("pod-sidecar-not-mutated", () => {
  it("reports a sidecar another webhook added after the workload identity webhook ran, and offers reinvocation", () => {
    const f = findings(podSidecarNotMutated, liveSnapshot({ objects: [webhookConfigurationYaml({ reinvocationPolicy: "Never" }), sa, deploymentYaml(orders), podYaml(orders, 0, { clientId: CLIENT, sidecars: ["istio-proxy"] })] }));
    expect(f.map((x) => [x.checkId, x.messageId, `${x.object.kind} ${x.object.namespace}/${x.object.name}`])).toEqual([["pod-sidecar-not-mutated", "notMutated", "Deployment shop/orders"]]);
    expect(f[0]!.message).toContain("istio-proxy");
    expect(f[0]!.fixes.map((x) => x.snippet!.text)).toEqual([
      `kubectl patch mutatingwebhookconfiguration azure-wi-webhook-mutating-webhook-configuration --type json -p '[{"op":"replace","path":"/webhooks/0/reinvocationPolicy","value":"IfNeeded"}]'`,
      expect.stringContaining('azure.workload.identity/skip-containers: "istio-proxy"'),
    ]);
  });

  it("passes fully mutated pods, sidecars named in skip-containers, and unmutated pods (pod-not-mutated's)", () => {
    expect(findings(podSidecarNotMutated, liveSnapshot({ objects: [webhookConfigurationYaml(), sa, deploymentYaml(orders), podYaml(orders, 0, { clientId: CLIENT })] }))).toEqual([]);
    const skipping = { ...orders, annotations: { "azure.workload.identity/skip-containers": "istio-proxy" } };
    expect(findings(podSidecarNotMutated, liveSnapshot({ objects: [webhookConfigurationYaml(), sa, deploymentYaml(skipping), podYaml(skipping, 0, { clientId: CLIENT, sidecars: ["istio-proxy"] })] }))).toEqual([]);
    expect(findings(podSidecarNotMutated, liveSnapshot({ objects: [webhookConfigurationYaml(), sa, deploymentYaml(orders), podYaml(orders, 0, { unmutated: true, sidecars: ["istio-proxy"] })] }))).toEqual([]);
  });
});
