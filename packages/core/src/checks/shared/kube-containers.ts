import type { Path } from "../../model/location.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import type { ContainerView, Workload } from "../../engine/workloads.js";
import { asArray, asRecord, asString } from "../../util/raw.js";
import { WI } from "../../wi.js";

export interface EnvEntry {
  index: number;
  name: string;
  /** The literal value; `undefined` when the entry uses `valueFrom` (or writes no value). */
  value: string | undefined;
  fromRef: boolean;
}

export function envOf(c: ContainerView): EnvEntry[] {
  return asArray(c.raw["env"]).map((e, index) => {
    const entry = asRecord(e);
    const raw = entry["value"];
    const value = typeof raw === "string" ? raw : raw === undefined || raw === null ? undefined : String(raw);
    return { index, name: asString(entry["name"]) ?? "", value, fromRef: entry["valueFrom"] !== undefined };
  });
}

/** A string a container is configured with: an env value, or an item of `command`/`args`. */
export interface ContainerString {
  container: ContainerView;
  /** Path of the string inside the object. */
  path: Path;
  text: string;
  /** Set for env values. */
  env?: EnvEntry;
  /** The item before it in `command`/`args`: the flag a value belongs to (`--token-file`, `PATH`). */
  previous?: string;
}

/** Every literal string of a container's env, command and args. */
export function containerStrings(c: ContainerView): ContainerString[] {
  const out: ContainerString[] = [];
  for (const env of envOf(c)) {
    if (env.value !== undefined) out.push({ container: c, path: [...c.path, "env", env.index, "value"], text: env.value, env });
  }
  for (const field of ["command", "args"]) {
    const items = asArray(c.raw[field]);
    items.forEach((item, i) => {
      if (typeof item !== "string") return;
      const previous = items[i - 1];
      out.push({ container: c, path: [...c.path, field, i], text: item, ...(typeof previous === "string" ? { previous } : {}) });
    });
  }
  return out;
}

/**
 * Containers the webhook mutates: init and regular containers not named in skip-containers
 * (ephemeral containers are added later and never mutated).
 */
export function mutatedContainers(w: Workload): ContainerView[] {
  const skip = skipContainerNames(w);
  return w.containers.filter((c) => c.group !== "ephemeralContainers" && !skip.has(c.name));
}

/** skip-containers as the webhook reads it: split on `;`, each name trimmed. */
function skipContainerNames(w: Workload): Set<string> {
  const value = w.annotations[WI.skipContainersAnnotation] ?? "";
  if (value === "") return new Set();
  return new Set(value.split(";").map((s) => s.trim()));
}

interface ProjectedTokenMount {
  mountPath: string;
  audience: string | undefined;
}

/** Mount paths of the container's volumes that project a service account token (with their audience). */
function projectedTokenMounts(w: Workload, c: ContainerView): ProjectedTokenMount[] {
  const volumes = new Map<string, string | undefined>();
  for (const v of asArray(w.podSpec["volumes"])) {
    const volume = asRecord(v);
    for (const source of asArray(asRecord(volume["projected"])["sources"])) {
      const token = asRecord(source)["serviceAccountToken"];
      if (token !== undefined) volumes.set(asString(volume["name"]) ?? "", asString(asRecord(token)["audience"]));
    }
  }
  const out: ProjectedTokenMount[] = [];
  for (const m of asArray(c.raw["volumeMounts"])) {
    const mount = asRecord(m);
    const name = asString(mount["name"]) ?? "";
    const mountPath = asString(mount["mountPath"]);
    if (mountPath !== undefined && volumes.has(name)) out.push({ mountPath, audience: volumes.get(name) });
  }
  return out;
}

/**
 * Whether `file` lies under a mount of the container's own projected token with an explicit
 * audience: a token the workload projects for Azure itself (without an audience the token is
 * for the API server, which Entra ID rejects).
 */
export function underOwnAzureTokenMount(w: Workload, c: ContainerView, file: string): boolean {
  return projectedTokenMounts(w, c).some((m) => m.audience !== undefined && m.audience !== "" && isUnder(file, m.mountPath));
}

export function isUnder(file: string, dir: string): boolean {
  const d = dir.replace(/\/+$/, "");
  return file === d || file.startsWith(d + "/");
}

/** Whether the container mounts a volume of its own at or above `file` (other than `/`). */
export function ownMountCovers(c: ContainerView, file: string): boolean {
  return asArray(c.raw["volumeMounts"]).some((m) => {
    const mountPath = asString(asRecord(m)["mountPath"]);
    return mountPath !== undefined && mountPath.replace(/\/+$/, "") !== "" && isUnder(file, mountPath);
  });
}

/**
 * Whether the container sets `name` itself: an `env` entry with a non-empty value or a
 * `valueFrom`, or an `envFrom` ConfigMap among the loaded objects that has the key. The webhook
 * then leaves the variable alone, or (for `envFrom`, which `env` overrides) has nothing to add.
 */
export function setsEnvItself(index: SnapshotIndex, w: Workload, c: ContainerView, name: string): boolean {
  if (envOf(c).some((e) => e.name === name && (e.fromRef || (e.value !== undefined && e.value.trim() !== "")))) return true;
  return asArray(c.raw["envFrom"]).some((source) => {
    const from = asRecord(source);
    const configMap = asString(asRecord(from["configMapRef"])["name"]);
    const prefix = asString(from["prefix"]) ?? "";
    if (configMap === undefined || !name.startsWith(prefix)) return false;
    const cm = index.byKind("ConfigMap").find((o) => o.name === configMap && (o.namespace ?? "default") === w.namespace);
    const value = asRecord(cm?.raw["data"])[name.slice(prefix.length)];
    return typeof value === "string" && value.trim() !== "";
  });
}
