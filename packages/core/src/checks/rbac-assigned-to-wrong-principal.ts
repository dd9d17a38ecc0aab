import { azureRef } from "../engine/refs.js";
import type { ManagedIdentity, RoleAssignment } from "../model/azure.js";
import { createRoleAssignment, reassignRole } from "../fixes/builders/index.js";
import { roleDefinitionGuid } from "../engine/snapshot-index.js";
import { grantsAt, roleOf } from "../azure/grants.js";
import { accessTargets } from "./shared/azure-targets.js";
import { azRoleAssignment, example, WORLD } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const rbacAssignedToWrongPrincipal = defineCheck({
  meta: {
    id: "rbac-assigned-to-wrong-principal",
    severity: "warning",
    data: ["A"],
    title: "A role was assigned to the wrong principal",
    condition: "an assignment was made to the client id or to another identity of the same name instead of the principal id",
    symptom: "403",
    description: `Role assignments name a principal by its **object id**, which for a managed identity is its
\`principalId\`. Templates and scripts that pass the \`clientId\` instead (Bicep \`principalId: identity.properties.clientId\`,
Terraform \`client_id\`) create an assignment for a principal that does not exist, and the identity's own
principal stays without access: 403. A similar trap: two identities with the same name in different
resource groups or subscriptions, with the role given to the one the workloads do not use.

The check reports assignments whose principal id is an identity's client id and, when Kubernetes objects
are loaded, assignments that give a same-named identity the access to a target of the workloads (a Key
Vault of their SecretProviderClasses, a \`--target\`) that the identity they use lacks. Same-named
identities that hold their own grants elsewhere (a development twin on its development vault) are left
alone.

Fix: assign the role to the right principal id
(\`az identity show -n <identity> -g <rg> --query principalId -o tsv\`), then remove the stray assignment
(\`az role assignment delete --ids <assignment id>\`).`,
    messages: {
      clientId: 'role "{role}" on {scope} was assigned to {value}, the client id of identity {identity}; its principal id is {principal}',
      sameName: 'role "{role}" on {scope} was assigned to identity {wrong}, but the workloads that need it use the identity of the same name {right}, which lacks it',
    },
    needs: ["azure.identities", "azure.roleAssignments"],
    fixable: true,
    examples: {
      bad: example(undefined, { roleAssignments: [azRoleAssignment({ principalId: WORLD.clientId })] }),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    const roleName = (a: RoleAssignment) => roleOf(ctx.index, a)?.roleName ?? a.roleDefinitionName ?? roleDefinitionGuid(a.roleDefinitionId);
    const fixFor = (a: RoleAssignment, right: ManagedIdentity) =>
      createRoleAssignment(right.principalId, { name: roleDefinitionGuid(a.roleDefinitionId), roleName: roleName(a) }, a.scope, `identity ${right.name}`);

    for (const identity of ctx.snapshot.azure.identities) {
      // A GUID that is one identity's client id and another's principal id is that other's.
      if (ctx.index.identityByPrincipalId(identity.clientId)) continue;
      for (const a of ctx.index.assignmentsOf(identity.clientId)) {
        ctx.report({
          object: azureRef("RoleAssignment", a),
          messageId: "clientId",
          data: { role: roleName(a), scope: a.scope, value: a.principalId, identity: identity.name, principal: identity.principalId },
          evidence: { expected: identity.principalId, actual: a.principalId, identity: identity.id },
          // the assignment to the client id grants nobody anything: replaced, not left behind
          fixes: [reassignRole(a, identity.principalId, { name: roleDefinitionGuid(a.roleDefinitionId), roleName: roleName(a) }, `identity ${identity.name}`)],
          related: [azureRef("ManagedIdentity", identity)],
        });
      }
    }

    // A same-named identity only counts as a mix-up where it matters: it holds the access to a
    // target of the workloads that their own identity lacks.
    if (!ctx.snapshot.coverage.available.has("kube")) return;
    const reported = new Set<RoleAssignment>();
    for (const t of accessTargets(ctx.snapshot, ctx.index)) {
      const right = t.identity;
      const twins = (ctx.index.identitiesNamed(right.name)).filter((i) => i !== right);
      if (twins.length === 0 || t.vault?.enableRbacAuthorization === false) continue;
      const own = grantsAt(ctx.index, right.principalId, t.dataActions, t.scope);
      if (own.granting.length > 0 || own.undetermined.length > 0) continue;
      for (const wrong of twins) {
        for (const a of grantsAt(ctx.index, wrong.principalId, t.dataActions, t.scope).granting) {
          if (reported.has(a)) continue;
          reported.add(a);
          ctx.report({
            object: azureRef("RoleAssignment", a),
            messageId: "sameName",
            data: { role: roleName(a), scope: a.scope, wrong: wrong.id, right: right.id },
            evidence: { expected: right.principalId, actual: a.principalId, usedIdentity: right.id, assignedIdentity: wrong.id, target: t.scope },
            fixes: [fixFor(a, right)],
            ...(t.workloads[0] ? { workload: t.workloads[0] } : {}),
            related: [azureRef("ManagedIdentity", right), azureRef("ManagedIdentity", wrong)],
          });
        }
      }
    }
  },
});
