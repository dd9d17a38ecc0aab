import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript build scripts
import { bundle } from "../../build.mjs";
// @ts-expect-error: plain JavaScript build scripts
import { packageVsix } from "../../scripts/package.mjs";

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; external?: boolean }[] }>;
}

/** The names in a .zip's central directory. */
function zipEntries(file: string): string[] {
  const buf = readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

const dir = mkdtempSync(join(tmpdir(), "wid-vscode-bundle-"));
let meta: Metafile;
const inputsOf = (name: string) => Object.keys(Object.entries(meta.outputs).find(([out]) => out.endsWith(`/${name}`))![1].inputs);
const importsOf = (name: string) => Object.entries(meta.outputs).find(([out]) => out.endsWith(`/${name}`))![1].imports;

beforeAll(async () => {
  meta = ((await bundle({ outdir: join(dir, "dist") })) as { metafile: Metafile }).metafile;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the extension's bundles", () => {
  it("activation loads the VS Code glue alone: no core, no checks, no YAML parser", () => {
    const inputs = inputsOf("extension.js");
    expect(inputs.filter((i) => i.includes("packages/core/") || i.includes("/yaml/") || i.includes("src/engine/") && !i.endsWith("src/engine/glob.ts"))).toEqual([]);
    expect([...new Set(importsOf("extension.js").filter((i) => i.external).map((i) => i.path))].sort()).toEqual(["./engine.js", "./live.js", "node:fs", "node:os", "node:path", "vscode"]);
  });

  it("the cluster client and the Azure SDKs are in the live reader alone, loaded when a cluster or Azure is read", () => {
    const inputs = inputsOf("live.js");
    expect(inputs.some((i) => /node_modules\/.*@kubernetes\/client-node\//.test(i))).toBe(true);
    expect(inputs.some((i) => /node_modules\/.*@azure\/identity\//.test(i))).toBe(true);
    expect(inputs.some((i) => /node_modules\/.*@azure\/arm-msi\//.test(i))).toBe(true);
    // and nothing else to load at run time but Node's own modules, and the optional native helpers
    // `ws` tries inside a try/catch (it works without them)
    const left = new Set(importsOf("live.js").filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path));
    expect([...left].sort()).toEqual(["bufferutil", "utf-8-validate"]);
  });

  it("the engine carries the core and the checks, and no cluster or Azure client", () => {
    const inputs = inputsOf("engine.js");
    expect(inputs.some((i) => i.includes("packages/core/src/checks/"))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/.*(@kubernetes|@azure)\//.test(i))).toEqual([]);
    // nothing but Node's own modules is left to load at run time
    expect(importsOf("engine.js").filter((i) => i.external && !isBuiltin(i.path))).toEqual([]);
  });
});

describe("the .vsix", () => {
  it("holds the bundles, the manifest, README and LICENSE, and no source, test or map", async () => {
    const vsix = await packageVsix(join(dir, "wid.vsix"));
    const entries = zipEntries(vsix).sort();
    expect(entries).toEqual(["[Content_Types].xml", "extension.vsixmanifest", "extension/LICENSE.txt", "extension/dist/engine.js", "extension/dist/extension.js", "extension/dist/live.js", "extension/package.json", "extension/readme.md"]);
  }, 60_000);
});
