import { planFor } from "@wid/core";
import { describe, expect, it } from "vitest";
import { ficMissing } from "../../src/checks/fic-missing.js";
import { findings, runOne, where } from "../helpers/snapshot.js";
import { aks, deployment, fic, identity, ISSUER, serviceAccount, spc, TENANT } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

const manifests = (clientId = CLIENT) => ({
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": clientId }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
});

describe("fic-missing", () => {
  it("flags a ServiceAccount whose identity has no FIC for its subject, at the client-id annotation", () => {
    const f = findings(ficMissing, {
      manifests: manifests(),
      azure: {
        "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })],
        "fics.json": [fic("id-app", "other", { subject: "system:serviceaccount:batch:worker" })],
        "aks.json": aks("aks-prod"),
      },
    });
    expect(f.map(where)).toEqual(["fic-missing ServiceAccount prod/app @ sa.yaml:7:40"]);
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web" });
    expect(planFor(f[0]!.fixes[0]!, "azure")!.steps[0]).toMatchObject({
      op: "federatedCredential.createOrUpdate",
      params: { name: "prod-app", subject: "system:serviceaccount:prod:app", audiences: ["api://AzureADTokenExchange"] },
      expect: { absent: true },
    });
  });

  it("does not judge an identity with a flexible credential for the cluster's issuer, which may match", () => {
    const flexible = { ...fic("id-app", "flex", { subject: "" }), subject: undefined, claimsMatchingExpression: { value: "claims['sub'] matches 'system:serviceaccount:prod:*'", languageVersion: 1 } };
    const azure = (issuer?: string) => ({
      "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })],
      "fics.json": [{ ...flexible, ...(issuer ? { issuer } : {}) }],
      "aks.json": aks("aks-prod"),
    });
    expect(findings(ficMissing, { manifests: manifests(), azure: azure() })).toEqual([]);
    // one for another issuer (a CI system) does not cover the cluster's tokens
    expect(findings(ficMissing, { manifests: manifests(), azure: azure("https://token.actions.githubusercontent.com") }).map(where)).toEqual(["fic-missing ServiceAccount prod/app @ sa.yaml:7:40"]);
  });

  it("also judges the ServiceAccount of unlabelled pods whose Key Vault mount authenticates as its identity", () => {
    const csi = {
      "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
      "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", labelled: false, spcs: ["app-secrets"] }),
      "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT }),
    };
    const azure = { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": [], "aks.json": aks("aks-prod") };
    expect(findings(ficMissing, { manifests: csi, azure }).map(where)).toEqual(["fic-missing ServiceAccount prod/app @ sa.yaml:7:40"]);
    // a class that authenticates otherwise does not exchange the ServiceAccount's token
    const vm = { ...csi, "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT, extra: { useVMManagedIdentity: "true" } }) };
    expect(findings(ficMissing, { manifests: vm, azure })).toEqual([]);
  });

  it("does not judge pods on AKS identity bindings, which need no credential per ServiceAccount", () => {
    const azure = { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": [], "aks.json": aks("aks-prod") };
    const bound = deployment("web", { sa: "app", namespace: "prod" }).replace("    metadata:\n      labels:\n", '    metadata:\n      annotations:\n        azure.workload.identity/use-identity-binding: "true"\n      labels:\n');
    expect(findings(ficMissing, { manifests: { ...manifests(), "deploy.yaml": bound }, azure })).toEqual([]);
    const proxied = {
      ...manifests(),
      "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", labelled: false, spcs: ["app-secrets"] }),
      "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT, extra: { useAzureTokenProxy: "true" } }),
    };
    expect(findings(ficMissing, { manifests: proxied, azure })).toEqual([]);
  });

  it("matches the client id case-insensitively and flags an identity with no FIC at all", () => {
    const f = findings(ficMissing, {
      manifests: manifests(CLIENT.toUpperCase()),
      azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": [] },
    });
    expect(f.map(where)).toEqual(["fic-missing ServiceAccount prod/app @ sa.yaml:7:40"]);
    expect(f[0]!.evidence).toMatchObject({ ficCount: 0 });
    // without the cluster the issuer is unknown: the fix is a command to complete, not an action
    expect(f[0]!.fixes[0]!.plans).toEqual([]);
  });

  it("passes when a FIC has the exact subject, or a near miss exists (fic-subject-mismatch's case)", () => {
    for (const subject of ["system:serviceaccount:prod:app", "system:serviceaccount:prod:App", "system:serviceaccounts:prod:app"]) {
      expect(
        findings(ficMissing, {
          manifests: manifests(),
          azure: {
            "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })],
            "fics.json": [fic("id-app", "prod-app", { subject })],
          },
        }),
        subject,
      ).toEqual([]);
    }
  });

  it("ignores unlabelled workloads and client ids of identities that were not exported", () => {
    expect(
      findings(ficMissing, {
        manifests: { "sa.yaml": manifests()["sa.yaml"], "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", labelled: false }) },
        azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": [] },
      }),
    ).toEqual([]);
    expect(
      findings(ficMissing, {
        manifests: manifests("99999999-2222-4333-8444-555555555555"),
        azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": [] },
      }),
    ).toEqual([]);
  });

  it("does not run without the FIC export", () => {
    const r = runOne(ficMissing, { manifests: manifests(), azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })] } });
    expect(r.notRun.map((n) => n.checkId)).toEqual(["fic-missing"]);
    expect(r.findings).toEqual([]);
  });

  describe("a Key Vault mount from pods on a ServiceAccount that names no identity", () => {
    const csi = (sa?: string, extra: Record<string, string> = {}) => ({
      "deploy.yaml": deployment("web", { ...(sa ? { sa } : {}), namespace: "prod", labelled: false, spcs: ["app-secrets"] }),
      "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT }),
      ...extra,
    });
    const azure = (...subjects: string[]) => ({
      "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })],
      "fics.json": subjects.map((subject, i) => fic("id-app", `fic-${i}`, { subject })),
      "aks.json": aks("aks-prod"),
    });

    it("flags the class's identity when it trusts not the default ServiceAccount the pods run as, at the class's clientID", () => {
      const f = findings(ficMissing, { manifests: csi(), azure: azure() });
      expect(f.map(where)).toEqual(["fic-missing SecretProviderClass prod/app-secrets @ spc.yaml:10:15"]);
      expect(f[0]!.messageId).toBe("missingForCsi");
      expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web" });
      expect(f[0]!.evidence).toMatchObject({ expected: { subject: "system:serviceaccount:prod:default" }, serviceAccountNameWritten: false });
      expect(planFor(f[0]!.fixes[0]!, "azure")!.steps[0]).toMatchObject({ params: { name: "prod-default", subject: "system:serviceaccount:prod:default" } });
    });

    it("judges the ServiceAccount the pods name when it has no client-id annotation", () => {
      const f = findings(ficMissing, { manifests: csi("batch", { "sa.yaml": serviceAccount("batch", "prod") }), azure: azure("system:serviceaccount:prod:default") });
      expect(f.map((x) => [where(x), x.messageId, x.evidence["expected"]])).toEqual([
        ["fic-missing SecretProviderClass prod/app-secrets @ spc.yaml:10:15", "missingForCsi", expect.objectContaining({ subject: "system:serviceaccount:prod:batch" })],
      ]);
    });

    it("passes a credential for the pods' own ServiceAccount, and leaves a class meant for another ServiceAccount to csi-client-id-mismatch", () => {
      expect(findings(ficMissing, { manifests: csi(), azure: azure("system:serviceaccount:prod:default") })).toEqual([]);
      // ServiceAccount app is annotated with the class's identity, the pods just do not run as it
      const annotated = csi(undefined, { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }) });
      expect(findings(ficMissing, { manifests: annotated, azure: azure("system:serviceaccount:prod:app") })).toEqual([]);
      // the identity trusts ServiceAccount app, which exists
      expect(findings(ficMissing, { manifests: csi(undefined, { "sa.yaml": serviceAccount("app", "prod") }), azure: azure("system:serviceaccount:prod:app") })).toEqual([]);
      // a ServiceAccount that is not there is sa-missing's
      expect(findings(ficMissing, { manifests: csi("gone"), azure: azure() })).toEqual([]);
    });
  });
});

const noFic = { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": [fic("id-app", "other", { subject: "system:serviceaccount:batch:worker" })], "aks.json": aks("aks-prod") };

testCheck(ficMissing, {
  valid: [{ name: "a credential for the ServiceAccount", manifests: manifests(), azure: { ...noFic, "fics.json": [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app" })] } }],
  invalid: [
    {
      name: "no credential for the ServiceAccount: one created for the cluster's issuer, named after it",
      manifests: manifests(),
      azure: noFic,
      findings: [
        {
          messageId: "missing",
          object: "ServiceAccount prod/app",
          at: "sa.yaml:7:40-7:78",
          azurePlan: [
            {
              op: "federatedCredential.createOrUpdate",
              params: { identityId: identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })["id"], name: "prod-app", issuer: ISSUER, subject: "system:serviceaccount:prod:app", audiences: ["api://AzureADTokenExchange"] },
              expect: { absent: true },
            },
          ],
        },
      ],
    },
    {
      name: "without the cluster's issuer: a suggestion only, which asks for it",
      manifests: manifests(),
      azure: { "identities.json": noFic["identities.json"], "fics.json": [] },
      findings: [{ messageId: "noFics", object: "ServiceAccount prod/app", at: "sa.yaml:7:40-7:78" }],
      output: null,
    },
  ],
});
