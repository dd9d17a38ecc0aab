import { describe, expect, it } from "vitest";
import { clusterWorkloadIdentityDisabled } from "../../src/checks/cluster-workload-identity-disabled.js";
import { findings, snapshot, where } from "../helpers/snapshot.js";
import { aks, at, deployment } from "../azure/fixtures.js";
import { deploymentYaml, liveSnapshot, webhookConfigurationYaml } from "../helpers/live.js";

const webhook = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: azure-wi-webhook-mutating-webhook-configuration
webhooks:
  - name: mutation.azure-workload-identity.io
    admissionReviewVersions: [v1]
    sideEffects: None
    clientConfig:
      service:
        name: azure-wi-webhook-webhook-service
        namespace: azure-workload-identity-system
        path: /mutate-v1-pod
`;

describe("cluster-workload-identity-disabled", () => {
  it("flags a cluster without the add-on, saying a self-managed webhook cannot be ruled out offline", () => {
    const f = findings(clusterWorkloadIdentityDisabled, {
      manifests: { "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }) },
      azure: { "aks.json": aks("aks-prod", { workloadIdentity: false }) },
    });
    expect(f.map(where)).toEqual([`cluster-workload-identity-disabled ManagedCluster aks-prod @ ${at("aks.json", {})}`]);
    expect(f[0]!.message).toContain("not verifiable");
    expect(f[0]!.fixes[0]!.snippet!.text).toContain("--enable-workload-identity");
    expect(f[0]!.related).toEqual([expect.objectContaining({ kind: "Deployment", name: "web" })]);
  });

  it("is definite with a live cluster, and asks for the OIDC issuer too when it is off", () => {
    const s = snapshot({ manifests: { "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }) }, azure: { "aks.json": aks("aks-prod", { workloadIdentity: false, oidc: false }) } });
    s.coverage.available.add("cluster");
    s.coverage.available.add("cluster.webhooks");
    const f = findings(clusterWorkloadIdentityDisabled, s);
    expect(f.map(where)).toEqual([`cluster-workload-identity-disabled ManagedCluster aks-prod @ ${at("aks.json", {})}`]);
    expect(f[0]!.message).not.toContain("not verifiable");
    expect(f[0]!.fixes[0]!.snippet!.text).toContain("--enable-oidc-issuer");
  });

  it("stays unverified with a live cluster whose webhook configurations could not be listed", () => {
    const f = findings(clusterWorkloadIdentityDisabled, liveSnapshot({ objects: [deploymentYaml({ ns: "prod", name: "web" })], azure: { "aks.json": aks("aks-prod", { workloadIdentity: false }) }, without: ["cluster.webhooks"] }));
    expect(f.map((x) => [x.checkId, x.messageId])).toEqual([["cluster-workload-identity-disabled", "disabledUnverified"]]);
    expect(f[0]!.evidence["selfManagedWebhook"]).toContain("could not be listed");
  });

  it("passes a live cluster running a webhook installed by Helm", () => {
    expect(
      findings(clusterWorkloadIdentityDisabled, liveSnapshot({ objects: [webhookConfigurationYaml({ namespace: "azure-workload-identity-system" })], azure: { "aks.json": aks("aks-prod", { workloadIdentity: false }) } })),
    ).toEqual([]);
  });

  it("passes the add-on enabled, or a self-managed webhook among the objects", () => {
    expect(findings(clusterWorkloadIdentityDisabled, { azure: { "aks.json": aks("aks-prod") } })).toEqual([]);
    expect(findings(clusterWorkloadIdentityDisabled, { manifests: { "wh.yaml": webhook }, azure: { "aks.json": aks("aks-prod", { workloadIdentity: false }) } })).toEqual([]);
  });
});
