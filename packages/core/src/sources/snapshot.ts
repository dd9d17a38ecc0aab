import type { KubeObject } from "../model/kube.js";
import type { Coverage, InputProblem, Snapshot, SnapshotOptions } from "../model/snapshot.js";
import { WI } from "../wi.js";
import { holdsSecret, redactDeep } from "../util/redact.js";
import { emptyRuntimeState, type RuntimeState } from "../model/runtime.js";
import { loadAzureExports, newAzureExport, parseAzureExportText, type AzureExport } from "./azure-export/load.js";
import { withoutUnreferencedConfig } from "./config-refs.js";
import { loadManifests } from "./manifests/load.js";
import { newSink, objectIdentity, parseManifestText, redefinition, type ManifestSink, type ParseOptions } from "./manifests/parse.js";
import type { OnLoadProgress } from "./progress.js";

export type { LoadProgress, OnLoadProgress } from "./progress.js";

/**
 * What one source read: the manifests of one file (or of several, read together), or the Azure
 * exports of one file. Parts are what incremental runs cache: an edit re-parses its file's part.
 */
export type SnapshotPart = { kind: "manifests"; sink: ManifestSink } | { kind: "azure"; export: AzureExport };

/** The manifests of one file, parsed. */
export function parseManifestPart(file: string, text: string, opts: ParseOptions = {}): SnapshotPart {
  const sink = newSink();
  parseManifestText(file, text, sink, opts);
  return { kind: "manifests", sink };
}

/** The Azure CLI export of one file, parsed; a file that is not an export is a UserError. */
export function parseAzurePart(file: string, text: string): SnapshotPart {
  const out = newAzureExport();
  parseAzureExportText(file, text, out);
  return { kind: "azure", export: out };
}

export interface AssembleInput {
  parts: readonly SnapshotPart[];
  /** Objects of a live cluster, and what it could and could not read (from the live source). */
  live?: { objects: readonly KubeObject[]; coverage: Coverage; runtime?: RuntimeState };
  /** Problems found before any part was read (a directory with no manifest). */
  problems?: readonly InputProblem[];
  now?: number;
  options?: SnapshotOptions;
}

/**
 * Builds the snapshot the checks see from what the sources read: manifests (a later definition
 * of an object replaces an earlier one, with a warning, as a later `kubectl apply` would), Azure
 * exports (an object exported twice counts once) and a live cluster's objects and coverage.
 */
export function assembleSnapshot(input: AssembleInput): Snapshot {
  const coverage: Coverage = { available: new Set(), gaps: new Map(), problems: [...(input.problems ?? [])] };
  const objects: KubeObject[] = [];
  const byIdentity = new Map<string, number>();
  const keep = (o: KubeObject) => {
    const key = objectIdentity(o);
    const earlier = byIdentity.get(key);
    if (earlier === undefined) {
      byIdentity.set(key, objects.length);
      objects.push(o);
    } else {
      // a manifest over a live object is the change the user means to apply, not a redefinition
      if (objects[earlier]!.origin !== undefined) coverage.problems.push(redefinition(o, objects[earlier]!));
      objects[earlier] = o;
    }
  };
  if (input.live) {
    for (const o of input.live.objects) keep(o);
    for (const key of input.live.coverage.available) coverage.available.add(key);
    for (const [key, gap] of input.live.coverage.gaps) coverage.gaps.set(key, gap);
    coverage.problems.push(...input.live.coverage.problems);
    if (input.live.coverage.live) coverage.live = input.live.coverage.live;
  }

  const manifests = input.parts.flatMap((p) => (p.kind === "manifests" ? [p.sink] : []));
  let skipped = 0;
  for (const sink of manifests) {
    for (const o of sink.objects) keep(o);
    coverage.problems.push(...sink.problems);
    skipped += sink.skippedObjects;
  }
  if (manifests.length > 0 && !coverage.available.has("kube")) {
    // Manifests that yielded no object at all (empty, or all invalid) must not pass the checks
    // that read Kubernetes objects: they are not run, and say why.
    if (objects.length > 0 || skipped > 0) coverage.available.add("kube");
    else coverage.gaps.set("kube", { code: "nothing-read" });
  }
  if (objects.some((o) => o.kind === "ConfigMap" && o.name === WI.webhookConfigMap)) coverage.available.add("webhook-config");

  const azure = mergeAzure(input.parts.flatMap((p) => (p.kind === "azure" ? [p.export] : [])));
  if (azure) {
    for (const key of azure.loaded) coverage.available.add(key);
    for (const [key, gap] of azure.gaps) if (!azure.loaded.has(key)) coverage.gaps.set(key, gap);
    coverage.problems.push(...azure.problems);
  }
  // a problem may quote what it could not read: it passes the redactor as findings do
  coverage.problems = coverage.problems.map((p) => (holdsSecret(p.message) || (p.hint !== undefined && holdsSecret(p.hint)) ? redactDeep(p) : p));
  return { objects: withoutUnreferencedConfig(objects), azure: azure?.state ?? newAzureExport().state, runtime: input.live?.runtime ?? emptyRuntimeState(), coverage, now: input.now ?? Date.now(), options: input.options ?? {} };
}

/** The last merge: a workspace assembles a snapshot per edit, mostly from the same Azure parts. */
let lastMerge: { exports: readonly AzureExport[]; merged: AzureExport } | undefined;

/** The exports of several files as one: an object in two files counts once. */
function mergeAzure(exports: readonly AzureExport[]): AzureExport | undefined {
  if (exports.length <= 1) return exports[0];
  if (lastMerge && lastMerge.exports.length === exports.length && lastMerge.exports.every((e, i) => e === exports[i])) return lastMerge.merged;
  const out = newAzureExport();
  for (const e of exports) {
    for (const key of e.loaded) out.loaded.add(key);
    for (const [key, gap] of e.gaps) out.gaps.set(key, gap);
    out.problems.push(...e.problems);
    for (const kind of Object.keys(out.state) as (keyof AzureExport["state"])[]) {
      for (const item of e.state[kind] as { id: string }[]) {
        const seen = `${kind}\u0000${item.id.toLowerCase()}`;
        if (out.seen.has(seen)) continue;
        out.seen.add(seen);
        (out.state[kind] as { id: string }[]).push(item);
      }
    }
  }
  lastMerge = { exports, merged: out };
  return out;
}

export interface OfflineInputs {
  /** Manifest paths: files, directories or `-` for stdin. */
  manifests?: readonly string[];
  /** Azure CLI export paths. */
  azure?: readonly string[];
  defaultNamespace?: string;
  stdin?: NodeJS.ReadableStream;
  now?: number;
  options?: SnapshotOptions;
  /** Told about each file as it is read: manifests first, then Azure exports. */
  onProgress?: OnLoadProgress;
}

/** Reads manifest files and Azure CLI exports into parts (no network): what a live run adds the cluster to. */
export async function loadOfflineParts(inputs: Omit<OfflineInputs, "now" | "options">): Promise<SnapshotPart[]> {
  const parts: SnapshotPart[] = [];
  if (inputs.manifests?.length) {
    const sink = await loadManifests(inputs.manifests, {
      ...(inputs.defaultNamespace ? { defaultNamespace: inputs.defaultNamespace } : {}),
      ...(inputs.stdin ? { stdin: inputs.stdin } : {}),
      ...(inputs.onProgress ? { onProgress: inputs.onProgress } : {}),
    });
    parts.push({ kind: "manifests", sink });
  }
  if (inputs.azure?.length) parts.push({ kind: "azure", export: await loadAzureExports(inputs.azure, inputs.onProgress ? { onProgress: inputs.onProgress } : {}) });
  return parts;
}

/** Builds a snapshot from manifest files and Azure CLI exports (no network). */
export async function loadOfflineSnapshot(inputs: OfflineInputs): Promise<Snapshot> {
  const parts = await loadOfflineParts(inputs);
  return assembleSnapshot({ parts, ...(inputs.now !== undefined ? { now: inputs.now } : {}), ...(inputs.options ? { options: inputs.options } : {}) });
}

export interface TextInputs {
  manifests?: readonly { file: string; text: string }[];
  azure?: readonly { file: string; text: string }[];
  defaultNamespace?: string;
  now?: number;
  options?: SnapshotOptions;
}

/** The same as loadOfflineSnapshot, from texts already in memory (editor buffers, tests). */
export function snapshotFromTexts(inputs: TextInputs): Snapshot {
  const opts = inputs.defaultNamespace ? { defaultNamespace: inputs.defaultNamespace } : {};
  const parts: SnapshotPart[] = [];
  if (inputs.manifests) {
    // read as one set, as loadManifests does: an empty set is a set that yields nothing
    const sink = newSink();
    for (const m of inputs.manifests) parseManifestText(m.file, m.text, sink, opts);
    parts.push({ kind: "manifests", sink });
  }
  if (inputs.azure) {
    const out = newAzureExport();
    for (const a of inputs.azure) parseAzureExportText(a.file, a.text, out);
    parts.push({ kind: "azure", export: out });
  }
  return assembleSnapshot({ parts, ...(inputs.now !== undefined ? { now: inputs.now } : {}), ...(inputs.options ? { options: inputs.options } : {}) });
}
