import type { Path } from "../../model/location.js";
import type { KubeObject } from "../../model/kube.js";
import { asRecord, getIn, stringMap } from "../../util/raw.js";

/** Labels or annotations of an object (or of the map at `base` inside it), as written and as strings. */
export interface MetaMap {
  /** Path of the map inside the object. */
  path: Path;
  strings: Record<string, string>;
  raw: Record<string, unknown>;
}

export function metaMap(o: KubeObject, which: "labels" | "annotations", base: Path = []): MetaMap {
  const raw = asRecord(getIn(o.raw, [...base, "metadata", which]));
  return { path: [...base, "metadata", which], strings: stringMap(raw), raw };
}

export function annotationsOf(o: KubeObject): Record<string, string> {
  return stringMap(getIn(o.raw, ["metadata", "annotations"]));
}

export function labelsOf(o: KubeObject): Record<string, string> {
  return stringMap(getIn(o.raw, ["metadata", "labels"]));
}

/** The YAML type of a value, for evidence: Kubernetes accepts only strings in labels and annotations. */
export function yamlType(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "sequence";
  if (typeof v === "object") return "map";
  return typeof v;
}

/** `kind/name` as kubectl names a workload object (`deployment/web`). */
export function kubectlName(o: { kind: string; name: string }): string {
  return `${o.kind.toLowerCase()}/${o.name}`;
}

/** `-n NS` for kubectl commands. */
export function nsFlag(o: { namespace?: string | undefined }): string {
  return o.namespace ? ` -n ${o.namespace}` : "";
}
