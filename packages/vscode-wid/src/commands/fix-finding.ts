import * as vscode from "vscode";
import type { Finding } from "@wid/core";
import type { TreeNode } from "#wid/engine";
import { previewOf, workspaceEditFor } from "../fix-edit.js";
import type { CommandContext } from "./context.js";
import { fixLive, type FindingSource, type LiveFixResult } from "./fix-live.js";

export type FixResult = LiveFixResult | "gone";

type FindingNode = Extract<TreeNode, { type: "finding" }>;

function nodeOf(arg: unknown): FindingNode | undefined {
  return arg && typeof arg === "object" && "type" in arg && (arg as TreeNode).type === "finding" ? (arg as FindingNode) : undefined;
}

function findingOf(arg: unknown): Finding | undefined {
  const node = nodeOf(arg);
  if (node) return node.finding;
  if (arg && typeof arg === "object" && "checkId" in arg && "messageId" in arg) return arg as Finding;
  return undefined;
}

/** The root of the view a finding's node is under (told by its id, stable across reads): the live cluster's (its context) or the workspace's. */
function sourceOf(ctx: CommandContext, node: FindingNode | undefined): FindingSource {
  if (!node?.id.startsWith("source:context:")) return { kind: "workspace" };
  let root: TreeNode = ctx.tree.byId(node.id) ?? node;
  for (let up = ctx.tree.getParent(root); up; up = ctx.tree.getParent(root)) root = up;
  // a node the view no longer shows: the context is the one the settings choose now
  if (root.type !== "source") return { kind: "cluster", context: undefined, server: undefined };
  return { kind: "cluster", context: root.label, server: root.description };
}

/**
 * Fixes a finding after a modal confirmation that shows the change: a manifest fix as an edit of
 * the files (undoable); a fix of the live cluster or of Azure through the core's executors
 * (`fixLive`). `target` is given by a quick fix; from the view, the node's own target is taken
 * (VS Code passes the selected nodes as the second argument there).
 */
export async function fixFinding(ctx: CommandContext, arg: unknown, target?: unknown): Promise<FixResult> {
  const node = nodeOf(arg);
  const given = findingOf(arg);
  if (!given) {
    void vscode.window.showInformationMessage("wid: pick a finding in the Workload Identity view, or use the quick fix on a diagnostic.");
    return "not-applicable";
  }
  const asked = target === "manifest" || target === "cluster" || target === "azure" ? target : node?.fixTarget;
  const service = await ctx.service();
  const source = sourceOf(ctx, node);
  if (source.kind === "cluster") return fixLive(ctx, service, given, asked === "manifest" ? undefined : asked, source);
  const analysis = ctx.diagnostics.current(service);
  const key = service.mod.findingKey(given);
  // the tree may be older than the text: fix the finding as the files are now
  const finding = given.object.file && service.engine.has(given.object.file) ? analysis.report.findings.find((f) => service.mod.findingKey(f) === key) : given;
  if (!finding) {
    void vscode.window.showInformationMessage(`wid: ${given.checkId} is no longer found: the files changed since.`);
    return "gone";
  }
  const fixes = service.mod.editorFixes(finding);
  if (fixes.length && asked !== "cluster" && asked !== "azure") {
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
  return fixLive(ctx, service, finding, asked === "manifest" ? undefined : asked, source);
}
