import type { KubeObject, ManifestOrigin } from "../../model/kube.js";
import { CLUSTER_SCOPED_KINDS } from "../../model/kube.js";
import type { InputProblem } from "../../model/snapshot.js";
import { asRecord, asString } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { reduceConfigObject } from "../config-values.js";
import type { LineColumn } from "../positions.js";
import { ObjectLocator } from "./locate.js";
import type { ManifestSink, ParseOptions } from "./parse.js";

/** Where an object's text stands in its file. */
export interface ObjectText {
  file: string;
  /** The object's text, from its first character to the end of its last value. */
  text: string;
  /** The file position of the text's first character. */
  at: LineColumn;
  /** Its offset in the file. */
  offset: number;
}

/** A Kubernetes object read from a manifest, with its value checked (kind, apiVersion, a name) by the caller. */
export function makeObject(where: ObjectText, value: Record<string, unknown>, origin: ManifestOrigin, opts: ParseOptions): KubeObject {
  const kind = value["kind"] as string;
  const meta = asRecord(value["metadata"]);
  const name = asString(meta["name"]) || asString(meta["generateName"]) || "";
  const locator = new ObjectLocator(where.file, where.text, where.at.line, where.at.column, where.offset);
  const written = asString(meta["namespace"]);
  const namespaced = !CLUSTER_SCOPED_KINDS.has(kind);
  // values of Secrets and ConfigMaps are not kept: neither credentials nor the bulk of a large ConfigMap
  // (the webhook's ConfigMap is kept whole; a Secret of that name is a Secret like any other)
  const reduced = kind === "Secret" || (kind === "ConfigMap" && meta["name"] !== WI.webhookConfigMap) ? reduceConfigObject(value) : undefined;
  return {
    apiVersion: value["apiVersion"] as string,
    kind,
    name,
    namespace: namespaced ? written || opts.defaultNamespace || "default" : undefined,
    namespaceDefaulted: namespaced && !written,
    raw: detached(reduced?.raw ?? value),
    ...(reduced?.identitySettings ? { identitySettings: reduced.identitySettings } : {}),
    origin,
    loc: locatorFunction(locator),
  };
}

/**
 * The object as kubectl would send it (YAML converted to JSON), in strings of its own: the
 * parser's strings are slices of the file's text, and would keep all of it alive.
 */
function detached(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * A closure over the locator alone: one made inside addObject would share its scope, and keep
 * the document's syntax tree and the file's text alive as long as the object.
 */
function locatorFunction(locator: ObjectLocator): KubeObject["loc"] {
  return (path, opts) => locator.locate(path, opts);
}

/** What makes two objects the same object for the API server: group, kind, namespace and name. */
export function objectIdentity(object: KubeObject): string {
  const group = object.apiVersion.includes("/") ? object.apiVersion.slice(0, object.apiVersion.indexOf("/")) : "";
  return `${group}\u0000${object.kind}\u0000${object.namespace ?? ""}\u0000${object.name}`;
}

/** The warning for an object defined again: the later definition is used, as a later `kubectl apply` would. */
export function redefinition(object: KubeObject, earlier: KubeObject): InputProblem {
  const first = earlier.loc();
  const at = object.loc();
  const where = first ? `${first.file}:${first.line}:${first.column}` : "another input";
  const ns = object.namespace ? `${object.namespace}/` : "";
  return { severity: "warning", file: at?.file ?? object.origin?.file ?? "", ...(at ? { line: at.line, column: at.column } : {}), message: `${object.kind} ${ns}${object.name} is also defined at ${where}; this later definition is used` };
}

/** Adds the object; one defined again (same kind, group, namespace and name) replaces the first. */
export function keepObject(sink: ManifestSink, object: KubeObject): void {
  const identity = objectIdentity(object);
  const earlier = sink.byIdentity.get(identity);
  if (earlier === undefined) {
    sink.byIdentity.set(identity, sink.objects.length);
    sink.objects.push(object);
    return;
  }
  sink.problems.push(redefinition(object, sink.objects[earlier]!));
  sink.objects[earlier] = object;
}

