import * as vscode from "vscode";
import type { TreeNode } from "#wid/engine";
import { openCheckDoc } from "../docs.js";
import { loadEngine } from "../engine-loader.js";

/** Opens a check's documentation: the one given (an id, a finding node), or one picked from the list. */
export async function openCheckDocs(arg?: unknown): Promise<vscode.Uri | undefined> {
  let id: string | undefined;
  if (typeof arg === "string") id = arg;
  else if (arg && typeof arg === "object" && (arg as TreeNode).type === "finding") id = (arg as Extract<TreeNode, { type: "finding" }>).finding.checkId;
  const engine = await loadEngine();
  if (id === undefined) {
    const picked = await vscode.window.showQuickPick(
      engine.checkSummaries().map((c) => ({ label: c.id, description: c.severity, detail: `${c.title}${c.implemented ? "" : " (not implemented yet)"}` })),
      { title: "wid: which check?", matchOnDetail: true },
    );
    id = picked?.label;
  }
  if (id === undefined) return undefined;
  if (!engine.isCheckId(id)) {
    void vscode.window.showWarningMessage(`wid has no check "${id}".`);
    return undefined;
  }
  return openCheckDoc(id);
}
