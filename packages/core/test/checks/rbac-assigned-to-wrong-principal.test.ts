import { describe, expect, it } from "vitest";
import { rbacAssignedToWrongPrincipal } from "../../src/checks/rbac-assigned-to-wrong-principal.js";
import { testCheck } from "../helpers/check-tester.js";
import { findings, where } from "../helpers/snapshot.js";
import { assignment, at, deployment, identity, keyVault, ROLE, serviceAccount, spc, TENANT, vaultId } from "../azure/fixtures.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const TWIN_PRINCIPAL = "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const app = identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL });
const twin = identity("id-app", { clientId: "22222222-2222-4333-8444-555555555555", principalId: TWIN_PRINCIPAL, rg: "rg-dev" });
const manifests = {
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", spcs: ["app-secrets"] }),
  "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT }),
};
const vaults = [keyVault("kv-prod", { rbac: true }), keyVault("kv-dev", { rbac: true, rg: "rg-dev" })];
const run = (assignments: Record<string, unknown>[], withManifests = true) =>
  findings(rbacAssignedToWrongPrincipal, {
    ...(withManifests ? { manifests } : {}),
    azure: { "identities.json": [app, twin], "role-assignments.json": assignments, "vaults.json": vaults },
  });

describe("rbac-assigned-to-wrong-principal", () => {
  it("flags the grant a same-named identity holds on the workloads' vault when their own identity lacks it", () => {
    const assignments = [assignment({ principalId: TWIN_PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod") })];
    const f = run(assignments);
    expect(f.map(where)).toEqual([`rbac-assigned-to-wrong-principal RoleAssignment ${assignments[0]!["name"]} @ ${at("role-assignments.json", assignments)}`]);
    expect(f[0]!.evidence).toMatchObject({ expected: PRINCIPAL, actual: TWIN_PRINCIPAL });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ steps: [{ params: { principalId: PRINCIPAL, scope: vaultId("kv-prod") } }] });
  });

  it("passes a same-named identity with its own role on its own vault, and a twin's grant where the used identity has its own", () => {
    expect(run([assignment({ principalId: TWIN_PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-dev", "rg-dev") })])).toEqual([]);
    expect(
      run([
        assignment({ principalId: TWIN_PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod") }),
        assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod").replace(/\/providers\/.*$/, "") }),
      ]),
    ).toEqual([]);
    expect(run([assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod") })])).toEqual([]);
    // without Kubernetes objects, which twin is meant cannot be told
    expect(run([assignment({ principalId: TWIN_PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod") })], false)).toEqual([]);
  });
});

const toClientId = [assignment({ principalId: CLIENT.toUpperCase(), role: ROLE.secretsUser, scope: vaultId("kv-prod"), principalType: "Unknown" })];

testCheck(rbacAssignedToWrongPrincipal, {
  invalid: [
    {
      name: "an assignment made to an identity's client id: granted to its principal id instead, and the stray one removed",
      azure: { "identities.json": [app], "role-assignments.json": toClientId },
      findings: [
        {
          messageId: "clientId",
          object: `RoleAssignment ${toClientId[0]!["name"]}`,
          at: at("role-assignments.json", toClientId),
          azurePlan: [
            { op: "roleAssignment.create", params: { principalId: PRINCIPAL, roleDefinitionGuid: ROLE.secretsUser, scope: vaultId("kv-prod") } },
            { op: "roleAssignment.delete", params: { id: toClientId[0]!["id"], principalId: CLIENT.toUpperCase() }, command: `az role assignment delete \\\n  --ids ${toClientId[0]!["id"]}` },
          ],
        },
      ],
    },
  ],
});
