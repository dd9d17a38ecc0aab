import { describe, expect, it } from "vitest";
import { saClientIdIsPrincipalId } from "../../src/checks/sa-client-id-is-principal-id.js";
import { findings, runOne, where } from "../helpers/snapshot.js";
import { deployment, identity, serviceAccount } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const identities = [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })];

const run = (value: string) =>
  findings(saClientIdIsPrincipalId, {
    manifests: {
      "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": value }),
      "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
    },
    azure: { "identities.json": identities },
  });

describe("sa-client-id-is-principal-id", () => {
  it("flags a principal id in the client-id annotation, whatever its case, with a fix to the client id", () => {
    for (const value of [PRINCIPAL, PRINCIPAL.toUpperCase()]) {
      const f = run(value);
      expect(f.map(where)).toEqual(["sa-client-id-is-principal-id ServiceAccount prod/app @ sa.yaml:7:40"]);
      expect(f[0]!.evidence).toMatchObject({ expected: CLIENT, actual: value });
      expect(f[0]!.fixes[0]!.plans).toContainEqual(expect.objectContaining({ target: "manifest", edits: [expect.objectContaining({ op: "set", value: CLIENT })] }));
      expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web" });
    }
  });

  it("passes the client id and unknown GUIDs (sa-client-id-unknown's case)", () => {
    expect(run(CLIENT)).toEqual([]);
    expect(run("99999999-2222-4333-8444-555555555555")).toEqual([]);
  });

  it("does not run without identities", () => {
    const r = runOne(saClientIdIsPrincipalId, { manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": PRINCIPAL }) } });
    expect(r.notRun.map((n) => n.checkId)).toEqual(["sa-client-id-is-principal-id"]);
  });
});

testCheck(saClientIdIsPrincipalId, {
  valid: [{ name: "the client id", manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }) }, azure: { "identities.json": identities } }],
  invalid: [
    {
      name: "the principal id: replaced by the identity's client id, quotes kept",
      manifests: { "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": PRINCIPAL }) },
      azure: { "identities.json": identities },
      findings: [{ messageId: "principal", object: "ServiceAccount prod/app", at: "sa.yaml:7:40-7:78" }],
      output: serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
    },
  ],
});
