import { planFor } from "@wid/core";
import { describe, expect, it } from "vitest";
import { clusterIssuerChanged } from "../../src/checks/cluster-issuer-changed.js";
import { testCheck } from "../helpers/check-tester.js";
import { findings, runOne, where } from "../helpers/snapshot.js";
import { aks, at, deployment, fic, identity, ISSUER, OLD_ISSUER, serviceAccount } from "../azure/fixtures.js";

const A = { client: "11111111-2222-4333-8444-555555555555", principal: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" };
const B = { client: "22222222-2222-4333-8444-555555555555", principal: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee" };

const manifests = {
  "app.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": A.client }) + "---\n" + deployment("web", { sa: "app", namespace: "prod" }),
  "worker.yaml": serviceAccount("worker", "batch", { "azure.workload.identity/client-id": B.client }) + "---\n" + deployment("worker", { sa: "worker", namespace: "batch" }),
};
const identities = [identity("id-app", { clientId: A.client, principalId: A.principal }), identity("id-worker", { clientId: B.client, principalId: B.principal })];

describe("cluster-issuer-changed", () => {
  it("reports the cluster once when two ServiceAccounts' FICs trust the same old issuer", () => {
    const f = findings(clusterIssuerChanged, {
      manifests,
      azure: {
        "identities.json": identities,
        "fics.json": [
          fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER }),
          fic("id-worker", "batch-worker", { subject: "system:serviceaccount:batch:worker", issuer: OLD_ISSUER }),
        ],
        "aks.json": aks("aks-prod"),
      },
    });
    expect(f.map(where)).toEqual([`cluster-issuer-changed ManagedCluster aks-prod @ ${at("aks.json", aks("aks-prod"))}`]);
    expect(f[0]!.evidence).toMatchObject({ expected: ISSUER, actual: OLD_ISSUER, serviceAccounts: ["prod/app", "batch/worker"] });
    // one fix for every credential: applied alone, one would leave the others failing
    expect(f[0]!.fixes.map((x) => planFor(x, "azure")!.steps)).toMatchObject([
      [
        { params: { name: "prod-app", issuer: ISSUER } },
        { params: { name: "batch-worker", issuer: ISSUER } },
      ],
    ]);
  });

  it("names the exported cluster the old issuer belongs to", () => {
    const f = findings(clusterIssuerChanged, {
      manifests,
      options: { clusterName: "aks-prod" },
      azure: {
        "identities.json": identities,
        "fics.json": [
          fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER }),
          fic("id-worker", "batch-worker", { subject: "system:serviceaccount:batch:worker", issuer: OLD_ISSUER }),
        ],
        "aks.json": [aks("aks-prod"), aks("aks-blue", { issuerUrl: OLD_ISSUER })],
      },
    });
    expect(f.map(where)).toEqual([`cluster-issuer-changed ManagedCluster aks-prod @ ${at("aks.json", [{}, {}], 0)}`]);
    expect(String(f[0]!.evidence["oldIssuerBelongsTo"])).toMatch(/managedClusters\/aks-blue$/);
  });

  it("passes a single stale FIC, different old issuers, trailing-slash variants, and ServiceAccounts that also trust the current issuer", () => {
    const cases = [
      [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER }), fic("id-worker", "batch-worker", { subject: "system:serviceaccount:batch:worker" })],
      [
        fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER }),
        fic("id-worker", "batch-worker", { subject: "system:serviceaccount:batch:worker", issuer: OLD_ISSUER.replace("9e8d", "1111") }),
      ],
      [
        fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: ISSUER.slice(0, -1) }),
        fic("id-worker", "batch-worker", { subject: "system:serviceaccount:batch:worker", issuer: ISSUER.slice(0, -1) }),
      ],
      [
        fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER }),
        fic("id-app", "prod-app-new", { subject: "system:serviceaccount:prod:app" }),
        fic("id-worker", "batch-worker", { subject: "system:serviceaccount:batch:worker", issuer: OLD_ISSUER }),
      ],
    ];
    for (const fics of cases) {
      expect(findings(clusterIssuerChanged, { manifests, azure: { "identities.json": identities, "fics.json": fics, "aks.json": aks("aks-prod") } })).toEqual([]);
    }
  });

  it("is not run, with the reason, for a cluster without an issuer or when no cluster is chosen among several", () => {
    const noIssuer = runOne(clusterIssuerChanged, {
      manifests,
      azure: {
        "identities.json": identities,
        "fics.json": [
          fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER }),
          fic("id-worker", "batch-worker", { subject: "system:serviceaccount:batch:worker", issuer: OLD_ISSUER }),
        ],
        "aks.json": aks("aks-prod", { oidc: false }),
      },
    });
    expect(noIssuer.findings).toEqual([]);
    expect(noIssuer.notRun).toEqual([{ checkId: "cluster-issuer-changed", reason: { code: "cluster-without-issuer", cluster: "aks-prod" } }]);
    const several = runOne(clusterIssuerChanged, {
      manifests,
      azure: { "identities.json": identities, "fics.json": [fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER })], "aks.json": [aks("aks-prod"), aks("aks-dev")] },
    });
    expect(several.notRun).toEqual([{ checkId: "cluster-issuer-changed", reason: { code: "clusters-ambiguous", clusters: expect.any(Array) } }]);
  });
});

const staleFics = [
  fic("id-app", "prod-app", { subject: "system:serviceaccount:prod:app", issuer: OLD_ISSUER }),
  fic("id-worker", "batch-worker", { subject: "system:serviceaccount:batch:worker", issuer: OLD_ISSUER }),
];

testCheck(clusterIssuerChanged, {
  valid: [{ name: "every credential trusts the current issuer", manifests, azure: { "identities.json": identities, "fics.json": staleFics.map((f) => ({ ...f, issuer: ISSUER })), "aks.json": aks("aks-prod") } }],
  invalid: [
    {
      name: "a rebuilt cluster: its fix updates every stale credential, and Azure then trusts the new issuer for all",
      manifests,
      azure: { "identities.json": identities, "fics.json": staleFics, "aks.json": aks("aks-prod") },
      findings: [
        {
          messageId: "changed",
          object: "ManagedCluster aks-prod",
          at: at("aks.json", aks("aks-prod")),
          azurePlan: [
            { op: "federatedCredential.createOrUpdate", params: { name: "prod-app", issuer: ISSUER, subject: "system:serviceaccount:prod:app" }, expect: { issuer: OLD_ISSUER } },
            { op: "federatedCredential.createOrUpdate", params: { name: "batch-worker", issuer: ISSUER, subject: "system:serviceaccount:batch:worker" }, expect: { issuer: OLD_ISSUER } },
          ],
        },
      ],
    },
  ],
});
