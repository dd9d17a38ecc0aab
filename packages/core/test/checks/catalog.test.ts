import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderCheckDoc } from "@wid/core";
import { allChecks } from "@wid/core/checks";

const core = join(import.meta.dirname, "..", "..");
const repo = join(core, "..", "..");
const catalogIds = (text: string) => [...text.matchAll(/^\| ([a-z]+(?:-[a-z0-9]+)+) \| [EWI] \|/gm)].map((m) => m[1]!);
const vendored = readFileSync(join(core, "catalog", "CHECKS.md"), "utf8");
const ids = catalogIds(vendored);
const SEV = { E: "error", W: "warning", I: "info" } as const;

describe("the check catalog", () => {
  it("holds 53 ids, the same as the project catalog when it is beside the repository", () => {
    expect(ids).toHaveLength(53);
    const shared = join(repo, "..", "shared", "CHECKS.md");
    if (existsSync(shared)) expect(catalogIds(readFileSync(shared, "utf8"))).toEqual(ids);
  });

  it("has one registered check per id, in catalog order, with the catalog's severity and data", () => {
    expect(allChecks.map((c) => c.meta.id)).toEqual(ids);
    for (const m of vendored.matchAll(/^\| ([a-z]+(?:-[a-z0-9]+)+) \| ([EWI]) \| ([MKAR,]+) \|/gm)) {
      const check = allChecks.find((c) => c.meta.id === m[1])!;
      expect(check.meta.severity, m[1]).toBe(SEV[m[2] as keyof typeof SEV]);
      expect(check.meta.data.join(","), m[1]).toBe(m[3]);
    }
  });

  it("keeps each check in a file named after its id", () => {
    const files = readdirSync(join(core, "src", "checks")).filter((f) => f.endsWith(".ts") && !["index.ts", "types.ts"].includes(f));
    expect(files.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(readFileSync(join(core, "src", "checks", `${id}.ts`), "utf8"), id).toContain(`id: "${id}"`);
  });

  it("implements every check that manifests or Azure data can run", () => {
    const offline = allChecks.filter((c) => c.meta.data.includes("M") || c.meta.data.includes("A"));
    expect(offline.filter((c) => !c.detect).map((c) => c.meta.id)).toEqual([]);
  });

  it("tests every implemented check in a file that mirrors its path", () => {
    for (const c of allChecks.filter((c) => c.detect)) {
      const test = join(core, "test", "checks", `${c.meta.id}.test.ts`);
      expect(existsSync(test), `${c.meta.id} has no test/checks/${c.meta.id}.test.ts`).toBe(true);
      const text = readFileSync(test, "utf8");
      // a failing fixture (a finding asserted by location) and a passing one (no finding)
      expect(text, c.meta.id).toMatch(/where\)|\.checkId|toMatchObject/);
      expect(text, c.meta.id).toMatch(/toEqual\(\[\]\)|toHaveLength\(0\)/);
    }
  });

  it("tests the fix of every fixable check declaratively: a case with the files after it, or its Azure or cluster plan (helpers/check-tester.ts)", () => {
    for (const c of allChecks.filter((c) => c.detect && c.meta.fixable)) {
      const text = readFileSync(join(core, "test", "checks", `${c.meta.id}.test.ts`), "utf8");
      expect(text, c.meta.id).toMatch(/testCheck\(/);
      expect(text, c.meta.id).toMatch(/\boutput: [^n]|\bazurePlan: \[|\bclusterPlan: \[/);
    }
  });

  it("documents every implemented check and gives every message a template", () => {
    for (const c of allChecks.filter((c) => c.detect)) {
      expect(c.meta.description.trim().length, c.meta.id).toBeGreaterThan(80);
      expect(Object.keys(c.meta.messages).length, c.meta.id).toBeGreaterThan(0);
    }
  });

  it("has a generated docs page per check that matches its metadata (run `pnpm run docs`)", () => {
    for (const c of allChecks) {
      const page = join(repo, "docs", "checks", `${c.meta.id}.md`);
      expect(existsSync(page), `docs/checks/${c.meta.id}.md is missing: run pnpm run docs`).toBe(true);
      expect(readFileSync(page, "utf8"), `docs/checks/${c.meta.id}.md is stale: run pnpm run docs`).toBe(renderCheckDoc(c.meta, Boolean(c.detect)));
    }
  });
});

describe("a check that finds it cannot judge the snapshot", () => {
  it("is reported as not run with its reason, and what it reported before is dropped", async () => {
    const { runChecks, snapshotFromTexts } = await import("@wid/core");
    const { defineCheck } = await import("@wid/core/checks");
    const probe = defineCheck({
      meta: { id: "probe", severity: "error", data: ["M"], title: "t", condition: "c", symptom: "s", description: "d", messages: { m: "m" }, needs: ["kube"], fixable: false },
      detect(ctx) {
        ctx.report({ object: { kind: "X", name: "x" }, messageId: "m" });
        ctx.notRun({ code: "clusters-ambiguous", clusters: ["a", "b"] });
        ctx.report({ object: { kind: "X", name: "y" }, messageId: "m" });
      },
    });
    const report = runChecks(snapshotFromTexts({ manifests: [{ file: "ns.yaml", text: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n" }] }), [probe]);
    expect(report.findings).toEqual([]);
    expect(report.ran).toEqual([]);
    expect(report.notRun).toEqual([{ checkId: "probe", reason: { code: "clusters-ambiguous", clusters: ["a", "b"] } }]);
  });
});
