import { describe, expect, it } from "vitest";
import { webhookNotReady } from "../../src/checks/webhook-not-ready.js";
import { findings, runOne } from "../helpers/snapshot.js";
import { liveSnapshot, webhookConfigurationYaml } from "../helpers/live.js";

const NS = "kube-system";

function webhookDeployment(available: number) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "azure-wi-webhook-controller-manager", namespace: NS },
    spec: { replicas: 2, selector: { matchLabels: { "azure-workload-identity.io/system": "true" } }, template: { metadata: { labels: { "azure-workload-identity.io/system": "true" } }, spec: { containers: [{ name: "manager", image: "mcr.microsoft.com/oss/azure/workload-identity/webhook:v1.6.0" }] } } },
    status: { replicas: 2, availableReplicas: available },
  };
}

function webhookPod(i: number, waiting?: string) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `azure-wi-webhook-controller-manager-5d4b8c7f9-${i}q7zx`,
      namespace: NS,
      labels: { "azure-workload-identity.io/system": "true", "pod-template-hash": "5d4b8c7f9" },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "azure-wi-webhook-controller-manager-5d4b8c7f9", uid: "rs-uid", controller: true }],
    },
    spec: { containers: [{ name: "manager", image: "mcr.microsoft.com/oss/azure/workload-identity/webhook:v1.6.0" }] },
    status: { phase: "Running", containerStatuses: [{ name: "manager", ready: !waiting, restartCount: waiting ? 7 : 0, state: waiting ? { waiting: { reason: waiting } } : { running: {} } }] },
  };
}

const service = { apiVersion: "v1", kind: "Service", metadata: { name: "azure-wi-webhook-webhook-service", namespace: NS }, spec: { ports: [{ port: 443, targetPort: 9443 }] } };

function slice(ready: boolean[]) {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "azure-wi-webhook-webhook-service-x7k2p", namespace: NS, labels: { "kubernetes.io/service-name": "azure-wi-webhook-webhook-service" } },
    addressType: "IPv4",
    endpoints: ready.map((r, i) => ({ addresses: [`10.244.0.${10 + i}`], conditions: { ready: r } })),
    ports: [{ port: 9443, protocol: "TCP" }],
  };
}

const tenantConfig = (tenant: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "azure-wi-webhook-config", namespace: NS }, data: { AZURE_TENANT_ID: tenant } });

describe("webhook-not-ready", () => {
  it("reports a webhook whose Service has no ready endpoint, with the pods' state and the policy's consequence", () => {
    const f = findings(
      webhookNotReady,
      liveSnapshot({ objects: [webhookConfigurationYaml(), webhookDeployment(0), webhookPod(1, "CrashLoopBackOff"), webhookPod(2, "CrashLoopBackOff"), service, slice([false, false]), tenantConfig("")] }),
    );
    expect(f.map((x) => [x.checkId, x.messageId, `${x.object.kind} ${x.object.namespace}/${x.object.name}`])).toEqual([
      ["webhook-not-ready", "notReady", "Deployment kube-system/azure-wi-webhook-controller-manager"],
    ]);
    expect(f[0]!.evidence).toMatchObject({ availableReplicas: 0, replicas: 2, failurePolicy: "Fail", explainedBy: "webhook-tenant-config" });
    expect(f[0]!.evidence["pods"]).toEqual([expect.stringContaining("CrashLoopBackOff"), expect.stringContaining("CrashLoopBackOff")]);
    expect(f[0]!.fixes[0]!.snippet!.text).toContain("logs deployment/azure-wi-webhook-controller-manager --previous");
  });

  it("says pods start unmutated when the policy is Ignore, and that a missing Service refuses every pod", () => {
    const ignore = findings(webhookNotReady, liveSnapshot({ objects: [webhookConfigurationYaml({ failurePolicy: "Ignore" }), webhookDeployment(0), service, slice([])] }));
    expect(ignore.map((x) => x.messageId)).toEqual(["notReadyIgnored"]);
    const gone = findings(webhookNotReady, liveSnapshot({ objects: [webhookConfigurationYaml(), webhookDeployment(2)] }));
    expect(gone.map((x) => [x.messageId, x.object.kind, x.object.name])).toEqual([["noService", "Service", "azure-wi-webhook-webhook-service"]]);
  });

  it("passes a webhook with a ready endpoint (a slice endpoint without conditions counts as ready)", () => {
    expect(findings(webhookNotReady, liveSnapshot({ objects: [webhookConfigurationYaml(), webhookDeployment(1), webhookPod(1), webhookPod(2, "CrashLoopBackOff"), service, slice([true, false])] }))).toEqual([]);
    const bare = { ...slice([]), endpoints: [{ addresses: ["10.244.0.9"] }] };
    expect(findings(webhookNotReady, liveSnapshot({ objects: [webhookConfigurationYaml(), service, bare] }))).toEqual([]);
  });

  it("is not run when the webhook's EndpointSlices could not be read", () => {
    const r = runOne(
      webhookNotReady,
      liveSnapshot({
        objects: [webhookConfigurationYaml(), service],
        unread: [{ resource: "endpointslices.discovery.k8s.io", namespace: NS, gap: { code: "forbidden", resource: "endpointslices.discovery.k8s.io", namespace: NS } }],
      }),
    );
    expect(r.findings).toEqual([]);
    expect(r.notRun[0]!.reason).toMatchObject({ code: "missing-data", gap: { code: "forbidden", namespace: NS } });
  });
});
