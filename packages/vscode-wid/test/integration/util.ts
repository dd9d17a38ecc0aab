import * as vscode from "vscode";
import type { WidApi } from "../../src/extension.js";

export const EXTENSION_ID = "wid.vscode-wid";

/** Polls until `fn` returns a truthy value; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function api(): Promise<WidApi> {
  const ext = vscode.extensions.getExtension<WidApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error("no workspace folder is open");
  return f.uri;
}

export function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(), rel);
}

export async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(file(rel));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export function widDiagnostics(uri: vscode.Uri, checkId?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "wid" && (checkId === undefined || codeOf(d) === checkId));
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === "object" ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

/** The range of the first occurrence of `needle` (after `after`, when given) in a document. */
export function rangeOfText(doc: vscode.TextDocument, needle: string, after?: string): vscode.Range {
  const text = doc.getText();
  const from = after === undefined ? 0 : text.indexOf(after);
  if (from < 0) throw new Error(`"${after}" is not in ${doc.uri.path}`);
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" is not in ${doc.uri.path}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

export function show(r: vscode.Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, range)) ?? [];
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))).join("\n---\n");
}

/** Closes every editor without saving the workspace's files: the next test starts from the files on disk. */
export async function closeAll(): Promise<void> {
  const root = folder().toString();
  for (const doc of vscode.workspace.textDocuments) {
    // the workbench's own documents (the user's settings.json) are left to it
    if (!doc.isDirty || !doc.uri.toString().startsWith(`${root}/`)) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  }
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}

export async function setSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
  await vscode.workspace.getConfiguration("wid").update(key, value, target);
}


export interface Asked {
  message: string;
  modal: boolean;
  detail: string | undefined;
  items: string[];
}

/**
 * VS Code shows no dialog while extension tests run: while `run` runs, the extension's warnings
 * and errors are recorded here, and a modal one (a confirmation) is answered with `answer` (or dismissed).
 * The extension and its tests share one \`vscode\` API object, so this reaches the extension's calls.
 */
export async function answering<T>(answer: string | undefined, run: () => Thenable<T>): Promise<{ result: T; asked: Asked[]; warned: Asked[]; errors: string[] }> {
  const window = vscode.window as { showWarningMessage: (...args: unknown[]) => Thenable<unknown>; showErrorMessage: (...args: unknown[]) => Thenable<unknown> };
  const original = window.showWarningMessage;
  const originalError = window.showErrorMessage;
  const all: Asked[] = [];
  const errors: string[] = [];
  window.showErrorMessage = (message: unknown) => {
    errors.push(String(message));
    return Promise.resolve(undefined);
  };
  window.showWarningMessage = (message: unknown, ...rest: unknown[]) => {
    const options = rest[0] && typeof rest[0] === "object" ? (rest[0] as vscode.MessageOptions) : undefined;
    const modal = options?.modal === true;
    all.push({ message: String(message), modal, detail: options?.detail, items: rest.slice(options ? 1 : 0).map(String) });
    return modal ? Promise.resolve(answer) : Promise.resolve(undefined);
  };
  try {
    return { result: await run(), asked: all.filter((a) => a.modal), warned: all.filter((a) => !a.modal), errors };
  } finally {
    window.showWarningMessage = original;
    window.showErrorMessage = originalError;
  }
}
