import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { ANY, type Schema } from "./schema.js";
import { goQuote } from "../go-format.js";

/**
 * What the apiserver's strict decoders (sigs.k8s.io/json, yaml.v2, the unstructured converter)
 * report about a body: `unknown field "spec.x"` and `duplicate field "spec.y"`, with the same
 * paths (`spec.template.spec.containers[0].name`).
 */

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function child(schema: Schema, key: string): Schema | undefined {
  switch (schema.kind) {
    case "object":
      return schema.field(key);
    case "map":
      return schema.value();
    default:
      return ANY;
  }
}

function itemOf(schema: Schema): Schema {
  return schema.kind === "list" ? schema.item() : ANY;
}

/** The document's syntax tree, or undefined when it does not parse (the JSON parser reports that). */
function syntaxTree(text: string, lineCounter?: LineCounter): Node | undefined {
  const doc = parseDocument(text, { uniqueKeys: false, ...(lineCounter ? { lineCounter } : {}) });
  if (doc.errors.length) return undefined;
  return (doc.contents as Node | null) ?? undefined;
}

/**
 * A JSON body decoded into a typed object: errors in document order, each unknown field once and
 * without looking inside it, duplicates of known fields (and of map keys) where they repeat.
 */
export function strictJsonErrors(text: string, schema: Schema): string[] {
  const root = syntaxTree(text);
  if (!root) return [];
  const errors: string[] = [];
  const unknown = new Set<string>();
  const walk = (node: unknown, s: Schema, path: string): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const p = join(path, key);
        const sub = child(s, key);
        if (!sub) {
          if (!unknown.has(p)) errors.push(`unknown field ${goQuote(p)}`);
          unknown.add(p);
          continue;
        }
        if (seen.has(key)) errors.push(`duplicate field ${goQuote(p)}`);
        seen.add(key);
        walk(pair.value, sub, p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, itemOf(s), `${path}[${i}]`));
    }
  };
  walk(root, schema, "");
  return errors;
}

/** yaml.v2's complaints about repeated keys: `line 5: key "name" already set in map`, in document order. */
export function yamlDuplicateKeys(text: string): string[] {
  const lines = new LineCounter();
  const root = syntaxTree(text, lines);
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          const at = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : 0;
          out.push(`line ${at}: key ${goQuote(key)} already set in map`);
        }
        seen.add(key);
        walk(pair.value);
      }
    } else if (isSeq(node)) node.items.forEach(walk);
  };
  walk(root);
  return out;
}

/** A JSON value's type as Go's decoder names it in an UnmarshalTypeError. */
function jsonType(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  return typeof v === "string" ? "string" : "object";
}

/** Whether Go's decoder stores this JSON value in a field of the Go type (null leaves any field alone). */
function fits(goType: string, v: unknown): boolean {
  const t = jsonType(v);
  if (t === undefined) return true;
  if (goType === "string") return t === "string";
  if (goType === "bool") return t === "bool";
  if (goType === "float64") return t === "number";
  return t === "number" && Number.isInteger(v);
}

interface Mismatch {
  goType: string;
  value: unknown;
  /** The innermost Go struct holding the field, and the path of struct fields to it. */
  struct: string;
  path: string;
}

/** The first scalar of a built-in object that its Go field cannot take, in document order. */
function firstMismatch(schema: Schema, value: unknown): Mismatch | undefined {
  const walk = (v: unknown, s: Schema, struct: string | undefined, path: string): Mismatch | undefined => {
    if (s.kind === "scalar" && s.goType && struct && !fits(s.goType, v)) return { goType: s.goType, value: v, struct, path };
    if (Array.isArray(v)) {
      for (const x of v) {
        const m = walk(x, itemOf(s), struct, path);
        if (m) return m;
      }
    } else if (typeof v === "object" && v !== null && (s.kind === "object" || s.kind === "map")) {
      const inStruct = s.kind === "object" ? (s.goName ?? struct) : struct;
      for (const [k, x] of Object.entries(v)) {
        const sub = child(s, k);
        if (!sub) continue;
        const m = walk(x, sub, inStruct, s.kind === "object" ? join(path, k) : path);
        if (m) return m;
      }
    }
    return undefined;
  };
  return walk(value, schema, undefined, "");
}

/**
 * A body decoded from JSON (create, update, merge and JSON patches), in encoding/json's words
 * (UnmarshalTypeError): "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas
 * of type int32". The path names struct fields only, without list indexes or map keys; only a
 * number an integer field cannot hold is quoted ("number 1.5").
 */
export function typeError(schema: Schema, value: unknown): string | undefined {
  const m = firstMismatch(schema, value);
  if (!m) return undefined;
  const t = jsonType(m.value);
  const what = t === "number" && m.goType.startsWith("int") ? `number ${String(m.value)}` : t;
  return `json: cannot unmarshal ${what} into Go struct field ${m.struct}.${m.path} of type ${m.goType}`;
}

/**
 * A strategic merge patch's result, converted from unstructured data (runtime.fromUnstructured):
 * an integer that Go could convert but the converter will not is "cannot convert int64 to string",
 * anything else "unrecognized type: <field type>".
 */
export function converterTypeError(schema: Schema, value: unknown): string | undefined {
  const m = firstMismatch(schema, value);
  if (!m) return undefined;
  if (typeof m.value === "number") {
    const from = Number.isInteger(m.value) ? "int64" : "float64";
    if ((from === "int64" && m.goType === "string") || (from === "float64" && m.goType.startsWith("int"))) return `cannot convert ${from} to ${m.goType}`;
  }
  return `unrecognized type: ${m.goType}`;
}

/** Unknown fields of a decoded value, as the unstructured converter reports them: sorted. */
export function unknownFields(schema: Schema, value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, s: Schema, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, itemOf(s), `${path}[${i}]`));
    else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        const sub = child(s, k);
        if (!sub) out.push(`unknown field ${goQuote(join(path, k))}`);
        else walk(x, sub, join(path, k));
      }
    }
  };
  walk(value, schema, "");
  return out.sort();
}

/** The value without its unknown fields: what a typed decode keeps. */
export function prune<T>(schema: Schema, value: T): T {
  const walk = (v: unknown, s: Schema): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, itemOf(s)));
    if (typeof v !== "object" || v === null || s.kind === "any") return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const sub = child(s, k);
      if (sub) out[k] = walk(x, sub);
    }
    return out;
  };
  return walk(value, schema) as T;
}

/** Go's %#v of a decoded JSON value (an interface{} holding it). */
function goSyntax(v: unknown): string {
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(", ")}}`;
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]interface {}{${entries.map(([k, x]) => `${JSON.stringify(k)}:${goSyntax(x)}`).join(", ")}}`;
  }
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Go's %T of a decoded JSON value. */
function goTypeOf(v: unknown): string {
  if (Array.isArray(v)) return "[]interface {}";
  if (typeof v === "object" && v !== null) return "map[string]interface {}";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  return typeof v === "boolean" ? "bool" : "string";
}

/** structured-merge-diff's validateScalar, for a value its scalar type does not take. */
function scalarError(goType: string, v: unknown): string {
  if (goType === "string") return `expected string, got &value.valueUnstructured{Value:${goSyntax(v)}}`;
  if (goType === "bool") return `expected boolean, got &{${Array.isArray(v) || (typeof v === "object" && v !== null) ? goSyntax(v) : String(v)}}`;
  return `expected numeric (int or float), got ${goTypeOf(v)}`;
}

/**
 * What server-side apply's typed conversion (structured-merge-diff) finds wrong in an applied
 * object: `.spec.x: field not declared in schema`, `.data.PORT: expected string, got ...`. List
 * items are named by their keys where the list has them (`.spec.containers[name="app"].x`), by
 * index otherwise; map keys are part of the path.
 */
export function typedObjectErrors(schema: Schema, value: unknown, itemKey: (path: string[], item: unknown, schema: Schema) => string | undefined): string[] {
  const out: string[] = [];
  const walk = (v: unknown, s: Schema, shown: string, names: string[]): void => {
    if (v === null || v === undefined) return;
    if (s.kind === "scalar" && s.goType) {
      const numeric = s.goType === "int32" || s.goType === "int64" || s.goType === "float64";
      const ok = s.goType === "string" ? typeof v === "string" : s.goType === "bool" ? typeof v === "boolean" : numeric && typeof v === "number";
      if (!ok) out.push(`${shown}: ${scalarError(s.goType, v)}`);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, itemOf(s), `${shown}${itemKey(names, x, s) ?? `[${i}]`}`, [...names, "[]"]));
    } else if (typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        const sub = child(s, k);
        if (!sub) out.push(`${shown}.${k}: field not declared in schema`);
        else walk(x, sub, `${shown}.${k}`, [...names, k]);
      }
    }
  };
  walk(value, schema, "", []);
  return out.sort();
}
