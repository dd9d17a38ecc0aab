// Global setup of the built release's tests: builds the release once, as `pnpm release` does,
// plus a Bun executable for linux/amd64 (the runtime macOS arm64 gets, in a form that runs here).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { buildExecutable, bundleCli, cacheRoot, release, TARGETS, writeArchive } from "../../src/index.js";

export interface BuiltRelease {
  root: string;
  outDir: string;
  version: string;
  urlTemplate: string;
  /** The single-file bundle inside the executables, to run on the tests' Node.js for comparison. */
  bundle: string;
  archives: { os: string; arch: string; file: string; path: string; sha256: string }[];
  /** linux/amd64 built with Bun instead of Node.js, archived as the release archives are. */
  bunArchive: string;
  vsix: { path: string } | { skipped: string };
}

declare module "vitest" {
  export interface ProvidedContext {
    release: BuiltRelease;
  }
}

const ROOT = resolve(import.meta.dirname, "../../../..");

export default async function setup(project: TestProject): Promise<() => void> {
  const work = mkdtempSync(join(tmpdir(), "wid-release-test-"));
  const log = (line: string) => process.stderr.write(`\u25b8 ${line}\n`);
  const cacheDir = cacheRoot();
  const result = await release({ root: ROOT, outDir: join(work, "release"), targets: TARGETS, cacheDir, vsix: true, log, urlTemplate: "https://github.com/example/wid/releases/download/v{version}/{file}" });

  const bundle = await bundleCli(join(work, "bundle"));
  const bunDir = join(work, "bun-linux-amd64");
  mkdirSync(bunDir);
  const linux = TARGETS.find((t) => t.os === "linux" && t.arch === "amd64")!;
  const exe = join(bunDir, "kubectl-wid");
  await buildExecutable({ target: linux, runtime: "bun", bundle, out: exe, cacheDir, workDir: work, log });
  const bunArchive = join(work, "kubectl-wid_bun_linux_amd64.tar.gz");
  await writeArchive(bunArchive, [{ path: exe, executable: true }], new Date());

  project.provide("release", {
    root: ROOT,
    outDir: join(work, "release"),
    version: result.version,
    urlTemplate: result.urlTemplate,
    bundle,
    archives: result.archives.map((a) => ({ os: a.target.os, arch: a.target.arch, file: a.file, path: a.path, sha256: a.sha256 })),
    bunArchive,
    vsix: result.vsix,
  });
  return () => rmSync(work, { recursive: true, force: true });
}
