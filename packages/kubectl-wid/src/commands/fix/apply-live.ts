import type { LiveFix } from "@wid/core";
import type { LiveTargets, StepOutcome } from "@wid/core/executors/live";

/** A fix's plans in order; a plan after one that did not apply is not tried (a fix is applied whole or not at all per object). */
export async function applyLive(fix: LiveFix, targets: LiveTargets, opts: { dryRun?: boolean; onStep: (o: StepOutcome) => void }): Promise<StepOutcome[]> {
  const { applyClusterPlan, applyAzurePlan } = await import("@wid/core/executors/live");
  const out: StepOutcome[] = [];
  for (const plan of fix.plans) {
    const blocked = out.find((o) => o.status === "refused" || o.status === "failed");
    if (blocked) {
      for (const step of plan.steps) {
        const o: StepOutcome = { step, status: "refused", reason: `${step.command.split("\n")[0]}: not run, because an earlier step of this fix did not apply` };
        opts.onStep(o);
        out.push(o);
      }
      continue;
    }
    const run = plan.target === "cluster" ? applyClusterPlan(plan, targets, opts) : applyAzurePlan(plan, targets, opts);
    out.push(...(await run));
  }
  return out;
}
