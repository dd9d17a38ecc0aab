import type { CheckExamples, CheckMeta } from "../checks/types.js";
import { DATA_KEYS } from "../engine/reasons.js";
import { EXAMPLE_AZURE, EXAMPLE_MANIFESTS, exampleCommand, exampleExcerpts, exampleFolder, EXAMPLES_DIR, type ExampleSide } from "./examples.js";

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
  if (meta.examples) lines.push(...renderExamples(meta.id, meta.examples));
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

/** The examples section: what differs between the failing and the mended setup, and how to run the doctor on each. */
function renderExamples(id: string, examples: CheckExamples): string[] {
  const withAzure = examples.bad.azure !== undefined || examples.good.azure !== undefined;
  const lines = [
    "## Example",
    "",
    `[\`${EXAMPLES_DIR}/${id}/\`](examples/${id}/) holds a complete setup where this check fires (\`bad/\`) and the same setup mended (\`good/\`): ` +
      `the manifests (\`${EXAMPLE_MANIFESTS}\`)${withAzure ? ` and the Azure CLI exports (\`${EXAMPLE_AZURE}/\`)` : ""}. Only what differs is shown here.`,
    "",
    ...(examples.note ? [examples.note.trim(), ""] : []),
  ];
  const sides: [ExampleSide, string][] = [
    ["bad", "Fires on"],
    ["good", "Passes"],
  ];
  for (const [side, title] of sides) {
    lines.push(`### ${title}`, "");
    for (const excerpt of exampleExcerpts(examples, side)) {
      lines.push(`\`${side}/${excerpt.file}\`${excerpt.partial ? " (excerpt)" : ""}:`, "", "```" + excerpt.language, excerpt.text.trimEnd(), "```", "");
    }
    if (examples.liveCluster) {
      lines.push(
        "The check needs a live cluster, whose objects are its whole state: from files alone it is reported as not run. Apply the manifests to a cluster, then:",
        "",
        "```sh",
        `kubectl wid doctor${examples[side].azure ? ` --azure ${exampleFolder(id, side)}/${EXAMPLE_AZURE}` : ""}`,
        "```",
        "",
      );
    } else {
      lines.push("```sh", exampleCommand(id, side, examples[side]), "```", "");
    }
  }
  return lines;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
