#!/usr/bin/env node
// `pnpm --filter vscode-wid package`: the production bundles packaged by vsce into a .vsix.
// vsce runs on a staging folder holding only what the package carries (the bundles, the manifest
// without the workspace's dev dependencies, README, LICENSE), with `--no-dependencies`:
// everything the extension runs is in the bundles. .vscodeignore keeps anything else out.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { bundle } from "../build.mjs";

const PKG = join(import.meta.dirname, "..");
const CARRIED = ["README.md", "LICENSE", ".vscodeignore", "dist/extension.js", "dist/engine.js", "dist/live.js"];

/** Packages the extension in `dir` into `out` with vsce. */
export function vsce(dir, out, extra = [], output = "inherit") {
  const bin = join(dirname(createRequire(join(PKG, "package.json")).resolve("@vscode/vsce/package.json")), "vsce");
  const r = spawnSync(process.execPath, [bin, "package", "--no-dependencies", "--allow-missing-repository", ...extra, "--out", resolve(out)], { cwd: dir, stdio: ["ignore", output, "inherit"] });
  if (r.status !== 0) throw new Error(`vsce package exited with ${r.status}`);
  return resolve(out);
}

export async function packageVsix(out = join(PKG, "vscode-wid.vsix")) {
  await bundle({ production: true });
  const stage = mkdtempSync(join(tmpdir(), "wid-vsix-"));
  try {
    for (const f of CARRIED) {
      mkdirSync(dirname(join(stage, f)), { recursive: true });
      cpSync(join(PKG, f), join(stage, f));
    }
    const { scripts: _s, devDependencies: _d, imports: _i, ...manifest } = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
    writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    vsce(stage, out);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return resolve(out);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = await packageVsix(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(out);
}
