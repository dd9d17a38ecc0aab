// `pnpm bench`, the VS Code part: wid in code-server's extension host (the production bundles),
// on a workspace with one 2,000-object manifest and its Azure exports. Each run is a fresh host;
// the medians over runs are reported with the same-run baselines (scripts/bench.mjs prints them).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundle } from "../build.mjs";
import { installVsix, runInCodeServer } from "./code-server-run.mjs";
import { vsce } from "./package.mjs";
import { isInstalled } from "./test-host.mjs";

const PKG = join(import.meta.dirname, "..");
export const BENCH_DEBOUNCE_MS = 300;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `generate` writes the manifests and exports (the core bench's generator): `{ manifests, azure }`
 * folders; the first 2,000 documents become one file, big.yaml.
 */
export async function benchInHost({ runs = 3, generate, log = () => {} }) {
  if (!isInstalled()) return { skipped: "code-server is not installed: `pnpm --filter vscode-wid run test:host:install` installs it" };
  const tmp = mkdtempSync(join(tmpdir(), "wid-vscode-bench-"));
  try {
    const source = join(tmp, "generated");
    const { manifestFiles, azure } = generate(source);
    const docs = [];
    for (const f of manifestFiles) for (const d of readFileSync(f, "utf8").split(/^---\n/m)) if (d.trim() !== "" && docs.length < 2000) docs.push(`${d.trimEnd()}\n`);
    await bundle({ production: true, tests: true });
    // the baseline is installed (VS Code runs one development extension here: wid), twice: the
    // first extension activated in a host pays for the host's own first activation
    const extensionsDir = join(tmp, "extensions");
    for (const name of ["baseline", "warmup"]) {
      const stage = join(tmp, `stage-${name}`);
      cpSync(join(PKG, "test", "fixtures", "bench-baseline"), stage, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(stage, "package.json"), "utf8"));
      writeFileSync(join(stage, "package.json"), JSON.stringify({ ...manifest, name, contributes: { commands: [{ command: `widBench.${name}.hello`, title: "Hello" }] } }));
      installVsix(vsce(stage, join(tmp, `${name}.vsix`), ["--skip-license"], "ignore"), extensionsDir, join(tmp, "install-user-data"));
    }
    const results = [];
    for (let i = 0; i < runs; i++) {
      const ws = join(tmp, `workspace-${i}`);
      mkdirSync(join(ws, ".vscode"), { recursive: true });
      writeFileSync(join(ws, "big.yaml"), docs.join("---\n"));
      cpSync(azure, join(ws, "azure"), { recursive: true });
      writeFileSync(join(ws, ".vscode", "settings.json"), JSON.stringify({ "wid.azure.exportPaths": ["azure"], "wid.diagnostics.debounceMs": BENCH_DEBOUNCE_MS }));
      log(`VS Code extension host, run ${i + 1} of ${runs}`);
      const lines = [];
      const r = await runInCodeServer({
        name: `bench-${i}`,
        folder: ws,
        extensionDevelopmentPath: PKG,
        extensionsDir,
        extensionTestsPath: join(PKG, "dist-test", "bench", "index.js"),
        tmp,
        log: (line) => lines.push(line),
      });
      if (!r.ok) throw new Error(`the bench run in the extension host failed (run ${i + 1}):\n${lines.slice(-40).join("\n")}`);
      results.push(JSON.parse(readFileSync(join(ws, "bench-result.json"), "utf8")));
    }
    const pick = (k) => median(results.map((r) => r[k]));
    return {
      runs,
      vscode: results[0].vscode,
      node: results[0].node,
      objects: results[0].objects,
      debounceMs: BENCH_DEBOUNCE_MS,
      activationMs: pick("activationMs"),
      activateBodyMs: pick("activateBodyMs"),
      baselineActivationMs: pick("baselineActivationMs"),
      firstDiagnosticsMs: pick("firstDiagnosticsMs"),
      editToDiagnosticsMs: pick("editToDiagnosticsMs"),
      editToPublishedMs: pick("editToPublishedMs"),
      editParseMs: pick("editParseMs"),
      editAnalyseMs: pick("editAnalyseMs"),
      editPublishMs: pick("editPublishMs"),
      firstScanMs: pick("firstScanMs"),
      firstAnalyseMs: pick("firstAnalyseMs"),
      diagnostics: results[0].diagnostics,
      plainParseMs: pick("plainParseMs"),
      perRun: results,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    // the development build again, for the tests and whoever runs the extension from the sources
    await bundle({ tests: true });
  }
}
