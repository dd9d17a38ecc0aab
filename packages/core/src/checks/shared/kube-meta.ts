import type { Path } from "../../model/location.js";
import type { KubeObject } from "../../model/kube.js";
import { asRecord, getIn } from "../../util/raw.js";

/** Labels or annotations of an object (or of the map at `base` inside it), as written. */
export interface MetaMap {
  /** Path of the map inside the object. */
  path: Path;
  raw: Record<string, unknown>;
}

export function metaMap(o: KubeObject, which: "labels" | "annotations", base: Path = []): MetaMap {
  return { path: [...base, "metadata", which], raw: asRecord(getIn(o.raw, [...base, "metadata", which])) };
}

/** A value of the map as text (an unquoted `true` becomes "true", a missing value ""). */
export function metaValue(map: MetaMap, key: string): string {
  const v = map.raw[key];
  return v === undefined || v === null ? "" : String(v);
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
