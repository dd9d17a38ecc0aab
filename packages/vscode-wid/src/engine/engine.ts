import { buildIndex, runChecks, SnapshotWorkspace, unknownCheckIds, type Finding, type Report, type Severity, type Snapshot, type SnapshotIndex } from "@wid/core";
import { allChecks } from "@wid/core/checks";

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
export class Engine {
  readonly #workspace = new SnapshotWorkspace();
  readonly #azure = new Set<string>();
  #generation = 0;
  #cached: { key: string; analysis: Analysis } | undefined;

  /** How many times a file was parsed: what incremental analysis saves shows here. */
  get parses(): number {
    return this.#workspace.parses;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Sets a manifest's text; returns whether it changed (an unchanged text is not parsed again). */
  setManifest(file: string, text: string): boolean {
    if (this.#azure.has(file)) return false;
    const changed = this.#workspace.setManifest(file, text);
    if (changed) this.#generation++;
    return changed;
  }

  remove(file: string): void {
    if (this.#workspace.delete(file)) this.#generation++;
    this.#azure.delete(file);
  }

  has(file: string): boolean {
    return this.#workspace.has(file);
  }

  isAzureExport(file: string): boolean {
    return this.#azure.has(file);
  }

  /** Replaces the Azure exports with these files. */
  setAzureExports(files: readonly { file: string; text: string }[]): void {
    const keep = new Set(files.map((f) => f.file));
    for (const file of this.#azure) {
      if (!keep.has(file)) {
        this.#workspace.delete(file);
        this.#azure.delete(file);
        this.#generation++;
      }
    }
    for (const { file, text } of files) {
      this.#azure.add(file);
      if (this.#workspace.setAzure(file, text)) this.#generation++;
    }
  }

  /** The report on the workspace as it is now; the same object until a file or the settings change. */
  analyse(settings: CheckSettings): Analysis {
    const known = (ids: readonly string[]) => ids.filter((id) => unknownCheckIds([id], allChecks).length === 0);
    const unknownIds = unknownCheckIds([...settings.disabled, ...Object.keys(settings.severity)], allChecks);
    const severity = Object.fromEntries(Object.entries(settings.severity).filter(([id]) => known([id]).length > 0));
    const disabled = known(settings.disabled);
    const key = JSON.stringify([this.#generation, severity, disabled, settings.clusterName ?? null]);
    if (this.#cached?.key === key) return this.#cached.analysis;
    const snapshot = this.#workspace.snapshot(settings.clusterName ? { options: { clusterName: settings.clusterName } } : {});
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
