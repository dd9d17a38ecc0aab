import * as vscode from "vscode";
import { readKubeContexts } from "../kube-contexts.js";
import { clusterSettings } from "../settings.js";

/** Picks the kube context wid reads (the setting wid.context, in the user's settings). */
export async function switchContext(): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage("wid reads no cluster in Restricted Mode: trust the workspace first.");
    return undefined;
  }
  const read = await readKubeContexts();
  if (!read.ok) {
    void vscode.window.showErrorMessage(`wid: ${read.message}`);
    return undefined;
  }
  const { path, found } = read;
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
