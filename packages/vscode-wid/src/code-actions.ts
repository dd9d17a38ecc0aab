import * as vscode from "vscode";
import type { Finding } from "@wid/core";
import type { Diagnostics, Entry } from "./diagnostics.js";
import { workspaceEditFor } from "./fix-edit.js";
import type { Service } from "./service.js";

/** The finding behind a diagnostic VS Code hands back (a copy of the one published). */
function entryFor(entries: Entry[], d: vscode.Diagnostic): Entry | undefined {
  const code = typeof d.code === "object" ? d.code.value : d.code;
  return entries.find((e) => e.finding.checkId === code && e.diagnostic.range.isEqual(d.range) && e.diagnostic.message === d.message);
}

/**
 * Quick fixes for wid's diagnostics: each manifest fix as a WorkspaceEdit made by the core's
 * manifest executor (the one `kubectl wid fix` applies is preferred), fixes that change the
 * cluster or Azure as a command that shows them first, then "Explain" and "Disable".
 */
export class CodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly diagnostics: Diagnostics,
    private readonly service: () => Promise<Service>,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === "wid");
    if (ours.length === 0) return [];
    const service = await this.service();
    if (token.isCancellationRequested) return [];
    // answer from the text as it is now, not as it was before the debounce
    this.diagnostics.current(service);
    const entries = this.diagnostics.entries(doc.uri);
    const actions: vscode.CodeAction[] = [];
    const seenChecks = new Set<string>();
    for (const d of ours) {
      const entry = entryFor(entries, d);
      if (!entry) continue;
      actions.push(...(await this.#fixActions(service, entry.finding, d)));
      if (!seenChecks.has(entry.finding.checkId)) {
        seenChecks.add(entry.finding.checkId);
        actions.push(...this.#checkActions(entry.finding, d, doc.uri));
      }
    }
    return actions;
  }

  async #fixActions(service: Service, finding: Finding, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
    const out: vscode.CodeAction[] = [];
    for (const fix of service.mod.editorFixes(finding)) {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.isPreferred = fix.preferred;
      const made = await workspaceEditFor(service, finding, fix);
      if (made.ok) action.edit = made.edit;
      else action.disabled = { reason: `wid cannot apply it: ${made.reason}` };
      out.push(action);
    }
    for (const remote of service.mod.remoteFixes(finding)) {
      const where = remote.target === "azure" ? "in Azure" : "on the cluster";
      const action = new vscode.CodeAction(`${remote.fix.title} (${where})…`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.command = { title: action.title, command: "wid.fixFinding", arguments: [finding, remote.target] };
      out.push(action);
    }
    return out;
  }

  #checkActions(finding: Finding, d: vscode.Diagnostic, uri: vscode.Uri): vscode.CodeAction[] {
    const id = finding.checkId;
    const explain = new vscode.CodeAction(`Explain ${id}`, vscode.CodeActionKind.QuickFix);
    explain.diagnostics = [d];
    explain.command = { title: explain.title, command: "wid.openCheckDocs", arguments: [id] };
    const inFile = new vscode.CodeAction(`Disable ${id} in this file`, vscode.CodeActionKind.QuickFix);
    inFile.diagnostics = [d];
    inFile.command = { title: inFile.title, command: "wid.disableCheck", arguments: [id, "file", uri] };
    const everywhere = new vscode.CodeAction(`Disable ${id} for the workspace`, vscode.CodeActionKind.QuickFix);
    everywhere.diagnostics = [d];
    everywhere.command = { title: everywhere.title, command: "wid.disableCheck", arguments: [id, "workspace", uri] };
    return [explain, inFile, everywhere];
  }
}
