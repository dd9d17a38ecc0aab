import { planFor } from "@wid/core";
import { describe, expect, it } from "vitest";
import { ficIssuerMismatch } from "../../src/checks/fic-issuer-mismatch.js";
import { findings, where } from "../helpers/snapshot.js";
import { aks, at, deployment, fic, identity, ISSUER, OLD_ISSUER, serviceAccount } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const CLIENT2 = "22222222-2222-4333-8444-555555555555";
const PRINCIPAL2 = "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee";

const manifests = {
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
};
const ids = [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })];

describe("fic-issuer-mismatch", () => {
  it("flags a FIC with the right subject and another cluster's issuer, showing both", () => {
    const f = findings(ficIssuerMismatch, {
      manifests,
      azure: { "identities.json": ids, "fics.json": [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER })], "aks.json": aks("aks-prod") },
    });
    expect(f.map(where)).toEqual([`fic-issuer-mismatch FederatedIdentityCredential prod-app @ ${at("fics.json", [{}])}`]);
    expect(f[0]!.evidence).toMatchObject({ expected: ISSUER, actual: OLD_ISSUER, trailingSlashOnly: false });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ steps: [{ params: { name: "prod-app", issuer: ISSUER, subject: "system:serviceaccount:prod:app" } }] });
  });

  it("calls out a difference of only the trailing slash", () => {
    const f = findings(ficIssuerMismatch, {
      manifests,
      azure: { "identities.json": ids, "fics.json": [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: ISSUER.slice(0, -1) })], "aks.json": aks("aks-prod") },
    });
    expect(f.map(where)).toEqual([`fic-issuer-mismatch FederatedIdentityCredential prod-app @ ${at("fics.json", [{}])}`]);
    expect(f[0]!.evidence).toMatchObject({ trailingSlashOnly: true });
  });

  it("passes when a FIC with the cluster's exact issuer exists beside one for another cluster", () => {
    expect(
      findings(ficIssuerMismatch, {
        manifests,
        azure: {
          "identities.json": ids,
          "fics.json": [
            fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app" }),
            fic("id-app", "prod-app-old", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER }),
          ],
          "aks.json": aks("aks-prod"),
        },
      }),
    ).toEqual([]);
  });

  it("does not guess an issuer when several clusters were exported and none chosen", () => {
    const azure = {
      "identities.json": ids,
      "fics.json": [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER })],
      "aks.json": [aks("aks-prod"), aks("aks-dr", { issuerUrl: OLD_ISSUER })],
    };
    expect(findings(ficIssuerMismatch, { manifests, azure })).toEqual([]);
    expect(findings(ficIssuerMismatch, { manifests, azure, options: { clusterName: "AKS-PROD" } }).map(where)).toEqual([
      `fic-issuer-mismatch FederatedIdentityCredential prod-app @ ${at("fics.json", [{}])}`,
    ]);
    expect(findings(ficIssuerMismatch, { manifests, azure, options: { clusterName: "aks-dr" } })).toEqual([]);
  });

  it("with several clusters exported and none chosen, flags a FIC that trusts none of them, with a fix per cluster", () => {
    const elsewhere = "https://eastus.oic.prod-aks.azure.com/00000000-0000-4000-8000-000000000000/11111111-0000-4000-8000-000000000000/";
    const clusters = [aks("aks-prod"), aks("aks-dr", { issuerUrl: OLD_ISSUER })];
    const run = (issuer: string) =>
      findings(ficIssuerMismatch, { manifests, azure: { "identities.json": ids, "fics.json": [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer })], "aks.json": clusters } });
    const f = run(elsewhere);
    expect(f.map(where)).toEqual([`fic-issuer-mismatch FederatedIdentityCredential prod-app @ ${at("fics.json", [{}])}`]);
    expect(f[0]!.fixes.map((x) => planFor(x, "azure")!.steps[0])).toMatchObject([{ params: { issuer: ISSUER } }, { params: { issuer: OLD_ISSUER } }]);
    // a trailing-slash slip names the one cluster it nearly matches
    const slash = run(ISSUER.slice(0, -1));
    expect(slash[0]!.evidence).toMatchObject({ trailingSlashOnly: true });
    expect(slash[0]!.fixes.map((x) => planFor(x, "azure")!.steps[0])).toMatchObject([{ params: { issuer: ISSUER } }]);
  });

  it("stays quiet for FICs that cluster-issuer-changed explains (several ServiceAccounts on one old issuer)", () => {
    expect(
      findings(ficIssuerMismatch, {
        manifests: {
          ...manifests,
          "sa2.yaml": serviceAccount("worker", "batch", { "azure.workload.identity/client-id": CLIENT2 }),
          "deploy2.yaml": deployment("worker", { sa: "worker", namespace: "batch" }),
        },
        azure: {
          "identities.json": [...ids, identity("id-worker", { clientId: CLIENT2, principalId: PRINCIPAL2 })],
          "fics.json": [
            fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER }),
            fic("id-worker", "batch-worker", { subject: "system:serviceaccount:batch:worker", issuer: OLD_ISSUER }),
          ],
          "aks.json": aks("aks-prod"),
        },
      }),
    ).toEqual([]);
  });
});

const slashless = [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: ISSUER.slice(0, -1) })];

testCheck(ficIssuerMismatch, {
  valid: [{ name: "the cluster's exact issuer", manifests, azure: { "identities.json": ids, "fics.json": [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app" })], "aks.json": aks("aks-prod") } }],
  invalid: [
    {
      name: "the issuer without its trailing slash: the credential updated in place to the exact issuer",
      manifests,
      azure: { "identities.json": ids, "fics.json": slashless, "aks.json": aks("aks-prod") },
      findings: [
        {
          messageId: "trailingSlash",
          object: "FederatedIdentityCredential prod-app",
          at: at("fics.json", slashless),
          azurePlan: [{ op: "federatedCredential.createOrUpdate", params: { name: "prod-app", issuer: ISSUER, subject: "system:serviceaccount:prod:app" }, expect: { issuer: ISSUER.slice(0, -1) } }],
        },
      ],
    },
  ],
});
