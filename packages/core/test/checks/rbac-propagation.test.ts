import { describe, expect, it } from "vitest";
import { rbacPropagation } from "../../src/checks/rbac-propagation.js";
import { findings, where } from "../helpers/snapshot.js";
import { assignment, at, deployment, identity, keyVault, NOW, ROLE, serviceAccount, spc, TENANT, vaultId } from "../azure/fixtures.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const identities = [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })];
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString().replace("Z", "123+00:00");
const withSpc = {
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", spcs: ["app-secrets"] }),
  "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT }),
};

const run = (assignments: Record<string, unknown>[], manifests: Record<string, string> = withSpc) =>
  findings(rbacPropagation, { now: NOW, manifests, azure: { "identities.json": identities, "role-assignments.json": assignments, "vaults.json": [keyVault("kv-prod", { rbac: true })] } });

describe("rbac-propagation", () => {
  it("reports the granting assignment of a target created less than 30 minutes ago", () => {
    const assignments = [assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod"), createdOn: minutesAgo(12) })];
    const f = run(assignments);
    expect(f.map(where)).toEqual([`rbac-propagation RoleAssignment ${assignments[0]!["name"]} @ ${at("role-assignments.json", assignments)}`]);
    expect(f[0]!.evidence).toMatchObject({ ageSeconds: 720, windowMinutes: 30 });
    expect(run([assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod"), createdOn: minutesAgo(29.9) })])).toHaveLength(1);
  });

  it("passes after the window, when an older grant exists, and for recent roles that do not grant the target", () => {
    expect(run([assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod"), createdOn: minutesAgo(30) })])).toEqual([]);
    expect(
      run([
        assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod"), createdOn: minutesAgo(5) }),
        assignment({ principalId: PRINCIPAL, role: ROLE.secretsOfficer, scope: vaultId("kv-prod"), createdOn: minutesAgo(5000) }),
      ]),
    ).toEqual([]);
    expect(run([assignment({ principalId: PRINCIPAL, role: ROLE.reader, scope: vaultId("kv-prod"), createdOn: minutesAgo(5) })])).toEqual([]);
  });

  it("without a known target, reports any recent assignment of a workload's identity", () => {
    const manifests = { "sa.yaml": withSpc["sa.yaml"], "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }) };
    const assignments = [assignment({ principalId: PRINCIPAL, role: ROLE.reader, scope: vaultId("kv-prod"), createdOn: minutesAgo(2) })];
    expect(run(assignments, manifests).map(where)).toEqual([`rbac-propagation RoleAssignment ${assignments[0]!["name"]} @ ${at("role-assignments.json", assignments)}`]);
    expect(run([assignment({ principalId: PRINCIPAL, role: ROLE.reader, scope: vaultId("kv-prod"), createdOn: minutesAgo(90) })], manifests)).toEqual([]);
  });
});
