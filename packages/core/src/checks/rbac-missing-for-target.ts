import { azureRef, kubeRef } from "../engine/refs.js";
import { createRoleAssignment } from "../fixes/builders/index.js";
import { grantsAt, leastPrivilegedRole } from "../azure/grants.js";
import { misdirectedGrants } from "./shared/azure-misdirected.js";
import { accessTargets, policyAllows, targetRef, typesOf } from "./shared/azure-targets.js";
import { example, withSecrets } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const rbacMissingForTarget = defineCheck({
  meta: {
    id: "rbac-missing-for-target",
    severity: "error",
    data: ["A"],
    title: "No role grants the identity access to its target",
    condition: "for a known target (a Key Vault named in a SecretProviderClass, `--target`), no assignment at or above its scope grants the needed data action",
    symptom: "403 from the resource",
    description: `A token from workload identity proves who the pod is; what it may do is decided by Azure role
assignments of the identity's **principal id**, at the resource or any scope above it (resource group,
subscription, management group). Data in Key Vault, Storage, App Configuration, Service Bus or Event Hubs
needs a role with the right **data action**: Owner and Contributor manage the resource but grant no data
access, so the request fails with 403 (\`ForbiddenByRbac\` from Key Vault).

Known targets are the Key Vaults that the workloads' SecretProviderClasses read with workload identity
(the needed action follows each object's type: \`secrets/getSecret/action\` for a secret,
\`keys/read\` for a key, \`certificates/read\` for a certificate) and the resources given with
\`--target\` (any data access of the resource's kind counts). Vaults that use access policies are judged
by \`kv-access-policy-mode\` instead. Assignments at a management group, and custom roles whose definition
was not exported (\`az role definition list --custom-role-only\`), cannot be judged offline: a target they
may cover is not reported. Nor is a target whose access was granted to the identity's client id or to
another identity of the same name (\`rbac-assigned-to-wrong-principal\` reports that assignment), or as an
access policy that the RBAC vault ignores (\`kv-access-policy-mode\`).

Fix: assign the least privileged built-in role at the target, for example
\`az role assignment create --assignee-object-id <principal id> --assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope <vault id>\`.`,
    messages: {
      spc: "identity {identity} cannot {action} in Key Vault {target} ({objects}, for SecretProviderClass {spc}): no role assignment at or above the vault grants it",
      target: "identity {identity} has no role with data access to {target}{actions}",
    },
    needs: ["kube", "azure.identities", "azure.roleAssignments", "azure.keyVaults"],
    fixable: true,
    examples: {
      bad: example(withSecrets(), { roleAssignments: [] }),
      good: example(withSecrets(), {}),
    },
  },
  detect(ctx) {
    for (const t of accessTargets(ctx.snapshot, ctx.index)) {
      if (t.vault && !t.vault.enableRbacAuthorization) continue;
      const r = grantsAt(ctx.index, t.identity.principalId, t.dataActions, t.scope);
      if (r.granting.length > 0 || r.undetermined.length > 0) continue;
      // the access was granted, to the wrong principal: rbac-assigned-to-wrong-principal reports that assignment
      if (misdirectedGrants(ctx.index, t).length > 0) continue;
      // or as an access policy, which an RBAC vault ignores: kv-access-policy-mode reports that
      if (t.vault && typesOf(t).some((type) => policyAllows(t.vault!, t.identity.principalId, type))) continue;
      const role = t.dataActions[0] ? leastPrivilegedRole(t.dataActions[0]) : undefined;
      const spc = t.spcs[0];
      ctx.report({
        object: targetRef(t),
        messageId: t.source === "secretProviderClass" ? "spc" : "target",
        data: {
          identity: t.identity.name,
          action: t.dataActions[0] ?? "access",
          target: t.name,
          objects: t.objectNames.join(", "),
          spc: spc ? `${spc.namespace}/${spc.name}` : "",
          actions: t.dataActions.length ? ` (needs one of: ${t.dataActions.join(", ")})` : "",
        },
        evidence: {
          expected: { anyOf: t.dataActions.length ? t.dataActions : ["any role assignment"], atOrAbove: t.scope },
          actual: r.atOrAbove.map((a) => ({ role: a.roleDefinitionName ?? a.roleDefinitionId, scope: a.scope })),
          principalId: t.identity.principalId,
        },
        fixes: role
          ? [createRoleAssignment(t.identity.principalId, { name: role.name, roleName: role.roleName }, t.scope, `identity ${t.identity.name}`)]
          : [],
        ...(t.workloads[0] ? { workload: t.workloads[0] } : {}),
        related: [azureRef("ManagedIdentity", t.identity), ...t.spcs.map((s) => kubeRef(s)), ...t.workloads.slice(1).map((w) => kubeRef(w.object))],
      });
    }
  },
});
