import { describe, expect, it } from "vitest";
import { kvAccessPolicyMode } from "../../src/checks/kv-access-policy-mode.js";
import { findings, where } from "../helpers/snapshot.js";
import { assignment, at, deployment, identity, keyVault, ROLE, serviceAccount, spc, TENANT, vaultId } from "../azure/fixtures.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-4333-8444-555555555555";
const PRINCIPAL = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const identities = [identity("id-app", { clientId: CLIENT, principalId: PRINCIPAL })];
const manifests = {
  "sa.yaml": serviceAccount("app", "prod", { "azure.workload.identity/client-id": CLIENT }),
  "deploy.yaml": deployment("web", { sa: "app", namespace: "prod", spcs: ["app-secrets"] }),
  "spc.yaml": spc("app-secrets", { namespace: "prod", clientID: CLIENT, keyvaultName: "kv-prod", tenantId: TENANT }),
};
const secretsUser = assignment({ principalId: PRINCIPAL, role: ROLE.secretsUser, scope: vaultId("kv-prod") });
const run = (vault: Record<string, unknown>, assignments: Record<string, unknown>[]) =>
  findings(kvAccessPolicyMode, { manifests, azure: { "identities.json": identities, "role-assignments.json": assignments, "vaults.json": [vault] } });

describe("kv-access-policy-mode", () => {
  it("flags an access-policy vault where the identity has only an RBAC role, with a set-policy fix", () => {
    const vault = keyVault("kv-prod", { rbac: false });
    const f = run(vault, [secretsUser]);
    expect(f.map(where)).toEqual([`kv-access-policy-mode KeyVault kv-prod @ ${at("vaults.json", [vault])}`]);
    expect(f[0]!.message).toContain("ignored");
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ steps: [{ op: "keyVault.setAccessPolicy", params: { objectId: PRINCIPAL, permissions: { secrets: ["get"] } } }] });
  });

  it("flags an access-policy vault where the identity has no policy at all", () => {
    const vault = keyVault("kv-prod", { rbac: false, policies: [{ objectId: "cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee", secrets: ["get"] }] });
    expect(run(vault, []).map(where)).toEqual([`kv-access-policy-mode KeyVault kv-prod @ ${at("vaults.json", [vault])}`]);
  });

  it("flags an RBAC vault where the identity has only an access policy", () => {
    const vault = keyVault("kv-prod", { rbac: true, policies: [{ objectId: PRINCIPAL, secrets: ["Get", "List"] }] });
    const f = run(vault, []);
    expect(f.map(where)).toEqual([`kv-access-policy-mode KeyVault kv-prod @ ${at("vaults.json", [vault])}`]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ steps: [{ op: "roleAssignment.create", params: { roleDefinitionGuid: ROLE.secretsUser } }] });
  });

  it("passes grants in the vault's own model, and leaves an RBAC vault with no grant to rbac-missing-for-target", () => {
    expect(run(keyVault("kv-prod", { rbac: false, policies: [{ objectId: PRINCIPAL.toUpperCase(), secrets: ["get"] }] }), [])).toEqual([]);
    expect(run(keyVault("kv-prod", { rbac: false, policies: [{ objectId: PRINCIPAL, secrets: ["all"] }] }), [secretsUser])).toEqual([]);
    expect(run(keyVault("kv-prod", { rbac: true }), [secretsUser])).toEqual([]);
    expect(run(keyVault("kv-prod", { rbac: true }), [])).toEqual([]);
    // a policy for keys does not let the identity get secrets
    expect(run(keyVault("kv-prod", { rbac: false, policies: [{ objectId: PRINCIPAL, keys: ["get"] }] }), [])).toHaveLength(1);
  });
});

const policyVault = [keyVault("kv-prod", { rbac: false })];
const rbacVault = [keyVault("kv-prod", { rbac: true, policies: [{ objectId: PRINCIPAL, secrets: ["get"] }] })];

testCheck(kvAccessPolicyMode, {
  valid: [{ name: "an access policy on an access-policy vault", manifests, azure: { "identities.json": identities, "role-assignments.json": [], "vaults.json": [keyVault("kv-prod", { rbac: false, policies: [{ objectId: PRINCIPAL, secrets: ["get", "list"] }] })] } }],
  invalid: [
    {
      name: "a role on an access-policy vault, which ignores it: the access policy set",
      manifests,
      azure: { "identities.json": identities, "role-assignments.json": [secretsUser], "vaults.json": policyVault },
      findings: [
        {
          messageId: "rbacIgnored",
          object: "KeyVault kv-prod",
          at: at("vaults.json", policyVault),
          azurePlan: [{ op: "keyVault.setAccessPolicy", params: { vaultId: vaultId("kv-prod"), objectId: PRINCIPAL, permissions: { secrets: ["get"] } } }],
        },
      ],
    },
    {
      name: "an access policy on an RBAC vault, which ignores it: the role granted",
      manifests,
      azure: { "identities.json": identities, "role-assignments.json": [], "vaults.json": rbacVault },
      findings: [
        {
          messageId: "policyIgnored",
          object: "KeyVault kv-prod",
          at: at("vaults.json", rbacVault),
          azurePlan: [{ op: "roleAssignment.create", params: { principalId: PRINCIPAL, roleDefinitionGuid: ROLE.secretsUser, scope: vaultId("kv-prod") } }],
        },
      ],
    },
  ],
});
