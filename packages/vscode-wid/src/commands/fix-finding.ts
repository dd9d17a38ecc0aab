import * as vscode from "vscode";
import type { Finding } from "@wid/core";
import type { TreeNode } from "#wid/engine";
import { previewOf, workspaceEditFor } from "../fix-edit.js";
import type { CommandContext } from "./context.js";

export type FixResult = "applied" | "cancelled" | "refused" | "not-applicable" | "gone";

function findingOf(arg: unknown): Finding | undefined {
  if (arg && typeof arg === "object" && "type" in arg && (arg as TreeNode).type === "finding") return (arg as Extract<TreeNode, { type: "finding" }>).finding;
  if (arg && typeof arg === "object" && "checkId" in arg && "messageId" in arg) return arg as Finding;
  return undefined;
}

/**
 * Fixes a finding after a modal confirmation that shows the change: a manifest fix as an edit of
 * the files (undoable); a fix that changes the cluster or Azure is shown with the commands that
 * make it, for the user to run.
 */
export async function fixFinding(ctx: CommandContext, arg: unknown, target?: "manifest" | "cluster" | "azure"): Promise<FixResult> {
  const given = findingOf(arg);
  if (!given) {
    void vscode.window.showInformationMessage("wid: pick a finding in the Workload Identity view, or use the quick fix on a diagnostic.");
    return "not-applicable";
  }
  const service = await ctx.service();
  const analysis = ctx.diagnostics.current(service);
  const key = service.mod.findingKey(given);
  // the tree may be older than the text: fix the finding as the files are now
  const finding = given.object.file && service.engine.has(given.object.file) ? analysis.report.findings.find((f) => service.mod.findingKey(f) === key) : given;
  if (!finding) {
    void vscode.window.showInformationMessage(`wid: ${given.checkId} is no longer found: the files changed since.`);
    return "gone";
  }
  const fixes = service.mod.editorFixes(finding);
  if (fixes.length && target !== "cluster" && target !== "azure") {
    const fix = fixes.find((f) => f.preferred) ?? fixes[0]!;
    const made = await workspaceEditFor(service, finding, fix);
    if (!made.ok) {
      void vscode.window.showErrorMessage(`wid cannot apply "${fix.title}": ${made.reason}`);
      return "refused";
    }
    const answer = await vscode.window.showWarningMessage(`Apply "${fix.title}"?`, { modal: true, detail: previewOf(made.changes, made.docs) }, "Apply");
    if (answer !== "Apply") return "cancelled";
    return (await vscode.workspace.applyEdit(made.edit)) ? "applied" : "refused";
  }
  const remote = service.mod.remoteFixes(finding).find((r) => !target || target === "manifest" || r.target === target);
  if (remote) {
    const where = remote.target === "azure" ? "Azure" : "the cluster";
    const commands = remote.commands.join("\n");
    const answer = await vscode.window.showInformationMessage(
      remote.fix.title,
      { modal: true, detail: `This fix changes ${where}, which wid does not change from the editor in this version. These commands make the change:\n\n${commands}` },
      "Copy the Commands",
    );
    if (answer) await vscode.env.clipboard.writeText(commands);
    return "not-applicable";
  }
  const shown = finding.fixes[0];
  if (shown?.snippet) {
    const answer = await vscode.window.showInformationMessage(shown.title, { modal: true, detail: `${shown.kind === "suggestion" ? "This fix needs a choice first. " : ""}It is made by hand:\n\n${shown.snippet.text}` }, "Copy");
    if (answer) await vscode.env.clipboard.writeText(shown.snippet.text);
    return "not-applicable";
  }
  void vscode.window.showInformationMessage(`wid: ${finding.checkId} has no fix to apply; "Explain" says how to mend it.`);
  return "not-applicable";
}
