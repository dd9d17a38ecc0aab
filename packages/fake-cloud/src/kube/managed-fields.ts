import { mergeKeyFor } from "./patch.js";
import type { KubeObj } from "./store.js";
import { kubeTime } from "./store.js";

/**
 * Field ownership as server-side apply tracks it: each manager owns a set of field paths, kept in
 * `metadata.managedFields` in the FieldsV1 format (`f:name`, `k:{"name":"app"}`, `v:"x"`, `.`).
 */

type Json = unknown;
type Path = string[];
const SEP = "\u0000";

const PRIMITIVE_SETS = new Set(["finalizers"]);
/** Maps whose keys are data, not struct fields: FieldsV1 marks them with `.` too. */
const GRANULAR_MAPS = new Set(["labels", "annotations", "data", "binaryData", "stringData", "nodeSelector", "matchLabels", "selector"]);
const IGNORED_META = new Set(["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"]);

function isMap(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `k:{"name":"app"}`: how FieldsV1 names an item of a keyed list (undefined for other lists). */
export function listKey(fieldPath: string[], field: string, item: Json): string | undefined {
  const mk = mergeKeyFor(fieldPath, field);
  if (!mk || !isMap(item)) return undefined;
  const key: Record<string, Json> = { [mk]: item[mk] };
  if (mk === "containerPort" || (mk === "port" && field === "ports")) key["protocol"] = item["protocol"] ?? "TCP";
  return `k:${JSON.stringify(key)}`;
}

/** Leaf paths (and `.` markers) of an object, as a manager that set all of it would own. */
export function fieldSet(obj: KubeObj, opts: { includeStatus?: boolean } = {}): Set<string> {
  const out = new Set<string>();
  const walk = (v: Json, path: Path, names: string[]) => {
    if (isMap(v)) {
      const field = names[names.length - 1];
      if (path.length > 0 && (GRANULAR_MAPS.has(field ?? "") || path[path.length - 1]!.startsWith("k:"))) out.add([...path, "."].join(SEP));
      const entries = Object.entries(v);
      if (entries.length === 0 && path.length > 0) out.add(path.join(SEP));
      for (const [k, x] of entries) {
        if (path.length === 0 && (k === "apiVersion" || k === "kind" || (k === "status" && !opts.includeStatus))) continue;
        if (path.length === 1 && path[0] === "f:metadata" && IGNORED_META.has(k)) continue;
        if (x === null || x === undefined) continue;
        walk(x, [...path, `f:${k}`], [...names, k]);
      }
      return;
    }
    if (Array.isArray(v)) {
      const field = names[names.length - 1] ?? "";
      if (PRIMITIVE_SETS.has(field)) {
        for (const x of v) out.add([...path, `v:${JSON.stringify(x)}`].join(SEP));
        return;
      }
      const keys = v.map((x) => listKey(names.slice(0, -1), field, x));
      if (v.length > 0 && keys.every((k) => k !== undefined)) {
        v.forEach((x, i) => walk(x, [...path, keys[i]!], [...names, "[]"]));
        return;
      }
    }
    out.add(path.join(SEP));
  };
  walk(obj, [], []);
  return out;
}

export function toFieldsV1(set: Set<string>): Record<string, Json> {
  const root: Record<string, Json> = {};
  for (const p of set) {
    let cur = root;
    for (const seg of p.split(SEP)) {
      cur[seg] ??= {};
      cur = cur[seg] as Record<string, Json>;
    }
  }
  return root;
}

export function fromFieldsV1(f: Json): Set<string> {
  const out = new Set<string>();
  const walk = (v: Json, path: Path) => {
    if (!isMap(v) || Object.keys(v).length === 0) {
      if (path.length) out.add(path.join(SEP));
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(f, []);
  return out;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: Record<string, Json>;
  subresource?: string;
}

function entries(obj: KubeObj): ManagedFieldsEntry[] {
  return Array.isArray(obj.metadata?.managedFields) ? (obj.metadata.managedFields as ManagedFieldsEntry[]) : [];
}

/** Value at a FieldsV1 path, or undefined. */
function valueAt(obj: Json, path: string[]): Json {
  let cur: Json = obj;
  for (const seg of path) {
    if (seg === ".") return cur;
    if (seg.startsWith("f:")) cur = isMap(cur) ? cur[seg.slice(2)] : undefined;
    else if (seg.startsWith("k:")) {
      const key = JSON.parse(seg.slice(2)) as Record<string, Json>;
      cur = Array.isArray(cur) ? cur.find((x) => isMap(x) && Object.entries(key).every(([k, val]) => (x[k] ?? (k === "protocol" ? "TCP" : undefined)) === val)) : undefined;
    } else if (seg.startsWith("v:")) {
      const val = JSON.parse(seg.slice(2));
      cur = Array.isArray(cur) && cur.includes(val) ? val : undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Removes the field at a FieldsV1 path (a whole list item for `k:`/`v:`). */
export function removePath(obj: KubeObj, pathText: string): void {
  const path = pathText.split(SEP).filter((s) => s !== ".");
  if (path.length === 0) return;
  const parent = valueAt(obj, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (last.startsWith("f:") && isMap(parent)) delete parent[last.slice(2)];
  else if ((last.startsWith("k:") || last.startsWith("v:")) && Array.isArray(parent)) {
    const item = valueAt(parent, [last]);
    const i = parent.indexOf(item);
    if (i >= 0) parent.splice(i, 1);
  }
}

/** `.spec.template.spec.containers[name="app"].image`: how conflicts name a field. */
export function describePath(pathText: string): string {
  let s = "";
  for (const seg of pathText.split(SEP)) {
    if (seg === ".") continue;
    if (seg.startsWith("f:")) s += `.${seg.slice(2)}`;
    else if (seg.startsWith("k:")) {
      const key = JSON.parse(seg.slice(2)) as Record<string, Json>;
      s += `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(",")}]`;
    } else if (seg.startsWith("v:")) s += `[=${seg.slice(2)}]`;
  }
  return s;
}

/** After an update (create, PUT, non-apply PATCH): the manager owns what it changed. */
export function recordUpdate(
  oldObj: KubeObj | undefined,
  newObj: KubeObj,
  manager: string,
  apiVersion: string,
  subresource?: string,
  /** Entries the client wrote itself (kubectl's client-side-apply upgrade): they replace the stored ones. */
  base?: ManagedFieldsEntry[],
): void {
  const before = oldObj ? fieldSet(oldObj, { includeStatus: subresource === "status" }) : new Set<string>();
  const after = fieldSet(newObj, { includeStatus: subresource === "status" });
  const changed = new Set<string>();
  for (const p of after) {
    if (!before.has(p) || JSON.stringify(valueAt(oldObj, p.split(SEP))) !== JSON.stringify(valueAt(newObj, p.split(SEP)))) changed.add(p);
  }
  const start = base ?? (oldObj ? entries(oldObj) : []);
  if (changed.size === 0 && oldObj) {
    // A no-op write leaves the object as it was (an object stored without managed fields included).
    if (start.length) newObj.metadata.managedFields = start;
    else delete newObj.metadata.managedFields;
    return;
  }
  const list: (ManagedFieldsEntry & { set: Set<string> })[] = start.map((e) => ({ ...e, set: fromFieldsV1(e.fieldsV1) }));
  for (const e of list) if (!(e.manager === manager && e.operation === "Update")) for (const p of changed) e.set.delete(p);
  let mine = list.find((e) => e.manager === manager && e.operation === "Update" && e.subresource === subresource);
  if (!mine) {
    mine = { manager, operation: "Update", apiVersion, time: kubeTime(), fieldsType: "FieldsV1", fieldsV1: {}, set: new Set(), ...(subresource ? { subresource } : {}) };
    list.push(mine);
  }
  for (const p of changed) mine.set.add(p);
  mine.time = kubeTime();
  mine.apiVersion = apiVersion;
  // Entries must stay valid after removals: keep only the leaf paths still present in the object
  // (on create every path comes from the object itself).
  newObj.metadata.managedFields = list
    .map(({ set, ...e }) => ({ ...e, fieldsV1: toFieldsV1(oldObj ? new Set([...set].filter((p) => valueAt(newObj, p.split(SEP)) !== undefined)) : set) }))
    .filter((e) => Object.keys(e.fieldsV1).length > 0);
}

export interface ApplyConflict {
  manager: string;
  apiVersion: string;
  operation: "Apply" | "Update";
  subresource?: string;
  time?: string;
  field: string;
}

/**
 * Server-side apply of `applied` onto `live` for `manager`. Returns the merged object, or the
 * conflicts when another manager owns a field the applier sets to a different value (and
 * `force` is off).
 */
export function serverSideApply(
  live: KubeObj | undefined,
  applied: KubeObj,
  manager: string,
  apiVersion: string,
  force: boolean,
  merge: (live: KubeObj, applied: KubeObj) => KubeObj,
): { object: KubeObj; conflicts: ApplyConflict[] } {
  const appliedSet = fieldSet(applied);
  const current = live ? entries(live).map((e) => ({ ...e, set: fromFieldsV1(e.fieldsV1) })) : [];
  const conflicts: ApplyConflict[] = [];
  if (live) {
    for (const e of current) {
      if (e.manager === manager && e.operation === "Apply") continue;
      for (const p of appliedSet) {
        if (!e.set.has(p) || p.endsWith(".")) continue;
        const path = p.split(SEP);
        if (JSON.stringify(valueAt(live, path)) !== JSON.stringify(valueAt(applied, path))) {
          conflicts.push({
            manager: e.manager,
            apiVersion: e.apiVersion,
            operation: e.operation,
            ...(e.subresource ? { subresource: e.subresource } : {}),
            ...(e.time ? { time: e.time } : {}),
            field: describePath(p),
          });
          if (force) e.set.delete(p);
        }
      }
    }
  }
  if (conflicts.length && !force) return { object: live!, conflicts };
  const object = live ? merge(structuredClone(live), applied) : structuredClone(applied);
  const previous = current.find((e) => e.manager === manager && e.operation === "Apply");
  if (previous) {
    const ownedByOthers = new Set(current.filter((e) => e !== previous).flatMap((e) => [...e.set]));
    for (const p of previous.set) if (!appliedSet.has(p) && !ownedByOthers.has(p) && !p.endsWith(".")) removePath(object, p);
  }
  const others = current.filter((e) => e !== previous);
  const mine = { manager, operation: "Apply" as const, apiVersion, time: kubeTime(), fieldsType: "FieldsV1" as const, fieldsV1: {}, set: appliedSet };
  object.metadata ??= {};
  object.metadata.managedFields = [...others, mine]
    .map(({ set, ...e }) => ({ ...e, fieldsV1: toFieldsV1(set) }))
    .filter((e) => Object.keys(e.fieldsV1).length > 0);
  return { object, conflicts: force ? [] : conflicts };
}
