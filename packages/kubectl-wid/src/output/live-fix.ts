import { redactText, type Finding, type LiveFix, type NotLive } from "@wid/core";
import type { RolloutState, StepOutcome, StepStatus } from "@wid/core/executors/live";
import { objectName } from "./location.js";
import type { Style } from "./style.js";

const SEVERITY_STYLE: Record<Finding["severity"], Parameters<Style>[0]> = { error: ["red", "bold"], warning: "yellow", info: "cyan" };

function head(f: Finding, style: Style): string {
  return ["  " + style(SEVERITY_STYLE[f.severity], f.severity.padEnd(7)), style("bold", f.checkId), objectName(f.object)].join("  ");
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((l) => (l === "" ? "" : prefix + l));
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** How many fixes change the cluster and how many Azure. */
export function planSummary(fixes: readonly LiveFix[]): string {
  const cluster = fixes.filter((f) => f.plans.some((p) => p.target === "cluster")).length;
  const azure = fixes.filter((f) => f.plans.some((p) => p.target === "azure")).length;
  const parts = [cluster ? `${cluster} in the cluster` : "", azure ? `${azure} in Azure` : ""].filter(Boolean);
  return `${plural(fixes.length, "fix", "fixes")}${parts.length ? ` (${parts.join(", ")})` : ""}`;
}

/** The plan: each fix under the findings it mends, with the kubectl or az command of each step. */
export function renderPlan(fixes: readonly LiveFix[], title: string, style: Style): string {
  const lines = [style("bold", `${title}: ${planSummary(fixes)}`), ""];
  for (const f of fixes) {
    for (const finding of f.findings) lines.push(head(finding, style));
    lines.push(`    ${style("green", "fix:")} ${f.fix.title}`);
    for (const plan of f.plans) for (const step of plan.steps) lines.push(...indent(step.command, "      "));
    lines.push("");
  }
  // commands quote values read from the cluster and Azure: masked where they hold a secret
  return redactText(lines.join("\n"));
}

const MARK: Record<StepStatus, [Parameters<Style>[0], string]> = {
  applied: ["green", "applied  "],
  unchanged: ["dim", "unchanged"],
  refused: ["yellow", "refused  "],
  failed: [["red", "bold"], "failed   "],
};

/** One step's outcome as a line: what became of which object, and why. */
export function renderOutcome(o: StepOutcome, style: Style, dryRun = false): string {
  const [s, word] = dryRun && o.status === "applied" ? (["green", "would do "] as [Parameters<Style>[0], string]) : MARK[o.status];
  return redactText(`  ${style(s, word)}  ${o.reason ?? ""}\n`);
}

export function renderRollouts(states: readonly RolloutState[], style: Style): string {
  if (states.length === 0) return "";
  const lines = states.map((s) => `  ${s.done ? style("green", "rolled out") : style("yellow", "in progress")}  ${objectName(s.object)}${s.done ? "" : `: ${s.detail}`}`);
  return `${lines.join("\n")}\n`;
}

/** Why a finding is left after a live fix, in the command line's words. */
export type LeftReason =
  | { code: "not-applied"; outcomes: StepOutcome[] }
  | { code: "still-found"; title: string }
  | { code: "next-run"; fix: LiveFix }
  | { code: "declined"; fix: LiveFix }
  | { code: "history"; fixedBy?: string; quiet?: string }
  | { code: "new" }
  | { code: "not-live"; why: NotLive; /** The `kubectl wid` command that makes the choice's fix. */ command?: string };

function whyLines(finding: Finding, left: LeftReason, style: Style): string[] {
  switch (left.code) {
    case "not-applied": {
      const bad = left.outcomes.filter((o) => o.status === "refused" || o.status === "failed");
      return [`    ${style("yellow", "not applied:")}`, ...bad.flatMap((o) => indent(o.reason ?? o.status, "      "))];
    }
    case "still-found":
      return [`    ${style("yellow", "applied, but the doctor still finds it:")} ${left.title}; its pods may not have been replaced yet: run \`kubectl wid doctor\` again in a minute`];
    case "next-run":
      return [`    ${style("dim", "planned for the next run:")} ${left.fix.fix.title} (it changes an object another fix of this run changed): run \`kubectl wid fix\` again`];
    case "declined":
      return [`    ${style("dim", "not applied: you said no to")} ${left.fix.fix.title}; \`kubectl wid fix\` plans it again`];
    case "history":
      return [
        `    ${style("dim", left.fixedBy ? `evidence from before this run fixed ${left.fixedBy}:` : `evidence from before: ${left.quiet}, which explains it, finds nothing now;`)} logs and events keep it until they age out or the pods are replaced; \`kubectl wid verify\` proves a ServiceAccount's identity now`,
      ];
    case "new":
      return [`    ${style("dim", "new since this run's changes:")} it reports what a change just made needs (time, a restart); nothing to apply`];
    case "not-live":
      return [...notLiveLines(finding, left.why, style), ...(left.command ? [`    or let wid do it once you know: ${left.command}`] : [])];
  }
}

export function notLiveLines(finding: Finding, why: NotLive, style: Style): string[] {
  switch (why.code) {
    case "needs-choice":
      return [
        `    ${style("bold", "needs your choice:")} ${why.choices.map((c) => c.question).join(" ") || why.fix.title}`,
        `    ${why.fix.title}:`,
        ...(why.fix.snippet ? indent(why.fix.snippet.text, "      ") : []),
      ];
    case "azure-not-live":
      return [`    lives in Azure, which was read from exports (--azure), not live: run`, ...why.commands.flatMap((c) => indent(c, "      "))];
    case "files-only":
      return [`    a merge patch cannot change one item of a list in a live object: ${why.fix.title}`, ...(why.fix.snippet ? indent(why.fix.snippet.text, "      ") : [])];
    case "by-hand":
      return [`    ${style("green", "fix by hand:")} ${why.fix.title}`, ...(why.fix.snippet ? indent(why.fix.snippet.text, "      ") : [])];
    case "no-fix":
      return [`    no fix to apply: \`kubectl wid explain ${finding.checkId}\` says how to mend it`];
  }
}

export function renderLeft(left: readonly { finding: Finding; why: LeftReason }[], style: Style): string {
  if (left.length === 0) return "";
  const lines = [style("bold", `Remaining (${left.length}), and why:`)];
  for (const { finding, why } of left) lines.push(head(finding, style), ...indent(finding.message, "    "), ...whyLines(finding, why, style), "");
  // reasons and commands quote values read from the cluster and Azure: masked where they hold a secret
  return redactText(lines.join("\n") + "\n");
}
