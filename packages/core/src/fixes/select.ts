import type { Finding } from "../model/finding.js";
import type { Fix, FixChoice, FixTarget, ManifestPlan } from "../model/fix.js";

/** Why a finding cannot be mended by editing files, as data for a surface to word. */
export type NotFromFiles =
  /** The fix needs a choice first: which identity, which role. */
  | { code: "needs-choice"; fix: Fix; choices: FixChoice[] }
  /** It lives in Azure or only in the live cluster: the commands that fix it there. */
  | { code: "lives-elsewhere"; fix: Fix; target: Exclude<FixTarget, "manifest">; commands: string[] }
  /** wid shows the fix but does not apply it (it restarts a control plane, or deletes objects). */
  | { code: "by-hand"; fix: Fix }
  /** The check offers no fix. */
  | { code: "no-fix" };

export interface FileFix {
  finding: Finding;
  fix: Fix;
  /** The edits of the fix, per file: applied together or not at all. */
  plans: ManifestPlan[];
}

export interface FileFixSelection {
  fixes: FileFix[];
  notFromFiles: { finding: Finding; why: NotFromFiles }[];
}

/** The fix of each finding that edits files (the first complete one), and why the others cannot. */
export function selectFileFixes(findings: readonly Finding[]): FileFixSelection {
  const out: FileFixSelection = { fixes: [], notFromFiles: [] };
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.kind === "fix" && f.plans.some((p) => p.target === "manifest"));
    if (fix) {
      out.fixes.push({ finding, fix, plans: fix.plans.filter((p): p is ManifestPlan => p.target === "manifest") });
      continue;
    }
    out.notFromFiles.push({ finding, why: whyNotFromFiles(finding) });
  }
  return out;
}

function whyNotFromFiles(finding: Finding): NotFromFiles {
  const first = finding.fixes[0];
  if (!first) return { code: "no-fix" };
  const suggestion = finding.fixes.find((f) => f.kind === "suggestion");
  const complete = finding.fixes.find((f) => f.kind === "fix" && f.plans.length > 0);
  if (complete) {
    // a complete fix without a manifest plan changes Azure or a live object
    const plan = complete.plans[0]!;
    if (plan.target !== "manifest") return { code: "lives-elsewhere", fix: complete, target: plan.target, commands: plan.steps.map((s) => s.command) };
  }
  if (suggestion) return { code: "needs-choice", fix: suggestion, choices: suggestion.choices ?? [] };
  return { code: "by-hand", fix: first };
}
