// Writes docs/checks/<id>.md and docs/checks/README.md from the checks' metadata.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderCheckDoc } from "../packages/core/dist/index.js";
import { allChecks } from "../packages/core/dist/checks/index.js";

const out = join(import.meta.dirname, "..", "docs", "checks");
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith(".md")) rmSync(join(out, f));
const rows = ["# Checks", "", "Generated from the checks' metadata by `pnpm docs`.", "", "| id | severity | data | title |", "|---|---|---|---|"];
for (const c of allChecks) {
  writeFileSync(join(out, `${c.meta.id}.md`), renderCheckDoc(c.meta, Boolean(c.detect)));
  rows.push(`| [${c.meta.id}](${c.meta.id}.md) | ${c.meta.severity} | ${c.meta.data.join(",")} | ${c.meta.title}${c.detect ? "" : " (not implemented yet)"} |`);
}
writeFileSync(join(out, "README.md"), rows.join("\n") + "\n");
console.log(`wrote ${allChecks.length} pages to docs/checks`);
