import { describe, expect, it } from "vitest";
import { runChecks } from "@wid/core";
import { saTenantMismatch } from "../../src/checks/sa-tenant-mismatch.js";
import { webhookTenantConfig } from "../../src/checks/webhook-tenant-config.js";
import { findings, snapshot, where } from "../helpers/snapshot.js";
import { deployment, identity, OTHER_TENANT, serviceAccount, TENANT, webhookConfigMap } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const identities = [identity("id-app", { clientId: CLIENT, principalId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" })];
const deploy = deployment("web", { sa: "app", namespace: "prod" });

describe("sa-tenant-mismatch", () => {
  it("flags a present but empty tenant-id from manifests alone, offering to remove it", () => {
    const f = findings(saTenantMismatch, {
      manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT, "azure.workload.identity/tenant-id": "" }), "deploy.yaml": deploy },
    });
    expect(f.map(where)).toEqual(["sa-tenant-mismatch ServiceAccount prod/app @ sa.yaml:8:40"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "manifest", edits: [{ op: "delete" }] });
  });

  it("with identities, sets an empty tenant-id to the identity's tenant", () => {
    const f = findings(saTenantMismatch, {
      manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT, "azure.workload.identity/tenant-id": " " }), "deploy.yaml": deploy },
      azure: { "identities.json": identities },
    });
    expect(f.map(where)).toEqual(["sa-tenant-mismatch ServiceAccount prod/app @ sa.yaml:8:40"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ op: "set", value: TENANT }] });
  });

  it("flags an annotation naming another tenant than the identity's", () => {
    const f = findings(saTenantMismatch, {
      manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT, "azure.workload.identity/tenant-id": OTHER_TENANT }), "deploy.yaml": deploy },
      azure: { "identities.json": identities },
    });
    expect(f.map(where)).toEqual(["sa-tenant-mismatch ServiceAccount prod/app @ sa.yaml:8:40"]);
    expect(f[0]!.evidence).toMatchObject({ expected: TENANT, actual: OTHER_TENANT, source: "annotation" });
  });

  it("flags a ServiceAccount whose identity lives outside the webhook default that others rightly rely on, at its annotations", () => {
    const OTHER_CLIENT = "22222222-2222-4333-8444-555555555555";
    const f = findings(saTenantMismatch, {
      manifests: {
        "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
        "partner.yaml": serviceAccount("partner", "prod", { "azure.workload.identity/client-id": OTHER_CLIENT }),
        "deploy.yaml": deploy,
        "partner-deploy.yaml": deployment("partner", { sa: "partner", namespace: "prod" }),
        "cm.yaml": webhookConfigMap(TENANT),
      },
      azure: { "identities.json": [...identities, identity("id-partner", { clientId: OTHER_CLIENT, principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee", tenantId: OTHER_TENANT })] },
    });
    expect(f.map(where)).toEqual(["sa-tenant-mismatch ServiceAccount prod/partner @ partner.yaml:7:5"]);
    expect(f[0]!.evidence).toMatchObject({ expected: OTHER_TENANT, actual: TENANT, source: "azure-workload-identity-system/azure-wi-webhook-config" });
  });

  it("leaves a webhook default that is wrong for every ServiceAccount to webhook-tenant-config: one finding, on the ConfigMap", () => {
    const manifests = { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }), "deploy.yaml": deploy, "cm.yaml": webhookConfigMap(OTHER_TENANT) };
    const r = runChecks(snapshot({ manifests, azure: { "identities.json": identities } }), [saTenantMismatch, webhookTenantConfig]);
    expect(r.findings.map(where)).toEqual(["webhook-tenant-config ConfigMap azure-workload-identity-system/azure-wi-webhook-config @ cm.yaml:8:20"]);
  });

  it("does not compare a tenant written as a domain name, which Entra ID accepts", () => {
    const annotations = { "azure.workload.identity/client-id": CLIENT, "azure.workload.identity/tenant-id": "contoso.onmicrosoft.com" };
    expect(findings(saTenantMismatch, { manifests: { "sa.yaml": serviceAccount("app", "prod", annotations), "deploy.yaml": deploy }, azure: { "identities.json": identities } })).toEqual([]);
  });

  it("passes matching tenants (any case), a missing annotation without the webhook ConfigMap, and unknown identities", () => {
    const cases = [
      { "azure.workload.identity/client-id": CLIENT, "azure.workload.identity/tenant-id": TENANT.toUpperCase() },
      { "azure.workload.identity/client-id": CLIENT },
      { "azure.workload.identity/client-id": "99999999-2222-4333-8444-555555555555", "azure.workload.identity/tenant-id": OTHER_TENANT },
    ];
    for (const annotations of cases as Record<string, string>[]) {
      expect(findings(saTenantMismatch, { manifests: { "sa.yaml": serviceAccount("app", "prod", annotations), "deploy.yaml": deploy }, azure: { "identities.json": identities } })).toEqual([]);
    }
    expect(
      findings(saTenantMismatch, {
        manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }), "deploy.yaml": deploy, "cm.yaml": webhookConfigMap(TENANT) },
        azure: { "identities.json": identities },
      }),
    ).toEqual([]);
  });
});

const tenantSa = (tenant: string) => serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT, "azure.workload.identity/tenant-id": tenant });

testCheck(saTenantMismatch, {
  valid: [{ name: "the identity's tenant", manifests: { "sa.yaml": tenantSa(TENANT), "deploy.yaml": deploy }, azure: { "identities.json": identities } }],
  invalid: [
    {
      name: "another tenant: the identity's written in its place",
      manifests: { "sa.yaml": tenantSa(OTHER_TENANT), "deploy.yaml": deploy },
      azure: { "identities.json": identities },
      findings: [{ messageId: "annotation", object: "ServiceAccount prod/app", at: "sa.yaml:8:40-8:78" }],
      output: { "sa.yaml": tenantSa(TENANT) },
    },
    {
      name: "an empty tenant-id from manifests alone: the annotation removed, so the webhook default applies",
      manifests: { "sa.yaml": tenantSa(""), "deploy.yaml": deploy },
      findings: [{ messageId: "empty", object: "ServiceAccount prod/app", at: "sa.yaml:8:40-8:42" }],
      output: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }) },
    },
    {
      name: "no annotation and a webhook default of another tenant, right for other ServiceAccounts: the identity's tenant annotated",
      manifests: {
        "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
        "deploy.yaml": deploy,
        "other.yaml": serviceAccount("other", "prod", { "azure.workload.identity/client-id": "22222222-2222-4333-8444-555555555555" }) + "---\n" + deployment("other", { sa: "other", namespace: "prod" }),
        "webhook.yaml": webhookConfigMap(OTHER_TENANT),
      },
      azure: { "identities.json": [...identities, identity("id-other", { clientId: "22222222-2222-4333-8444-555555555555", principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee", tenantId: OTHER_TENANT })] },
      findings: [{ messageId: "default", object: "ServiceAccount prod/app", at: "sa.yaml:7:5-7:78" }],
      // a new key is written plain when plain YAML reads it back as the same string
      output: { "sa.yaml": `${serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT })}    azure.workload.identity/tenant-id: ${TENANT}\n` },
    },
  ],
});
