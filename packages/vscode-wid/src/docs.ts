import * as vscode from "vscode";
import { loadEngine } from "./engine-loader.js";

declare const WID_DOCS_URL: string | undefined;

export const DOCS_SCHEME = "wid-docs";

/**
 * Where a check's documentation is: the published page when the build knows where the
 * repository is, else the page the engine renders from the check's metadata, shown in the editor
 * (the same text as docs/checks/<id>.md).
 */
export function docsUri(checkId: string): vscode.Uri {
  const base = typeof WID_DOCS_URL === "string" ? WID_DOCS_URL : "";
  return base ? vscode.Uri.parse(`${base}${checkId}.md`) : vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${checkId}.md` });
}

/** Serves `wid-docs:/<id>.md` from the checks' metadata. */
export class CheckDocs implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = uri.path.replace(/^\//, "").replace(/\.md$/, "");
    const engine = await loadEngine();
    return engine.checkDoc(id) ?? `# ${id}\n\nwid has no check with this id. The command "wid: Open a Check's Documentation" lists them.\n`;
  }
}

/** Opens a check's page rendered (the Markdown preview), beside the editor. */
export async function openCheckDoc(checkId: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${checkId}.md` });
  const doc = await vscode.workspace.openTextDocument(uri);
  const previewed = await vscode.commands.executeCommand("markdown.showPreviewToSide", uri).then(
    () => true,
    () => false,
  );
  if (!previewed) await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return uri;
}
