import { describe, expect, it } from "vitest";
import { runChecks } from "@wid/core";
import { rbacMissingForTarget } from "../../src/checks/rbac-missing-for-target.js";
import { rbacNoAssignment } from "../../src/checks/rbac-no-assignment.js";
import { findings, snapshot, where } from "../helpers/snapshot.js";
import { assignment, at, deployment, identity, keyVault, ROLE, serviceAccount, spc, TENANT, vaultId } from "../azure/fixtures.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const identities = [
  identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL }),
  identity("id-unused", { clientId: "22222222-2222-4333-8444-555555555555", principalId: "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee" }),
];
const manifests = {
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }),
};

describe("rbac-no-assignment", () => {
  it("flags a workload's identity whose principal has no assignment, and only identities in use", () => {
    const f = findings(rbacNoAssignment, { manifests, azure: { "identities.json": identities, "role-assignments.json": [] } });
    expect(f.map(where)).toEqual([`rbac-no-assignment ManagedIdentity id-app @ ${at("identities.json", identities, 0)}`]);
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web" });
  });

  it("leaves roles given to the client id to rbac-assigned-to-wrong-principal", () => {
    expect(
      findings(rbacNoAssignment, { manifests, azure: { "identities.json": identities, "role-assignments.json": [assignment({ principalId: CLIENT, role: ROLE.secretsUser, scope: vaultId("kv-prod") })] } }),
    ).toEqual([]);
  });

  it("passes any assignment of the principal (any case), or a Key Vault access policy for it", () => {
    expect(
      findings(rbacNoAssignment, { manifests, azure: { "identities.json": identities, "role-assignments.json": [assignment({ principalId: PRINCIPAL.toUpperCase(), role: ROLE.reader, scope: vaultId("kv-prod") })] } }),
    ).toEqual([]);
    expect(
      findings(rbacNoAssignment, {
        manifests,
        azure: { "identities.json": identities, "role-assignments.json": [], "vaults.json": [keyVault("kv-prod", { rbac: false, policies: [{ objectId: PRINCIPAL, secrets: ["get"] }] })] },
      }),
    ).toEqual([]);
  });

  it("leaves an identity with a known target to the check that names the grant: one finding, on the vault", () => {
    const withSpc = {
      "sa.yaml": manifests["sa.yaml"],
      "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", spcs: ["app-secrets"] }),
      "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT }),
    };
    const vaults = [keyVault("kv-prod", { rbac: true })];
    const r = runChecks(snapshot({ manifests: withSpc, azure: { "identities.json": identities, "role-assignments.json": [], "vaults.json": vaults } }), [rbacNoAssignment, rbacMissingForTarget]);
    expect(r.findings.map(where)).toEqual([`rbac-missing-for-target KeyVault kv-prod @ ${at("vaults.json", vaults)}`]);
    // without the vaults, the target cannot be judged: the identity's lack of any role is reported
    expect(findings(rbacNoAssignment, { manifests: withSpc, azure: { "identities.json": identities, "role-assignments.json": [] } })).toHaveLength(1);
  });
});
