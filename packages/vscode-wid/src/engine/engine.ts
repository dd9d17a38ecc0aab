import { assembleSnapshot, buildIndex, isUserError, parseAzurePart, runChecks, unknownCheckIds, type Finding, type InputProblem, type Report, type Severity, type Snapshot, type SnapshotIndex, type SnapshotPart } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { ChunkedManifest } from "./chunks.js";
import { editorWords } from "./setting-words.js";

/** What the settings say about the checks, as plain data. */
export interface CheckSettings {
  severity: Readonly<Record<string, Severity>>;
  disabled: readonly string[];
  /** The AKS cluster the manifests belong to, when the Azure data holds several. */
  clusterName: string | undefined;
}

export interface Analysis {
  /** Bumped by every change of a file's text: equal numbers, equal analyses. */
  generation: number;
  snapshot: Snapshot;
  index: SnapshotIndex;
  report: Report;
  /** Findings by the file they point at. */
  byFile: Map<string, Finding[]>;
  /** Check ids named in the settings that name no check, with what they are close to. */
  unknownIds: { id: string; suggestions: string[] }[];
}

/**
 * The editor's view of the workspace: every manifest (the open editors' text in place of the
 * file's) and the Azure exports the settings name, each parsed once until it changes, and the
 * checks' report on all of them together, so that a ServiceAccount in one file and the
 * Deployment that runs as it in another are judged together.
 */
interface AzureFile {
  text: string;
  part: SnapshotPart | undefined;
  problem: InputProblem | undefined;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The editor's view of the workspace: every manifest (the open editors' text in place of the
 * file's) and the Azure exports the settings name, each parsed once until it changes (a large
 * manifest document by document), and the checks' report on all of them together, so that a
 * ServiceAccount in one file and the Deployment that runs as it in another are judged together.
 */
export class Engine {
  readonly #manifests = new Map<string, { text: string; chunks: ChunkedManifest }>();
  readonly #azure = new Map<string, AzureFile>();
  /** Azure read live with the user's sign-in; exports of the same objects win over it. */
  #azureLive: SnapshotPart | undefined;
  #generation = 0;
  #cached: { key: string; analysis: Analysis } | undefined;

  /** How many parses were done (of a file, or of a document of a large one): what incremental analysis saves shows here. */
  get parses(): number {
    let n = 0;
    for (const m of this.#manifests.values()) n += m.chunks.parses;
    return n + this.#azureParses;
  }
  #azureParses = 0;

  get generation(): number {
    return this.#generation;
  }

  /** Sets a manifest's text; returns whether it changed (an unchanged text is not parsed again). */
  setManifest(file: string, text: string): boolean {
    if (this.#azure.has(file)) return false;
    const known = this.#manifests.get(file);
    if (known?.text === text) return false;
    const chunks = known?.chunks ?? new ChunkedManifest(file);
    chunks.set(text);
    this.#manifests.set(file, { text, chunks });
    this.#generation++;
    return true;
  }

  remove(file: string): void {
    if (this.#manifests.delete(file) || this.#azure.delete(file)) this.#generation++;
  }

  has(file: string): boolean {
    return this.#manifests.has(file) || this.#azure.has(file);
  }

  isAzureExport(file: string): boolean {
    return this.#azure.has(file);
  }

  /** Replaces the Azure exports with these files; a text that is not an export becomes an input problem. */
  setAzureExports(files: readonly { file: string; text: string }[]): void {
    const keep = new Set(files.map((f) => f.file));
    for (const file of [...this.#azure.keys()]) {
      if (!keep.has(file)) {
        this.#azure.delete(file);
        this.#generation++;
      }
    }
    for (const { file, text } of files) {
      if (this.#manifests.delete(file)) this.#generation++;
      if (this.#azure.get(file)?.text === text) continue;
      this.#azureParses++;
      this.#generation++;
      try {
        this.#azure.set(file, { text, part: parseAzurePart(file, text), problem: undefined });
      } catch (e) {
        if (!isUserError(e)) throw e;
        const problem: InputProblem = { severity: "error", file, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}), message: editorWords(e.message), ...(e.hint ? { hint: editorWords(e.hint) } : {}) };
        this.#azure.set(file, { text, part: undefined, problem });
      }
    }
  }

  /** The Azure exports' parts, for a live read of the cluster to use as well. */
  azureExportParts(): SnapshotPart[] {
    return [...this.#azure.keys()].sort(byName).flatMap((file) => {
      const part = this.#azure.get(file)!.part;
      return part ? [part] : [];
    });
  }

  /** Sets (or clears) what was read of Azure live. */
  setAzureLive(part: SnapshotPart | undefined): void {
    if (part === this.#azureLive) return;
    this.#azureLive = part;
    this.#generation++;
  }

  /** The snapshot of every file, in file name order. */
  snapshot(clusterName?: string): Snapshot {
    const parts: SnapshotPart[] = [];
    for (const file of [...this.#manifests.keys()].sort(byName)) parts.push(...this.#manifests.get(file)!.chunks.parts);
    const problems: InputProblem[] = [];
    for (const file of [...this.#azure.keys()].sort(byName)) {
      const a = this.#azure.get(file)!;
      if (a.part) parts.push(a.part);
      if (a.problem) problems.push(a.problem);
    }
    if (this.#azureLive) parts.push(this.#azureLive);
    return assembleSnapshot({ parts, problems, ...(clusterName ? { options: { clusterName } } : {}) });
  }

  /** The report on the workspace as it is now; the same object until a file or the settings change. */
  analyse(settings: CheckSettings): Analysis {
    const known = (ids: readonly string[]) => ids.filter((id) => unknownCheckIds([id], allChecks).length === 0);
    const unknownIds = unknownCheckIds([...settings.disabled, ...Object.keys(settings.severity)], allChecks);
    const severity = Object.fromEntries(Object.entries(settings.severity).filter(([id]) => known([id]).length > 0));
    const disabled = known(settings.disabled);
    const key = JSON.stringify([this.#generation, severity, disabled, settings.clusterName ?? null]);
    if (this.#cached?.key === key) return this.#cached.analysis;
    const snapshot = this.snapshot(settings.clusterName);
    const index = buildIndex(snapshot);
    const report = runChecks(snapshot, allChecks, { severity, disabled, index });
    const byFile = new Map<string, Finding[]>();
    for (const f of report.findings) {
      const file = f.object.file;
      if (file === undefined) continue;
      const list = byFile.get(file);
      if (list) list.push(f);
      else byFile.set(file, [f]);
    }
    const analysis: Analysis = { generation: this.#generation, snapshot, index, report, byFile, unknownIds };
    this.#cached = { key, analysis };
    return analysis;
  }
}
