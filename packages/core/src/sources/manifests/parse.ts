import { Composer, LineCounter, Parser, type Document } from "yaml";
import type { KubeObject, ManifestOrigin } from "../../model/kube.js";
import { CLUSTER_SCOPED_KINDS } from "../../model/kube.js";
import type { Path } from "../../model/location.js";
import type { InputProblem } from "../../model/snapshot.js";
import { asRecord, asString, isRecord } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { DocumentLocator } from "./locate.js";

/** Kinds the checks read; other objects are counted and dropped to keep memory bounded. */
export const READ_KINDS: ReadonlySet<string> = new Set([
  "Pod",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
  "ServiceAccount",
  "Namespace",
  "SecretProviderClass",
  "Service",
  "MutatingWebhookConfiguration",
  "ConfigMap",
  "AzureIdentity",
  "AzureIdentityBinding",
]);

export interface ParseOptions {
  /** Namespace for namespaced objects that name none (what `kubectl apply -n` would use). */
  defaultNamespace?: string;
}

export interface ManifestSink {
  objects: KubeObject[];
  problems: InputProblem[];
  /** Objects of kinds wid does not read. */
  skippedObjects: number;
}

export function newSink(): ManifestSink {
  return { objects: [], problems: [], skippedObjects: 0 };
}

const HELM_SOURCE = /^\s*#\s*Source:\s*(\S+)/m;

/**
 * Parses one manifest file (a multi-document YAML stream or JSON) into `sink`, one document at
 * a time so that memory follows the objects kept rather than the file's size.
 */
export function parseManifestText(file: string, text: string, sink: ManifestSink, opts: ParseOptions = {}): void {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer({ uniqueKeys: true, keepSourceTokens: false });
  let documentIndex = 0;
  let previousEnd = 0;
  for (const doc of composer.compose(parser.parse(text), true)) {
    handleDocument(file, text, doc, documentIndex++, previousEnd, lineCounter, sink, opts);
    previousEnd = doc.range[2];
  }
}

function handleDocument(
  file: string,
  text: string,
  doc: Document.Parsed,
  documentIndex: number,
  /** End of the previous document: the text between holds this one's leading comments. */
  previousEnd: number,
  lines: LineCounter,
  sink: ManifestSink,
  opts: ParseOptions,
): void {
  const error = doc.errors[0];
  if (error) {
    const at = lines.linePos(error.pos[0]);
    sink.problems.push({
      severity: "error",
      file,
      line: at.line,
      column: at.col,
      message: `invalid YAML: ${firstLine(error.message)}`,
    });
    return;
  }
  if (doc.contents === null) return;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const at = lines.linePos(doc.contents.range[0]);
    sink.problems.push({ severity: "error", file, line: at.line, column: at.col, message: `invalid YAML: ${firstLine(String((e as Error).message))}` });
    return;
  }
  if (value === null || value === undefined) return;

  const to = doc.range[2];
  const contentStart = doc.contents.range[0];
  const docText = text.slice(contentStart, to);
  const base = lines.linePos(contentStart);
  const locator = new DocumentLocator(file, docText, base.line, base.col);
  const helm = HELM_SOURCE.exec(text.slice(previousEnd, contentStart))?.[1];

  const at = (path: Path) => locator.locate([], path) ?? { file, line: base.line, column: base.col };
  if (!isRecord(value) || typeof value["kind"] !== "string" || typeof value["apiVersion"] !== "string") {
    const pos = at([]);
    sink.problems.push({ severity: "info", file, line: pos.line, column: pos.column, message: "skipped: not a Kubernetes object (no apiVersion and kind)" });
    return;
  }
  if (value["kind"] === "List" || (value["kind"].endsWith("List") && Array.isArray(value["items"]))) {
    (value["items"] as unknown[] | undefined ?? []).forEach((item, i) => {
      addObject(item, { file, documentIndex, basePath: ["items", i], ...(helm ? { helmSource: helm } : {}) }, locator, sink, opts);
    });
    return;
  }
  addObject(value, { file, documentIndex, basePath: [], ...(helm ? { helmSource: helm } : {}) }, locator, sink, opts);
}

function addObject(value: unknown, origin: ManifestOrigin, locator: DocumentLocator, sink: ManifestSink, opts: ParseOptions): void {
  const loc: KubeObject["loc"] = (path = [], o) => locator.locate(origin.basePath, path, o);
  if (!isRecord(value) || typeof value["kind"] !== "string" || typeof value["apiVersion"] !== "string") {
    const pos = loc();
    sink.problems.push({ severity: "info", file: origin.file, ...(pos ? { line: pos.line, column: pos.column } : {}), message: "skipped: list item is not a Kubernetes object (no apiVersion and kind)" });
    return;
  }
  const kind = value["kind"];
  const meta = asRecord(value["metadata"]);
  if (!READ_KINDS.has(kind) || (kind === "ConfigMap" && meta["name"] !== WI.webhookConfigMap)) {
    sink.skippedObjects++;
    return;
  }
  const name = asString(meta["name"]) ?? asString(meta["generateName"]) ?? "";
  if (name === "") {
    const pos = loc(["metadata"]);
    sink.problems.push({ severity: "warning", file: origin.file, ...(pos ? { line: pos.line, column: pos.column } : {}), message: `${kind} has no metadata.name; skipped` });
    return;
  }
  const written = asString(meta["namespace"]);
  const namespaced = !CLUSTER_SCOPED_KINDS.has(kind);
  sink.objects.push({
    apiVersion: value["apiVersion"] as string,
    kind,
    name,
    namespace: namespaced ? written || opts.defaultNamespace || "default" : undefined,
    namespaceDefaulted: namespaced && !written,
    raw: value,
    origin,
    loc,
  });
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}
