import { errors, StatusError } from "./status.js";
import { groupVersion, type ResourceType } from "./resources.js";
import type { KubeObj, ObjectStore } from "./store.js";
import { ANY, builtinSchema, customResourceSchema, type Schema } from "./schemas/schema.js";
import { converterTypeError, prune, strictJsonErrors, typedObjectErrors, typeError, unknownFields, yamlDuplicateKeys } from "./schemas/strict-decoding.js";
import { describePath, listKey } from "./managed-fields.js";
import { goJson, goQuote, goSprintValue } from "./go-format.js";

/**
 * Server-side field validation (the `fieldValidation` parameter, GA in 1.27): what the apiserver
 * does with unknown and duplicate fields in a write. `Strict` rejects the request, `Warn` (the
 * default) answers with a `Warning` header per field, `Ignore` says nothing; in every mode the
 * stored object has no unknown field, as a typed decode drops them.
 * Messages follow k8s.io/apiserver/pkg/endpoints/handlers (create.go, update.go, patch.go).
 */
export type FieldValidation = "Strict" | "Warn" | "Ignore";

export type Warn = (text: string) => void;

const DIRECTIVES = ["Ignore", "Strict", "Warn"];

/** The request's directive; an unsupported value is the 422 of ValidateCreateOptions and friends. */
export function fieldValidationOf(q: URLSearchParams, options: "CreateOptions" | "UpdateOptions" | "PatchOptions"): FieldValidation {
  const v = q.get("fieldValidation") ?? "";
  if (v === "") return "Warn";
  if (DIRECTIVES.includes(v)) return v as FieldValidation;
  const supported = ["", ...DIRECTIVES].map((d) => goQuote(d)).join(", ");
  throw errors.invalid(options, "meta.k8s.io", "", [{ field: "fieldValidation", message: `Unsupported value: ${goQuote(v)}: supported values: ${supported}`, type: "FieldValueNotSupported" }]);
}

/** The schema a write to this resource is decoded with: its Go type, or its CRD version's schema. */
export function schemaFor(store: ObjectStore, r: ResourceType, sub?: string): Schema {
  if (sub === "scale") return builtinSchema("autoscaling/v1", "Scale") ?? ANY;
  if (sub === "token") return builtinSchema("authentication.k8s.io/v1", "TokenRequest") ?? ANY;
  const builtin = builtinSchema(groupVersion(r), r.kind);
  if (builtin) return builtin;
  const crd = store
    .list("apiextensions.k8s.io/customresourcedefinitions")
    .find((c: KubeObj) => c.spec?.group === r.group && c.spec?.names?.plural === r.plural);
  if (!crd) return ANY;
  const version = (crd.spec?.versions ?? []).find((v: KubeObj) => v.name === r.version);
  return customResourceSchema(version?.schema?.openAPIV3Schema ?? crd.spec?.validation?.openAPIV3Schema);
}

function report(errs: string[], validation: FieldValidation, warn: Warn, reject: (message: string) => StatusError): void {
  if (errs.length === 0 || validation === "Ignore") return;
  if (validation === "Strict") throw reject(`strict decoding error: ${errs.join(", ")}`);
  for (const e of errs) for (const line of e.replace(/^yaml: unmarshal errors:\n/, "").split("\n")) warn(line.trim());
}

/**
 * A create or update body (JSON or YAML) decoded into the resource's type: a value of the wrong
 * type, and under Strict an unknown or repeated field, is the 400 of transformDecodeError
 * (`Deployment in version "v1" cannot be handled as a Deployment: ...`).
 */
export function decodeBody(text: string, parsed: unknown, yamlBody: boolean, r: ResourceType, schema: Schema, validation: FieldValidation, warn: Warn): unknown {
  const cannotHandle = (why: string) => {
    const o = (typeof parsed === "object" && parsed !== null ? parsed : {}) as KubeObj;
    const kind = typeof o.kind === "string" && o.kind ? o.kind : r.kind;
    const version = typeof o.apiVersion === "string" && o.apiVersion ? o.apiVersion.split("/").pop()! : r.version;
    return errors.badRequest(`${kind} in version ${goQuote(version)} cannot be handled as a ${r.kind}: ${why}`);
  };
  // A value of the wrong type fails the decode whatever the directive.
  const wrongType = typeError(schema, parsed);
  if (wrongType) throw cannotHandle(wrongType);
  if (validation !== "Ignore" && typeof parsed === "object" && parsed !== null) {
    let errs: string[];
    if (yamlBody) {
      const dups = yamlDuplicateKeys(text);
      errs = [...(dups.length ? [`yaml: unmarshal errors:\n  ${dups.join("\n  ")}`] : []), ...unknownFields(schema, parsed)];
    } else if (builtinSchema(groupVersion(r), r.kind)) errs = strictJsonErrors(text, schema);
    // A custom resource decodes untyped first (every duplicate), then is pruned by its schema.
    else errs = [...strictJsonErrors(text, ANY), ...unknownFields(schema, parsed)];
    report(errs, validation, warn, cannotHandle);
  }
  return prune(schema, parsed);
}

/** A JSON patch's operations decode into {op, path, from, value}: other fields are errors of their own. */
const JSON_PATCH_OPS: Schema = {
  kind: "list",
  item: () => ({ kind: "object", field: (f) => (["op", "path", "from", "value"].includes(f) ? ANY : undefined) }),
};

/**
 * A JSON, merge or strategic merge patch: duplicates in the patch itself, then the unknown fields
 * of the object it produced (sorted). Strict makes them the 422 of the patch handler, naming the
 * patched object (JSON and merge patches) or the patch (strategic merge) as the invalid value.
 */
export function patchDecoder(text: string, type: "json" | "merge" | "strategic", patch: unknown, schema: Schema, validation: FieldValidation, warn: Warn): (patched: KubeObj) => KubeObj {
  const inPatch = validation === "Ignore" ? [] : type === "json" ? strictJsonErrors(text, JSON_PATCH_OPS).map((e) => `json patch ${e}`) : strictJsonErrors(text, ANY);
  return (patched) => {
    const shown = type === "strategic" ? goSprintValue(patch) : goJson(patched);
    const invalid = (m: string) => errors.invalid("", "", "", [{ field: "patch", message: `Invalid value: ${goQuote(shown)}: ${m}` }]);
    // A value of the wrong type fails the decode of the result whatever the directive.
    const wrongType = type === "strategic" ? converterTypeError(schema, patched) : typeError(schema, patched);
    if (wrongType) throw invalid(wrongType);
    const errs = validation === "Ignore" ? [] : [...inPatch, ...unknownFields(schema, patched)];
    report(errs, validation, warn, invalid);
    return prune(schema, patched);
  };
}

/** How structured-merge-diff names a list item: by its keys where the list has them, else by index. */
function itemKey(names: string[], item: unknown, schema: Schema): string | undefined {
  if (schema.kind === "list" && schema.mapKeys && typeof item === "object" && item !== null) {
    const o = item as Record<string, unknown>;
    return `[${schema.mapKeys.map((k) => `${k}=${JSON.stringify(o[k])}`).join(",")}]`;
  }
  const k = listKey(names.slice(0, -1), names[names.length - 1] ?? "", item);
  return k ? describePath(k) : undefined;
}

/**
 * Server-side apply types the applied object before anything else: a field its schema does not
 * declare, or a value of the wrong type, fails whatever the validation directive, with the 500 of
 * structuredmerge.go (a plain error, no reason: kubernetes/kubernetes#122480).
 */
export function checkApplyTypes(applied: unknown, schema: Schema): void {
  const bad = typedObjectErrors(schema, applied, itemKey);
  if (bad.length === 0) return;
  const o = applied as KubeObj;
  const apiVersion = String(o.apiVersion ?? "");
  const gvk = `${apiVersion.includes("/") ? apiVersion : `/${apiVersion}`}, Kind=${String(o.kind ?? "")}`;
  const what = bad.length === 1 ? bad[0]! : ["errors:", ...bad.map((b) => `  ${b}`)].join("\n");
  const message = `failed to create typed patch object (${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}; ${gvk}): ${what}`;
  throw new StatusError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "", code: 500 });
}

/** After a successful apply: repeated keys in the applied YAML (or JSON), as yaml.v2 reports them. */
export function applyDecoder(text: string, validation: FieldValidation, warn: Warn): (merged: KubeObj) => KubeObj {
  return (merged) => {
    if (validation === "Ignore") return merged;
    const dups = yamlDuplicateKeys(text);
    if (dups.length === 0) return merged;
    const block = `yaml: unmarshal errors:\n  ${dups.join("\n  ")}`;
    if (validation === "Strict") throw errors.badRequest(`error strict decoding YAML: error converting YAML to JSON: ${block}`);
    for (const d of dups) warn(d);
    return merged;
  };
}
