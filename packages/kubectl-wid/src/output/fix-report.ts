import { redactText, type FileFix, type Finding, type FixOutcome, type NotFromFiles } from "@wid/core";
import { fileLocation, objectName } from "./location.js";
import type { Style } from "./style.js";

const SEVERITY_STYLE: Record<Finding["severity"], Parameters<Style>[0]> = { error: ["red", "bold"], warning: "yellow", info: "cyan" };

function head(f: Finding, style: Style): string {
  const where = fileLocation(f.object);
  return ["  " + style(SEVERITY_STYLE[f.severity], f.severity.padEnd(7)), style("bold", f.checkId), where ? style("dim", where) : undefined, objectName(f.object)].filter((p) => p !== undefined).join("  ");
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((l) => (l === "" ? "" : prefix + l));
}

/** Why a finding is left, in the command line's words, with what the user can run or decide. */
export function notFromFilesLines(finding: Finding, why: NotFromFiles, style: Style): string[] {
  switch (why.code) {
    case "lives-elsewhere":
      return [
        `    ${why.target === "azure" ? "lives in Azure, not in the files: run" : "lives in the live cluster, not in the files: run"}`,
        ...why.commands.flatMap((c) => indent(c, "      ")),
      ];
    case "needs-choice":
      return [
        `    needs a choice first: ${why.choices.map((c) => c.question).join(" ") || why.fix.title}`,
        ...(why.fix.snippet ? indent(why.fix.snippet.text, "      ") : []),
      ];
    case "by-hand":
      return [`    ${style("green", "fix by hand:")} ${why.fix.title}`, ...(why.fix.snippet ? indent(why.fix.snippet.text, "      ") : [])];
    case "no-fix":
      return [`    no fix to apply: \`kubectl wid explain ${finding.checkId}\` says how to mend it`];
  }
}

export function renderRemaining(left: readonly { finding: Finding; why: NotFromFiles }[], style: Style): string {
  if (left.length === 0) return "";
  const lines = [style("bold", `Not fixable from the files (${left.length}):`)];
  for (const { finding, why } of left) {
    lines.push(head(finding, style), ...indent(finding.message, "    "), ...notFromFilesLines(finding, why, style), "");
  }
  // commands and reasons quote values from the files and exports: masked where they hold a secret
  return redactText(lines.join("\n") + "\n");
}

export function renderRefused(outcomes: readonly FixOutcome[], style: Style): string {
  const refused = outcomes.filter((o) => o.status === "refused");
  if (refused.length === 0) return "";
  const lines = [style("bold", `Not applied (${refused.length}):`)];
  for (const o of refused) lines.push(head(o.fix.finding, style), `    ${o.fix.fix.title}: ${o.reason ?? "refused"}`);
  // commands and reasons quote values from the files and exports: masked where they hold a secret
  return redactText(lines.join("\n") + "\n");
}

/** Fixes a check takes one step per run: the next one waits until the workload runs on the change just made. */
export function renderNextSteps(steps: readonly FileFix[], style: Style): string {
  if (steps.length === 0) return "";
  const lines = [style("bold", `Next step, for a later run (${steps.length}):`)];
  for (const s of steps) lines.push(head(s.finding, style), `    ${s.fix.title}: once the workload runs with the change above, run \`kubectl wid fix\` again`);
  // commands and reasons quote values from the files and exports: masked where they hold a secret
  return redactText(lines.join("\n") + "\n");
}
