import { describe, expect, it } from "vitest";
import { ficAudienceInvalid } from "../../src/checks/fic-audience-invalid.js";
import { findings, where } from "../helpers/snapshot.js";
import { aks, at, deployment, fic, identity, OLD_ISSUER, serviceAccount } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const SUBJECT = "system:serviceaccount:prod:app";

function run(fics: Record<string, unknown>[], withCluster = true) {
  return findings(ficAudienceInvalid, {
    manifests: {
      "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
      "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
    },
    azure: {
      "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })],
      "fics.json": fics,
      ...(withCluster ? { "aks.json": aks("aks-prod") } : {}),
    },
  });
}

describe("fic-audience-invalid", () => {
  it("flags a matching FIC without the webhook audience and notes a near miss", () => {
    const fics = [fic("id-app", "prod-app", { subject: SUBJECT, audiences: ["api://AzureADTokenExchange/"] })];
    const f = run(fics);
    expect(f.map(where)).toEqual([`fic-audience-invalid FederatedIdentityCredential prod-app @ ${at("fics.json", fics)}`]);
    expect(f[0]!.evidence).toMatchObject({ expected: "api://AzureADTokenExchange", nearMiss: "api://AzureADTokenExchange/" });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ steps: [{ params: { name: "prod-app", audiences: ["api://AzureADTokenExchange"] } }] });
  });

  it("replaces a foreign audience rather than adding to it: a credential holds exactly one audience", () => {
    const fics = [fic("id-app", "prod-app", { subject: SUBJECT, audiences: ["api://custom"] })];
    const fix = run(fics)[0]!.fixes[0]!;
    expect(fix.plans[0]).toMatchObject({ steps: [{ params: { audiences: ["api://AzureADTokenExchange"] } }] });
    expect(fix.snippet!.text).toMatch(/--audiences api:\/\/AzureADTokenExchange$/);
  });

  it("compares the audience case-sensitively, and judges by subject alone without the cluster", () => {
    const fics = [fic("id-app", "prod-app", { subject: SUBJECT, issuer: OLD_ISSUER, audiences: ["api://azureadtokenexchange"] })];
    expect(run(fics, false).map(where)).toEqual([`fic-audience-invalid FederatedIdentityCredential prod-app @ ${at("fics.json", fics)}`]);
    // with the cluster known, that FIC is not a match at all (fic-issuer-mismatch's case)
    expect(run(fics, true)).toEqual([]);
  });

  it("passes a FIC with the audience, and a bad one beside a good one", () => {
    expect(run([fic("id-app", "prod-app", { subject: SUBJECT })])).toEqual([]);
    expect(
      run([fic("id-app", "prod-app", { subject: SUBJECT }), fic("id-app", "prod-app-2", { subject: SUBJECT, audiences: ["api://custom"] })]),
    ).toEqual([]);
  });
});

const withAudience = (audiences: string[]) => [fic("id-app", "prod-app", { subject: SUBJECT, audiences })];
const fixture = (audiences: string[]) => ({
  manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }), "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }) },
  azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": withAudience(audiences), "aks.json": aks("aks-prod") },
});

testCheck(ficAudienceInvalid, {
  valid: [{ name: "the webhook's audience", ...fixture(["api://AzureADTokenExchange"]) }],
  invalid: [
    {
      name: "an audience with a trailing slash: replaced by the webhook's",
      ...fixture(["api://AzureADTokenExchange/"]),
      findings: [
        {
          messageId: "missing",
          object: "FederatedIdentityCredential prod-app",
          at: at("fics.json", withAudience([])),
          azurePlan: [{ op: "federatedCredential.createOrUpdate", params: { name: "prod-app", subject: SUBJECT, audiences: ["api://AzureADTokenExchange"] }, expect: { audiences: ["api://AzureADTokenExchange/"] } }],
        },
      ],
    },
  ],
});
