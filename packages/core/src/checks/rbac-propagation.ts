import { azureRef, kubeRef } from "../engine/refs.js";
import type { RoleAssignment } from "../model/azure.js";
import { grantsAt } from "../azure/grants.js";
import { boundIdentities } from "./shared/azure-bindings.js";
import { accessTargets } from "./shared/azure-targets.js";
import { azRoleAssignment, example } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

/** How long a new role assignment may take to be enforced. */
export const RBAC_PROPAGATION_MINUTES = 30;

export const rbacPropagation = defineCheck({
  meta: {
    id: "rbac-propagation",
    severity: "info",
    data: ["A"],
    title: "The granting role assignment was created minutes ago",
    condition: "the granting assignment was created minutes ago",
    symptom: "transient 403",
    description: `Azure Resource Manager and the data planes cache role assignments. Microsoft's Azure RBAC
troubleshooting guide says a new or removed assignment can take up to ${RBAC_PROPAGATION_MINUTES} minutes to
take effect (some service guides say 10), and that at management-group scope, with data actions, it can
take several hours. A workload that starts right after its role was granted gets 403 for a while, although
nothing is wrong.

The check reports, for information, a target whose only granting assignments were created less than
${RBAC_PROPAGATION_MINUTES} minutes before the state was read (\`createdOn\`), and, for identities without a
known target, any assignment that recent, so that a fresh 403 is not chased as a misconfiguration.

Fix: wait, then retry or restart the pods. A new token does not help, because role assignments are not
carried in the token but evaluated by the resource.`,
    messages: {
      recent: 'role "{role}" was granted to identity {identity} on {scope} {minutes} min ago; {target} may answer 403 until it takes effect (allow up to {window} min)',
    },
    needs: ["kube", "azure.identities", "azure.roleAssignments"],
    fixable: false,
    examples: {
      bad: example(undefined, { roleAssignments: [azRoleAssignment({ createdOn: "2099-01-01T00:00:00.000000+00:00" })] }),
      good: example(undefined, {}),
      note: "The role assignment of `bad/` is dated in the future, so that the example stays \"just granted\" whenever you run it.",
    },
  },
  detect(ctx) {
    const now = ctx.snapshot.now;
    const windowMs = RBAC_PROPAGATION_MINUTES * 60_000;
    const age = (a: RoleAssignment) => (a.createdOn ? now - Date.parse(a.createdOn) : Number.NaN);
    const recent = (a: RoleAssignment) => !Number.isNaN(age(a)) && age(a) < windowMs;
    const reported = new Set<RoleAssignment>();
    const report = (a: RoleAssignment, identityName: string, target: string, extra: Parameters<typeof ctx.report>[0]["related"], workload?: Parameters<typeof ctx.report>[0]["workload"]) => {
      if (reported.has(a)) return;
      reported.add(a);
      const ageMs = Math.max(0, age(a));
      ctx.report({
        object: azureRef("RoleAssignment", a),
        messageId: "recent",
        data: { role: a.roleDefinitionName ?? a.roleDefinitionId, identity: identityName, scope: a.scope, minutes: Math.floor(ageMs / 60_000), target, window: RBAC_PROPAGATION_MINUTES },
        evidence: { createdOn: a.createdOn, ageSeconds: Math.round(ageMs / 1000), windowMinutes: RBAC_PROPAGATION_MINUTES, scope: a.scope },
        ...(workload ? { workload } : {}),
        ...(extra?.length ? { related: extra } : {}),
      });
    };

    const targets = accessTargets(ctx.snapshot, ctx.index);
    const withTargets = new Set(targets.map((t) => t.identity));
    for (const t of targets) {
      if (t.vault && !t.vault.enableRbacAuthorization) continue;
      const granting = grantsAt(ctx.index, t.identity.principalId, t.dataActions, t.scope).granting;
      if (granting.length === 0 || !granting.every(recent)) continue;
      const first = granting.reduce((a, b) => (age(b) > age(a) ? b : a));
      report(first, t.identity.name, t.name, [azureRef("ManagedIdentity", t.identity), ...t.spcs.map((s) => kubeRef(s))], t.workloads[0]);
    }
    for (const { identity, bindings } of boundIdentities(ctx.index)) {
      if (withTargets.has(identity)) continue;
      for (const a of ctx.index.assignmentsOf(identity.principalId)) {
        if (recent(a)) report(a, identity.name, a.scope.split("/").pop() ?? a.scope, [azureRef("ManagedIdentity", identity), kubeRef(bindings[0]!.sa)], bindings[0]!.workloads[0]);
      }
    }
  },
});
