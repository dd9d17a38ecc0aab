import type { CheckMeta } from "../checks/types.js";
import { DATA_KEYS } from "../engine/reasons.js";

const DATA_NAMES: Record<string, string> = {
  M: "manifests",
  K: "a live cluster",
  A: "Azure state (live, or `az` JSON exports)",
  R: "runtime evidence (logs, events, tokens)",
};

/** The docs page of a check, generated from its metadata (docs/checks/<id>.md and `explain`). */
export function renderCheckDoc(meta: CheckMeta, implemented: boolean): string {
  const lines = [
    `# ${meta.id}`,
    "",
    `**${meta.title}**`,
    "",
    `| severity | data | status | fix |`,
    `|---|---|---|---|`,
    `| ${meta.severity} | ${meta.data.map((d) => DATA_NAMES[d] ?? d).join(", ")} | ${implemented ? "implemented" : "not implemented yet"} | ${meta.fixable ? "`kubectl wid fix` applies it" : "shown, applied by hand"} |`,
    "",
    "## When it fires",
    "",
    capital(meta.condition) + ".",
    "",
    "## What you see",
    "",
    capital(meta.symptom) + ".",
    "",
  ];
  if (meta.description.trim()) lines.push("## Why, and how to fix it", "", meta.description.trim(), "");
  if (meta.examples?.bad) lines.push("## Fires on", "", "```yaml", meta.examples.bad.trimEnd(), "```", "");
  if (meta.examples?.good) lines.push("## Passes", "", "```yaml", meta.examples.good.trimEnd(), "```", "");
  lines.push(
    "## Data it needs",
    "",
    ...meta.needs.map((n) => `- \`${n}\`: ${DATA_KEYS[n].what}${DATA_KEYS[n].export ? ` (the JSON of \`${DATA_KEYS[n].export}\`)` : ""}. Without it the check is reported as not run.`),
    "",
    `Suppress it with \`kubectl wid doctor --skip ${meta.id}\`.`,
    "",
  );
  return lines.join("\n");
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
