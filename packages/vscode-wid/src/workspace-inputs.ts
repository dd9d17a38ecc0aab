import * as vscode from "vscode";
import type { Engine, ReadError } from "#wid/engine";
import { exportPaths } from "./settings.js";
import { fileKey, readTextFile, rememberUri } from "./files.js";

const MANIFEST_GLOB = "**/*.{yaml,yml}";
const EXCLUDE_GLOB = "**/{node_modules,.git}/**";
/** A workspace with more manifests than this is read in part: the first ones VS Code finds. */
const MAX_FILES = 5000;
/** Larger files are not manifests people edit by hand; reading them would stall the editor. */
const MAX_BYTES = 10 * 2 ** 20;

/**
 * The files of the workspace the engine reads besides the open editors: every YAML manifest (so
 * that findings take the other files into account) and the Azure CLI exports the settings name.
 * Kept in step with the disk by file watchers; an open editor's text wins over its file's.
 */
export class WorkspaceInputs implements vscode.Disposable {
  /** Files read from disk, by key. */
  readonly onDisk = new Set<string>();
  /** Export paths that could not be read, for the tree's error nodes. */
  exportErrors: ReadError[] = [];
  /** What was read, for the tree's root: "12 manifests, 5 Azure exports". */
  summary = "";
  /** How long the first read of the workspace took, in milliseconds: finding the YAML files, reading them, reading the exports. */
  scanMs = 0;
  readonly scanDetail = { findMs: 0, manifestsMs: 0, exportsMs: 0 };
  readonly #changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.#changed.event;
  readonly #disposables: vscode.Disposable[] = [this.#changed];
  #scan: Promise<void> | undefined;
  #exportFiles = new Set<string>();

  constructor(
    private readonly engine: Engine,
    private readonly isOpen: (key: string) => boolean,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Reads the workspace once (later calls wait for the same read) and keeps it current. */
  ready(): Promise<void> {
    this.#scan ??= this.#start();
    return this.#scan;
  }

  async #start(): Promise<void> {
    const watcher = vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB);
    this.#disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.#reread(uri)),
      watcher.onDidChange((uri) => void this.#reread(uri)),
      watcher.onDidDelete((uri) => this.#deleted(uri)),
    );
    const jsonWatcher = vscode.workspace.createFileSystemWatcher("**/*.json");
    const exportChanged = (uri: vscode.Uri) => {
      if (this.#exportFiles.has(fileKey(uri)) || this.#underExportPath(uri)) void this.reloadExports();
    };
    this.#disposables.push(jsonWatcher, jsonWatcher.onDidCreate(exportChanged), jsonWatcher.onDidChange(exportChanged), jsonWatcher.onDidDelete(exportChanged));
    const t0 = performance.now();
    await Promise.all([
      this.#scanManifests(),
      this.reloadExports().then(() => {
        this.scanDetail.exportsMs = performance.now() - t0;
      }),
    ]);
    this.scanMs = performance.now() - t0;
  }

  async #scanManifests(): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) return;
    const t0 = Date.now();
    const uris = await vscode.workspace.findFiles(MANIFEST_GLOB, EXCLUDE_GLOB, MAX_FILES + 1);
    this.scanDetail.findMs = Date.now() - t0;
    if (uris.length > MAX_FILES) this.log.warn(`the workspace holds more than ${MAX_FILES} YAML files: only ${MAX_FILES} are read for cross-file checks`);
    await Promise.all(uris.slice(0, MAX_FILES).map((uri) => this.#read(uri)));
    this.scanDetail.manifestsMs = Date.now() - t0;
    this.log.info(`read ${this.onDisk.size} YAML files of the workspace in ${Date.now() - t0} ms`);
  }

  async #read(uri: vscode.Uri): Promise<boolean> {
    const key = rememberUri(uri);
    if (this.isOpen(key) || this.engine.isAzureExport(key)) return false;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_BYTES) {
        this.log.info(`${vscode.workspace.asRelativePath(uri)}: larger than ${MAX_BYTES / 2 ** 20} MB, not read`);
        return false;
      }
      const text = await readTextFile(uri);
      this.onDisk.add(key);
      return this.engine.setManifest(key, text);
    } catch (e) {
      this.log.warn(`${vscode.workspace.asRelativePath(uri)}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  async #reread(uri: vscode.Uri): Promise<void> {
    if (await this.#read(uri)) this.#changed.fire();
  }

  #deleted(uri: vscode.Uri): void {
    const key = fileKey(uri);
    this.onDisk.delete(key);
    if (this.isOpen(key)) return;
    this.engine.remove(key);
    this.#changed.fire();
  }

  /** Something else the analysis reads changed (Azure read live). */
  notifyChanged(): void {
    this.#changed.fire();
  }

  /** An open editor was closed: its file's text on disk counts again (or nothing, outside the workspace). */
  async closed(uri: vscode.Uri): Promise<void> {
    const key = fileKey(uri);
    if (this.engine.isAzureExport(key)) return;
    if (uri.scheme === "file" && vscode.workspace.getWorkspaceFolder(uri) && /\.ya?ml$/i.test(uri.path)) {
      try {
        await vscode.workspace.fs.stat(uri);
        await this.#read(uri);
        this.#changed.fire();
        return;
      } catch {
        // deleted meanwhile: forget it below
      }
    }
    this.engine.remove(key);
    this.#changed.fire();
  }

  #underExportPath(uri: vscode.Uri): boolean {
    const path = uri.fsPath;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const p of exportPaths(folder)) {
        const base = vscode.Uri.joinPath(folder.uri, p).fsPath;
        if (path === base || path.startsWith(base.endsWith("/") ? base : `${base}/`)) return true;
      }
    }
    return false;
  }

  /** Reads the Azure exports the settings name again (after a settings change, or a change of the files). */
  async reloadExports(): Promise<void> {
    const errors: ReadError[] = [];
    const files: { file: string; text: string }[] = [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    const targets: { folder: vscode.WorkspaceFolder | undefined; path: string }[] = folders.length
      ? folders.flatMap((folder) => exportPaths(folder).map((path) => ({ folder, path })))
      : exportPaths(undefined).map((path) => ({ folder: undefined, path }));
    for (const { folder, path } of targets) {
      const uri = path.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(path) || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder.uri, path);
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        const uris =
          stat.type & vscode.FileType.Directory
            ? (await vscode.workspace.fs.readDirectory(uri)).filter(([name, type]) => type & vscode.FileType.File && /\.json$/i.test(name)).sort(([a], [b]) => a.localeCompare(b)).map(([name]) => vscode.Uri.joinPath(uri, name))
            : [uri];
        if (uris.length === 0) errors.push({ what: "Azure export", message: `${path}: no .json file in this folder`, hint: "the setting wid.azure.exportPaths names files or folders of Azure CLI JSON output" });
        for (const u of uris) files.push({ file: rememberUri(u), text: await readTextFile(u) });
      } catch (e) {
        const code = e instanceof vscode.FileSystemError ? e.code : undefined;
        errors.push({
          what: "Azure export",
          message: code === "FileNotFound" || code === "EntryNotFound" ? `${path}: no such file or folder` : `${path}: ${e instanceof Error ? e.message : String(e)}`,
          hint: `the setting wid.azure.exportPaths names it${folder ? ` (relative to ${folder.name})` : ""}`,
        });
      }
    }
    for (const f of files) this.onDisk.delete(f.file);
    this.engine.setAzureExports(files);
    this.#exportFiles = new Set(files.map((f) => f.file));
    this.exportErrors = errors;
    this.summary = `${this.onDisk.size} YAML files${files.length ? `, ${files.length} Azure export${files.length === 1 ? "" : "s"}` : ""}`;
    this.#changed.fire();
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
  }
}
