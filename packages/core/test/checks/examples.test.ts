import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleFiles, exampleFolder, EXAMPLES_DIR, runChecks } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { exampleSnapshot, hasExamples, type Side } from "../helpers/examples.js";

const repo = join(import.meta.dirname, "..", "..", "..", "..");
/** A fixed instant, and the clock: users run the examples today, and tests must not depend on the day. */
const INSTANTS = [["a fixed day", Date.UTC(2026, 2, 1, 12)], ["the clock", Date.now()]] as const;
const withExamples = allChecks.filter(hasExamples);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

describe("the checks' examples", () => {
  it("exist, a failing and a mended setup, for every check that manifests or Azure data can run", () => {
    const offline = allChecks.filter((c) => c.meta.data.includes("M") || c.meta.data.includes("A"));
    expect(offline.filter((c) => !hasExamples(c)).map((c) => c.meta.id)).toEqual([]);
  });

  describe.each(withExamples.map((c) => [c.meta.id, c] as const))("%s", (id, check) => {
    const { examples } = check.meta;
    const live = examples.liveCluster === true;
    const run = (side: Side, now: number) => {
      const snapshot = exampleSnapshot(examples[side], side, { now, live });
      return { snapshot, report: runChecks(snapshot, allChecks) };
    };

    it.each(INSTANTS)("bad fires this check, and no other (at %s)", (_, now) => {
      const { snapshot, report } = run("bad", now);
      expect(snapshot.coverage.problems.filter((p) => p.severity !== "info")).toEqual([]);
      expect(report.ran).toContain(id);
      expect(report.findings.length).toBeGreaterThan(0);
      expect([...new Set(report.findings.map((f) => `${f.checkId} ${f.messageId}`))].filter((k) => !k.startsWith(`${id} `))).toEqual([]);
    });

    it.each(INSTANTS)("good fires no check (at %s)", (_, now) => {
      const { snapshot, report } = run("good", now);
      expect(snapshot.coverage.problems.filter((p) => p.severity !== "info")).toEqual([]);
      expect(report.ran).toContain(id);
      expect(report.findings.map((f) => `${f.checkId} ${f.messageId} ${f.object.kind} ${f.object.name}`)).toEqual([]);
    });

    if (live) {
      it("is not run on the files alone, which may not hold every object of the cluster", () => {
        const report = runChecks(exampleSnapshot(examples.bad, "bad"), [check]);
        expect(report.notRun.map((n) => n.checkId)).toEqual([id]);
      });
    }
  });

  it("are written to disk as the metadata holds them (run `pnpm run docs`)", () => {
    const expected = new Map<string, string>();
    for (const c of withExamples) {
      for (const side of ["bad", "good"] as const) {
        for (const [file, text] of exampleFiles(c.meta.examples[side])) expected.set(`${exampleFolder(c.meta.id, side)}/${file}`, text);
      }
    }
    const written = filesUnder(join(repo, EXAMPLES_DIR)).map((f) => relative(repo, f).split("\\").join("/"));
    expect(written.sort(), "files in docs/checks/examples: run pnpm run docs").toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) expect(readFileSync(join(repo, file), "utf8"), `${file} is stale: run pnpm run docs`).toBe(text);
  });
});
