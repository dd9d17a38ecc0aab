import type { Finding } from "../model/finding.js";
import type { AzurePlan, AzureStep, ClusterPlan, ClusterStep, Fix, FixChoice } from "../model/fix.js";

/** A plan for the live cluster or Azure. */
export type LivePlan = ClusterPlan | AzurePlan;

/** Why a finding is not mended live, as data for a surface to word. */
export type NotLive =
  /** The fix needs a choice first: which identity, which role, which scope. */
  | { code: "needs-choice"; fix: Fix; choices: FixChoice[] }
  /** Its fix changes Azure, which was read from exports rather than live: the commands to run. */
  | { code: "azure-not-live"; fix: Fix; commands: string[] }
  /** Its fix edits a manifest only (a list item a merge patch cannot address): the snippet to run. */
  | { code: "files-only"; fix: Fix }
  /** wid shows the fix but does not apply it (it restarts a control plane, or deletes objects). */
  | { code: "by-hand"; fix: Fix }
  /** The check offers no fix: it reports evidence (logs, events) or a state only the user can change. */
  | { code: "no-fix" };

/** One fix to apply live, and the findings it mends (several findings may share one fix). */
export interface LiveFix {
  findings: Finding[];
  fix: Fix;
  /** Its plans for the cluster and for Azure, in that order. */
  plans: LivePlan[];
}

export interface LiveFixSelection {
  fixes: LiveFix[];
  /** Fixes that change an object another fix of this selection changes: planned again once that one is applied. */
  deferred: LiveFix[];
  notLive: { finding: Finding; why: NotLive }[];
}

/** The objects a step changes, as keys: a fix per object per round, so each is planned on the object as it is. */
export function stepObjectKey(step: ClusterStep | AzureStep): string {
  if ("object" in step) return `kube\u0000${step.object.kind}\u0000${step.object.namespace ?? ""}\u0000${step.object.name}`;
  switch (step.op) {
    case "federatedCredential.createOrUpdate":
    case "federatedCredential.delete":
      return `fic\u0000${step.params.identityId.toLowerCase()}\u0000${step.params.name.toLowerCase()}`;
    case "roleAssignment.create":
      return `role\u0000${step.params.principalId.toLowerCase()}\u0000${step.params.roleDefinitionGuid.toLowerCase()}\u0000${step.params.scope.toLowerCase()}`;
    case "roleAssignment.delete":
      return `assignment\u0000${step.params.id.toLowerCase()}`;
    case "keyVault.setAccessPolicy":
      return `vault\u0000${step.params.vaultId.toLowerCase()}`;
    case "identity.create":
      return `identity\u0000${step.params.identityId.toLowerCase()}`;
  }
}

/**
 * The fix of each finding that mends it live (the first complete fix with a cluster or Azure
 * plan), and why the others cannot be. Findings with the same plans share one fix. A fix that
 * changes an object an earlier fix changes too is deferred: it is planned again on the object as
 * the first fix leaves it. With `azureLive` false (Azure was read from exports), Azure plans are
 * not applied, only shown.
 */
export function selectLiveFixes(findings: readonly Finding[], opts: { azureLive: boolean }): LiveFixSelection {
  const out: LiveFixSelection = { fixes: [], deferred: [], notLive: [] };
  const byPlans = new Map<string, LiveFix>();
  const taken = new Set<string>();
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.kind === "fix" && f.plans.some((p) => p.target === "cluster" || (p.target === "azure" && opts.azureLive)));
    if (!fix) {
      out.notLive.push({ finding, why: whyNotLive(finding, opts.azureLive) });
      continue;
    }
    const plans = fix.plans.filter((p): p is LivePlan => p.target === "cluster" || (p.target === "azure" && opts.azureLive)).sort((a, b) => (a.target === b.target ? 0 : a.target === "cluster" ? -1 : 1));
    const key = JSON.stringify(plans);
    const same = byPlans.get(key);
    if (same) {
      same.findings.push(finding);
      continue;
    }
    const live: LiveFix = { findings: [finding], fix, plans };
    byPlans.set(key, live);
    const objects = plans.flatMap((p) => (p.target === "cluster" ? p.steps : p.steps).map(stepObjectKey));
    if (objects.some((o) => taken.has(o))) {
      out.deferred.push(live);
      continue;
    }
    for (const o of objects) taken.add(o);
    out.fixes.push(live);
  }
  return out;
}

function whyNotLive(finding: Finding, azureLive: boolean): NotLive {
  const complete = finding.fixes.find((f) => f.kind === "fix" && f.plans.length > 0);
  const azure = complete?.plans.find((p): p is AzurePlan => p.target === "azure");
  if (complete && azure && !azureLive) return { code: "azure-not-live", fix: complete, commands: azure.steps.map((s) => s.command) };
  if (complete?.plans.every((p) => p.target === "manifest")) return { code: "files-only", fix: complete };
  const suggestion = finding.fixes.find((f) => f.kind === "suggestion");
  if (suggestion) return { code: "needs-choice", fix: suggestion, choices: suggestion.choices ?? [] };
  const first = finding.fixes[0];
  return first ? { code: "by-hand", fix: first } : { code: "no-fix" };
}
