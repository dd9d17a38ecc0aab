// `pnpm bench`, release block: the size of each release archive, and the start-up of the released
// linux/amd64 executable (`version`, `--help`) against `node -e 0` of the Node.js inside it, in the
// same run, beside the variants it was chosen from: a Node.js single executable without its code
// cache, the Bun build (what macOS on Apple silicon runs) with and without bytecode, and the
// bundle run as a script by that Node.js.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildExecutable, bundleCli, bunPackage, cacheRoot, nodePackage, release, runtimeBinary, TARGETS, NODE_VERSION, BUN_VERSION } from "../packages/release/dist/index.js";

const AIM_HELP_RATIO = 1.5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes) => `${fmt(bytes / 2 ** 20, 1)} MB`;

/** Wall time from spawn to exit, median of interleaved runs after one warm-up run each. */
function startup(commands, reps) {
  const times = commands.map(() => []);
  for (let rep = -1; rep < reps; rep++) {
    commands.forEach(([file, ...args], i) => {
      const t0 = performance.now();
      const r = spawnSync(file, args, { stdio: ["ignore", "pipe", "pipe"], env: { PATH: "", HOME: process.env.HOME ?? "/" } });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${[file, ...args].join(" ")} exited ${r.status}: ${r.stderr}`);
      if (rep >= 0) times[i].push(ms);
    });
  }
  return times.map(median);
}

export async function benchRelease({ root, dir, reps, rows, results }) {
  const log = (line) => process.stderr.write(`\u25b8 ${line}\n`);
  const cacheDir = cacheRoot();
  const built = await release({ root, outDir: join(dir, "release"), targets: TARGETS, cacheDir, vsix: false, log, urlTemplate: "https://example.invalid/{version}/{file}" });
  results.releaseArchives = Object.fromEntries(built.archives.map((a) => [`${a.target.os}/${a.target.arch}`, { file: a.file, bytes: a.bytes }]));
  for (const a of built.archives) {
    const exe = built.executables.find((e) => e.target === a.target);
    rows.push([`(r) archive ${a.target.os}/${a.target.arch}`, `${mb(a.bytes)} (${a.file.replace(/^.*\./, ".")})`, `${exe.runtime}${exe.codeCache ? ", code cache" : exe.runtime.startsWith("Bun") ? ", bytecode" : ""}`, "-"]);
  }

  // The linux/amd64 executable as released, and the variants beside it.
  const linux = TARGETS.find((t) => t.os === "linux" && t.arch === "amd64");
  const variants = join(dir, "variants");
  mkdirSync(variants);
  const bundle = await bundleCli(join(variants, "bundle"));
  const released = join(variants, "released");
  await buildExecutable({ target: linux, bundle, out: released, cacheDir, workDir: variants, log });
  const node = await runtimeBinary(nodePackage(linux), { cacheDir, log });
  const noCache = join(variants, "sea-no-code-cache");
  const sea = spawnSync(node, ["--build-sea", writeConfig(variants, { main: bundle, mainFormat: "module", output: noCache, disableExperimentalSEAWarning: true, useCodeCache: false, execArgvExtension: "none" })], { encoding: "utf8" });
  if (sea.status !== 0) throw new Error(`node --build-sea failed: ${sea.stderr}`);
  const bun = join(variants, "bun-bytecode");
  await buildExecutable({ target: linux, runtime: "bun", bundle, out: bun, cacheDir, workDir: variants, log });
  const bunHost = await runtimeBinary(bunPackage(linux), { cacheDir, log });
  const bunPlain = join(variants, "bun-plain");
  const plain = spawnSync(bunHost, ["build", bundle, "--compile", "--format=esm", "--target=bun-linux-x64", `--compile-executable-path=${bunHost}`, "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig", `--outfile=${bunPlain}`], { encoding: "utf8" });
  const haveBunPlain = plain.status === 0;

  const commands = [
    [node, "-e", "0"],
    [released, "version"],
    [released, "--help"],
    [noCache, "--help"],
    [bun, "version"],
    [bun, "--help"],
    ...(haveBunPlain ? [[bunPlain, "--help"]] : []),
    [node, bundle, "--help"],
  ];
  const [bare, version, help, helpNoCache, bunVersion, bunHelp, ...rest] = startup(commands, reps);
  const bunPlainHelp = haveBunPlain ? rest[0] : undefined;
  const scriptHelp = rest.at(-1);
  results.releaseStartup = { nodeVersion: NODE_VERSION, bunVersion: BUN_VERSION, nodeMs: bare, versionMs: version, helpMs: help, helpNoCodeCacheMs: helpNoCache, bunVersionMs: bunVersion, bunHelpMs: bunHelp, bunNoBytecodeHelpMs: bunPlainHelp, scriptHelpMs: scriptHelp, reps };
  const ratio = (ms) => `${fmt(ms / bare, 2)}x`;
  const base = `node -e 0 (Node.js ${NODE_VERSION}): ${fmt(bare)} ms`;
  rows.push([`(r) released linux/amd64 kubectl-wid version`, `${fmt(version)} ms`, base, ratio(version)]);
  rows.push([`(r) released linux/amd64 kubectl-wid --help (Node.js SEA, code cache)`, `${fmt(help)} ms ${help / bare <= AIM_HELP_RATIO ? "(aim met)" : `(AIM MISSED: within ${AIM_HELP_RATIO}x)`}`, base, ratio(help)]);
  rows.push([`    variant: Node.js SEA without code cache, --help`, `${fmt(helpNoCache)} ms`, base, ratio(helpNoCache)]);
  rows.push([`    variant: Bun ${BUN_VERSION} with bytecode (darwin/arm64's runtime), --help`, `${fmt(bunHelp)} ms; version ${fmt(bunVersion)} ms`, base, ratio(bunHelp)]);
  if (bunPlainHelp !== undefined) rows.push([`    variant: Bun ${BUN_VERSION} without bytecode, --help`, `${fmt(bunPlainHelp)} ms`, base, ratio(bunPlainHelp)]);
  rows.push([`    variant: the same bundle as a script on Node.js ${NODE_VERSION}, --help`, `${fmt(scriptHelp)} ms`, base, ratio(scriptHelp)]);
}

function writeConfig(dir, config) {
  const file = join(dir, "sea-config.json");
  writeFileSync(file, JSON.stringify(config));
  return file;
}
