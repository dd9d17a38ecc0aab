import { azureRef, kubeRef } from "../engine/refs.js";
import { sameGuid } from "../util/guid.js";
import { boundIdentities } from "./shared/azure-bindings.js";
import { accessTargets } from "./shared/azure-targets.js";
import { example } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const rbacNoAssignment = defineCheck({
  meta: {
    id: "rbac-no-assignment",
    severity: "warning",
    data: ["A"],
    title: "The identity has no role assignment",
    condition: "the identity's principal has no role assignment at all",
    symptom: "token works, every resource answers 403",
    description: `Workload identity only proves who the pod is. An identity used by a workload but with no role
assignment at all gets a token without trouble, and then every Azure resource answers 403
(AuthorizationFailed, ForbiddenByRbac). This often follows recreating an identity: the new one has a new
principal id, and the old assignments point at a principal that no longer exists.

The check reports identities of labelled workloads whose principal id has no assignment in the export,
unless a Key Vault access policy in the exported vaults names it, or roles were given to its client id
instead (\`rbac-assigned-to-wrong-principal\` reports those, with the fix), or the identity has a known
target (a Key Vault of its SecretProviderClasses, a \`--target\`), where \`rbac-missing-for-target\` and
\`kv-access-policy-mode\` name the exact grant to add. \`az role assignment list --all\` lists
one subscription: an identity granted only in another subscription or at a management group shows up here
until those assignments are exported too.

Fix: grant what the workload needs at the narrowest scope, with the principal id (not the client id):
\`az role assignment create --assignee-object-id <principal id> --assignee-principal-type ServicePrincipal --role <role> --scope <resource id>\`.`,
    messages: {
      none: "identity {identity} (principal {principal}), used by ServiceAccount {sa}, has no role assignment: every resource will answer 403",
    },
    needs: ["kube", "azure.identities", "azure.roleAssignments"],
    fixable: false,
    examples: {
      bad: example(undefined, { roleAssignments: [] }),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    const vaults = ctx.snapshot.azure.keyVaults;
    const judgedTargets = new Set(ctx.snapshot.coverage.available.has("azure.keyVaults") ? accessTargets(ctx.snapshot, ctx.index).map((t) => t.identity) : []);
    for (const { identity, bindings } of boundIdentities(ctx.index)) {
      if (ctx.index.assignmentsOf(identity.principalId).length > 0) continue;
      // Roles given to the client id instead: rbac-assigned-to-wrong-principal explains that, with the precise fix.
      if (ctx.index.assignmentsOf(identity.clientId).length > 0) continue;
      if (vaults.some((v) => v.accessPolicies.some((p) => sameGuid(p.objectId, identity.principalId)))) continue;
      // a known target names the precise grant: rbac-missing-for-target or kv-access-policy-mode reports it
      if (judgedTargets.has(identity)) continue;
      const first = bindings[0]!;
      ctx.report({
        object: azureRef("ManagedIdentity", identity),
        messageId: "none",
        data: { identity: identity.name, principal: identity.principalId, sa: bindings.map((b) => `${b.namespace}/${b.name}`).join(", ") },
        evidence: { expected: "at least one role assignment of the principal id", actual: [], principalId: identity.principalId, clientId: identity.clientId },
        fixes: [
          {
            title: `Grant identity ${identity.name} a role on the resource it uses`,
            snippet: {
              language: "shell",
              text: [
                "az role assignment create",
                `--assignee-object-id ${identity.principalId}`,
                "--assignee-principal-type ServicePrincipal",
                '--role "<role, e.g. Key Vault Secrets User>"',
                "--scope <resource id>",
              ].join(" \\\n  "),
            },
            kind: "suggestion",
            plans: [],
            choices: [
              { what: "role", question: "Which role does the workload need?" },
              { what: "scope", question: "On which resource (its id)?" },
            ],
          },
        ],
        workload: first.workloads[0] ?? first.sa,
        related: bindings.map((b) => kubeRef(b.sa)),
      });
    }
  },
});
