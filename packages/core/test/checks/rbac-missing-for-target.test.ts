import { describe, expect, it } from "vitest";
import { planFor, runChecks } from "@wid/core";
import { kvAccessPolicyMode } from "../../src/checks/kv-access-policy-mode.js";
import { rbacAssignedToWrongPrincipal } from "../../src/checks/rbac-assigned-to-wrong-principal.js";
import { rbacMissingForTarget } from "../../src/checks/rbac-missing-for-target.js";
import { findings, runOne, snapshot, where } from "../helpers/snapshot.js";
import { assignment, at, deployment, identity, keyVault, RG, ROLE, serviceAccount, spc, SUB, TENANT, vaultId } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const identities = [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })];
const vaults = [keyVault("kv-prod", { rbac: true })];

const manifests = (objects: { name: string; type: "secret" | "key" | "cert" }[] = [{ name: "db-password", type: "secret" }]) => ({
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", spcs: ["app-secrets"] }),
  "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT, objects }),
});

const run = (assignments: Record<string, unknown>[], extra: { vaults?: Record<string, unknown>[]; objects?: Parameters<typeof manifests>[0] } = {}) =>
  findings(rbacMissingForTarget, {
    manifests: manifests(extra.objects),
    azure: { "identities.json": identities, "role-assignments.json": assignments, "vaults.json": extra.vaults ?? vaults },
  });

describe("rbac-missing-for-target", () => {
  it("flags a vault read by a SecretProviderClass when no assignment grants getSecret, with the least privileged role", () => {
    const f = run([assignment({ principalId: PRINCIPAL, role: ROLE.owner, scope: vaultId("kv-prod") })]);
    expect(f.map(where)).toEqual([`rbac-missing-for-target KeyVault kv-prod @ ${at("vaults.json", vaults)}`]);
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web" });
    expect(planFor(f[0]!.fixes[0]!, "azure")!.steps[0]).toMatchObject({
      op: "roleAssignment.create",
      params: { principalId: PRINCIPAL, roleDefinitionGuid: ROLE.secretsUser, scope: vaultId("kv-prod") },
    });
  });

  it("judges each object type by its own data action", () => {
    const f = run([assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod") })], {
      objects: [
        { name: "db-password", type: "secret" },
        { name: "signing", type: "key" },
      ],
    });
    expect(f.map(where)).toEqual([`rbac-missing-for-target KeyVault kv-prod @ ${at("vaults.json", vaults)}`]);
    expect(f[0]!.evidence).toMatchObject({ expected: { anyOf: ["Microsoft.KeyVault/vaults/keys/read"] } });
  });

  it("passes a grant at the vault, its resource group or subscription (any case), and vaults in access-policy mode", () => {
    for (const scope of [vaultId("kv-prod"), `/subscriptions/${SUB}/resourcegroups/${RG.toUpperCase()}`, `/subscriptions/${SUB}`]) {
      expect(run([assignment({ principalId: PRINCIPAL.toUpperCase(), role: ROLE.secretsUser, scope })]), scope).toEqual([]);
    }
    expect(run([], { vaults: [keyVault("kv-prod", { rbac: false })] })).toEqual([]);
  });

  it("does not judge management-group grants or custom roles it cannot see", () => {
    expect(run([assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: "/providers/Microsoft.Management/managementGroups/corp" })])).toEqual([]);
    expect(run([assignment({ principalId: PRINCIPAL, role: "0f0e0d0c-0b0a-4909-8807-060504030201", scope: vaultId("kv-prod") })])).toEqual([]);
  });

  it("flags a --target resource the workloads' identities have no data access to", () => {
    const storage = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/stprod`;
    const f = findings(rbacMissingForTarget, {
      manifests: { "sa.yaml": manifests()["sa.yaml"], "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }) },
      azure: { "identities.json": identities, "role-assignments.json": [assignment({ principalId: PRINCIPAL, role: ROLE.reader, scope: storage })], "vaults.json": [] },
      options: { targets: [storage] },
    });
    expect(f.map(where)).toEqual(["rbac-missing-for-target StorageAccount stprod"]);
    expect(f[0]!.fixes[0]!.title).toContain("Storage Blob Data Reader");
    expect(
      findings(rbacMissingForTarget, {
        manifests: { "sa.yaml": manifests()["sa.yaml"], "deploy.yaml": deployment("web", { sa: "app", namespace: "prod" }) },
        azure: { "identities.json": identities, "role-assignments.json": [assignment({ principalId: PRINCIPAL, role: ROLE.blobReader, scope: storage })], "vaults.json": [] },
        options: { targets: [storage] },
      }),
    ).toEqual([]);
  });

  it("leaves access granted to the wrong principal to rbac-assigned-to-wrong-principal: one finding, on that assignment", () => {
    const checks = [rbacMissingForTarget, rbacAssignedToWrongPrincipal];
    const toClientId = [assignment({ principalId: CLIENT, role: ROLE.secretsUser, scope: vaultId("kv-prod") })];
    const twin = identity("id-app", { clientId: "33333333-2222-4333-8444-555555555555", principalId: "cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee", rg: "rg-dev" });
    const toTwin = [assignment({ principalId: "cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee", role: ROLE.secretsUser, scope: vaultId("kv-prod") })];
    const run2 = (ids: Record<string, unknown>[], assignments: Record<string, unknown>[]) =>
      runChecks(snapshot({ manifests: manifests(), azure: { "identities.json": ids, "role-assignments.json": assignments, "vaults.json": vaults } }), checks).findings.map((f) => f.checkId);
    expect(run2(identities, toClientId)).toEqual(["rbac-assigned-to-wrong-principal"]);
    expect(run2([...identities, twin], toTwin)).toEqual(["rbac-assigned-to-wrong-principal"]);
  });

  it("leaves an RBAC vault where the identity has only an access policy to kv-access-policy-mode", () => {
    const withPolicy = [keyVault("kv-prod", { rbac: true, policies: [{ objectId: PRINCIPAL, secrets: ["get"] }] })];
    const r = runChecks(snapshot({ manifests: manifests(), azure: { "identities.json": identities, "role-assignments.json": [], "vaults.json": withPolicy } }), [rbacMissingForTarget, kvAccessPolicyMode]);
    expect(r.findings.map(where)).toEqual([`kv-access-policy-mode KeyVault kv-prod @ ${at("vaults.json", withPolicy)}`]);
  });

  it("does not run without the Key Vault export", () => {
    const r = runOne(rbacMissingForTarget, { manifests: manifests(), azure: { "identities.json": identities, "role-assignments.json": [] } });
    expect(r.notRun.map((n) => n.checkId)).toEqual(["rbac-missing-for-target"]);
  });
});

testCheck(rbacMissingForTarget, {
  valid: [{ name: "a Secrets User assignment on the vault", manifests: manifests(), azure: { "identities.json": identities, "role-assignments.json": [assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod") })], "vaults.json": vaults } }],
  invalid: [
    {
      name: "no assignment for the vault a SecretProviderClass reads: the least privileged role granted on the vault",
      manifests: manifests(),
      azure: { "identities.json": identities, "role-assignments.json": [], "vaults.json": vaults },
      findings: [
        {
          messageId: "spc",
          object: "KeyVault kv-prod",
          at: at("vaults.json", vaults),
          azurePlan: [{ op: "roleAssignment.create", params: { principalId: PRINCIPAL, principalType: "ServicePrincipal", roleDefinitionGuid: ROLE.secretsUser, roleName: "Key Vault Secrets User", scope: vaultId("kv-prod") } }],
        },
      ],
    },
  ],
});
