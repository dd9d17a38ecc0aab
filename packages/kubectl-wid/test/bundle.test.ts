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

/** The terminal UI: loaded only to draw on a terminal. */
const UI = /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(ink|react|react-reconciler|yoga-layout)\//;

/** Output files reachable from `start` (the entry unless given) through imports of the given kinds. */
function closure(kinds: string[], start = built.entry): Set<string> {
  const all = outputs();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !all[file]) return;
    seen.add(file);
    for (const i of all[file]!.imports) if (kinds.includes(i.kind)) visit(resolve(i.path));
  };
  visit(resolve(start));
  return seen;
}

function inputsOf(files: Iterable<string>): string[] {
  const all = outputs();
  return [...files].flatMap((f) => Object.keys(all[f]!.inputs));
}

/** The output that holds a source file of this package. */
function outputWith(source: string): string {
  const all = outputs();
  const found = Object.keys(all).filter((f) => Object.keys(all[f]!.inputs).some((i) => i.endsWith(source)));
  expect(found).toHaveLength(1);
  return found[0]!;
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

  it("loads Ink and React only for the terminal view: doctor and demo on a pipe load none of them", () => {
    for (const handler of ["src/commands/doctor/handler.ts", "src/commands/demo/handler.ts"]) {
      const start = outputWith(handler);
      const loaded = inputsOf(closure(["import-statement"], start));
      expect(loaded.some((i) => i.endsWith("src/tui/choose-view.ts"))).toBe(true);
      expect(loaded.filter((i) => UI.test(i))).toEqual([]);
      const reachable = inputsOf(closure(["import-statement", "dynamic-import"], start));
      expect(reachable.some((i) => i.endsWith("src/tui/interactive-view.tsx"))).toBe(true);
      expect(reachable.some((i) => i.endsWith("src/tui/doctor-session.tsx"))).toBe(true);
      expect(reachable.some((i) => /node_modules\/ink\/build\/render\.js$/.test(i))).toBe(true);
    }
  });

  it("bundles a stand-in for react-devtools-core rather than importing it, and React's production build", () => {
    const all = Object.values(outputs());
    expect(all.flatMap((o) => o.imports).filter((i) => i.path.includes("react-devtools-core"))).toEqual([]);
    const inputs = all.flatMap((o) => Object.keys(o.inputs));
    expect(inputs.some((i) => i.endsWith("src/tui/react-devtools-stub.ts"))).toBe(true);
    expect(inputs.some((i) => /node_modules\/react\/cjs\/react\.production\.js$/.test(i))).toBe(true);
    expect(inputs.filter((i) => UI.test(i) && /\.development\.js$/.test(i))).toEqual([]);
  });

  it("is an executable script with a shebang and a require() for CommonJS dependencies", () => {
    const text = readFileSync(built.entry, "utf8");
    expect(text.startsWith("#!/usr/bin/env -S node --\n")).toBe(true);
    expect(text).toContain("createRequire");
    expect(statSync(built.entry).mode & 0o111).not.toBe(0);
  });
});
