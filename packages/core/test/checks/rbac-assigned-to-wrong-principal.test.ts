import { describe, expect, it } from "vitest";
import { rbacAssignedToWrongPrincipal } from "../../src/checks/rbac-assigned-to-wrong-principal.js";
import { findings, where } from "../helpers/snapshot.js";
import { assignment, at, deployment, identity, ROLE, serviceAccount, vaultId } from "../azure/fixtures.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const app = identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL });
const twin = identity("id-app", { clientId: "22222222-2222-4333-8444-555555555555", principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee", rg: "rg-dev" });
const manifests = {
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
};

describe("rbac-assigned-to-wrong-principal", () => {
  it("flags an assignment made to an identity's client id, with a fix for its principal id", () => {
    const assignments = [assignment({ principalId: CLIENT.toUpperCase(), role: ROLE.secretsUser, scope: vaultId("kv-prod"), principalType: "Unknown" })];
    const f = findings(rbacAssignedToWrongPrincipal, { azure: { "identities.json": [app], "role-assignments.json": assignments } });
    expect(f.map(where)).toEqual([`rbac-assigned-to-wrong-principal RoleAssignment ${assignments[0]!["name"]} @ ${at("role-assignments.json", assignments)}`]);
    expect(f[0]!.fixes[0]!.actions[0]).toMatchObject({ params: { principalId: PRINCIPAL, roleDefinitionGuid: ROLE.secretsUser, scope: vaultId("kv-prod") } });
  });

  it("flags a role held by a same-named identity the workloads do not use", () => {
    const assignments = [assignment({ principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee", role: ROLE.secretsUser, scope: vaultId("kv-prod") })];
    const f = findings(rbacAssignedToWrongPrincipal, { manifests, azure: { "identities.json": [app, twin], "role-assignments.json": assignments } });
    expect(f.map(where)).toEqual([`rbac-assigned-to-wrong-principal RoleAssignment ${assignments[0]!["name"]} @ ${at("role-assignments.json", assignments)}`]);
    expect(f[0]!.evidence).toMatchObject({ expected: PRINCIPAL });
  });

  it("passes assignments to principal ids, and a twin's role the used identity also holds at or above that scope", () => {
    expect(findings(rbacAssignedToWrongPrincipal, { manifests, azure: { "identities.json": [app, twin], "role-assignments.json": [assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod") })] } })).toEqual([]);
    expect(
      findings(rbacAssignedToWrongPrincipal, {
        manifests,
        azure: {
          "identities.json": [app, twin],
          "role-assignments.json": [
            assignment({ principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee", role: ROLE.secretsUser, scope: vaultId("kv-prod") }),
            assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod").replace(/\/providers\/.*$/, "") }),
          ],
        },
      }),
    ).toEqual([]);
    // without Kubernetes objects, which twin is meant cannot be told
    expect(
      findings(rbacAssignedToWrongPrincipal, { azure: { "identities.json": [app, twin], "role-assignments.json": [assignment({ principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee", role: ROLE.secretsUser, scope: vaultId("kv-prod") })] } }),
    ).toEqual([]);
  });
});
