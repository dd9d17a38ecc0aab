import * as vscode from "vscode";
import type { Finding, ObjectRef } from "@wid/core";
import type { Analysis } from "#wid/engine";
import { disabledInFile } from "./engine/glob.js";
import { fileKey, isManifestDocument, relativePath, rememberUri, uriOf } from "./files.js";
import type { Service } from "./service.js";
import { debounceMs, disabledInFiles } from "./settings.js";
import { docsUri } from "./docs.js";

const SEVERITY: Record<Finding["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Where a finding points: its exact range, else its line and column. */
export function rangeOf(o: ObjectRef): vscode.Range | undefined {
  if (o.range) return new vscode.Range(o.range.start.line - 1, o.range.start.column - 1, o.range.end.line - 1, o.range.end.column - 1);
  if (o.line === undefined) return undefined;
  const line = o.line - 1;
  const column = (o.column ?? 1) - 1;
  // an Azure export object has a position, no span: VS Code widens an empty range to the word there
  return new vscode.Range(line, column, line, column);
}

export function toDiagnostic(f: Finding): vscode.Diagnostic | undefined {
  const range = rangeOf(f.object);
  if (!range) return undefined;
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  d.source = "wid";
  d.code = { value: f.checkId, target: docsUri(f.checkId) };
  const related = (f.related ?? []).flatMap((r) => {
    const at = r.file ? rangeOf(r) : undefined;
    return at && r.file ? [new vscode.DiagnosticRelatedInformation(new vscode.Location(uriOf(r.file), at), `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`)] : [];
  });
  if (related.length) d.relatedInformation = related;
  return d;
}

export interface Entry {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

/**
 * Findings as diagnostics on the open manifests (and, after "Check Every Manifest", on every
 * file with a finding): debounced after edits, on every file a change affects (a ServiceAccount
 * edited in one file changes what is found in another).
 */
export class Diagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection("wid");
  readonly #pending = new Map<string, vscode.TextDocument>();
  readonly #entries = new Map<string, Entry[]>();
  readonly #updated = new vscode.EventEmitter<Analysis>();
  readonly onDidUpdate = this.#updated.event;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #everyFile = false;
  #saidBug = false;
  #idle: (() => void)[] = [];
  lastAnalysis: Analysis | undefined;
  /** What the last update cost, in milliseconds: reading the edits in, the checks, the diagnostics. */
  readonly lastRun = { parseMs: 0, analyseMs: 0, publishMs: 0, diagnostics: 0, publishedAt: 0 };

  constructor(
    private readonly service: () => Promise<Service>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Keys of the manifests open in the editor: their text wins over the file's. */
  openKeys(): Set<string> {
    const keys = new Set<string>();
    for (const doc of vscode.workspace.textDocuments) if (!doc.isClosed && isManifestDocument(doc)) keys.add(fileKey(doc.uri));
    return keys;
  }

  /** Keys of every open document: findings in an open Azure export show too. */
  #shownKeys(): Set<string> {
    const keys = new Set<string>();
    for (const doc of vscode.workspace.textDocuments) if (!doc.isClosed) keys.add(rememberUri(doc.uri));
    return keys;
  }

  opened(doc: vscode.TextDocument): void {
    if (isManifestDocument(doc)) {
      this.#pending.set(rememberUri(doc.uri), doc);
      this.schedule(0);
    } else if (this.lastAnalysis?.byFile.has(fileKey(doc.uri))) {
      // an Azure export with findings was opened: show them
      this.schedule(0);
    }
  }

  changed(doc: vscode.TextDocument): void {
    if (!isManifestDocument(doc)) return;
    this.#pending.set(rememberUri(doc.uri), doc);
    this.schedule(debounceMs());
  }

  async closed(doc: vscode.TextDocument): Promise<void> {
    const key = fileKey(doc.uri);
    this.#pending.delete(key);
    if (isManifestDocument(doc)) {
      const service = await this.service();
      await service.inputs.closed(doc.uri);
    }
    this.schedule(0);
  }

  /** Shows the findings of every file of the workspace, not only of the open ones (until the window closes). */
  async everyFile(): Promise<number> {
    this.#everyFile = true;
    this.schedule(0);
    await this.whenIdle();
    let n = 0;
    this.collection.forEach((_uri, list) => {
      n += list.length;
    });
    return n;
  }

  schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, ms);
  }

  /** Resolves once no analysis is waiting or running. */
  whenIdle(): Promise<void> {
    if (!this.#timer && !this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      try {
        const service = await this.service();
        await service.inputs.ready();
        const before = this.lastAnalysis;
        const analysis = this.current(service);
        // unchanged, but an editor opened or closed: its diagnostics are shown or cleared
        if (analysis === before) this.#publish(analysis);
      } catch (e) {
        // a bug, not the user's input: said once, logged each time, and later updates go on
        this.log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
        if (!this.#saidBug) {
          this.#saidBug = true;
          void vscode.window.showErrorMessage(`wid could not check the manifests: ${e instanceof Error ? e.message : String(e)}. This is a bug of wid; the wid output has the details.`);
        }
      }
    })();
    await this.#running;
    this.#running = undefined;
    if (this.#again) {
      this.#again = false;
      return this.#run();
    }
    if (!this.#timer) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** The analysis with every pending edit in it: what code actions and hovers must answer from. */
  current(service: Service): Analysis {
    const t0 = performance.now();
    for (const [key, doc] of this.#pending) if (!doc.isClosed) service.engine.setManifest(key, doc.getText());
    this.#pending.clear();
    const t1 = performance.now();
    const analysis = service.analyse();
    const t2 = performance.now();
    if (analysis !== this.lastAnalysis) {
      this.lastRun.parseMs = t1 - t0;
      this.lastRun.analyseMs = t2 - t1;
      this.#publish(analysis);
    }
    return analysis;
  }

  #publish(analysis: Analysis): void {
    const t0 = performance.now();
    this.lastAnalysis = analysis;
    const shown = this.#shownKeys();
    if (this.#everyFile) for (const key of analysis.byFile.keys()) shown.add(key);
    const disabledByGlob = disabledInFiles();
    const hasGlobs = Object.keys(disabledByGlob).length > 0;
    for (const key of [...this.#entries.keys()]) {
      if (!shown.has(key)) {
        this.#entries.delete(key);
        this.collection.delete(uriOf(key));
      }
    }
    for (const key of shown) {
      const uri = uriOf(key);
      const off = hasGlobs ? this.#disabledIn(uri, disabledByGlob) : undefined;
      const findings = analysis.byFile.get(key);
      if (!findings && !this.#entries.has(key)) continue;
      const entries: Entry[] = [];
      for (const finding of findings ?? []) {
        if (off?.has(finding.checkId)) continue;
        const diagnostic = toDiagnostic(finding);
        if (diagnostic) entries.push({ diagnostic, finding });
      }
      this.#entries.set(key, entries);
      this.collection.set(uri, entries.map((e) => e.diagnostic));
    }
    this.lastRun.publishedAt = performance.now();
    this.lastRun.publishMs = this.lastRun.publishedAt - t0;
    this.lastRun.diagnostics = [...this.#entries.values()].reduce((n, list) => n + list.length, 0);
    this.#updated.fire(analysis);
  }

  #disabledIn(uri: vscode.Uri, globs: Record<string, string[]>): Set<string> | undefined {
    const rel = relativePath(uri);
    return rel === undefined ? undefined : disabledInFile(rel, globs);
  }

  /** The findings behind the diagnostics of a file. */
  entries(uri: vscode.Uri): Entry[] {
    return this.#entries.get(fileKey(uri)) ?? [];
  }

  /** Publishes again with the current settings (a check turned off, a severity changed). */
  refresh(): void {
    this.lastAnalysis = undefined;
    this.schedule(0);
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.collection.dispose();
    this.#updated.dispose();
  }
}
