// `pnpm bench`: generates realistic inputs into a temp dir and measures, against baselines
// taken in the same run, (a) loading and (b) analysis of 5,000 manifest objects with 500
// identities, 2,000 federated credentials and 5,000 role assignments, (c) a 50 MB manifest
// set's load time and peak memory, (d) `kubectl wid --help` start-up against `node -e 0`,
// (e) the live Azure source against the simulated ARM: requests for 300 identities used by 2,000
// ServiceAccounts (and with 3,000 more that none uses), wall time against as many plain GETs,
// (f) how cost grows from 1k to 10k to 50k objects: each check against n log n (the bench exits 1
// when one grows faster), the whole doctor's throughput and peak memory against the `yaml`
// library's and js-yaml's parse of the same files and `kubectl apply --dry-run=client`, and (g) the live doctor on a simulated cluster of 10,000 pods against `kubectl get pods -A -o
// json` on the same apiserver (--skip-live leaves it out).
// (r) The release: archive sizes and the released executable's start-up (scripts/bench-release.mjs; --skip-release).
// (h) The VS Code extension in a real extension host: activation against an extension that does
// the least, and an edit of a 2,000-object manifest to its updated diagnostics (--skip-vscode).
// Prints a table and writes .bench/results.json. Each measurement runs in its own process so
// that its peak memory is its own.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as esbuild from "esbuild";
import { plan, writeAzureExports, writeLargeManifests, writeManifests } from "../packages/core/bench/generate.mjs";
import { measureScaling } from "../packages/core/bench/scaling.mjs";
import { benchLive, LIVE_AIM_RATIO } from "./bench-live.mjs";

const ROOT = join(import.meta.dirname, "..");
const MEASURE = join(ROOT, "packages/core/bench/measure.mjs");
const AZURE_LIVE = join(ROOT, "packages/core/bench/azure-live.mjs");
const CLI = join(ROOT, "packages/kubectl-wid/dist/kubectl-wid.mjs");
const args = new Set(process.argv.slice(2));
const REPS = Number(process.env.WID_BENCH_REPS ?? 5);
const STARTUP_REPS = Number(process.env.WID_BENCH_STARTUP_REPS ?? 11);
const LARGE_BYTES = Number(process.env.WID_BENCH_LARGE_MB ?? 50) * 2 ** 20;
const AIM_OBJECTS_PER_SECOND = 50_000;
const AIM_HELP_RATIO = 2;
const AIM_VSCODE_OVER_DEBOUNCE_MS = 100;
const AIM_EDIT_MS = 100;
const AIM_EDIT_SPEEDUP = 10;

if (!existsSync(join(ROOT, "packages/core/dist/index.js"))) {
  console.error("packages/core/dist is missing: run `pnpm run build` first (`pnpm bench` does)");
  process.exit(2);
}

function measure(...argv) {
  const r = spawnSync(process.execPath, ["--expose-gc", MEASURE, ...argv], { encoding: "utf8", maxBuffer: 16 * 2 ** 20 });
  if (r.status !== 0) {
    console.error(r.stderr || r.stdout);
    throw new Error(`measure ${argv[0]} failed (exit ${r.status})`);
  }
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of a process start to exit, median of interleaved runs after a warm-up each. */
function startup(variants) {
  const times = variants.map(() => []);
  for (let rep = -1; rep < STARTUP_REPS; rep++) {
    variants.forEach(([argv], i) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
      if (rep >= 0) times[i].push(ms);
    });
  }
  return times.map(median);
}

const fmt = (n, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a, b) => `${fmt(a / b, 2)}x`;

const dir = mkdtempSync(join(tmpdir(), "wid-bench-"));
const results = { date: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpu: cpus()[0]?.model, reps: REPS };
const rows = [];
try {
  // (a) + (b): the standard set.
  const p = plan({ apps: Math.round(5000 / (6 + 1 / 25)), identities: 500, fics: 2000, assignments: 5000 });
  const manifests = join(dir, "manifests");
  const azure = join(dir, "azure");
  const written = { manifestObjects: writeManifests(manifests, p), azureObjects: writeAzureExports(azure, p) };
  process.stderr.write(`generated ${written.manifestObjects} manifest objects and ${written.azureObjects} Azure objects in ${dir}\n`);
  const std = measure("standard", manifests, azure, String(REPS));
  const loaded = std.documents + std.azureObjects;
  const analysed = std.kubeObjects + std.azureObjects;
  const loadRate = loaded / (std.loadMs / 1000);
  const analysisRate = analysed / (std.analysisMs / 1000);
  results.standard = { ...written, ...std, loadObjectsPerSecond: loadRate, analysisObjectsPerSecond: analysisRate, loadVsPlainParse: std.loadMs / std.plainParseMs, analysisVsJsonParse: std.analysisMs / std.jsonParseMs };
  rows.push([`(a) load ${fmt(loaded)} objects (${fmt(std.documents)} manifest, ${fmt(std.azureObjects)} Azure)`, `${fmt(std.loadMs)} ms, ${fmt(loadRate)} objects/s`, `plain YAML/JSON parse of the same files: ${fmt(std.plainParseMs)} ms`, ratio(std.loadMs, std.plainParseMs)]);
  rows.push([
    `(b) analysis: ${std.ran} checks ran, ${std.notRun} not run, ${fmt(std.findings)} findings on ${fmt(analysed)} objects`,
    `${fmt(std.analysisMs, 1)} ms, ${fmt(analysisRate)} objects/s ${analysisRate >= AIM_OBJECTS_PER_SECOND ? "(aim met)" : `(AIM MISSED: ${fmt(AIM_OBJECTS_PER_SECOND)})`}`,
    `JSON.parse of the same data (${fmt(std.dataBytes / 2 ** 20, 1)} MB): ${fmt(std.jsonParseMs, 1)} ms`,
    ratio(std.analysisMs, std.jsonParseMs),
  ]);
  const slow = std.slowestChecks.filter((c) => c.ms >= 1).slice(0, 5);
  if (slow.length) rows.push([`    of which: index ${fmt(std.indexMs, 1)} ms; slowest checks`, slow.map((c) => `${c.id} ${fmt(c.ms, 1)} ms`).join(", "), "", ""]);
  const stdMem = measure("memory", manifests, azure);
  const nodeRss = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.resourceUsage().maxRSS))"], { encoding: "utf8" }).stdout) / 1024;
  results.standardMemory = { ...stdMem, nodeStartRssMB: nodeRss };
  rows.push([`(a+b) peak memory, standard set`, `RSS ${fmt(stdMem.analysisPeakRssMB)} MB, retained heap ${fmt(stdMem.retainedHeapMB)} MB`, `node -e 0: RSS ${fmt(nodeRss)} MB`, ratio(stdMem.analysisPeakRssMB, nodeRss)]);

  // (e): an edit in a 2,000-object workspace, as the editor and `fix` re-run the doctor.
  {
    const q = plan({ apps: 420, identities: 200, fics: 600, assignments: 1500, seed: 11 });
    const m = join(dir, "ws-manifests");
    const a = join(dir, "ws-azure");
    writeManifests(m, q);
    writeAzureExports(a, q);
    const inc = measure("incremental", m, a, String(Math.max(REPS, 9)));
    results.incremental = { ...inc, speedup: inc.fullMs / inc.editMs };
    const aim = inc.editMs < AIM_EDIT_MS && inc.fullMs / inc.editMs >= AIM_EDIT_SPEEDUP;
    rows.push([
      `(e) edit one ${inc.editedObjects}-object file of ${fmt(inc.objects)} objects in ${fmt(inc.files)} files: findings updated`,
      `${fmt(inc.editMs, 1)} ms, ${fmt(inc.reparsedPerEdit)} file re-parsed ${aim ? "(aim met)" : `(AIM MISSED: under ${AIM_EDIT_MS} ms and ${AIM_EDIT_SPEEDUP}x)`}`,
      `full re-run of the workspace: ${fmt(inc.fullMs, 1)} ms`,
      ratio(inc.editMs, inc.fullMs),
    ]);
  }

  // (c): the large set.
  if (!args.has("--skip-large")) {
    const large = join(dir, "large");
    const made = writeLargeManifests(large, { bytes: LARGE_BYTES });
    process.stderr.write(`generated ${fmt(made.bytes / 2 ** 20, 1)} MB of manifests (${fmt(made.documents)} documents)\n`);
    const big = measure("memory", large);
    const naive = measure("naive-memory", large);
    results.large = { ...made, wid: big, keepEverything: naive, loadVsKeepEverything: big.loadMs / naive.loadMs, peakRssVsKeepEverything: big.loadPeakRssMB / naive.peakRssMB };
    rows.push([`(c) load ${fmt(big.inputMB, 1)} MB (${fmt(made.documents)} documents, ${fmt(big.kubeObjects)} kept)`, `${fmt(big.loadMs)} ms, ${fmt(big.inputMB / (big.loadMs / 1000), 1)} MB/s`, `plain parse keeping every document: ${fmt(naive.loadMs)} ms`, ratio(big.loadMs, naive.loadMs)]);
    rows.push([`(c) peak memory, ${fmt(big.inputMB, 1)} MB set`, `RSS ${fmt(big.loadPeakRssMB)} MB, retained heap ${fmt(big.retainedHeapMB)} MB`, `keeping every document: RSS ${fmt(naive.peakRssMB)} MB, heap ${fmt(naive.retainedHeapMB)} MB`, ratio(big.loadPeakRssMB, naive.peakRssMB)]);
  }

  // (d): start-up.
  if (existsSync(CLI)) {
    // A second baseline: yargs alone printing the help of one command, bundled the way the CLI is,
    // tells the parser's own cost from what wid adds on top of it.
    const yargsOnly = join(dir, "yargs-help.mjs");
    await esbuild.build({
      stdin: { contents: 'import yargs from "yargs"; yargs(["--help"]).scriptName("x").command("doctor", "d", () => {}, () => {}).parse();', resolveDir: join(ROOT, "packages/kubectl-wid"), loader: "js" },
      bundle: true, platform: "node", format: "esm", minify: true, outfile: yargsOnly, logLevel: "silent",
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    const [bareMs, yargsMs, helpMs] = startup([[["-e", "0"]], [[yargsOnly]], [[CLI, "--help"]]]);
    results.startup = { nodeMs: bareMs, yargsOnlyMs: yargsMs, helpMs, ratio: helpMs / bareMs, ratioToYargsOnly: helpMs / yargsMs, reps: STARTUP_REPS };
    rows.push([`(d) kubectl wid --help start-up`, `${fmt(helpMs)} ms ${helpMs / bareMs <= AIM_HELP_RATIO ? "(aim met)" : `(AIM MISSED: within ${AIM_HELP_RATIO}x)`}`, `node -e 0: ${fmt(bareMs)} ms`, ratio(helpMs, bareMs)]);
    rows.push([`    the same against yargs alone printing a help`, `${fmt(helpMs)} ms`, `bundled yargs, one command: ${fmt(yargsMs)} ms`, ratio(helpMs, yargsMs)]);
  } else {
    results.startup = { skipped: `${CLI} is missing: build packages/kubectl-wid first` };
    rows.push([`(d) kubectl wid --help start-up`, "skipped", `${CLI.replace(`${ROOT}/`, "")} is missing (build packages/kubectl-wid)`, "-"]);
  }

  // (e): live Azure through the SDK clients against the simulated ARM.
  if (!args.has("--skip-azure")) {
    const live = (extra) => {
      const r = spawnSync(process.execPath, [AZURE_LIVE, String(REPS), String(extra)], { encoding: "utf8", maxBuffer: 16 * 2 ** 20 });
      if (r.status !== 0) throw new Error(`azure-live failed (exit ${r.status}): ${r.stderr || r.stdout}`);
      return JSON.parse(r.stdout.trim().split("\n").at(-1));
    };
    const used = live(0);
    const tenant = live(3000);
    results.azureLive = { used, withUnusedIdentities: tenant };
    const kinds = (r) => Object.entries(r.requestsByKind).map(([k, n]) => `${n} ${k}`).join(", ");
    rows.push([
      `(e) live Azure: ${used.identitiesInUse} identities used by ${fmt(used.serviceAccounts)} ServiceAccounts (${fmt(used.federatedCredentials)} credentials)`,
      `${fmt(used.requests)} ARM requests (${kinds(used)}), ${fmt(used.loadMs)} ms`,
      `${fmt(used.requests)} plain GETs, ${used.concurrency} at a time: ${fmt(used.baselineMs)} ms`,
      ratio(used.loadMs, used.baselineMs),
    ]);
    rows.push([
      `(e) the same with ${fmt(tenant.identities - used.identities)} more identities no ServiceAccount names`,
      `${fmt(tenant.requests)} ARM requests (${kinds(tenant)}), ${fmt(tenant.loadMs)} ms`,
      `requests with ${used.identities} identities: ${fmt(used.requests)}`,
      ratio(tenant.requests, used.requests),
    ]);
  }
  // (f): growth with size.
  if (!args.has("--skip-scaling")) {
    const scaling = measureScaling(join(dir, "scaling"), { reps: Math.min(REPS, 3), kubectl: await kubectlDryRun() });
    results.scaling = scaling;
    for (const r of scaling.results) {
      const baseline = `yaml parse ${fmt(r.yamlParseMs)} ms, js-yaml ${fmt(r.jsYamlParseMs)} ms${r.kubectlDryRunMs !== undefined ? `, kubectl apply --dry-run=client ${fmt(r.kubectlDryRunMs)} ms (Ingress unknown to the simulated server)` : ""}`;
      rows.push([`(f) doctor -o json, ${fmt(r.manifestObjects)} manifest + ${fmt(r.azureObjects)} Azure objects`, `${fmt(r.wallMs)} ms, ${fmt(r.objectsPerSecond)} objects/s, RSS ${fmt(r.maxRssMB)} MB`, baseline, ratio(r.wallMs, r.yamlParseMs)]);
    }
    const top = scaling.growth.slice(0, 5).map((g) => `${g.id} ${fmt(g.ms, 1)} ms (x${fmt(g.ratio, 1)})`).join(", ");
    rows.push([`    per check at ${fmt(scaling.results.at(-1).manifestObjects)} objects, growth from ${fmt(scaling.results[1].manifestObjects)}`, top, `n log n allows x${fmt(scaling.allowedRatio, 1)} (a linear pass grew x${fmt(scaling.linearSlowdown, 2)} beyond n)`, scaling.tooFast.length ? `FAILED: ${scaling.tooFast.map((g) => g.id).join(", ")}` : "all within"]);
    if (scaling.tooFast.length) process.exitCode = 1;
  }

  // (g): the live doctor.
  if (!args.has("--skip-live")) {
    const lv = await benchLive({ reps: Number(process.env.WID_BENCH_LIVE_REPS ?? 3) });
    results.live = lv;
    const perResource = Object.entries(lv.requests)
      .filter(([, n]) => n > 1)
      .map(([r, n]) => `${r} ${fmt(n)}`)
      .join(", ");
    if ("ms" in lv.kubectl) {
      const r = lv.doctor.ms / lv.kubectl.ms;
      rows.push([`(g) live doctor -A -o json, ${lv.scenario}`, `${fmt(lv.doctor.ms)} ms ${r <= LIVE_AIM_RATIO ? "(aim met)" : `(AIM MISSED: within ${LIVE_AIM_RATIO}x)`}`, `kubectl get pods -A -o json: ${fmt(lv.kubectl.ms)} ms`, ratio(lv.doctor.ms, lv.kubectl.ms)]);
      rows.push([`(g) peak memory of the live doctor process`, `RSS ${fmt(lv.doctor.peakMB)} MB`, `kubectl get pods -A -o json: RSS ${fmt(lv.kubectl.peakMB)} MB`, ratio(lv.doctor.peakMB, lv.kubectl.peakMB)]);
    } else {
      rows.push([`(g) live doctor -A -o json, ${lv.scenario}`, `${fmt(lv.doctor.ms)} ms, RSS ${fmt(lv.doctor.peakMB)} MB`, lv.kubectl.skipped, "-"]);
    }
    rows.push([`(g) Kubernetes requests for ${fmt(lv.objects)} objects (${fmt(lv.pods)} pods)`, `${fmt(lv.totalRequests)} requests`, `of which more than one: ${perResource}`, "-"]);
  }

  // (r): the release: archive sizes, and start-up of the released executable (scripts/bench-release.mjs).
  if (!args.has("--skip-release")) {
    const { benchRelease } = await import("./bench-release.mjs");
    await benchRelease({ root: ROOT, dir, reps: STARTUP_REPS, rows, results });
  }

  // (h): the VS Code extension, in code-server's extension host.
  if (!args.has("--skip-vscode")) {
    const { benchInHost } = await import("../packages/vscode-wid/scripts/bench-host.mjs");
    const q = plan({ apps: 420, identities: 200, fics: 600, assignments: 1500, seed: 11 });
    const yamlFiles = (d) => readdirSync(d, { recursive: true }).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(d, f));
    const generate = (d) => {
      writeManifests(join(d, "manifests"), q);
      writeAzureExports(join(d, "azure"), q);
      return { manifestFiles: yamlFiles(join(d, "manifests")), azure: join(d, "azure") };
    };
    const vs = await benchInHost({ runs: Number(process.env.WID_BENCH_VSCODE_RUNS ?? 3), generate, log: (m) => process.stderr.write(`${m}\n`) });
    results.vscode = vs;
    if (vs.skipped) rows.push(["(h) VS Code extension", "skipped", vs.skipped, "-"]);
    else {
      const over = vs.editToPublishedMs - vs.debounceMs;
      rows.push([`(h) VS Code ${vs.vscode}: activation (load and activate)`, `${fmt(vs.activationMs, 1)} ms (activate() itself: ${fmt(vs.activateBodyMs, 1)} ms)`, `an extension with one command: ${fmt(vs.baselineActivationMs, 1)} ms`, ratio(vs.activationMs, vs.baselineActivationMs)]);
      rows.push([
        `(h) VS Code: an edit of a ${fmt(vs.objects)}-object manifest to its diagnostics`,
        `${fmt(vs.editToPublishedMs)} ms: debounce ${vs.debounceMs} ms + ${fmt(over)} ms ${over <= AIM_VSCODE_OVER_DEBOUNCE_MS ? "(aim met)" : `(AIM MISSED: within ${AIM_VSCODE_OVER_DEBOUNCE_MS} ms of the debounce)`}`,
        `plain YAML parse of that file in the host: ${fmt(vs.plainParseMs, 1)} ms`,
        ratio(over, vs.plainParseMs),
      ]);
      rows.push([`    of which: the edited document re-parsed, the checks on the workspace, the diagnostics`, `${fmt(vs.editParseMs, 1)} ms, ${fmt(vs.editAnalyseMs, 1)} ms, ${fmt(vs.editPublishMs, 1)} ms`, `seen by other extensions after ${fmt(vs.editToDiagnosticsMs)} ms`, ""]);
      rows.push([`    first diagnostics after opening it (the engine loads, the workspace and its exports are read)`, `${fmt(vs.firstDiagnosticsMs)} ms, of which reading ${fmt(vs.firstScanMs)} ms`, `medians of ${vs.runs} hosts`, ""]);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** `kubectl apply --dry-run=client` on a folder, against the simulated cluster (it needs the server's API discovery); undefined without kubectl. */
async function kubectlDryRun() {
  if (spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status !== 0) return undefined;
  return (folder) => {
    const world = spawnSync(process.execPath, ["--input-type=module", "-e", `
      const { startWorld, defaultScenario } = await import(${JSON.stringify(join(ROOT, "packages/fake-cloud/dist/index.js"))});
      const { spawn } = await import("node:child_process");
      const world = await startWorld(defaultScenario());
      const t0 = performance.now();
      // spawned, not spawnSync: the simulated apiserver in this process must answer kubectl's requests
      const child = spawn("kubectl", ["--kubeconfig", world.kubeconfigPath, "apply", "--dry-run=client", "--validate=false", "-R", "-f", ${JSON.stringify(folder)}], { stdio: "ignore" });
      const status = await new Promise((done) => child.on("exit", (code) => done(code)));
      const ms = performance.now() - t0;
      await world.close();
      process.stdout.write(JSON.stringify({ ms, status }));
    `], { encoding: "utf8", timeout: 10 * 60_000 });
    const out = JSON.parse(world.stdout || "{}");
    // exit 1: it applied the rest and named the kinds the simulated apiserver does not serve (Ingress)
    return out.status === 0 || out.status === 1 ? out.ms : undefined;
  };
}

const header = ["measure", "result", "baseline (same run)", "ratio"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
console.log(`\nwid bench: node ${results.node}, ${results.platform}, ${results.cpus} CPUs (${results.cpu ?? "?"}), medians of ${REPS} runs (start-up: ${STARTUP_REPS})\n`);
console.log([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
mkdirSync(join(ROOT, ".bench"), { recursive: true });
writeFileSync(join(ROOT, ".bench", "results.json"), JSON.stringify(results, null, 2) + "\n");
console.log("\nwrote .bench/results.json");
