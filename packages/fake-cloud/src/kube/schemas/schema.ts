import { ROOT_TYPES, TYPES } from "./kubernetes-types.js";

/**
 * The shape of a request body as the apiserver decodes it: which fields exist where. Built-in
 * kinds follow their Go types (the generated table); custom resources follow their CRD's
 * structural schema. Scalars are not type-checked: only unknown and duplicate fields are.
 */
export type Schema =
  | { kind: "scalar" }
  /** Free-form JSON (RawExtension, FieldsV1, `x-kubernetes-preserve-unknown-fields`). */
  | { kind: "any" }
  /** `field` is undefined for a name the type does not declare. */
  | { kind: "object"; field(name: string): Schema | undefined }
  | { kind: "list"; item(): Schema; mapKeys?: string[] }
  | { kind: "map"; value(): Schema };

export const ANY: Schema = { kind: "any" };
const SCALAR: Schema = { kind: "scalar" };

const typeCache = new Map<string, Schema>();

function fromRef(ref: string): Schema {
  if (ref.startsWith("[")) return { kind: "list", item: () => fromRef(ref.slice(1)) };
  if (ref.startsWith("{")) return { kind: "map", value: () => fromRef(ref.slice(1)) };
  if (ref === "*") return ANY;
  if (ref.length === 1) return SCALAR;
  return typeSchema(ref);
}

function typeSchema(name: string): Schema {
  const cached = typeCache.get(name);
  if (cached) return cached;
  const fields = TYPES[name];
  if (!fields) throw new Error(`no generated type ${name}`);
  const schema: Schema = { kind: "object", field: (f) => (Object.hasOwn(fields, f) ? fromRef(fields[f]!) : undefined) };
  typeCache.set(name, schema);
  return schema;
}

/** A built-in kind's schema (`apps/v1`, `Deployment`), or undefined when the table has none. */
export function builtinSchema(apiVersion: string, kind: string): Schema | undefined {
  const root = ROOT_TYPES[`${apiVersion}/${kind}`];
  return root ? typeSchema(root) : undefined;
}

export function objectMetaSchema(): Schema {
  return typeSchema(ROOT_TYPES["meta/v1/ObjectMeta"]!);
}

type Props = Record<string, unknown>;

function isProps(v: unknown): v is Props {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An OpenAPI v3 structural schema (a CRD version's `openAPIV3Schema`) as the pruning decoder reads it. */
export function jsonSchema(s: unknown): Schema {
  if (!isProps(s)) return ANY;
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  if (s["x-kubernetes-int-or-string"] === true) return SCALAR;
  if (s["type"] === "array") {
    const keys = s["x-kubernetes-list-type"] === "map" && Array.isArray(s["x-kubernetes-list-map-keys"]) ? (s["x-kubernetes-list-map-keys"] as string[]) : undefined;
    return { kind: "list", item: () => jsonSchema(s["items"]), ...(keys ? { mapKeys: keys } : {}) };
  }
  const props = isProps(s["properties"]) ? s["properties"] : undefined;
  const additional = s["additionalProperties"];
  const embedded = s["x-kubernetes-embedded-resource"] === true;
  if (props || embedded) {
    return {
      kind: "object",
      field(name) {
        if (props && Object.hasOwn(props, name)) return jsonSchema(props[name]);
        if (embedded && (name === "apiVersion" || name === "kind")) return SCALAR;
        if (embedded && name === "metadata") return objectMetaSchema();
        return preserve ? ANY : undefined;
      },
    };
  }
  if (isProps(additional)) return { kind: "map", value: () => jsonSchema(additional) };
  if (additional === true || preserve) return s["type"] === "object" || preserve ? { kind: "map", value: () => ANY } : ANY;
  if (s["type"] === "object") return { kind: "object", field: () => undefined };
  return s["type"] === undefined ? ANY : SCALAR;
}

/** A custom resource: apiVersion, kind and an ObjectMeta, then what its version's schema declares. */
export function customResourceSchema(openAPIV3Schema: unknown): Schema {
  const body = openAPIV3Schema === undefined ? ANY : jsonSchema(openAPIV3Schema);
  const meta = objectMetaSchema();
  return {
    kind: "object",
    field(name) {
      if (name === "apiVersion" || name === "kind") return SCALAR;
      if (name === "metadata") return meta;
      if (body.kind === "object") return body.field(name);
      return body.kind === "map" ? body.value() : body.kind === "any" ? ANY : undefined;
    },
  };
}
