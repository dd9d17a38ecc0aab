import type { IdentitySettings } from "../../model/config.js";
import type { Path } from "../../model/location.js";
import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { ContainerView, Workload } from "../../engine/workloads.js";
import { asArray, asRecord, asString } from "../../util/raw.js";

type ConfigKind = "Secret" | "ConfigMap";

/** Where a container's environment variable comes from. */
export type EnvOrigin =
  | { kind: "value"; value: string; path: Path; index: number }
  | { kind: "ref"; from: ConfigKind; name: string; key: string; object: KubeObject | undefined; path: Path; index: number }
  | { kind: "envFrom"; from: ConfigKind; name: string; key: string; object: KubeObject; path: Path };

function configObject(index: SnapshotIndex, kind: ConfigKind, name: string, namespace: string): KubeObject | undefined {
  return index.byKind(kind).find((o) => o.name === name && (o.namespace ?? "default") === namespace);
}

/** The key names of a loaded Secret or ConfigMap (values are not kept). */
export function configKeys(o: KubeObject): string[] {
  return ["data", "stringData", "binaryData"].flatMap((s) => Object.keys(asRecord(o.raw[s])));
}

/** The section of a Secret or ConfigMap that holds `key`, for pointing at it. */
export function configKeyPath(o: KubeObject, key: string): Path {
  const section = ["data", "stringData", "binaryData"].find((s) => key in asRecord(o.raw[s])) ?? "data";
  return [section, key];
}

/**
 * A container's environment as Kubernetes builds it: `envFrom` sources in order (a later one wins
 * a key), then `env` entries, which win over them. Keys of `envFrom` sources are known only for
 * Secrets and ConfigMaps among the objects. Variables with an empty literal value are left out.
 */
export function containerEnv(index: SnapshotIndex, w: Workload, c: ContainerView): Map<string, EnvOrigin> {
  const out = new Map<string, EnvOrigin>();
  asArray(c.raw["envFrom"]).forEach((e, i) => {
    const source = asRecord(e);
    const prefix = asString(source["prefix"]) ?? "";
    for (const from of ["Secret", "ConfigMap"] as const) {
      const name = asString(asRecord(source[from === "Secret" ? "secretRef" : "configMapRef"])["name"]);
      const object = name ? configObject(index, from, name, w.namespace) : undefined;
      if (!name || !object) continue;
      for (const key of configKeys(object)) out.set(prefix + key, { kind: "envFrom", from, name, key, object, path: [...c.path, "envFrom", i] });
    }
  });
  asArray(c.raw["env"]).forEach((e, i) => {
    const entry = asRecord(e);
    const name = asString(entry["name"]);
    if (!name) return;
    const path = [...c.path, "env", i];
    const valueFrom = asRecord(entry["valueFrom"]);
    for (const from of ["Secret", "ConfigMap"] as const) {
      const ref = asRecord(valueFrom[from === "Secret" ? "secretKeyRef" : "configMapKeyRef"]);
      const refName = asString(ref["name"]);
      const key = asString(ref["key"]);
      if (refName && key) {
        out.set(name, { kind: "ref", from, name: refName, key, object: configObject(index, from, refName, w.namespace), path, index: i });
        return;
      }
    }
    const value = entry["value"];
    if (valueFrom["fieldRef"] !== undefined || valueFrom["resourceFieldRef"] !== undefined) out.delete(name);
    else if (value !== undefined && value !== null && String(value) !== "") out.set(name, { kind: "value", value: String(value), path: [...path, "value"], index: i });
    // an explicit empty value overrides an envFrom key and sets nothing
    else out.delete(name);
  });
  return out;
}

/** Where an environment variable comes from, in words (never its value). */
export function describeEnvOrigin(o: EnvOrigin): string {
  if (o.kind === "value") return "in the manifest";
  if (o.kind === "ref") return `from ${o.from} ${o.name}, key ${o.key}`;
  return `through envFrom ${o.from} ${o.name}`;
}

/** A Secret or ConfigMap key mounted as a file into a container, with its identity settings when wid reads them. */
export interface MountedFile {
  path: string;
  object: KubeObject;
  key: string;
  settings: IdentitySettings | undefined;
  /** The volume mount in the workload. */
  mountPath: Path;
}

/** The files a container sees from the Secrets and ConfigMaps among the objects (volumes and projected sources). */
export function mountedFiles(index: SnapshotIndex, w: Workload, c: ContainerView): MountedFile[] {
  const volumes = new Map<string, Record<string, unknown>>();
  for (const v of asArray(w.podSpec["volumes"])) volumes.set(String(asRecord(v)["name"] ?? ""), asRecord(v));
  const out: MountedFile[] = [];
  asArray(c.raw["volumeMounts"]).forEach((m, mi) => {
    const mount = asRecord(m);
    const volume = volumes.get(String(mount["name"] ?? ""));
    const dir = asString(mount["mountPath"]);
    if (!volume || !dir) return;
    const subPath = asString(mount["subPath"]);
    const sources: { kind: ConfigKind; source: Record<string, unknown>; name: unknown }[] = [];
    if (volume["secret"] !== undefined) sources.push({ kind: "Secret", source: asRecord(volume["secret"]), name: asRecord(volume["secret"])["secretName"] });
    if (volume["configMap"] !== undefined) sources.push({ kind: "ConfigMap", source: asRecord(volume["configMap"]), name: asRecord(volume["configMap"])["name"] });
    for (const s of asArray(asRecord(volume["projected"])["sources"])) {
      const src = asRecord(s);
      if (src["secret"] !== undefined) sources.push({ kind: "Secret", source: asRecord(src["secret"]), name: asRecord(src["secret"])["name"] });
      if (src["configMap"] !== undefined) sources.push({ kind: "ConfigMap", source: asRecord(src["configMap"]), name: asRecord(src["configMap"])["name"] });
    }
    for (const { kind, source, name } of sources) {
      const object = typeof name === "string" ? configObject(index, kind, name, w.namespace) : undefined;
      if (!object) continue;
      const items = asArray(source["items"]).map(asRecord);
      const files: [string, string][] = items.length
        ? items.flatMap((it) => (typeof it["key"] === "string" && typeof it["path"] === "string" ? [[it["key"], it["path"]] as [string, string]] : []))
        : configKeys(object).map((k) => [k, k] as [string, string]);
      for (const [key, rel] of files) {
        if (subPath !== undefined && subPath !== "" && subPath !== rel) continue;
        const path = subPath ? dir : `${dir.replace(/\/+$/, "")}/${rel}`;
        out.push({ path, object, key, settings: object.identitySettings?.[key], mountPath: [...c.path, "volumeMounts", mi] });
      }
    }
  });
  return out;
}
