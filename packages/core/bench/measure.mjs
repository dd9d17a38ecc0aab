// One measurement per process, so that peak memory (maxRSS) belongs to it alone. Prints one
// JSON object on stdout. Run by scripts/bench.mjs against the built package (dist/).
//   node --expose-gc measure.mjs standard MANIFEST_DIR AZURE_DIR REPS
//   node --expose-gc measure.mjs memory MANIFEST_DIR [AZURE_DIR]
//   node --expose-gc measure.mjs naive-memory MANIFEST_DIR
//   node --expose-gc measure.mjs incremental MANIFEST_DIR AZURE_DIR REPS
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseAllDocuments } from "yaml";
import { loadOfflineSnapshot, runChecks, SnapshotWorkspace } from "../dist/index.js";
import { allChecks } from "../dist/checks/index.js";

const NOW = Date.parse("2026-03-01T12:00:00Z");

function files(dir, exts) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p, exts));
    else if (exts.some((x) => e.name.endsWith(x))) out.push(p);
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn) {
  const t0 = performance.now();
  const v = fn();
  return [performance.now() - t0, v];
}

async function timeAsync(fn) {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

function gc() {
  globalThis.gc?.();
  globalThis.gc?.();
}

const memory = () => ({ maxRssMB: process.resourceUsage().maxRSS / 1024, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 });

function azureCount(s) {
  const a = s.azure;
  return a.identities.length + a.federatedCredentials.length + a.roleAssignments.length + a.roleDefinitions.length + a.clusters.length + a.keyVaults.length;
}

/** Every document of every manifest file: what the loader reads, kept or not. */
function countDocuments(manifestDir) {
  let n = 0;
  for (const f of files(manifestDir, [".yaml", ".yml", ".json"])) {
    for (const d of parseAllDocuments(readFileSync(f, "utf8"))) {
      const v = d.toJS();
      n += v && Array.isArray(v.items) && String(v.kind).endsWith("List") ? v.items.length : v ? 1 : 0;
    }
  }
  return n;
}

/** The plain-parse baseline: the same files through `yaml` (documents to JS) and JSON.parse, nothing kept. */
function plainParse(manifestDir, azureDir) {
  let docs = 0;
  for (const f of files(manifestDir, [".yaml", ".yml", ".json"])) {
    for (const d of parseAllDocuments(readFileSync(f, "utf8"))) if (d.toJS() !== null) docs++;
  }
  if (azureDir) for (const f of files(azureDir, [".json"])) JSON.parse(readFileSync(f, "utf8"));
  return docs;
}

async function standard(manifestDir, azureDir, reps) {
  const inputs = { manifests: [manifestDir], azure: [azureDir], now: NOW };
  const loads = [];
  const plains = [];
  const runs = [];
  const parses = [];
  let snapshot;
  let report;
  let data;
  // Each analysis runs on a snapshot of its own, as a real run does: nothing located before.
  for (let i = 0; i < reps; i++) {
    const [ms, s] = await timeAsync(() => loadOfflineSnapshot(inputs));
    loads.push(ms);
    snapshot = s;
    plains.push(time(() => plainParse(manifestDir, azureDir))[0]);
    const [analysisMs, r] = time(() => runChecks(snapshot, allChecks));
    runs.push(analysisMs);
    report = r;
    // The cheapest pass over the same data: JSON.parse of it as one text.
    data ??= JSON.stringify({ objects: snapshot.objects.map((o) => o.raw), azure: snapshot.azure });
    parses.push(time(() => JSON.parse(data))[0]);
  }
  const documents = countDocuments(manifestDir);
  // Where analysis time goes: the shared index, then each check alone on top of it.
  const indexMs = median(Array.from({ length: reps }, () => time(() => runChecks(snapshot, []))[0]));
  const perCheck = allChecks
    .map((check) => ({ id: check.meta.id, ms: Math.max(0, median(Array.from({ length: 3 }, () => time(() => runChecks(snapshot, [check]))[0])) - indexMs) }))
    .sort((x, y) => y.ms - x.ms);
  return {
    indexMs,
    slowestChecks: perCheck.slice(0, 8),
    documents,
    kubeObjects: snapshot.objects.length,
    azureObjects: azureCount(snapshot),
    problems: snapshot.coverage.problems.length,
    findings: report.findings.length,
    ran: report.ran.length,
    notRun: report.notRun.length,
    loadMs: median(loads),
    plainParseMs: median(plains),
    analysisMs: median(runs),
    jsonParseMs: median(parses),
    dataBytes: Buffer.byteLength(data),
  };
}

async function memoryRun(manifestDir, azureDir) {
  const before = memory();
  const [ms, s] = await timeAsync(() => loadOfflineSnapshot({ manifests: [manifestDir], ...(azureDir ? { azure: [azureDir] } : {}), now: NOW }));
  gc();
  const loaded = memory();
  runChecks(s, allChecks);
  const analysed = memory();
  const bytes = files(manifestDir, [".yaml", ".yml", ".json"]).reduce((n, f) => n + statSync(f).size, 0);
  return {
    loadMs: ms,
    inputMB: bytes / 2 ** 20,
    kubeObjects: s.objects.length,
    problems: s.coverage.problems.length,
    startRssMB: before.maxRssMB,
    loadPeakRssMB: loaded.maxRssMB,
    retainedHeapMB: loaded.heapUsedMB,
    analysisPeakRssMB: analysed.maxRssMB,
  };
}

/** What a loader that keeps every document would cost: all files parsed and all values kept. */
function naiveMemory(manifestDir) {
  const kept = [];
  const [ms] = time(() => {
    for (const f of files(manifestDir, [".yaml", ".yml", ".json"])) for (const d of parseAllDocuments(readFileSync(f, "utf8"))) kept.push(d.toJS());
  });
  gc();
  return { loadMs: ms, documents: kept.length, peakRssMB: memory().maxRssMB, retainedHeapMB: memory().heapUsedMB };
}

/**
 * An editor's loop: a workspace of `perFile`-object files, one file edited, findings updated.
 * Against a full run in the same process: every file parsed again and every check run.
 */
function incremental(manifestDir, azureDir, perFile, reps, total = 2000) {
  // the generated documents regrouped into files of `perFile` objects each
  const docs = [];
  for (const f of files(manifestDir, [".yaml", ".yml"])) {
    const text = readFileSync(f, "utf8");
    for (const d of text.split(/^---\n/m)) if (d.trim() !== "" && docs.length < total) docs.push(d.trimEnd() + "\n");
  }
  const texts = new Map();
  for (let i = 0; i < docs.length; i += perFile) texts.set(`ws/file-${String(i / perFile).padStart(4, "0")}.yaml`, docs.slice(i, i + perFile).join("---\n"));
  const azure = files(azureDir, [".json"]).map((f) => [f, readFileSync(f, "utf8")]);
  const edited = [...texts.keys()][Math.floor(texts.size / 2)];
  const original = texts.get(edited);
  // a user's edit: a label value changes, so the checks' answers change too
  const variants = [original.replace(/azure\.workload\.identity\/use: "true"/, 'azure.workload.identity/use: "True"'), original];

  const full = () => {
    const ws = new SnapshotWorkspace();
    for (const [file, text] of texts) ws.setManifest(file, text);
    for (const [file, text] of azure) ws.setAzure(file, text);
    return runChecks(ws.snapshot({ now: NOW }), allChecks);
  };
  const ws = new SnapshotWorkspace();
  for (const [file, text] of texts) ws.setManifest(file, text);
  for (const [file, text] of azure) ws.setAzure(file, text);
  runChecks(ws.snapshot({ now: NOW }), allChecks);
  const parsesBefore = ws.parses;
  const fulls = [];
  const edits = [];
  let findings = 0;
  for (let i = 0; i < reps; i++) fulls.push(time(full)[0]);
  gc();
  for (let i = 0; i < reps; i++) {
    const [ms, report] = time(() => {
      ws.setManifest(edited, variants[i % 2]);
      return runChecks(ws.snapshot({ now: NOW }), allChecks);
    });
    edits.push(ms);
    findings = report.findings.length;
  }
  return {
    files: texts.size,
    objects: docs.length,
    editedObjects: variants[0].split(/^---\n/m).length,
    fullMs: median(fulls),
    editMs: median(edits),
    reparsedPerEdit: (ws.parses - parsesBefore) / reps,
    findings,
  };
}

const [mode, a, b, c] = process.argv.slice(2);
let result;
if (mode === "standard") result = await standard(a, b, Number(c ?? 5));
else if (mode === "memory") result = await memoryRun(a, b);
else if (mode === "naive-memory") result = naiveMemory(a);
else if (mode === "incremental") result = incremental(a, b, 20, Number(c ?? 9));
else throw new Error(`unknown mode ${mode}`);
process.stdout.write(JSON.stringify(result) + "\n");
