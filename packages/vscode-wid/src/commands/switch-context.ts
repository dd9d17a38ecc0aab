import * as vscode from "vscode";
import { loadEngine } from "../engine-loader.js";
import { readTextFile } from "../files.js";
import { kubeconfigPath } from "../kubeconfig-path.js";
import { clusterSettings } from "../settings.js";

/** Picks the kube context wid reads (the setting wid.context, in the user's settings). */
export async function switchContext(): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage("wid reads no cluster in Restricted Mode: trust the workspace first.");
    return undefined;
  }
  const path = kubeconfigPath();
  let text: string;
  try {
    text = await readTextFile(vscode.Uri.file(path));
  } catch (e) {
    void vscode.window.showErrorMessage(`wid: cannot read the kubeconfig ${path}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  const engine = await loadEngine();
  let found;
  try {
    found = engine.kubeContexts(text);
  } catch (e) {
    void vscode.window.showErrorMessage(`wid: the kubeconfig ${path} is not valid YAML: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
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
