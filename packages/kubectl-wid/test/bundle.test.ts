import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, removeBuiltCli, type Built } from "./helpers/cli.js";

/** Inputs that `--help` must not load: the engine, the checks, YAML, the terminal UI. */
const HEAVY = [/packages\/core\//, /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(yaml|ink|react|react-dom)\//];

let built: Built;
beforeAll(async () => {
  built = await buildCli();
});

afterAll(removeBuiltCli);

function outputs(): Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }> {
  // Metafile paths are relative to the working directory of the build.
  const out: ReturnType<typeof outputs> = {};
  for (const [file, o] of Object.entries(built.metafile.outputs)) out[resolve(file)] = o;
  return out;
}

/** Output files reachable from the entry through imports of the given kinds. */
function closure(kinds: string[]): Set<string> {
  const all = outputs();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !all[file]) return;
    seen.add(file);
    for (const i of all[file]!.imports) if (kinds.includes(i.kind)) visit(resolve(i.path));
  };
  visit(resolve(built.entry));
  return seen;
}

/** What the entry loads before running anything: what `--help` costs. */
function staticClosure(): Set<string> {
  return closure(["import-statement"]);
}

describe("the bundle", () => {
  it("loads no heavy module for --help: the entry's static imports hold no engine, YAML or UI", () => {
    const all = outputs();
    const loaded = [...staticClosure()].flatMap((f) => Object.keys(all[f]!.inputs));
    expect(loaded.some((i) => i.includes("node_modules/yargs"))).toBe(true);
    expect(loaded.filter((i) => HEAVY.some((re) => re.test(i)))).toEqual([]);
  });

  it("keeps the engine reachable, behind a dynamic import", () => {
    const all = outputs();
    const withRun = Object.keys(all).filter((f) => Object.keys(all[f]!.inputs).some((i) => /packages\/core\/src\/engine\/run\.ts$/.test(i)));
    expect(withRun).toHaveLength(1);
    expect(staticClosure().has(withRun[0]!)).toBe(false);
    expect(closure(["import-statement", "dynamic-import"]).has(withRun[0]!)).toBe(true);
  });

  it("is an executable script with a shebang and a require() for CommonJS dependencies", () => {
    const text = readFileSync(built.entry, "utf8");
    expect(text.startsWith("#!/usr/bin/env -S node --\n")).toBe(true);
    expect(text).toContain("createRequire");
    expect(statSync(built.entry).mode & 0o111).not.toBe(0);
  });
});
