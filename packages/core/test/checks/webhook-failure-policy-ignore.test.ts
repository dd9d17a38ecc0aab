import { describe, expect, it } from "vitest";
import { webhookFailurePolicyIgnore } from "../../src/checks/webhook-failure-policy-ignore.js";
import { findings, liveSnapshot, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";
import { livePod, webhookConfiguration } from "../helpers/webhook.js";

describe("webhook-failure-policy-ignore", () => {
  it("flags failurePolicy Ignore in the manifests (the 0.13-0.15 chart default), at the field", () => {
    const f = findings(webhookFailurePolicyIgnore, { manifests: { "wi.yaml": webhookConfiguration({ failurePolicy: "Ignore" }) } });
    expect(f.map((x) => [where(x), x.messageId])).toEqual([["webhook-failure-policy-ignore MutatingWebhookConfiguration azure-wi-webhook-mutating-webhook-configuration @ wi.yaml:23:18", "ignore"]]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", file: "wi.yaml", edits: [{ op: "set", path: ["webhooks", { name: "mutation.azure-workload-identity.io" }, "failurePolicy"], value: "Fail" }] });
    expect(f[0]!.fixes[0]!.snippet!.text).toBe(
      `kubectl patch mutatingwebhookconfiguration azure-wi-webhook-mutating-webhook-configuration --type json -p '[{"op":"replace","path":"/webhooks/0/failurePolicy","value":"Fail"}]'`,
    );
  });

  it("reads an absent failurePolicy as v1beta1 defaulted it (Ignore) and as v1 does (Fail)", () => {
    const v1beta1 = findings(webhookFailurePolicyIgnore, { manifests: { "wi.yaml": webhookConfiguration({ failurePolicy: null, apiVersion: "admissionregistration.k8s.io/v1beta1" }) } });
    expect(v1beta1.map((x) => [where(x), x.evidence["actual"]])).toEqual([["webhook-failure-policy-ignore MutatingWebhookConfiguration azure-wi-webhook-mutating-webhook-configuration @ wi.yaml:15:3", "Ignore (the v1beta1 default)"]]);
    expect(findings(webhookFailurePolicyIgnore, { manifests: { "wi.yaml": webhookConfiguration({ failurePolicy: null }) } })).toEqual([]);
  });

  it("passes Fail, and other webhooks' Ignore", () => {
    expect(findings(webhookFailurePolicyIgnore, { manifests: { "wi.yaml": webhookConfiguration() } })).toEqual([]);
    const other = webhookConfiguration({ failurePolicy: "Ignore" }).replace("mutation.azure-workload-identity.io", "sidecar-injector.istio.io").replace("name: azure-wi-webhook-mutating-webhook-configuration", "name: istio-sidecar-injector");
    expect(findings(webhookFailurePolicyIgnore, { manifests: { "istio.yaml": other } })).toEqual([]);
  });

  it("with a live cluster, names the labelled pods that run unmutated", () => {
    const live = liveSnapshot({
      "wi.yaml": webhookConfiguration({ failurePolicy: "Ignore" }),
      "pods.yaml": [livePod("orders-api-6c9d-x2k4p", "orders", false), livePod("orders-api-6c9d-q8wz1", "orders", true)].join("---\n"),
    });
    const f = findings(webhookFailurePolicyIgnore, live);
    expect(f.map((x) => [where(x), x.messageId, x.evidence["unmutatedPods"]])).toEqual([
      ["webhook-failure-policy-ignore MutatingWebhookConfiguration azure-wi-webhook-mutating-webhook-configuration", "ignoreUnmutated", ["orders/orders-api-6c9d-x2k4p"]],
    ]);
    expect(f[0]!.message).toContain("1 labelled pods run without the injected identity: orders/orders-api-6c9d-x2k4p");
    expect(f[0]!.related).toEqual([expect.objectContaining({ kind: "Pod", name: "orders-api-6c9d-x2k4p" })]);
    // live, a fix has no file to edit: the patch is the way
    expect(f[0]!.fixes[0]!.plans).toEqual([]);
  });
});

{
  const bad = webhookFailurePolicyIgnore.meta.examples!.bad.manifests;
  testCheck(webhookFailurePolicyIgnore, {
    valid: [{ name: "the docs example that passes", manifests: { "manifests.yaml": webhookFailurePolicyIgnore.meta.examples!.good.manifests } }],
    invalid: [
      {
        name: "the docs example: failurePolicy Ignore; the fix sets Fail",
        manifests: { "manifests.yaml": bad },
        findings: [{ messageId: "ignore", object: "MutatingWebhookConfiguration azure-wi-webhook-mutating-webhook-configuration", at: "manifests.yaml:15:20-15:26" }],
        output: { "manifests.yaml": bad.replace("failurePolicy: Ignore", "failurePolicy: Fail") },
      },
    ],
  });
}
