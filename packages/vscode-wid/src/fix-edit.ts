import * as vscode from "vscode";
import type { Finding } from "@wid/core";
import type { EditorFix, TextChange } from "#wid/engine";
import { fileKey, uriOf } from "./files.js";
import type { Service } from "./service.js";

export type MadeEdit = { ok: true; edit: vscode.WorkspaceEdit; changes: TextChange[]; docs: Map<string, vscode.TextDocument> } | { ok: false; reason: string };

/** The open document of every file a fix edits (VS Code opens them in the background when needed). */
async function documentsOf(files: readonly string[]): Promise<Map<string, vscode.TextDocument>> {
  const docs = new Map<string, vscode.TextDocument>();
  for (const file of new Set(files)) {
    const uri = uriOf(file);
    const open = vscode.workspace.textDocuments.find((d) => fileKey(d.uri) === file);
    docs.set(file, open ?? (await vscode.workspace.openTextDocument(uri)));
  }
  return docs;
}

/** A fix's manifest plans as a WorkspaceEdit on the files' current texts, or why it cannot be made. */
export async function workspaceEditFor(service: Service, finding: Finding, fix: EditorFix): Promise<MadeEdit> {
  let docs: Map<string, vscode.TextDocument>;
  try {
    docs = await documentsOf(fix.plans.map((p) => p.file));
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
  const result = service.mod.fixChanges(finding, fix.fix, fix.plans, (file) => docs.get(file)?.getText());
  if (!result.ok) return result;
  const edit = new vscode.WorkspaceEdit();
  for (const change of result.changes) {
    const doc = docs.get(change.file)!;
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(change.from), doc.positionAt(change.to)), change.insert);
  }
  return { ok: true, edit, changes: result.changes, docs };
}

/** A short preview of the changes, for a confirmation: the lines before and after, per file. */
export function previewOf(changes: readonly TextChange[], docs: Map<string, vscode.TextDocument>): string {
  const out: string[] = [];
  for (const c of changes) {
    const doc = docs.get(c.file)!;
    const start = doc.positionAt(c.from);
    const end = doc.positionAt(c.to);
    const firstLine = start.line;
    const lastLine = end.line;
    const before = doc.getText(new vscode.Range(firstLine, 0, lastLine, doc.lineAt(lastLine).text.length));
    const after = doc.getText(new vscode.Range(firstLine, 0, start.line, start.character)) + c.insert + doc.getText(new vscode.Range(end, doc.lineAt(lastLine).range.end));
    out.push(`${vscode.workspace.asRelativePath(doc.uri)}:${firstLine + 1}`);
    if (before !== "") for (const l of before.split(/\r?\n/)) out.push(`- ${l}`);
    for (const l of after.split(/\r?\n/)) out.push(`+ ${l}`);
  }
  return out.join("\n");
}
