import { assembleSnapshot, parseAzurePart, parseManifestPart, runChecks, snapshotFromTexts, type Finding, type KubeObject, type Report, type Snapshot, type SnapshotOptions } from "@wid/core";
import type { Check } from "@wid/core/checks";

export interface Fixture {
  /** Manifest files by name: YAML text. */
  manifests?: Record<string, string>;
  /** Azure CLI exports by file name: JSON text or a value to stringify. */
  azure?: Record<string, unknown>;
  now?: number;
  options?: SnapshotOptions;
  defaultNamespace?: string;
}

export function snapshot(f: Fixture): Snapshot {
  return snapshotFromTexts({
    ...(f.manifests ? { manifests: Object.entries(f.manifests).map(([file, text]) => ({ file, text })) } : {}),
    ...(f.azure ? { azure: Object.entries(f.azure).map(([file, v]) => ({ file, text: typeof v === "string" ? v : JSON.stringify(v, null, 2) })) } : {}),
    ...(f.now !== undefined ? { now: f.now } : {}),
    ...(f.options ? { options: f.options } : {}),
    ...(f.defaultNamespace ? { defaultNamespace: f.defaultNamespace } : {}),
  });
}

/** Runs one check over a fixture; the report says whether it ran and what it found. */
export function runOne(check: Check, f: Fixture | Snapshot): Report {
  const snap = "coverage" in f ? f : snapshot(f);
  return runChecks(snap, [check]);
}

export function findings(check: Check, f: Fixture | Snapshot): Finding[] {
  const r = runOne(check, f);
  if (r.notRun.length) throw new Error(`check ${check.meta.id} did not run: ${r.notRun[0]!.reason}`);
  return r.findings;
}

/** What tests assert: check id, object and location, not prose. */
export function where(f: Finding): string {
  const o = f.object;
  const ns = o.namespace ? `${o.namespace}/` : "";
  const at = o.file ? ` @ ${o.file}:${o.line ?? "?"}:${o.column ?? "?"}` : "";
  return `${f.checkId} ${o.kind} ${ns}${o.name}${at}`;
}

/**
 * What a live source reads from a cluster holding these manifests' objects: the same objects with
 * no file behind them (a uid and resourceVersion instead), and the coverage of a live cluster.
 */
export function liveSnapshot(manifests: Record<string, string>, azure: Record<string, unknown> = {}, now?: number): Snapshot {
  const objects = Object.entries(manifests).flatMap(([file, text]) => {
    const part = parseManifestPart(file, text);
    return part.kind === "manifests" ? part.sink.objects : [];
  });
  const live = objects.map((o, i): KubeObject => ({ ...o, origin: undefined, uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, resourceVersion: String(1000 + i), loc: () => undefined }));
  return assembleSnapshot({
    parts: Object.entries(azure).map(([file, v]) => parseAzurePart(file, typeof v === "string" ? v : JSON.stringify(v, null, 2))),
    // what a live read of the whole cluster makes available (its objects, webhook configurations and namespaces)
    live: { objects: live, coverage: { available: new Set(["kube", "cluster", "cluster.webhooks", "cluster.namespaces"]), gaps: new Map(), problems: [] } },
    ...(now !== undefined ? { now } : {}),
  });
}
