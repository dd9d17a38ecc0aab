// Writes docs/checks/<id>.md, docs/checks/README.md and the examples of each check
// (docs/checks/examples/<id>/{bad,good}/) from the checks' metadata.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { exampleFiles, exampleFolder, EXAMPLES_DIR, renderCheckDoc } from "../packages/core/dist/index.js";
import { allChecks } from "../packages/core/dist/checks/index.js";

const repo = join(import.meta.dirname, "..");
const out = join(repo, "docs", "checks");
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith(".md")) rmSync(join(out, f));
rmSync(join(repo, EXAMPLES_DIR), { recursive: true, force: true });
const rows = ["# Checks", "", "Generated from the checks' metadata by `pnpm run docs`. Each page links to a complete example (`examples/<id>/`) to run the doctor on.", "", "| id | severity | data | title |", "|---|---|---|---|"];
let examples = 0;
for (const c of allChecks) {
  writeFileSync(join(out, `${c.meta.id}.md`), renderCheckDoc(c.meta, Boolean(c.detect)));
  rows.push(`| [${c.meta.id}](${c.meta.id}.md) | ${c.meta.severity} | ${c.meta.data.join(",")} | ${c.meta.title}${c.detect ? "" : " (not implemented yet)"} |`);
  if (!c.meta.examples) continue;
  examples++;
  for (const side of ["bad", "good"]) {
    for (const [file, text] of exampleFiles(c.meta.examples[side])) {
      const path = join(repo, exampleFolder(c.meta.id, side), file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
}
writeFileSync(join(out, "README.md"), rows.join("\n") + "\n");
console.log(`wrote ${allChecks.length} pages to docs/checks and ${examples} examples to ${EXAMPLES_DIR}`);
