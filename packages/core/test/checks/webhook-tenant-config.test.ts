import { describe, expect, it } from "vitest";
import { webhookTenantConfig } from "../../src/checks/webhook-tenant-config.js";
import { findings, runOne, where } from "../helpers/snapshot.js";
import { deployment, identity, OTHER_TENANT, serviceAccount, TENANT, webhookConfigMap } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const identities = [identity("id-app", { clientId: CLIENT, principalId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" })];
const app = (annotations: Record<string, string> = { "azure.workload.identity/client-id": CLIENT }) => ({
  "sa.yaml": serviceAccount("app", "prod", annotations),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
});

describe("webhook-tenant-config", () => {
  it("flags an empty default tenant at its value, with a fix and a webhook restart", () => {
    const f = findings(webhookTenantConfig, { manifests: { ...app(), "cm.yaml": webhookConfigMap("") }, azure: { "identities.json": identities } });
    expect(f.map(where)).toEqual(["webhook-tenant-config ConfigMap azure-workload-identity-system/azure-wi-webhook-config @ cm.yaml:8:20"]);
    expect(f[0]!.fixes[0]!.plans.map((p) => (p.target === "cluster" ? [p.target, ...p.steps.map((s) => s.op)] : [p.target]))).toEqual([["manifest"], ["cluster", "patch", "rollout-restart"]]);
  });

  it("flags a default that differs from the tenant of identities relying on it", () => {
    const f = findings(webhookTenantConfig, { manifests: { ...app(), "cm.yaml": webhookConfigMap(OTHER_TENANT) }, azure: { "identities.json": identities } });
    expect(f.map(where)).toEqual(["webhook-tenant-config ConfigMap azure-workload-identity-system/azure-wi-webhook-config @ cm.yaml:8:20"]);
    expect(f[0]!.evidence).toMatchObject({ expected: TENANT, actual: OTHER_TENANT, serviceAccounts: ["prod/app"] });
  });

  it("offers no ConfigMap edit for the AKS add-on, whose manager reverts it", () => {
    const cm = webhookConfigMap(OTHER_TENANT, "kube-system", { "addonmanager.kubernetes.io/mode": "Reconcile" });
    const f = findings(webhookTenantConfig, { manifests: { ...app(), "cm.yaml": cm }, azure: { "identities.json": identities } });
    expect(f).toHaveLength(1);
    expect(f[0]!.fixes).toEqual([]);
    expect(f[0]!.evidence).toMatchObject({ managedByAks: true });
  });

  it("flags a default that is the tenant of no exported identity when nothing relies on it", () => {
    const f = findings(webhookTenantConfig, { manifests: { "cm.yaml": webhookConfigMap(OTHER_TENANT) }, azure: { "identities.json": identities } });
    expect(f.map(where)).toEqual(["webhook-tenant-config ConfigMap azure-workload-identity-system/azure-wi-webhook-config @ cm.yaml:8:20"]);
  });

  it("passes a default that is right for some ServiceAccounts: the others need their own tenant-id (sa-tenant-mismatch)", () => {
    const OTHER_CLIENT = "22222222-2222-4333-8444-555555555555";
    const manifests = {
      ...app(),
      "partner.yaml": serviceAccount("partner", "prod", { "azure.workload.identity/client-id": OTHER_CLIENT }),
      "partner-deploy.yaml": deployment("partner", { sa: "partner", namespace: "prod" }),
      "cm.yaml": webhookConfigMap(TENANT),
    };
    const both = [...identities, identity("id-partner", { clientId: OTHER_CLIENT, principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee", tenantId: OTHER_TENANT })];
    expect(findings(webhookTenantConfig, { manifests, azure: { "identities.json": both } })).toEqual([]);
  });

  it("passes the right tenant, and an empty default when every ServiceAccount sets its own", () => {
    expect(findings(webhookTenantConfig, { manifests: { ...app(), "cm.yaml": webhookConfigMap(TENANT) }, azure: { "identities.json": identities } })).toEqual([]);
    expect(
      findings(webhookTenantConfig, {
        manifests: { ...app({ "azure.workload.identity/client-id": CLIENT, "azure.workload.identity/tenant-id": TENANT }), "cm.yaml": webhookConfigMap("") },
        azure: { "identities.json": identities },
      }),
    ).toEqual([]);
  });

  it("does not run without the webhook's ConfigMap", () => {
    expect(runOne(webhookTenantConfig, { manifests: app(), azure: { "identities.json": identities } }).notRun.map((n) => n.checkId)).toEqual(["webhook-tenant-config"]);
  });
});

testCheck(webhookTenantConfig, {
  valid: [{ name: "the identities' tenant", manifests: { ...app(), "webhook.yaml": webhookConfigMap(TENANT) }, azure: { "identities.json": identities } }],
  invalid: [
    {
      name: "an empty default tenant: the identities' tenant written (and, live, the webhook restarted)",
      manifests: { ...app(), "webhook.yaml": webhookConfigMap("") },
      azure: { "identities.json": identities },
      findings: [{ messageId: "empty", object: "ConfigMap azure-workload-identity-system/azure-wi-webhook-config", at: "webhook.yaml:8:20-8:22" }],
      output: { "webhook.yaml": webhookConfigMap(TENANT) },
    },
    {
      name: "another tenant than the one of every identity relying on it: the identities' tenant written",
      manifests: { ...app(), "webhook.yaml": webhookConfigMap(OTHER_TENANT) },
      azure: { "identities.json": identities },
      findings: [{ messageId: "differs", object: "ConfigMap azure-workload-identity-system/azure-wi-webhook-config", at: "webhook.yaml:8:20-8:58" }],
      output: { "webhook.yaml": webhookConfigMap(TENANT) },
    },
  ],
});
