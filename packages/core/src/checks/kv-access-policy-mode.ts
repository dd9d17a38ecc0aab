import { azureRef, kubeRef } from "../engine/refs.js";
import { createRoleAssignment, setKeyVaultPolicy } from "../fixes/builders/index.js";
import { KEY_VAULT_OBJECT_POLICIES } from "../azure/data-actions.js";
import { grantsAt, leastPrivilegedRole } from "../azure/grants.js";
import { accessTargets, policyAllows, typesOf } from "./shared/azure-targets.js";
import { azKeyVault, example, withSecrets, WORLD } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const kvAccessPolicyMode = defineCheck({
  meta: {
    id: "kv-access-policy-mode",
    severity: "error",
    data: ["A"],
    title: "The Key Vault's permission model does not match the grants",
    condition: "the target vault has `enableRbacAuthorization: false` and the identity has only RBAC roles on it (or RBAC mode with only access policies)",
    symptom: '403 despite "Key Vault Secrets User"',
    description: `A Key Vault authorizes data access with exactly one of two permission models, set by
\`properties.enableRbacAuthorization\`: **Azure RBAC** (role assignments such as "Key Vault Secrets User")
or **vault access policies** (\`az keyvault set-policy\`). The other model's grants are ignored. So a
role assignment on an access-policy vault, or an access policy on an RBAC vault, still ends in 403
(\`ForbiddenByPolicy\` / \`ForbiddenByRbac\`), and the grant looks right in the portal.

The check looks at the vaults the workloads' SecretProviderClasses read (and vaults given with
\`--target\`): an access-policy vault where the identity's principal has no policy for the object type
(\`get\` on secrets, keys or certificates), saying whether RBAC roles were granted in vain; and an RBAC
vault where the principal has only an access policy. An RBAC vault with neither is reported by
\`rbac-missing-for-target\`.

Fix: grant in the vault's model (\`az keyvault set-policy -n <vault> --object-id <principal id>
--secret-permissions get\`, or a role assignment for an RBAC vault), or move the vault to Azure RBAC
(\`az keyvault update -n <vault> --enable-rbac-authorization true\`) after recreating its access policies as
role assignments: the switch drops every access policy's effect at once.`,
    messages: {
      rbacIgnored:
        "Key Vault {vault} uses access policies, so the role assignments of identity {identity} there are ignored: it has no access policy to get {list}",
      noPolicy: "Key Vault {vault} uses access policies, and identity {identity} has no access policy to get {list}",
      policyIgnored: "Key Vault {vault} uses Azure RBAC, so the access policy of identity {identity} is ignored: no role assignment grants it {action}",
    },
    needs: ["kube", "azure.identities", "azure.keyVaults", "azure.roleAssignments"],
    fixable: true,
    examples: {
      bad: example(withSecrets(), { keyVaults: [azKeyVault({ rbac: false })] }),
      good: example(withSecrets(), { keyVaults: [azKeyVault({ rbac: false, policies: [{ objectId: WORLD.principalId, secrets: ["get"] }] })] }),
    },
  },
  detect(ctx) {
    for (const t of accessTargets(ctx.snapshot, ctx.index)) {
      const vault = t.vault;
      if (!vault) continue;
      const principal = t.identity.principalId;
      // Built only for a finding: references locate objects in their files, which costs a parse.
      const common = () => ({
        object: azureRef("KeyVault", vault),
        ...(t.workloads[0] ? { workload: t.workloads[0] } : {}),
        related: [azureRef("ManagedIdentity", t.identity), ...t.spcs.map((s) => kubeRef(s))],
      });
      const r = grantsAt(ctx.index, principal, t.dataActions, t.scope);
      if (!vault.enableRbacAuthorization) {
        const types = typesOf(t);
        if (types.some((type) => policyAllows(vault, principal, type))) continue;
        const type = types[0]!;
        const { list, permission } = KEY_VAULT_OBJECT_POLICIES[type];
        const ignored = r.granting.length > 0;
        ctx.report({
          ...common(),
          messageId: ignored ? "rbacIgnored" : "noPolicy",
          data: { vault: vault.name, identity: t.identity.name, list },
          evidence: {
            expected: { permissionModel: "access policies", policy: { objectId: principal, [list]: [permission] } },
            actual: { enableRbacAuthorization: false, roleAssignments: r.granting.map((a) => ({ role: a.roleDefinitionName, scope: a.scope })) },
          },
          fixes: [setKeyVaultPolicy(vault, principal, list, permission, `identity ${t.identity.name}`)],
        });
        continue;
      }
      if (r.granting.length > 0 || r.undetermined.length > 0) continue;
      if (!typesOf(t).some((type) => policyAllows(vault, principal, type))) continue;
      const role = t.dataActions[0] ? leastPrivilegedRole(t.dataActions[0]) : undefined;
      ctx.report({
        ...common(),
        messageId: "policyIgnored",
        data: { vault: vault.name, identity: t.identity.name, action: t.dataActions[0] ?? "data access" },
        evidence: { expected: { permissionModel: "Azure RBAC", anyOf: t.dataActions }, actual: { enableRbacAuthorization: true, accessPolicy: true, roleAssignments: [] } },
        fixes: role ? [createRoleAssignment(principal, { name: role.name, roleName: role.roleName }, vault.id, `identity ${t.identity.name}`)] : [],
      });
    }
  },
});
