import { ROOT_TYPES, TYPES } from "./kubernetes-types.js";

/**
 * The shape of a request body as the apiserver decodes it: which fields exist where. Built-in
 * kinds follow their Go types (the generated table); custom resources follow their CRD's
 * structural schema. A built-in type knows its Go name and its scalars' Go types, so a value of the
 * wrong JSON type can be reported as Go's decoder does.
 */
export type Schema =
  /** `goType`: the Go type of a built-in field whose JSON type the decoder checks (string, int32, int64, float64, bool). */
  | { kind: "scalar"; goType?: string }
  /** Free-form JSON (RawExtension, FieldsV1, `x-kubernetes-preserve-unknown-fields`). */
  | { kind: "any" }
  /** `field` is undefined for a name the type does not declare; `goName` is a built-in type's struct name. */
  | { kind: "object"; field(name: string): Schema | undefined; goName?: string }
  | { kind: "list"; item(): Schema; mapKeys?: string[] }
  | { kind: "map"; value(): Schema };

export const ANY: Schema = { kind: "any" };
const SCALAR: Schema = { kind: "scalar" };

const typeCache = new Map<string, Schema>();

/** Go types of the checked scalars; int-or-string and times have decoders of their own. */
const GO_TYPES: Record<string, string> = { s: "string", i: "int32", l: "int64", n: "float64", b: "bool" };
const SCALARS = Object.fromEntries(Object.entries(GO_TYPES).map(([k, goType]) => [k, { kind: "scalar", goType } as Schema]));

/** resource.Quantity fields: OpenAPI calls them strings, but their decoder takes numbers too. */
const QUANTITIES = new Set(["limits", "requests", "capacity", "allocatable", "allocatedResources", "overhead", "sizeLimit", "divisor"]);

function fromRef(ref: string, quantity = false): Schema {
  if (ref.startsWith("[")) return { kind: "list", item: () => fromRef(ref.slice(1), quantity) };
  if (ref.startsWith("{")) return { kind: "map", value: () => fromRef(ref.slice(1), quantity) };
  if (ref === "*") return ANY;
  if (ref.length === 1) return quantity ? SCALAR : (SCALARS[ref] ?? SCALAR);
  return typeSchema(ref);
}

/** The Go struct name of a client-node model: V1PodSpec -> PodSpec, CoreV1Event -> Event. */
function goName(model: string): string {
  return model.replace(/^[A-Z][a-z]+(?=V\d)/, "").replace(/^V\d+(?:alpha\d+|beta\d+)?/, "");
}

function typeSchema(name: string): Schema {
  const cached = typeCache.get(name);
  if (cached) return cached;
  const fields = TYPES[name];
  if (!fields) throw new Error(`no generated type ${name}`);
  const schema: Schema = { kind: "object", goName: goName(name), field: (f) => (Object.hasOwn(fields, f) ? fromRef(fields[f]!, QUANTITIES.has(f)) : undefined) };
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
