import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, removeBuiltCli, runCli } from "../helpers/cli.js";

const repo = join(import.meta.dirname, "..", "..", "..", "..");

beforeAll(async () => {
  await buildCli();
});

afterAll(removeBuiltCli);

/** The doctor commands a docs page shows, in order: the failing example's, then the mended one's. */
function commandsOf(page: string): string[][] {
  return [...page.matchAll(/```sh\n(kubectl wid doctor [^\n]+)\n```/g)].map((m) => m[1]!.split(" ").slice(2));
}

describe("the examples on the docs pages, run as the page says from the repository root", () => {
  // one check from manifests alone, one from Azure exports, one that depends on the clock
  it.each(["pod-label-missing", "fic-missing", "rbac-propagation"])("%s: the failing example reports that check alone, the mended one nothing", async (id) => {
    const page = readFileSync(join(repo, "docs", "checks", `${id}.md`), "utf8");
    const explained = await runCli(["explain", id]);
    expect(explained.stdout, "explain prints the page").toBe(page);
    const [bad, good] = commandsOf(page);
    expect(bad).toBeDefined();
    const failing = await runCli([...bad!, "-o", "json", "--fail-on", "info"], { cwd: repo });
    expect(failing.stderr).toBe("");
    expect(failing.code).toBe(1);
    const report = JSON.parse(failing.stdout) as { findings: { checkId: string }[] };
    expect([...new Set(report.findings.map((f) => f.checkId))]).toEqual([id]);
    const mended = await runCli([...good!, "-o", "json", "--fail-on", "info"], { cwd: repo });
    expect([mended.code, (JSON.parse(mended.stdout) as { findings: unknown[] }).findings]).toEqual([0, []]);
  });
});
