import { describe, expect, it } from "vitest";
import { ficOrphaned } from "../../src/checks/fic-orphaned.js";
import type { Snapshot } from "@wid/core";
import { findings, runOne, snapshot, where, type Fixture } from "../helpers/snapshot.js";
import { aks, at, deployment, fic, identity, ISSUER, OLD_ISSUER, serviceAccount } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";
import { liveSnapshot, namespaceYaml, serviceAccountYaml } from "../helpers/live.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

/** A snapshot standing for a live cluster read: its objects are the cluster's whole state. */
function live(f: Fixture): Snapshot {
  const s = snapshot(f);
  s.coverage.available.add("cluster");
  return s;
}

const objects = {
  "cluster.yaml": [
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n",
    serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
    deployment("web", { sa: "app", namespace: "prod" }),
  ].join("---\n"),
};

describe("fic-orphaned", () => {
  it("reports FICs trusting this cluster for ServiceAccounts it does not have", () => {
    const fics = [
      fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app" }),
      fic("id-app", "prod-old", { subject: "system:serviceaccount:prod:old-app" }),
      fic("id-app", "legacy", { subject: "system:serviceaccount:legacy:app", issuer: ISSUER.slice(0, -1) }),
    ];
    const f = findings(
      ficOrphaned,
      live({ manifests: objects, azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": fics, "aks.json": aks("aks-prod") } }),
    );
    expect(f.map(where)).toEqual([
      `fic-orphaned FederatedIdentityCredential prod-old @ ${at("fics.json", fics, 1)}`,
      `fic-orphaned FederatedIdentityCredential legacy @ ${at("fics.json", fics, 2)}`,
    ]);
    expect(f.map((x) => x.evidence["namespaceExists"])).toEqual([true, false]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "azure", steps: [{ op: "federatedCredential.delete", params: { name: "prod-old" } }] });
  });

  it("passes FICs of other clusters, non-Kubernetes subjects and near misses that fic-subject-mismatch repairs", () => {
    const fics = [
      fic("id-app", "other-cluster", { subject: "system:serviceaccount:batch:worker", issuer: OLD_ISSUER }),
      fic("id-app", "github", { subject: "repo:contoso/app:ref:refs/heads/main", issuer: "https://token.actions.githubusercontent.com" }),
      fic("id-app", "typo", { subject: "system:serviceaccount:prod:ap" }),
    ];
    expect(
      findings(ficOrphaned, live({ manifests: objects, azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": fics, "aks.json": aks("aks-prod") } })),
    ).toEqual([]);
  });

  it("does not run on manifests alone, which may not hold every ServiceAccount", () => {
    const r = runOne(ficOrphaned, { manifests: objects, azure: { "fics.json": [fic("id-app", "x", { subject: "system:serviceaccount:prod:gone" })], "aks.json": aks("aks-prod") } });
    expect(r.notRun.map((n) => n.checkId)).toEqual(["fic-orphaned"]);
  });
});

const orphan = [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app" }), fic("id-app", "prod-old", { subject: "system:serviceaccount:prod:old-app" })];

testCheck(ficOrphaned, {
  valid: [{ name: "a credential of an existing ServiceAccount", live: true, manifests: objects, azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": orphan.slice(0, 1), "aks.json": aks("aks-prod") } }],
  invalid: [
    {
      name: "a credential of a ServiceAccount the cluster does not have: deleted",
      live: true,
      manifests: objects,
      azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": orphan, "aks.json": aks("aks-prod") },
      findings: [
        {
          messageId: "orphaned",
          object: "FederatedIdentityCredential prod-old",
          at: at("fics.json", orphan, 1),
          azurePlan: [{ op: "federatedCredential.delete", params: { name: "prod-old" }, command: expect.stringContaining("az identity federated-credential delete") }],
        },
      ],
    },
  ],
});

describe("fic-orphaned with a live cluster read in part", () => {
  it("judges only the namespaces whose ServiceAccounts were read", () => {
    const fics = [
      fic("id-app", "prod-old", { subject: "system:serviceaccount:prod:old-app" }),
      fic("id-app", "billing-gone", { subject: "system:serviceaccount:billing:invoices" }),
      fic("id-app", "secret-ns", { subject: "system:serviceaccount:restricted:api" }),
    ];
    const s = liveSnapshot({
      objects: [namespaceYaml("prod"), serviceAccountYaml("prod", "app", { "azure.workload.identity/client-id": CLIENT })],
      namespaces: ["prod"],
      azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": fics, "aks.json": aks("aks-prod") },
      unread: [{ resource: "serviceaccounts", namespace: "restricted", gap: { code: "forbidden", resource: "serviceaccounts", namespace: "restricted" } }],
    });
    const f = findings(ficOrphaned, s);
    expect(f.map((x) => [x.checkId, x.messageId, x.object.name])).toEqual([["fic-orphaned", "orphaned", "prod-old"]]);
    // read with -A, the same credentials are judged everywhere
    const all = liveSnapshot({
      objects: [namespaceYaml("prod"), serviceAccountYaml("prod", "app", { "azure.workload.identity/client-id": CLIENT })],
      azure: { "identities.json": [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })], "fics.json": fics, "aks.json": aks("aks-prod") },
    });
    expect(findings(ficOrphaned, all).map((x) => [x.messageId, x.object.name])).toEqual([
      ["orphaned", "prod-old"],
      ["namespaceGone", "billing-gone"],
      ["namespaceGone", "secret-ns"],
    ]);
  });
});
