import * as vscode from "vscode";

/** The name a file has in the engine and in findings: its path for files on disk, its URI otherwise. */
export function fileKey(uri: vscode.Uri): string {
  return uri.scheme === "file" ? uri.fsPath : uri.toString();
}

const byKey = new Map<string, vscode.Uri>();

export function rememberUri(uri: vscode.Uri): string {
  const key = fileKey(uri);
  byKey.set(key, uri);
  return key;
}

/** The URI of a file the engine knows by `key`. */
export function uriOf(key: string): vscode.Uri {
  const known = byKey.get(key);
  if (known) return known;
  // paths are absolute (`/...`, `C:\...`); anything else is a URI of another scheme
  return key.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(key) ? vscode.Uri.file(key) : vscode.Uri.parse(key);
}

/** A manifest editor: YAML (the language VS Code gives .yaml and .yml files). */
export function isManifestDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === "yaml";
}

/** The path of a file relative to its workspace folder, with `/`, for the settings' globs. */
export function relativePath(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, "/");
}

const decoder = new TextDecoder("utf-8");

/** A file's text as VS Code reads it; a byte order mark is dropped as editors drop it. */
export async function readTextFile(uri: vscode.Uri): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  const text = decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
