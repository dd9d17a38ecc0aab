import { InternalError } from "../../errors.js";
import { planFor, type Fix, type FixTarget } from "../../model/fix.js";
import { applyAzurePlan } from "./azure.js";
import { applyClusterPlan } from "./cluster.js";
import type { ApplyOptions, LiveTargets, StepOutcome } from "./live-types.js";

/**
 * Applies a fix's plan for the cluster or for Azure with the executor of its target, for a
 * surface that holds a finding's fix (the TUI's `f`, the editor's command). A suggestion needs a
 * choice first and a manifest plan is applied by the file executor: asking either is a bug of
 * the caller, thrown as such.
 */
export function applyFix(fix: Fix, target: Exclude<FixTarget, "manifest">, targets: LiveTargets, opts: ApplyOptions = {}): Promise<StepOutcome[]> {
  if (fix.kind !== "fix") throw new InternalError(`"${fix.title}" is a suggestion: it needs a choice (${(fix.choices ?? []).map((c) => c.what).join(", ") || "by hand"}) before it can be applied`);
  if (target === "cluster") {
    const plan = planFor(fix, "cluster");
    if (!plan) throw new InternalError(`"${fix.title}" has no cluster plan`);
    return applyClusterPlan(plan, targets, opts);
  }
  const plan = planFor(fix, "azure");
  if (!plan) throw new InternalError(`"${fix.title}" has no Azure plan`);
  return applyAzurePlan(plan, targets, opts);
}

/** The live targets a fix can be applied to, in the order a surface offers them. */
export function liveTargetsOf(fix: Fix): Exclude<FixTarget, "manifest">[] {
  if (fix.kind !== "fix") return [];
  return fix.plans.flatMap((p) => (p.target === "manifest" ? [] : [p.target]));
}
