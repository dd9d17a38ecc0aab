import { StatusError } from "./status.js";

type Json = unknown;
type JsonMap = Record<string, Json>;

function isMap(v: unknown): v is JsonMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function invalidPatch(message: string): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason: "Invalid",
    code: 422,
  });
}

// ---------------------------------------------------------------------------------------------
// RFC 7386 JSON merge patch

export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return structuredClone(patch);
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// RFC 6902 JSON patch

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw invalidPatch(`the server rejected our request due to an error in our request: invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(doc: Json, parts: string[], path: string): { parent: Json; last: string } {
  let cur: Json = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isMap(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw invalidPatch(`doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, last: parts[parts.length - 1]! };
}

function getAt(doc: Json, path: string): Json {
  let cur: Json = doc;
  for (const p of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isMap(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw invalidPatch(`doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function addAt(doc: Json, path: string, value: Json, replace: boolean): Json {
  const parts = pointer(path);
  if (parts.length === 0) return structuredClone(value);
  const { parent, last } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const i = last === "-" ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length || (replace && i >= parent.length)) {
      throw invalidPatch(`doc is missing path: "${path}": missing value`);
    }
    if (replace) parent[i] = structuredClone(value);
    else parent.splice(i, 0, structuredClone(value));
  } else if (isMap(parent)) {
    if (replace && !(last in parent)) throw invalidPatch(`doc is missing key: "${path}": missing value`);
    parent[last] = structuredClone(value);
  } else throw invalidPatch(`doc is missing path: "${path}": missing value`);
  return doc;
}

function removeAt(doc: Json, path: string): Json {
  const parts = pointer(path);
  const { parent, last } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw invalidPatch(`doc is missing path: "${path}": missing value`);
    parent.splice(i, 1);
  } else if (isMap(parent) && last in parent) delete parent[last];
  else throw invalidPatch(`doc is missing path: "${path}": missing value`);
  return doc;
}

export function applyJsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw invalidPatch("the server rejected our request due to an error in our request: json patch must be an array");
  let doc = structuredClone(target);
  for (const raw of ops as JsonPatchOp[]) {
    switch (raw.op) {
      case "add":
        doc = addAt(doc, raw.path, raw.value, false);
        break;
      case "replace":
        doc = addAt(doc, raw.path, raw.value, true);
        break;
      case "remove":
        doc = removeAt(doc, raw.path);
        break;
      case "move": {
        const v = getAt(doc, raw.from ?? "");
        doc = removeAt(doc, raw.from ?? "");
        doc = addAt(doc, raw.path, v, false);
        break;
      }
      case "copy":
        doc = addAt(doc, raw.path, getAt(doc, raw.from ?? ""), false);
        break;
      case "test":
        if (JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw invalidPatch(`the server rejected our request due to an error in our request: testing value ${raw.path} failed`);
        }
        break;
      default:
        throw invalidPatch(`the server rejected our request due to an error in our request: Unexpected kind: ${String(raw.op)}`);
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch, for the built-in types' merge keys

/** patchMergeKey of the built-in list fields (k8s.io/api struct tags); other lists are replaced. */
export function mergeKeyFor(path: readonly string[], field: string): string | undefined {
  switch (field) {
    case "containers":
    case "initContainers":
    case "ephemeralContainers":
    case "env":
    case "volumes":
    case "imagePullSecrets":
    case "resourceClaims":
    case "schedulingGates":
    case "webhooks":
      return "name";
    case "volumeMounts":
      return "mountPath";
    case "volumeDevices":
      return "devicePath";
    case "ports":
      return path.some((p) => p === "containers" || p === "initContainers" || p === "ephemeralContainers") ? "containerPort" : "port";
    case "hostAliases":
      return "ip";
    case "ownerReferences":
      return "uid";
    case "conditions":
      return "type";
    case "topologySpreadConstraints":
      return "topologyKey";
    default:
      return undefined;
  }
}

/** Lists of scalars whose patch strategy is merge (a set union). */
const PRIMITIVE_MERGE_LISTS = new Set(["finalizers"]);

export function applyStrategicMergePatch(target: Json, patch: Json): Json {
  return smpMap(isMap(target) ? structuredClone(target) : {}, patch, []) ?? {};
}

function smpMap(orig: JsonMap | undefined, patch: Json, path: string[]): JsonMap | undefined {
  if (!isMap(patch)) return patch as JsonMap;
  const directive = patch["$patch"];
  if (directive === "delete") return undefined;
  if (directive === "replace") {
    const { $patch: _drop, ...rest } = patch;
    return stripDirectives(rest) as JsonMap;
  }
  const out: JsonMap = isMap(orig) ? { ...orig } : {};
  const orders: [string, Json[]][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch") continue;
    if (k === "$retainKeys") continue;
    if (k.startsWith("$setElementOrder/")) {
      orders.push([k.slice("$setElementOrder/".length), v as Json[]]);
      continue;
    }
    if (k.startsWith("$deleteFromPrimitiveList/")) {
      const field = k.slice("$deleteFromPrimitiveList/".length);
      const cur = out[field];
      if (Array.isArray(cur)) out[field] = cur.filter((x) => !(v as Json[]).includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v)) {
      const mk = mergeKeyFor(path, k);
      if (mk) out[k] = smpList(out[k], v, mk, [...path, k]);
      else if (PRIMITIVE_MERGE_LISTS.has(k)) out[k] = [...new Set([...(Array.isArray(out[k]) ? (out[k] as Json[]) : []), ...v])];
      else out[k] = stripDirectives(v);
    } else if (isMap(v)) {
      const merged = smpMap(isMap(out[k]) ? (out[k] as JsonMap) : undefined, v, [...path, k]);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  const retain = patch["$retainKeys"];
  if (Array.isArray(retain)) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  for (const [field, order] of orders) {
    const cur = out[field];
    if (!Array.isArray(cur)) continue;
    const mk = mergeKeyFor(path, field);
    out[field] = reorder(cur, order, mk);
  }
  return out;
}

function smpList(orig: Json, patch: Json[], mk: string, path: string[]): Json[] {
  if (patch.some((e) => isMap(e) && e["$patch"] === "replace")) {
    return stripDirectives(patch.filter((e) => !(isMap(e) && e["$patch"] === "replace"))) as Json[];
  }
  const out: Json[] = Array.isArray(orig) ? [...orig] : [];
  for (const p of patch) {
    if (!isMap(p)) {
      out.push(p);
      continue;
    }
    const i = out.findIndex((o) => isMap(o) && o[mk] === p[mk]);
    if (p["$patch"] === "delete") {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) {
      const merged = smpMap(out[i] as JsonMap, p, path);
      if (merged === undefined) out.splice(i, 1);
      else out[i] = merged;
    } else out.push(stripDirectives(p));
  }
  return out;
}

function reorder(list: Json[], order: Json[], mk: string | undefined): Json[] {
  const keyOf = (x: Json) => (mk && isMap(x) ? JSON.stringify(x[mk]) : JSON.stringify(x));
  const rank = new Map(order.map((o, i) => [keyOf(o), i]));
  const listed = list.filter((x) => rank.has(keyOf(x))).sort((a, b) => rank.get(keyOf(a))! - rank.get(keyOf(b))!);
  const rest = list.filter((x) => !rank.has(keyOf(x)));
  return [...listed, ...rest];
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith("$")) continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}
