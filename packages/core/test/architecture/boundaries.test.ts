import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The boundaries ARCHITECTURE.md draws, enforced on every source file: what each part may import,
 * and where I/O, clocks and printing may happen.
 */
const repo = join(import.meta.dirname, "..", "..", "..", "..");
const packages = join(repo, "packages");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

interface SourceFile {
  /** Path from the repository root, with forward slashes. */
  path: string;
  imports: string[];
  text: string;
}

function read(path: string): SourceFile {
  const text = readFileSync(path, "utf8");
  const info = ts.preProcessFile(text, true, true);
  return { path: relative(repo, path).split(sep).join("/"), imports: info.importedFiles.map((f) => f.fileName), text };
}

const packageNames = readdirSync(packages).filter((p) => statSync(join(packages, p, "src"), { throwIfNoEntry: false })?.isDirectory());
const files = packageNames.flatMap((p) => sourceFiles(join(packages, p, "src")).map(read));
const core = files.filter((f) => f.path.startsWith("packages/core/src/"));
const UI_AND_SIMULATION = /^(vscode|ink|ink-[\w-]+|react|react-dom|yargs|yargs\/.*|@wid\/fake-cloud(\/.*)?|kubectl-wid|vscode-wid)$/;
const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|dns|child_process|worker_threads|readline)$/;
/** Where the core may do I/O: its sources read, its executors write. */
const IO_ALLOWED = /^packages\/core\/src\/(sources|fixes\/executors)\//;

function violations(list: readonly SourceFile[], bad: (f: SourceFile, spec: string) => boolean): string[] {
  return list.flatMap((f) => f.imports.filter((spec) => bad(f, spec)).map((spec) => `${f.path} imports ${spec}`));
}

describe("architecture boundaries", () => {
  it("finds the source files of every package", () => {
    expect(packageNames).toEqual(expect.arrayContaining(["core", "kubectl-wid", "fake-cloud"]));
    expect(core.length).toBeGreaterThan(50);
  });

  it("the core never imports a surface, a UI library or the simulation", () => {
    expect(violations(core, (_, spec) => UI_AND_SIMULATION.test(spec) || spec.includes("/kubectl-wid/") || spec.includes("/vscode-wid/") || spec.includes("/fake-cloud/"))).toEqual([]);
  });

  it("the core does I/O only in its sources and executors", () => {
    expect(violations(core, (f, spec) => IO_MODULES.test(spec) && !IO_ALLOWED.test(f.path))).toEqual([]);
    const fetches = core.filter((f) => !IO_ALLOWED.test(f.path) && /\bfetch\(/.test(f.text)).map((f) => f.path);
    expect(fetches).toEqual([]);
  });

  it("the core never prints and never exits", () => {
    const printing = core.filter((f) => /\bconsole\.\w+\(|\bprocess\.(exit|stdout|stderr|exitCode)\b/.test(f.text)).map((f) => f.path);
    expect(printing).toEqual([]);
  });

  it("checks read no clock and no environment: the snapshot says when it was read", () => {
    const checks = core.filter((f) => f.path.startsWith("packages/core/src/checks/"));
    const impure = checks.filter((f) => /\bDate\.now\(|\bnew Date\(\)|\bperformance\.now\(|\bprocess\.env\b|\bMath\.random\(/.test(f.text)).map((f) => f.path);
    expect(impure).toEqual([]);
    expect(violations(checks, (_, spec) => spec.startsWith("node:") || /^\.\.\/sources\//.test(spec))).toEqual([]);
  });

  it("surfaces share the core, not each other", () => {
    const of = (name: string) => files.filter((f) => f.path.startsWith(`packages/${name}/src/`));
    const surfaces = ["kubectl-wid", "vscode-wid"];
    for (const surface of surfaces) {
      const others = surfaces.filter((s) => s !== surface);
      expect(violations(of(surface), (_, spec) => others.some((o) => spec === o || spec.startsWith(`${o}/`) || spec.includes(`/${o}/`)))).toEqual([]);
    }
    // the simulation stands for Kubernetes and Azure, and knows nothing of wid's surfaces
    expect(violations(of("fake-cloud"), (_, spec) => surfaces.some((s) => spec === s || spec.includes(`/${s}/`)))).toEqual([]);
  });

  it("packages import each other through their exports, never into their sources", () => {
    expect(violations(files, (f, spec) => /^\.\.\/(\.\.\/)+(core|kubectl-wid|vscode-wid|fake-cloud)\//.test(spec) || /^@wid\/[\w-]+\/(src|dist)\//.test(spec))).toEqual([]);
  });

  it("tsconfig project references mirror the workspace packages each package's sources use, all declared in package.json", () => {
    const manifestOf = (dir: string) => JSON.parse(readFileSync(join(packages, dir, "package.json"), "utf8")) as { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const dirOf = new Map(packageNames.map((dir) => [manifestOf(dir).name, dir]));
    for (const dir of packageNames) {
      const manifest = manifestOf(dir);
      const used = new Set(
        files
          .filter((f) => f.path.startsWith(`packages/${dir}/src/`))
          .flatMap((f) => f.imports)
          .map((spec) => spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/"))
          .filter((name) => dirOf.has(name) && name !== manifest.name),
      );
      const declared = { ...manifest.dependencies, ...manifest.devDependencies };
      for (const name of used) expect(declared[name], `${dir} uses ${name} without declaring it`).toMatch(/^workspace:/);
      const tsconfig = ts.readConfigFile(join(packages, dir, "tsconfig.json"), ts.sys.readFile).config as { references?: { path: string }[] };
      const refs = (tsconfig.references ?? []).map((r) => r.path.replace(/^\.\.\//, "")).sort();
      expect(refs, dir).toEqual([...used].map((name) => dirOf.get(name)!).sort());
    }
  });

  it("the rules catch what they forbid", () => {
    const fake = (path: string, text: string): SourceFile => ({ path, text, imports: ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName) });
    const bad = [fake("packages/core/src/checks/x.ts", 'import { readFileSync } from "node:fs";\nconst y = await import("ink");')];
    expect(violations(bad, (_, spec) => UI_AND_SIMULATION.test(spec))).toEqual(["packages/core/src/checks/x.ts imports ink"]);
    expect(violations(bad, (f, spec) => IO_MODULES.test(spec) && !IO_ALLOWED.test(f.path))).toEqual(["packages/core/src/checks/x.ts imports node:fs"]);
  });
});
