import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { UserError } from "@wid/core";
import { bundle } from "kubectl-wid/build";
import { listArchive, writeArchive } from "./archive.js";
import { buildBun } from "./bun-compile.js";
import { runtimeBinary } from "./cache.js";
import { sha256File, writeSha256Sums } from "./checksums.js";
import { emulatorFor, type Emulator } from "./emulator.js";
import { krewManifest, manifestYaml, PLUGIN_NAME, releaseUrl, type ReleasedArchive } from "./krew-manifest.js";
import { validateKrewManifest, type DownloadedArchive } from "./krew-rules.js";
import { buildNodeSea } from "./node-sea.js";
import { megabytes, seconds, type Log } from "./progress.js";
import { run } from "./run.js";
import { bunPackage, nodePackage, NODE_VERSION, BUN_VERSION } from "./runtimes.js";
import { archiveName, binName, hostPlatform, targetId, type Target } from "./targets.js";
import { buildVsix, vsixUnavailable } from "./vsix.js";

export interface ReleaseOptions {
  /** The repository's root folder. */
  root: string;
  outDir: string;
  targets: readonly Target[];
  /** Where the archives will be downloaded from, with {version} and {file}; from package.json's repository by default. */
  urlTemplate?: string;
  cacheDir: string;
  /** Package the VS Code extension too (when the checkout has it). */
  vsix?: boolean;
  log: Log;
}

export interface BuiltExecutable {
  target: Target;
  path: string;
  runtime: string;
  /** Node.js: whether V8's code cache is inside. */
  codeCache?: boolean;
  /** How it was run once after the build, or why it could not be. */
  smoke: string;
}

export interface BuiltArchive extends ReleasedArchive {
  path: string;
  bytes: number;
}

export interface ReleaseResult {
  version: string;
  executables: BuiltExecutable[];
  archives: BuiltArchive[];
  manifest: string;
  sums: string;
  vsix: { path: string } | { skipped: string };
  urlTemplate: string;
}

/** Builds everything a release publishes into `outDir`. */
export async function release(opts: ReleaseOptions): Promise<ReleaseResult> {
  const { log } = opts;
  const version = (JSON.parse(await readFile(join(opts.root, "packages/kubectl-wid/package.json"), "utf8")) as { version: string }).version;
  const license = join(opts.root, "LICENSE");
  if (!existsSync(license)) throw new UserError(`${license} is missing: every archive carries the license`, { hint: "add the project's LICENSE file at the repository root" });
  const urlTemplate = opts.urlTemplate ?? (await defaultUrlTemplate(opts.root, log));
  if (!urlTemplate.includes("{file}")) throw new UserError(`the release URL template "${urlTemplate}" has no {file}`, { hint: "e.g. https://github.com/OWNER/REPO/releases/download/v{version}/{file}" });

  await mkdir(opts.outDir, { recursive: true });
  await removeEarlierArtefacts(opts.outDir);
  const work = await mkdtemp(join(tmpdir(), "wid-release-"));
  try {
    log(`bundling kubectl-wid ${version} into one file`);
    const single = await bundleCli(join(work, "bundle"));
    log(`bundle: ${megabytes((await stat(single)).size)}`);

    const executables: BuiltExecutable[] = [];
    const archives: BuiltArchive[] = [];
    const mtime = await sourceDate(opts.root);
    for (const target of opts.targets) {
      const dir = join(work, `${target.os}_${target.arch}`);
      await mkdir(dir);
      const exe = join(dir, binName(target));
      const built = await buildExecutable({ target, bundle: single, out: exe, cacheDir: opts.cacheDir, workDir: work, log });
      executables.push(built);
      await copyFile(license, join(dir, "LICENSE"));
      const file = archiveName(target, version);
      const path = join(opts.outDir, file);
      const started = Date.now();
      await writeArchive(path, [{ path: exe, executable: true }, { path: join(dir, "LICENSE"), executable: false }], mtime);
      const bytes = (await stat(path)).size;
      archives.push({ target, file, path, bytes, sha256: await sha256File(path) });
      log(`${targetId(target)}: ${file} (${megabytes(bytes)}, ${seconds(Date.now() - started)})`);
    }

    const manifest = join(opts.outDir, `${PLUGIN_NAME}.yaml`);
    const homepage = await repositoryUrl(opts.root);
    const text = manifestYaml(krewManifest({ version, archives, urlTemplate, ...(homepage ? { homepage } : {}) }));
    const downloads = new Map<string, DownloadedArchive>();
    for (const a of archives) downloads.set(releaseUrl(urlTemplate, version, a.file), { sha256: a.sha256, files: (await listArchive(a.path)).filter((e) => !e.directory).map((e) => e.name) });
    const problems = validateKrewManifest(manifest, text, downloads);
    for (const p of problems.filter((p) => p.severity === "warning")) log(`${PLUGIN_NAME}.yaml: warning: ${p.path}: ${p.message}`);
    const errors = problems.filter((p) => p.severity === "error");
    if (errors.length) throw new Error(`the generated krew manifest breaks krew's rules: ${errors.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    await writeFile(manifest, text);
    log(`${PLUGIN_NAME}.yaml: krew manifest for ${archives.length} platform(s), downloads from ${releaseUrl(urlTemplate, version, "<file>")}`);

    let vsix: ReleaseResult["vsix"];
    const unavailable = opts.vsix === false ? "not asked for" : await vsixUnavailable(opts.root);
    if (unavailable) {
      vsix = { skipped: unavailable };
      log(`VS Code extension: not packaged: ${unavailable}`);
    } else {
      const path = join(opts.outDir, `vscode-wid-${version}.vsix`);
      log("VS Code extension: packaging (pnpm --filter vscode-wid run package)");
      await buildVsix(opts.root, path);
      vsix = { path };
      log(`VS Code extension: ${relative(opts.outDir, path)} (${megabytes((await stat(path)).size)})`);
    }

    const sums = join(opts.outDir, "SHA256SUMS");
    const summed = [...archives, ...("path" in vsix ? [{ path: vsix.path, sha256: await sha256File(vsix.path) }] : [])];
    await writeSha256Sums(sums, summed);
    log(`SHA256SUMS: ${summed.length} file(s)`);
    return { version, executables, archives, manifest, sums, vsix, urlTemplate };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The CLI as one ES module file, the form both single-executable builders take. */
export async function bundleCli(outdir: string): Promise<string> {
  await bundle({ outdir, splitting: false });
  return join(outdir, "kubectl-wid.mjs");
}

/** Builds one target's executable (the runtime its target names unless `runtime` overrides it) and runs it once when this machine can. */
export async function buildExecutable(opts: { target: Target; bundle: string; out: string; cacheDir: string; workDir: string; log: Log; runtime?: Target["runtime"] }): Promise<BuiltExecutable> {
  const { target, log } = opts;
  const runtime = opts.runtime ?? target.runtime;
  const host = hostPlatform();
  const id = targetId(target);
  const started = Date.now();
  const { emulator, missing } = emulatorFor(target);
  const runner: Emulator | null | undefined = missing ? undefined : (emulator ?? null);
  let built: BuiltExecutable;
  if (runtime === "node") {
    const targetPkg = nodePackage(target);
    const hostPkg = host && nodePackage(host);
    if (!targetPkg) throw new UserError(`no Node.js ${NODE_VERSION} is pinned for ${id}`, { hint: "packages/release/src/runtimes.ts lists the Node.js packages" });
    if (!hostPkg) throw new UserError(`Node.js single executables are built with a Node.js ${NODE_VERSION} for this machine (${process.platform}/${process.arch}), and the release pins none`, { hint: "build the release on Linux (x64 or arm64), macOS on Intel, or Windows x64" });
    const targetNode = await runtimeBinary(targetPkg, { cacheDir: opts.cacheDir, log });
    const hostNode = hostPkg === targetPkg ? targetNode : await runtimeBinary(hostPkg, { cacheDir: opts.cacheDir, log });
    log(`${id}: Node.js ${NODE_VERSION} single executable${runner === undefined ? " (no code cache: its Node.js cannot run here)" : runner ? ` (code cache made under ${runner.command.split("/").pop()})` : " (code cache on)"}`);
    const { codeCache } = await buildNodeSea({ target, bundle: opts.bundle, targetNode, hostNode, runner, out: opts.out, workDir: opts.workDir });
    built = { target, path: opts.out, runtime: `Node.js ${NODE_VERSION}`, codeCache, smoke: "" };
  } else {
    const targetPkg = bunPackage(target);
    const hostPkg = host && bunPackage(host);
    if (!targetPkg) throw new UserError(`no Bun ${BUN_VERSION} is pinned for ${id}`, { hint: "packages/release/src/runtimes.ts lists the Bun packages" });
    if (!hostPkg) throw new UserError(`Bun executables are compiled with a Bun for this machine (${process.platform}/${process.arch}), and the release pins none`, { hint: "build the release on Linux or macOS" });
    const targetBun = await runtimeBinary(targetPkg, { cacheDir: opts.cacheDir, log });
    const hostBun = hostPkg === targetPkg ? targetBun : await runtimeBinary(hostPkg, { cacheDir: opts.cacheDir, log });
    log(`${id}: Bun ${BUN_VERSION} executable with bytecode`);
    await buildBun({ target, bundle: opts.bundle, hostBun, targetBun, out: opts.out, workDir: opts.workDir });
    built = { target, path: opts.out, runtime: `Bun ${BUN_VERSION}`, smoke: "" };
  }
  built.smoke = runner === undefined ? `not run: ${missing}` : await smokeTest(opts.out, target, runner);
  log(`${id}: ${megabytes((await stat(opts.out)).size)} in ${seconds(Date.now() - started)}; ${built.smoke}`);
  return built;
}

/** Runs `version -o json` once and checks it names the target's platform. */
async function smokeTest(exe: string, target: Target, runner: Emulator | null): Promise<string> {
  const [command, ...pre] = runner ? [runner.command, ...runner.args, exe] : [exe];
  const r = await run(command!, [...pre, "version", "-o", "json"], { timeoutMs: 120_000, env: { PATH: process.env["PATH"] ?? "" } });
  let platform: { os?: string; arch?: string } | undefined;
  try {
    platform = (JSON.parse(r.stdout) as { platform?: { os?: string; arch?: string } }).platform;
  } catch {
    platform = undefined;
  }
  if (r.code !== 0 || platform?.os !== target.os || platform?.arch !== target.arch) {
    throw new Error(`the ${targetId(target)} executable does not run: \`version -o json\` exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
  }
  return `ran \`version\`${runner ? ` under ${runner.command.split("/").pop()}` : ""}`;
}

async function removeEarlierArtefacts(dir: string): Promise<void> {
  for (const f of await readdir(dir)) {
    if (/^kubectl-wid_v.+\.(tar\.gz|zip)$/.test(f) || f === "SHA256SUMS" || f === `${PLUGIN_NAME}.yaml` || /^vscode-wid-.+\.vsix$/.test(f)) await rm(join(dir, f), { force: true });
  }
}

/** The GitHub repository of package.json's `repository`, as https://github.com/OWNER/REPO. */
async function repositoryUrl(root: string): Promise<string | undefined> {
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { repository?: string | { url?: string } };
  const repo = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  const m = typeof repo === "string" ? /^(?:git\+)?(?:https:\/\/github\.com\/|github:)([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(repo) : null;
  return m ? `https://github.com/${m[1]}` : undefined;
}

export const PLACEHOLDER_REPOSITORY = "https://github.com/OWNER/wid";

/** GitHub releases of the repository package.json names: tag v{version}, the archive as an asset. */
async function defaultUrlTemplate(root: string, log: Log): Promise<string> {
  const repo = await repositoryUrl(root);
  if (!repo) log(`warning: package.json names no GitHub repository: the manifest's download URLs use ${PLACEHOLDER_REPOSITORY}; pass --url-template or set "repository"`);
  return `${repo ?? PLACEHOLDER_REPOSITORY}/releases/download/v{version}/{file}`;
}

/** The time stamp of the files in the archives: SOURCE_DATE_EPOCH, else the commit's time, so rebuilding a commit gives the same archives. */
async function sourceDate(root: string): Promise<Date> {
  const epoch = Number(process.env["SOURCE_DATE_EPOCH"]);
  if (Number.isFinite(epoch) && epoch > 0) return new Date(epoch * 1000);
  const r = await run("git", ["log", "-1", "--format=%ct"], { cwd: root, timeoutMs: 30_000 }).catch(() => undefined);
  const t = Number(r?.stdout.trim());
  return Number.isFinite(t) && t > 0 ? new Date(t * 1000) : new Date();
}
