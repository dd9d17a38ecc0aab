import { describe, expect, it } from "vitest";
import { ficSubjectMismatch } from "../../src/checks/fic-subject-mismatch.js";
import { subjectNearMiss } from "../../src/checks/shared/azure-fic.js";
import { findings, where } from "../helpers/snapshot.js";
import { aks, at, deployment, fic, identity, ISSUER, serviceAccount } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

const ficsOf = (subjects: string[]) => subjects.map((subject, i) => fic("id-app", `fic-${i}`, { subject }));

function run(subjects: string[], extraManifests: Record<string, string> = {}) {
  return findings(ficSubjectMismatch, {
    manifests: {
      "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
      "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
      ...extraManifests,
    },
    azure: {
      "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })],
      "fics.json": ficsOf(subjects),
      "aks.json": aks("aks-prod"),
    },
  });
}

describe("fic-subject-mismatch", () => {
  it("flags a near-miss subject on the FIC itself, with a fix that sets the exact subject and issuer", () => {
    const f = run(["system:serviceaccounts:prod:app"]);
    expect(f.map(where)).toEqual([`fic-subject-mismatch FederatedIdentityCredential fic-0 @ ${at("fics.json", ficsOf(["x"]))}`]);
    expect(f[0]!.evidence).toMatchObject({ expected: "system:serviceaccount:prod:app", kind: "plural-prefix" });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ steps: [{ params: { name: "fic-0", subject: "system:serviceaccount:prod:app", issuer: ISSUER } }] });
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web" });
  });

  it("recognises each kind of near miss", () => {
    const cases: [string, string][] = [
      ["System:ServiceAccount:prod:app", "case"],
      ["system:serviceaccount:prod:app ", "whitespace"],
      ["system:serviceaccount: prod:app", "whitespace"],
      ["prod:app", "missing-prefix"],
      ["system:serviceacount:prod:app", "prefix-typo"],
      ["system:serviceaccount:app:prod", "swapped"],
      ["system:serviceaccount:prod:ap", "name-typo"],
      ["system:serviceaccount:prd:app", "namespace-typo"],
    ];
    for (const [subject, kind] of cases) expect(subjectNearMiss(subject, "prod", "app"), subject).toBe(kind);
    expect(subjectNearMiss("system:serviceaccount:prod:app", "prod", "app")).toBeUndefined();
    expect(subjectNearMiss("system:serviceaccount:batch:worker", "prod", "app")).toBeUndefined();
    expect(subjectNearMiss("repo:contoso/app:ref:refs/heads/main", "prod", "app")).toBeUndefined();
  });

  it("passes when one FIC has the exact subject, whatever near misses sit beside it", () => {
    expect(run(["system:serviceaccount:prod:app", "system:serviceaccount:prod:App"])).toEqual([]);
  });

  it("leaves a subject that exactly names another existing ServiceAccount alone", () => {
    const other = { "api.yaml": serviceAccount("api", "prod", { "azure.workload.identity/client-id": CLIENT }) };
    expect(run(["system:serviceaccount:prod:api"], other)).toEqual([]);
    // without that ServiceAccount, the same subject is a typo of prod/app
    expect(run(["system:serviceaccount:prod:apq"]).map(where)).toEqual([`fic-subject-mismatch FederatedIdentityCredential fic-0 @ ${at("fics.json", ficsOf(["x"]))}`]);
  });
});

const fixture = (subjects: string[]) => ({
  manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }), "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }) },
  azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": ficsOf(subjects), "aks.json": aks("aks-prod") },
});

testCheck(ficSubjectMismatch, {
  valid: [{ name: "the exact subject", ...fixture(["system:serviceaccount:prod:app"]) }],
  invalid: [
    {
      name: "the group prefix: the subject corrected in place, the credential's name kept",
      ...fixture(["system:serviceaccounts:prod:app"]),
      findings: [
        {
          messageId: "nearMiss",
          object: "FederatedIdentityCredential fic-0",
          at: at("fics.json", ficsOf(["x"])),
          azurePlan: [{ op: "federatedCredential.createOrUpdate", params: { name: "fic-0", subject: "system:serviceaccount:prod:app", issuer: ISSUER }, expect: { subject: "system:serviceaccounts:prod:app" } }],
        },
      ],
    },
  ],
});
