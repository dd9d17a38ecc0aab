import { isUserError } from "../errors.js";
import type { KubeObject } from "../model/kube.js";
import type { Coverage, InputProblem, Snapshot, SnapshotOptions } from "../model/snapshot.js";
import type { ParseOptions } from "./manifests/parse.js";
import { assembleSnapshot, parseAzurePart, parseManifestPart, type AssembleInput, type SnapshotPart } from "./snapshot.js";

interface Entry {
  kind: "manifests" | "azure";
  text: string;
  part: SnapshotPart | undefined;
  /** Why the file could not be read as what it was given as. */
  problem: InputProblem | undefined;
}

/**
 * Files known by their text, each parsed once until it changes: an edit to one file re-parses
 * that file only, and the snapshot is assembled from the parts (the editor keeps one for its
 * workspace; a watch loop could too). Positions stay lazy: objects are located only when a
 * finding asks.
 */
export class SnapshotWorkspace {
  readonly #entries = new Map<string, Entry>();
  #parses = 0;

  constructor(private readonly parseOptions: ParseOptions = {}) {}

  /** How many files were parsed so far: what an incremental run saves shows here. */
  get parses(): number {
    return this.#parses;
  }

  /** Sets a manifest file's text; returns whether it was parsed (false when the text is unchanged). */
  setManifest(file: string, text: string): boolean {
    return this.#set(file, "manifests", text);
  }

  /** Sets an Azure CLI export's text; a text that is not an export becomes an input problem of the snapshot. */
  setAzure(file: string, text: string): boolean {
    return this.#set(file, "azure", text);
  }

  delete(file: string): boolean {
    return this.#entries.delete(file);
  }

  has(file: string): boolean {
    return this.#entries.has(file);
  }

  files(): string[] {
    return [...this.#entries.keys()];
  }

  /**
   * The snapshot of every file set, in file name order, with a live cluster's objects when given,
   * and parts read elsewhere (live Azure) after the files': the files' Azure objects win.
   */
  snapshot(opts: { now?: number; options?: SnapshotOptions; live?: AssembleInput["live"]; extraParts?: readonly SnapshotPart[] } = {}): Snapshot {
    const entries = [...this.#entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
    return assembleSnapshot({
      parts: [...entries.flatMap((e) => (e.part ? [e.part] : [])), ...(opts.extraParts ?? [])],
      problems: entries.flatMap((e) => (e.problem ? [e.problem] : [])),
      ...(opts.live ? { live: opts.live } : {}),
      ...(opts.now !== undefined ? { now: opts.now } : {}),
      ...(opts.options ? { options: opts.options } : {}),
    });
  }

  #set(file: string, kind: Entry["kind"], text: string): boolean {
    const known = this.#entries.get(file);
    if (known && known.kind === kind && known.text === text) return false;
    this.#parses++;
    try {
      const part = kind === "manifests" ? parseManifestPart(file, text, this.parseOptions) : parseAzurePart(file, text);
      this.#entries.set(file, { kind, text, part, problem: undefined });
    } catch (e) {
      if (!isUserError(e)) throw e;
      const problem: InputProblem = { severity: "error", file, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}), message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
      this.#entries.set(file, { kind, text, part: undefined, problem });
    }
    return true;
  }
}
