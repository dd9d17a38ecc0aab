/**
 * Measures wid inside a real extension host (run by scripts/bench-host.mjs): activation against
 * a baseline extension that does the least an extension does, and the time from an edit of a
 * 2,000-object manifest to its updated diagnostics against a plain YAML parse of that file, both
 * taken in this same process. Writes the numbers to `bench-result.json` in the workspace.
 */
import * as vscode from "vscode";
import { parseAllDocuments } from "yaml";
import type { WidApi } from "../../src/extension.js";
import { widDiagnostics } from "../integration/util.js";

const REPS = 9;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function changeOf(uri: vscode.Uri, done: (diags: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error("the diagnostics did not change within 30 s"));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (!done(widDiagnostics(uri))) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(performance.now());
    });
  });
}

async function activate<T>(id: string): Promise<{ ms: number; api: T }> {
  const ext = vscode.extensions.getExtension<T>(id);
  if (!ext) throw new Error(`${id} is not installed`);
  if (ext.isActive) throw new Error(`${id} was activated before the bench started`);
  const t0 = performance.now();
  const api = await ext.activate();
  return { ms: performance.now() - t0, api };
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  await activate("wid-bench.warmup");
  const baseline = await activate("wid-bench.baseline");
  const wid = await activate<WidApi>("wid.vscode-wid");
  const debounceMs = vscode.workspace.getConfiguration("wid").get<number>("diagnostics.debounceMs", 300);

  const uri = vscode.Uri.joinPath(folder, "big.yaml");
  const t0 = performance.now();
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const first = await new Promise<number>((resolve) => {
    const check = () => widDiagnostics(uri).length > 0 && (resolve(performance.now()), true);
    if (check()) return;
    const sub = vscode.languages.onDidChangeDiagnostics(() => check() && sub.dispose());
  });
  const firstStats = wid.api.stats();
  const objects = parseAllDocuments(doc.getText()).length;

  // a user's edit that changes what the checks say: a label value becomes invalid, then valid again
  const label = 'azure.workload.identity/use: "true"';
  const at = doc.getText().indexOf(label);
  if (at < 0) throw new Error("big.yaml has no workload identity label to edit");
  const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + label.length));
  const invalid = () => widDiagnostics(uri, "pod-label-value-invalid").length;
  const before = invalid();
  const edits: number[] = [];
  const published: number[] = [];
  const costs: ReturnType<WidApi["stats"]>[] = [];
  for (let i = 0; i < REPS * 2; i++) {
    const broken = i % 2 === 0;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, range, broken ? 'azure.workload.identity/use: "True"' : label);
    const changed = changeOf(uri, (d) => d.filter((x) => x.code && typeof x.code === "object" && x.code.value === "pod-label-value-invalid").length === (broken ? before + 1 : before));
    // from the moment the extension host has the edit, as when a user types
    const received = new Promise<number>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== uri.toString()) return;
        sub.dispose();
        resolve(performance.now());
      });
    });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error("the edit was not applied");
    const t = await received;
    edits.push((await changed) - t);
    const stats = wid.api.stats();
    published.push(stats.publishedAt - t);
    costs.push(stats);
  }
  await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");

  const parses: number[] = [];
  const text = doc.getText();
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    parseAllDocuments(text);
    parses.push(performance.now() - t);
  }
  const result = {
    vscode: vscode.version,
    node: process.versions.node,
    activationMs: wid.ms,
    activateBodyMs: wid.api.activationMs,
    baselineActivationMs: baseline.ms,
    firstDiagnosticsMs: first - t0,
    firstScanMs: firstStats.scanMs,
    firstScanDetail: firstStats.scanDetail,
    firstAnalyseMs: firstStats.analyseMs,
    editParseMs: median(costs.map((c) => c.parseMs)),
    editAnalyseMs: median(costs.map((c) => c.analyseMs)),
    editPublishMs: median(costs.map((c) => c.publishMs)),
    diagnostics: costs[0]?.diagnostics,
    objects,
    debounceMs,
    editToDiagnosticsMs: median(edits),
    editToDiagnosticsAll: edits,
    editToPublishedMs: median(published),
    plainParseMs: median(parses),
  };
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, "bench-result.json"), new TextEncoder().encode(JSON.stringify(result, null, 2)));
}
