import * as vscode from "vscode";
import type { KubeContexts } from "#wid/engine";
import { loadEngine } from "../engine-loader.js";
import { readTextFile } from "../files.js";
import { kubeconfigFiles } from "../kubeconfig-path.js";
import { clusterSettings } from "../settings.js";

/** Picks the kube context wid reads (the setting wid.context, in the user's settings). */
export async function switchContext(): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage("wid reads no cluster in Restricted Mode: trust the workspace first.");
    return undefined;
  }
  const files = kubeconfigFiles();
  const path = files.join(", ") || "KUBECONFIG";
  const engine = await loadEngine();
  const found: KubeContexts = { current: undefined, contexts: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readTextFile(vscode.Uri.file(file));
    } catch (e) {
      void vscode.window.showErrorMessage(`wid: cannot read the kubeconfig ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    let one: KubeContexts;
    try {
      one = engine.kubeContexts(text);
    } catch (e) {
      void vscode.window.showErrorMessage(`wid: the kubeconfig ${file} is not valid YAML: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    // as kubectl merges them: the first file to name a context, or a current one, wins
    found.current ??= one.current;
    for (const c of one.contexts) if (!found.contexts.some((k) => k.name === c.name)) found.contexts.push(c);
  }
  if (found.contexts.length === 0) {
    void vscode.window.showWarningMessage(`wid: the kubeconfig ${path} names no context.`);
    return undefined;
  }
  const chosen = clusterSettings().context ?? found.current;
  const picked = await vscode.window.showQuickPick(
    found.contexts.map((c) => ({ label: c.name, description: c.name === chosen ? "(current)" : undefined, detail: c.server })),
    { title: `wid: which context of ${path}?` },
  );
  if (!picked) return undefined;
  await vscode.workspace.getConfiguration("wid").update("context", picked.label, vscode.ConfigurationTarget.Global);
  return picked.label;
}
