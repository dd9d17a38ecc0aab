import type { Snapshot, SnapshotOptions } from "../model/snapshot.js";
import { WI } from "../wi.js";
import { loadAzureExports, newAzureExport, parseAzureExportText, type AzureExport } from "./azure-export/load.js";
import { loadManifests } from "./manifests/load.js";
import { newSink, parseManifestText, type ManifestSink } from "./manifests/parse.js";
import type { OnLoadProgress } from "./progress.js";

export type { LoadProgress, OnLoadProgress } from "./progress.js";

export interface OfflineInputs {
  /** Manifest paths (`-f`); files, directories or `-`. */
  manifests?: readonly string[];
  /** Azure CLI export paths (`--azure`). */
  azure?: readonly string[];
  defaultNamespace?: string;
  stdin?: NodeJS.ReadableStream;
  now?: number;
  options?: SnapshotOptions;
  /** Told about each file as it is read: manifests first, then Azure exports. */
  onProgress?: OnLoadProgress;
}

/** Builds a snapshot from manifest files and Azure CLI exports (no network). */
export async function loadOfflineSnapshot(inputs: OfflineInputs): Promise<Snapshot> {
  const sink = inputs.manifests?.length
    ? await loadManifests(inputs.manifests, {
        ...(inputs.defaultNamespace ? { defaultNamespace: inputs.defaultNamespace } : {}),
        ...(inputs.stdin ? { stdin: inputs.stdin } : {}),
        ...(inputs.onProgress ? { onProgress: inputs.onProgress } : {}),
      })
    : undefined;
  const azure = inputs.azure?.length ? await loadAzureExports(inputs.azure, inputs.onProgress ? { onProgress: inputs.onProgress } : {}) : undefined;
  return assemble(sink, azure, inputs.now ?? Date.now(), inputs.options ?? {});
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
  let sink: ManifestSink | undefined;
  if (inputs.manifests) {
    sink = newSink();
    for (const m of inputs.manifests) {
      parseManifestText(m.file, m.text, sink, inputs.defaultNamespace ? { defaultNamespace: inputs.defaultNamespace } : {});
    }
  }
  let azure: AzureExport | undefined;
  if (inputs.azure) {
    azure = newAzureExport();
    for (const a of inputs.azure) parseAzureExportText(a.file, a.text, azure);
  }
  return assemble(sink, azure, inputs.now ?? Date.now(), inputs.options ?? {});
}

function assemble(sink: ManifestSink | undefined, azure: AzureExport | undefined, now: number, options: SnapshotOptions): Snapshot {
  const snapshot: Snapshot = {
    objects: sink?.objects ?? [],
    azure: azure?.state ?? newAzureExport().state,
    coverage: { available: new Set(), missingReasons: new Map(), problems: [] },
    now,
    options,
  };
  if (sink) {
    // Manifests that yielded no object at all (empty, or all invalid) must not pass the checks
    // that read Kubernetes objects: they are not run, and say why.
    if (sink.objects.length > 0 || sink.skippedObjects > 0) snapshot.coverage.available.add("kube");
    else snapshot.coverage.missingReasons.set("kube", "no Kubernetes object could be read from the manifests given (see the input problems)");
    snapshot.coverage.problems.push(...sink.problems);
    if (sink.objects.some((o) => o.kind === "ConfigMap" && o.name === WI.webhookConfigMap)) snapshot.coverage.available.add("webhook-config");
  }
  if (azure) {
    for (const key of azure.loaded) snapshot.coverage.available.add(key);
    for (const [key, reason] of azure.missingReasons) if (!azure.loaded.has(key)) snapshot.coverage.missingReasons.set(key, reason);
    snapshot.coverage.problems.push(...azure.problems);
  }
  return snapshot;
}
