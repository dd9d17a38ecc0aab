import { describe, expect, it } from "vitest";
import { podNotMutated } from "../../src/checks/pod-not-mutated.js";
import { stringify } from "yaml";
import { findings } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";
import { deploymentYaml, liveSnapshot, namespaceYaml, podYaml, serviceAccountYaml, webhookConfigurationYaml } from "../helpers/live.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const USE = { "azure.workload.identity/use": "true" };
const notifier = { ns: "shop", name: "notifier", labels: USE, replicas: 2 };
const sa = serviceAccountYaml("shop", "notifier", { "azure.workload.identity/client-id": CLIENT });
const base = [namespaceYaml("shop"), webhookConfigurationYaml(), sa, deploymentYaml(notifier)];

describe("pod-not-mutated", () => {
  it("reports a Deployment whose running labelled pods never got the token, with a guarded rollout restart", () => {
    const f = findings(podNotMutated, liveSnapshot({ objects: [...base, podYaml(notifier, 0, { unmutated: true }), podYaml(notifier, 1, { unmutated: true })] }));
    expect(f.map((x) => [x.checkId, x.messageId, `${x.object.kind} ${x.object.namespace}/${x.object.name}`])).toEqual([["pod-not-mutated", "noInjection", "Deployment shop/notifier"]]);
    expect(f[0]!.evidence["pods"]).toHaveLength(2);
    expect(f[0]!.fixes[0]!.plans).toEqual([
      { target: "cluster", steps: [{ op: "rollout-restart", object: { kind: "Deployment", name: "notifier", namespace: "shop", apiVersion: "apps/v1" }, guard: { uid: "uid-deploy-shop-notifier", resourceVersion: "4242" }, command: "kubectl rollout restart deployment/notifier -n shop" }] },
    ]);
  });

  it("reports pods mutated before their ServiceAccount got its client-id", () => {
    const f = findings(podNotMutated, liveSnapshot({ objects: [...base, podYaml(notifier, 0, { tenantId: TENANT })] }));
    expect(f.map((x) => [x.messageId, x.object.name])).toEqual([["noClientId", "notifier"]]);
  });

  it("reports StatefulSet pods left without the label the template got, under OnDelete", () => {
    const sts: Record<string, unknown> = { ...deploymentYaml({ ns: "shop", name: "ledger", labels: USE }), apiVersion: "apps/v1", kind: "StatefulSet" };
    (sts["spec"] as Record<string, unknown>)["updateStrategy"] = { type: "OnDelete" };
    const pod = podYaml({ ns: "shop", name: "ledger" }, 0, { unmutated: true });
    const meta = pod["metadata"] as Record<string, unknown>;
    meta["name"] = "ledger-0";
    meta["ownerReferences"] = [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "ledger", uid: "uid-sts", controller: true }];
    const f = findings(podNotMutated, liveSnapshot({ objects: [namespaceYaml("shop"), webhookConfigurationYaml(), serviceAccountYaml("shop", "ledger", { "azure.workload.identity/client-id": CLIENT }), sts, pod] }));
    expect(f.map((x) => [x.messageId, `${x.object.kind} ${x.object.name}`, x.evidence["updateStrategy"]])).toEqual([["staleTemplate", "StatefulSet ledger", "OnDelete"]]);
  });

  it("passes mutated pods, pods the webhook would not mutate if recreated, and pods that do not use workload identity", () => {
    expect(findings(podNotMutated, liveSnapshot({ objects: [...base, podYaml(notifier, 0, { clientId: CLIENT, tenantId: TENANT })] }))).toEqual([]);
    // excluded namespace: namespace-excluded explains it, a restart would not help
    const excluded = [namespaceYaml("shop", { "control-plane": "true" }), webhookConfigurationYaml({ namespaceSelector: { matchExpressions: [{ key: "control-plane", operator: "DoesNotExist" }] } }), sa, deploymentYaml(notifier)];
    expect(findings(podNotMutated, liveSnapshot({ objects: [...excluded, podYaml(notifier, 0, { unmutated: true })] }))).toEqual([]);
    // no webhook at all: webhook-missing explains it
    expect(findings(podNotMutated, liveSnapshot({ objects: [namespaceYaml("shop"), sa, deploymentYaml(notifier), podYaml(notifier, 0, { unmutated: true })] }))).toEqual([]);
    const web = { ns: "shop", name: "web" };
    expect(findings(podNotMutated, liveSnapshot({ objects: [namespaceYaml("shop"), webhookConfigurationYaml(), deploymentYaml(web), podYaml(web, 0, { unmutated: true })] }))).toEqual([]);
  });
});

const cluster = (...objects: Record<string, unknown>[]) => ({ "cluster.yaml": objects.map((o) => stringify(o)).join("---\n") });

testCheck(podNotMutated, {
  valid: [{ name: "pods the webhook mutated", live: true, manifests: cluster(namespaceYaml("shop"), webhookConfigurationYaml(), sa, deploymentYaml(notifier), podYaml(notifier, 0, { clientId: CLIENT, tenantId: TENANT })) }],
  invalid: [
    {
      name: "pods created before the webhook or the label: a rollout restart",
      live: true,
      manifests: cluster(namespaceYaml("shop"), webhookConfigurationYaml(), sa, deploymentYaml(notifier), podYaml(notifier, 0, { unmutated: true })),
      findings: [
        {
          messageId: "noInjection",
          object: "Deployment shop/notifier",
          at: "cluster.yaml:53:1-78:23",
          clusterPlan: [{ op: "rollout-restart", object: { kind: "Deployment", namespace: "shop", name: "notifier" }, command: "kubectl rollout restart deployment/notifier -n shop" }],
        },
      ],
      output: null,
    },
  ],
});
