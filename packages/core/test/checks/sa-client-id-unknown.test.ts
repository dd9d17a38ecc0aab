import { describe, expect, it } from "vitest";
import { saClientIdUnknown } from "../../src/checks/sa-client-id-unknown.js";
import { findings, where } from "../helpers/snapshot.js";
import { deployment, identity, serviceAccount } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const identities = [
  identity("id-app", { clientId: "11111111-2222-4333-8444-555555555555", principalId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" }),
  identity("prod-app-identity", { clientId: "22222222-2222-4333-8444-555555555555", principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee" }),
  identity("id-billing", { clientId: "33333333-2222-4333-8444-555555555555", principalId: "cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee" }),
];

const run = (value: string, idents = identities) =>
  findings(saClientIdUnknown, {
    manifests: {
      "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": value }),
      "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
    },
    azure: { "identities.json": idents },
  });

describe("sa-client-id-unknown", () => {
  it("flags a client id no exported identity has, suggesting identities named like the ServiceAccount", () => {
    const f = run("99999999-2222-4333-8444-555555555555");
    expect(f.map(where)).toEqual(["sa-client-id-unknown ServiceAccount prod/app @ sa.yaml:7:40"]);
    expect((f[0]!.evidence["suggestions"] as { name: string }[]).map((s) => s.name)).toEqual(["id-app", "prod-app-identity"]);
    expect(f[0]!.fixes.map((x) => x.title)).toEqual([expect.stringContaining("id-app"), expect.stringContaining("prod-app-identity")]);
  });

  it("flags an empty identity export too, with no suggestion", () => {
    const f = run("99999999-2222-4333-8444-555555555555", []);
    expect(f.map(where)).toEqual(["sa-client-id-unknown ServiceAccount prod/app @ sa.yaml:7:40"]);
    expect(f[0]!.fixes).toEqual([]);
  });

  it("passes known client ids (any case), principal ids and non-GUID values, which other checks report", () => {
    expect(run("11111111-2222-4333-8444-555555555555".toUpperCase())).toEqual([]);
    expect(run("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")).toEqual([]);
    expect(run("<client-id>")).toEqual([]);
  });
});

const unknownSa = serviceAccount("app", "prod", { "azure.workload.identity/client-id": "99999999-2222-4333-8444-555555555555" });

testCheck(saClientIdUnknown, {
  valid: [{ name: "an exported identity's client id", manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": "11111111-2222-4333-8444-555555555555" }) }, azure: { "identities.json": identities } }],
  invalid: [
    {
      name: "an unknown client id: the first suggested identity's client id written in its place",
      manifests: { "sa.yaml": unknownSa },
      azure: { "identities.json": identities },
      findings: [{ messageId: "unknown", object: "ServiceAccount prod/app", at: "sa.yaml:7:40-7:78" }],
      output: unknownSa.replace("99999999-2222-4333-8444-555555555555", "11111111-2222-4333-8444-555555555555"),
    },
    {
      name: "an unknown client id and no identity named alike: nothing to write",
      manifests: { "sa.yaml": unknownSa },
      azure: { "identities.json": identities.slice(2) },
      findings: [{ messageId: "unknown", object: "ServiceAccount prod/app", at: "sa.yaml:7:40-7:78" }],
      output: null,
    },
  ],
});
