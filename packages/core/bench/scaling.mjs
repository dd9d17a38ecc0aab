// How cost grows with the size of the input. For generated sets of about 1k, 10k and 50k
// objects (with their Azure exports), it measures in processes of their own:
//   - each check's time (median of several runs on one snapshot and index), so that a check
//     that grows faster than n log n is caught;
//   - the whole `kubectl wid doctor -o json` run: wall time, throughput and peak memory;
//   - baselines on the same files, in the same run: the `yaml` library's parse (documents to
//     values), js-yaml's, and `kubectl apply --dry-run=client` (1k only: it is slow).
// Used by scripts/bench.mjs; `node scaling.mjs DIR` runs it alone.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { plan, writeAzureExports, writeManifests } from "./generate.mjs";

const HERE = import.meta.dirname;
const CLI = join(HERE, "..", "..", "kubectl-wid", "dist", "kubectl-wid.mjs");
const SIZES = [1_000, 10_000, 50_000];
/** How far beyond n log n (widened by the linear pass's own slowdown) a check may grow, for timing jitter, before the bench fails. */
const GROWTH_TOLERANCE = 1.25;
/** Times too small to compare: growth is judged only for checks that take at least this long at the largest size. */
const MIN_MS = 20;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function files(dir, exts) {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && exts.some((e) => f.endsWith(e)));
}

/** Writes a set of about `objects` manifest objects and its Azure exports under `dir`. */
export function writeSet(dir, objects) {
  const p = plan({ apps: Math.round(objects / 6), identities: Math.max(20, Math.round(objects / 15)), fics: Math.round(objects / 5), assignments: Math.round(objects / 2.5), seed: 3 });
  const manifests = join(dir, "manifests");
  const azure = join(dir, "azure");
  mkdirSync(dir, { recursive: true });
  return { manifests, azure, manifestObjects: writeManifests(manifests, p), azureObjects: writeAzureExports(azure, p) };
}

/** Runs this file in a child process in `mode`; the child prints one JSON line. */
function child(mode, ...args) {
  const r = spawnSync(process.execPath, ["--expose-gc", join(HERE, "scaling.mjs"), mode, ...args], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`scaling ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

/** Wall time and peak memory of a command, from GNU time when it is there. */
function timed(cmd, args, opts = {}) {
  const gnuTime = existsSync("/usr/bin/time");
  const t0 = performance.now();
  const r = gnuTime ? spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], { encoding: "utf8", maxBuffer: 256 * 2 ** 20, ...opts }) : spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 * 2 ** 20, ...opts });
  const ms = performance.now() - t0;
  const rssKb = gnuTime ? Number(r.stderr.trim().split("\n").at(-1)) : NaN;
  return { ms, rssMB: rssKb / 1024, status: r.status, stderr: r.stderr };
}

async function checksMode(manifests, azure, reps) {
  const { loadOfflineSnapshot, runChecks, buildIndex } = await import("../dist/index.js");
  const { allChecks } = await import("../dist/checks/index.js");
  const snapshot = await loadOfflineSnapshot({ manifests: [manifests], azure: [azure], now: Date.parse("2026-03-01T12:00:00Z") });
  const index = buildIndex(snapshot);
  runChecks(snapshot, allChecks, { index });
  const perCheck = {};
  for (const check of allChecks) {
    const times = [];
    // a fresh index each time, as a run has: the caches it holds are part of the check's cost
    for (let i = 0; i < reps; i++) {
      const idx = buildIndex(snapshot);
      const t0 = performance.now();
      runChecks(snapshot, [check], { index: idx });
      times.push(performance.now() - t0);
    }
    perCheck[check.meta.id] = median(times);
  }
  // A linear pass over the same objects, timed as the checks are: how much a larger heap alone
  // (caches, collection) slows linear work at this size.
  const linear = [];
  for (let i = 0; i < reps; i++) {
    buildIndex(snapshot);
    const t0 = performance.now();
    const byName = new Map();
    for (const o of snapshot.objects) byName.set(`${o.kind}/${o.namespace ?? ""}/${o.name}`, Object.keys(o.raw).length);
    linear.push(performance.now() - t0);
  }
  return { objects: snapshot.objects.length, perCheck, linearMs: median(linear) };
}

async function parseMode(manifests, which) {
  const texts = files(manifests, [".yaml", ".yml", ".json"]).map((f) => readFileSync(f, "utf8"));
  const t0 = performance.now();
  let documents = 0;
  if (which === "yaml") {
    const { parseAllDocuments } = await import("yaml");
    for (const t of texts) for (const d of parseAllDocuments(t)) if (d.toJS() !== null) documents++;
  } else {
    const { default: jsYaml } = await import("js-yaml");
    for (const t of texts) for (const d of jsYaml.loadAll(t)) if (d !== null && d !== undefined) documents++;
  }
  return { ms: performance.now() - t0, documents, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}

/** Measures every size under `dir`; returns rows for the bench table and whether growth stayed within n log n. */
export function measureScaling(dir, { reps = 3, kubectl } = {}) {
  const sets = SIZES.map((n) => ({ n, ...writeSet(join(dir, `set-${n}`), n) }));
  const results = [];
  for (const set of sets) {
    const checks = child("checks", set.manifests, set.azure, String(Math.max(reps, 5)));
    const runs = Array.from({ length: reps }, () => timed(process.execPath, [CLI, "doctor", "-f", set.manifests, "--azure", set.azure, "-o", "json"]));
    for (const r of runs) if (r.status !== 0 && r.status !== 1) throw new Error(`kubectl wid doctor failed on ${set.n} objects: ${r.stderr}`);
    const yamlParse = median(Array.from({ length: reps }, () => child("parse", set.manifests, "yaml").ms));
    const jsYamlParse = median(Array.from({ length: reps }, () => child("parse", set.manifests, "js-yaml").ms));
    const objects = set.manifestObjects + set.azureObjects;
    const wallMs = median(runs.map((r) => r.ms));
    const row = { n: set.n, manifestObjects: set.manifestObjects, azureObjects: set.azureObjects, kept: checks.objects, perCheck: checks.perCheck, linearMs: checks.linearMs, wallMs, objectsPerSecond: objects / (wallMs / 1000), maxRssMB: Math.max(...runs.map((r) => r.rssMB)), yamlParseMs: yamlParse, jsYamlParseMs: jsYamlParse };
    if (kubectl && set.n === SIZES[0]) row.kubectlDryRunMs = kubectl(set.manifests);
    results.push(row);
  }
  // growth from the middle size to the largest, against n log n
  const [, mid, big] = results;
  const nlogn = (n) => n * Math.log2(n);
  // n log n, widened by as much as the linear pass itself grew beyond n (the same machine, same run)
  const linearSlowdown = Math.max(1, big.linearMs / Math.max(mid.linearMs, 0.05) / (big.manifestObjects / mid.manifestObjects));
  const allowed = (nlogn(big.manifestObjects) / nlogn(mid.manifestObjects)) * linearSlowdown * GROWTH_TOLERANCE;
  const growth = Object.keys(big.perCheck).map((id) => ({ id, ms: big.perCheck[id], ratio: big.perCheck[id] / Math.max(mid.perCheck[id], 0.05) }));
  const tooFast = growth.filter((g) => g.ms >= MIN_MS && g.ratio > allowed);
  return { results, growth: growth.sort((a, b) => b.ms - a.ms), allowedRatio: allowed, linearSlowdown, tooFast };
}

const [mode, a, b, c] = process.argv.slice(2);
if (mode === "checks") process.stdout.write(JSON.stringify(await checksMode(a, b, Number(c ?? 3))) + "\n");
else if (mode === "parse") process.stdout.write(JSON.stringify(await parseMode(a, b)) + "\n");
