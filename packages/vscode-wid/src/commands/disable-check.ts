import * as vscode from "vscode";
import { relativePath } from "../files.js";

/**
 * Turns a check off: in one file (`wid.checks.disabledInFiles`, the file's path relative to its
 * folder) or for the workspace (`wid.checks.disabled`, as `--skip` does for the CLI).
 */
export async function disableCheck(checkId: unknown, scope: unknown, uri: unknown): Promise<boolean> {
  if (typeof checkId !== "string" || (scope !== "file" && scope !== "workspace")) return false;
  const resource = uri instanceof vscode.Uri ? uri : undefined;
  const hasWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  if (scope === "workspace" || !resource) {
    const config = vscode.workspace.getConfiguration("wid", resource);
    const current = config.get<string[]>("checks.disabled", []);
    if (!current.includes(checkId)) await config.update("checks.disabled", [...current, checkId], hasWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    return true;
  }
  const rel = relativePath(resource);
  if (rel === undefined) {
    void vscode.window.showWarningMessage(`wid: ${resource.fsPath} is not in a workspace folder: disable ${checkId} for the workspace instead.`);
    return false;
  }
  const config = vscode.workspace.getConfiguration("wid", resource);
  const current = { ...config.get<Record<string, string[]>>("checks.disabledInFiles", {}) };
  const ids = current[rel] ?? [];
  if (ids.includes(checkId)) return true;
  current[rel] = [...ids, checkId];
  await config.update("checks.disabledInFiles", current, vscode.ConfigurationTarget.WorkspaceFolder);
  return true;
}
