import { describe, expect, it } from "vitest";
import { appIdentityOverride } from "../../src/checks/app-identity-override.js";
import { findings, liveSnapshot, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";
import { externalDnsChart, externalDnsSecret, type ExternalDnsOpts } from "../helpers/charts.js";
import { identity, TENANT } from "../azure/fixtures.js";

const CLIENT = "0e4d7a2c-4f1b-4e8a-9c3d-5b6a7f8e9d01";
const KUBELET = "5d2c8e1f-7a3b-4c6d-9e0f-1a2b3c4d5e6f";
const SP = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const BASE = { tenantId: TENANT, subscriptionId: "5f0a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b", resourceGroup: "rg-dns" };

const dns = (azureJson: Record<string, unknown>, env?: string[]) => {
  const o: ExternalDnsOpts = { namespace: "external-dns", clientId: CLIENT, azureJson, ...(env ? { env } : {}) };
  return { "external-dns.yaml": externalDnsChart(o), "secret.yaml": externalDnsSecret(o) };
};
const env = (name: string, value: string) => [`            - name: ${name}`, `              value: ${value}`];
const fromSecret = (name: string, secret: string, key: string) => [`            - name: ${name}`, "              valueFrom:", "                secretKeyRef:", `                  name: ${secret}`, `                  key: ${key}`];

describe("app-identity-override", () => {
  describe("an azure.json mounted from a Secret (external-dns)", () => {
    it("flags useManagedIdentityExtension: the app signs in through the node's endpoint as the kubelet identity, at the Secret's key", () => {
      const f = findings(appIdentityOverride, {
        manifests: dns({ ...BASE, useManagedIdentityExtension: true, userAssignedIdentityID: KUBELET }),
        azure: { "identities.json": [identity("aks-prod-agentpool", { clientId: KUBELET, principalId: "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b" })] },
      });
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["app-identity-override Secret external-dns/external-dns-azure @ secret.yaml:3:15", "azureJsonManagedIdentity"]]);
      expect(f[0]!.message).toContain(`as user-assigned identity ${KUBELET} (aks-prod-agentpool), not as the identity of ServiceAccount external-dns/external-dns`);
      expect(f[0]!.message).toContain("mounted at /etc/kubernetes/azure.json in container external-dns of Deployment external-dns/external-dns");
      expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "external-dns" });
      expect(f[0]!.fixes[0]!.kind).toBe("suggestion");
    });

    it("flags a service principal left in it, which external-dns uses first, and never prints the secret", () => {
      const f = findings(appIdentityOverride, { manifests: dns({ ...BASE, aadClientId: SP, aadClientSecret: "Xy8Q~not-a-real-secret-value", useWorkloadIdentityExtension: true }) });
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["app-identity-override Secret external-dns/external-dns-azure @ secret.yaml:3:15", "azureJsonServicePrincipal"]]);
      expect(JSON.stringify(f)).not.toContain("Xy8Q~not-a-real-secret-value");
      // "msi" is the placeholder AKS writes for clusters without a service principal
      const msi = findings(appIdentityOverride, { manifests: dns({ ...BASE, aadClientId: "msi", aadClientSecret: "msi", useManagedIdentityExtension: true }) });
      expect(msi.map((x) => x.messageId)).toEqual(["azureJsonManagedIdentity"]);
    });

    it("flags workload identity as another client id than the ServiceAccount's", () => {
      const f = findings(appIdentityOverride, { manifests: dns({ ...BASE, aadClientId: SP, useWorkloadIdentityExtension: true }) });
      expect(f.map((x) => [where(x), x.messageId, x.evidence["actual"]])).toEqual([["app-identity-override Secret external-dns/external-dns-azure @ secret.yaml:3:15", "azureJsonClientId", SP]]);
    });

    it("passes the tutorial's workload identity azure.json, the msi placeholder, and both modes (external-dns takes workload identity)", () => {
      expect(findings(appIdentityOverride, { manifests: dns({ ...BASE, useWorkloadIdentityExtension: true }) })).toEqual([]);
      expect(findings(appIdentityOverride, { manifests: dns({ ...BASE, aadClientId: CLIENT.toUpperCase(), useWorkloadIdentityExtension: true }) })).toEqual([]);
      expect(findings(appIdentityOverride, { manifests: dns({ ...BASE, useWorkloadIdentityExtension: true, useManagedIdentityExtension: true }) })).toEqual([]);
      // Go's JSON decoder rejects "true" for a bool: the app fails to start, it does not use another identity
      expect(findings(appIdentityOverride, { manifests: dns({ ...BASE, useManagedIdentityExtension: "true" }) })).toEqual([]);
    });

    it("reads the same from a live cluster", () => {
      const f = findings(appIdentityOverride, liveSnapshot(dns({ ...BASE, useManagedIdentityExtension: true })));
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["app-identity-override Secret external-dns/external-dns-azure", "azureJsonManagedIdentity"]]);
      expect(f[0]!.message).toContain("as the node's managed identity");
    });
  });

  describe("the environment", () => {
    it("flags AZURE_CLIENT_SECRET, which DefaultAzureCredential's environment credential uses first, naming the identity it signs in as", () => {
      const f = findings(appIdentityOverride, { manifests: dns({ ...BASE, useWorkloadIdentityExtension: true }, fromSecret("AZURE_CLIENT_SECRET", "dns-sp", "password")) });
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["app-identity-override Deployment external-dns/external-dns @ external-dns.yaml:68:15", "clientSecret"]]);
      expect(f[0]!.message).toContain(`from Secret dns-sp, key password): the Azure SDK's DefaultAzureCredential signs in with it as ${CLIENT}, the managed identity of its ServiceAccount, which has no client secret`);
      expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", edits: [{ op: "delete" }] });
    });

    it("names the app of the container's own AZURE_CLIENT_ID, and flags a certificate path", () => {
      const f = findings(appIdentityOverride, { manifests: dns({ ...BASE, useWorkloadIdentityExtension: true }, [...env("AZURE_CLIENT_ID", SP), ...env("AZURE_CLIENT_CERTIFICATE_PATH", "/certs/sp.pem")]) });
      expect(f.map((x) => [where(x), x.messageId])).toEqual([["app-identity-override Deployment external-dns/external-dns @ external-dns.yaml:71:22", "clientCertificate"]]);
      expect(f[0]!.message).toContain(`as app ${SP}`);
    });

    it("flags an AppAuthentication connection string and says which identity it names, never its key", () => {
      const f = findings(appIdentityOverride, { manifests: dns({ ...BASE, useWorkloadIdentityExtension: true }, env("AzureServicesAuthConnectionString", `"RunAs=App;AppId=${SP};TenantId=${TENANT};AppKey=s3cr3t-app-key"`)) });
      expect(f.map((x) => [where(x), x.messageId, x.evidence["credential"]])).toEqual([["app-identity-override Deployment external-dns/external-dns @ external-dns.yaml:69:22", "appAuthentication", "secret"]]);
      expect(f[0]!.message).toContain(`signs in as app registration ${SP} with a client secret`);
      expect(JSON.stringify(f)).not.toContain("s3cr3t-app-key");
      const msi = findings(appIdentityOverride, { manifests: dns({ ...BASE, useWorkloadIdentityExtension: true }, env("AzureServicesAuthConnectionString", "RunAs=App")) });
      expect(msi[0]!.message).toContain("signs in as a managed identity through the node's metadata endpoint");
    });

    it("passes AZURE_TOKEN_CREDENTIALS pinned to workload identity, and unlabelled pods", () => {
      expect(findings(appIdentityOverride, { manifests: dns({ ...BASE, useWorkloadIdentityExtension: true }, [...env("AZURE_TOKEN_CREDENTIALS", "WorkloadIdentityCredential"), ...fromSecret("AZURE_CLIENT_SECRET", "dns-sp", "password")]) })).toEqual([]);
      const unlabelled = dns({ ...BASE, useManagedIdentityExtension: true });
      unlabelled["external-dns.yaml"] = unlabelled["external-dns.yaml"].replace('        azure.workload.identity/use: "true"\n', "");
      expect(findings(appIdentityOverride, { manifests: unlabelled })).toEqual([]);
    });
  });
});

{
  const bad = appIdentityOverride.meta.examples!.bad.manifests;
  testCheck(appIdentityOverride, {
    valid: [{ name: "the docs example that passes", manifests: { "manifests.yaml": appIdentityOverride.meta.examples!.good.manifests } }],
    invalid: [
      {
        name: "the docs example: AZURE_CLIENT_SECRET beside workload identity; the fix removes the variable",
        manifests: { "manifests.yaml": bad },
        findings: [{ messageId: "clientSecret", object: "Deployment prod/web", at: "manifests.yaml:29:15-33:37" }],
        output: { "manifests.yaml": bad.replace(/ {10}env:\n[^]*key: client-secret\n/, "          env: []\n") },
      },
    ],
  });
}
