import { Composer, isAlias, isMap, isScalar, isSeq, Parser, type CST, type Document, type YAMLMap } from "yaml";
import type { KubeObject, ManifestOrigin } from "../../model/kube.js";
import type { InputProblem } from "../../model/snapshot.js";
import { asRecord, asString, isRecord } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { keepsConfigValue } from "../config-values.js";
import { PositionTracker, type LineColumn } from "../positions.js";
import { MAX_DEPTH, tooDeepAt } from "./depth.js";
import { findDuplicateKey } from "./duplicates.js";
import { keepObject, makeObject } from "./objects.js";
import { readPlainDocument, splitDocuments } from "./plain.js";

export { keepObject, objectIdentity, redefinition } from "./objects.js";

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
  "Secret",
  "CSIDriver",
  "PersistentVolumeClaim",
  "PersistentVolume",
  "StorageClass",
  "AzureIdentity",
  "AzureIdentityBinding",
]);

/** Aliases a document may expand; more is a "billion laughs" bomb, not a manifest. */
export const MAX_ALIAS_COUNT = 100;

export interface ParseOptions {
  /** Namespace for namespaced objects that name none (what `kubectl apply -n` would use). */
  defaultNamespace?: string;
}

export interface ManifestSink {
  objects: KubeObject[];
  problems: InputProblem[];
  /** Objects of kinds wid does not read. */
  skippedObjects: number;
  /** Index in `objects` of each object by identity, to notice one defined twice. */
  byIdentity: Map<string, number>;
}

export function newSink(): ManifestSink {
  return { objects: [], problems: [], skippedObjects: 0, byIdentity: new Map() };
}

const HELM_SOURCE = /^#\s*Source:\s*(.+?)\s*$/;

interface DocumentMeta {
  index: number;
  helmSource: string | undefined;
  /** Offset of a collection nested too deep: the document was not composed. */
  tooDeepAt: number | undefined;
}

/**
 * Parses one manifest file (a multi-document YAML stream, or JSON) into `sink`, one document at
 * a time: only the objects of kinds wid reads are kept, as plain values with their position,
 * and no syntax tree outlives its document. Plain documents (most of them) take a fast path;
 * any document it cannot read exactly as the YAML library would goes the thorough way.
 */
export function parseManifestText(file: string, text: string, sink: ManifestSink, opts: ParseOptions = {}): void {
  const positions = new PositionTracker(text);
  const documents = splitDocuments(text);
  let local = newSink();
  if (documents) {
    let thoroughErrors = false;
    for (const d of documents) {
      if (readPlainDocument(file, text, d, local, opts, positions)) continue;
      const before = local.problems.length;
      parseThoroughly({ file, text: text.slice(d.start, d.end), base: d.start, positions, sink: local, opts }, d.index, d.helmSource);
      thoroughErrors ||= local.problems.slice(before).some((p) => p.severity === "error");
    }
    // invalid YAML (an unclosed quote) may run past a `---` line: the whole file then goes the
    // thorough way, so that the error is where the YAML library puts it
    if (thoroughErrors) local = newSink();
    else return merge(sink, local);
  }
  parseThoroughly({ file, text, base: 0, positions: new PositionTracker(text), sink: local, opts }, 0, undefined);
  merge(sink, local);
}

/** One file's reading added to the run's: an object defined again in another file replaces the first. */
function merge(sink: ManifestSink, local: ManifestSink): void {
  sink.problems.push(...local.problems);
  sink.skippedObjects += local.skippedObjects;
  for (const o of local.objects) keepObject(sink, o);
}

/** The thorough way for a whole file, which the fast way must agree with (tests compare them). */
export function parseManifestTextThoroughly(file: string, text: string, sink: ManifestSink, opts: ParseOptions = {}): void {
  parseThoroughly({ file, text, base: 0, positions: new PositionTracker(text), sink, opts }, 0, undefined);
}

/**
 * Parses a text (a whole file, or one document of it) with the YAML library's syntax tree: every
 * YAML feature, and the errors users get, with their positions.
 */
function parseThoroughly(ctx: FileContext, firstIndex: number, firstHelmSource: string | undefined): void {
  const { file, text, sink } = ctx;
  // logLevel silent: the YAML library would otherwise print its warnings on the console.
  const composer = new Composer({ uniqueKeys: false, keepSourceTokens: false, merge: true, logLevel: "silent" });
  const metas = new Map<number, DocumentMeta>();
  let documentIndex = firstIndex;
  let helmSource: string | undefined = firstHelmSource;
  const compose = (docs: Iterable<Document.Parsed>) => {
    for (const doc of docs) {
      const meta = metas.get(doc.range[0]);
      metas.delete(doc.range[0]);
      handleDocument(ctx, doc, meta ?? { index: documentIndex - 1, helmSource: undefined, tooDeepAt: undefined });
    }
  };
  for (let token of new Parser().parse(text)) {
    if (token.type === "comment") {
      helmSource = helmSourceOf(token.source) ?? helmSource;
    } else if (token.type === "document") {
      for (const t of token.start) if (t.type === "comment") helmSource = helmSourceOf(t.source) ?? helmSource;
      const deep = tooDeepAt(token);
      metas.set(token.offset, { index: documentIndex++, helmSource, tooDeepAt: deep });
      helmSource = undefined;
      // Composed as an empty document, so that document indexes still count it.
      if (deep !== undefined) token = { type: "document", offset: token.offset, start: token.start } satisfies CST.Document;
    }
    compose(composer.next(token));
  }
  compose(composer.end(false, text.length));
  for (const error of composer.streamInfo().errors) {
    sink.problems.push({ severity: "error", file, ...at(ctx, error.pos[0]), message: `invalid YAML: ${firstLine(error.message)}` });
  }
}

/**
 * An object of a kind wid does not read, told from its syntax tree before its values are
 * built: most bytes of a large manifest set are such objects (CRDs, dashboards), and building
 * values is a large part of reading YAML. Composing them still reports their syntax errors.
 */
function isUnreadObject(contents: unknown): boolean {
  if (!isMap(contents)) return false;
  const kind = contents.get("kind");
  if (typeof kind !== "string" || typeof contents.get("apiVersion") !== "string") return false;
  if (kind.endsWith("List") || kind === "Kustomization") return false;
  return !READ_KINDS.has(kind);
}

const CONFIG_SECTIONS = new Set(["data", "stringData", "binaryData"]);

/**
 * A Secret or ConfigMap (but the webhook's) built from its syntax tree without the values wid
 * drops anyway: their bulk (large ConfigMaps, certificates) is most of what building values of such
 * an object costs. Undefined for anything else, or a shape (aliases, merge keys) built the usual way.
 */
function configValuesSkipped(contents: unknown, doc: Document.Parsed): Record<string, unknown> | undefined {
  if (!isMap(contents)) return undefined;
  const kind = contents.get("kind");
  if (kind !== "Secret" && kind !== "ConfigMap") return undefined;
  const meta = contents.get("metadata");
  if (kind === "ConfigMap" && (!isMap(meta) || meta.get("name") === WI.webhookConfigMap)) return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of contents.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== "string") return undefined;
    const key = pair.key.value;
    const node = pair.value;
    if (!CONFIG_SECTIONS.has(key)) {
      out[key] = isScalar(node) || node === null ? (node?.value ?? null) : (node as { toJS(doc: Document.Parsed, o: object): unknown }).toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
      continue;
    }
    if (!isMap(node)) return undefined;
    const section: Record<string, unknown> = {};
    for (const entry of (node as YAMLMap).items) {
      if (!isScalar(entry.key) || typeof entry.key.value !== "string") return undefined;
      const name = entry.key.value;
      section[name] = keepsConfigValue(kind, key, name) && isScalar(entry.value) ? entry.value.value : "";
    }
    out[key] = section;
  }
  return out;
}

function helmSourceOf(comment: string): string | undefined {
  return HELM_SOURCE.exec(comment)?.[1];
}

interface FileContext {
  file: string;
  /** The text parsed: the whole file, or one of its documents. */
  text: string;
  /** Offset of `text` in the file. */
  base: number;
  /** Positions in the whole file. */
  positions: PositionTracker;
  sink: ManifestSink;
  opts: ParseOptions;
}

/** The file position of an offset in the text parsed. */
function at(ctx: FileContext, offset: number): LineColumn {
  return ctx.positions.at(offset + ctx.base);
}

function problem(ctx: FileContext, severity: InputProblem["severity"], at: LineColumn | undefined, message: string, hint?: string): void {
  const skipped = message.startsWith("skipped: ") || message.endsWith("; not read");
  ctx.sink.problems.push({ severity, file: ctx.file, ...(at ?? {}), message, ...(hint ? { hint } : {}), ...(skipped ? { skipped } : {}) });
}

function handleDocument(ctx: FileContext, doc: Document.Parsed, meta: DocumentMeta): void {
  if (meta.tooDeepAt !== undefined) {
    problem(ctx, "error", at(ctx, meta.tooDeepAt), `document nested deeper than ${MAX_DEPTH} levels; not read`);
    return;
  }
  const error = doc.errors[0];
  if (error) {
    problem(ctx, "error", at(ctx, error.pos[0]), `invalid YAML: ${firstLine(error.message)}`, templateHint(ctx, doc) ?? YAML_ERROR_HINTS[error.code]);
    return;
  }
  if (doc.contents === null) return;
  if (isUnreadObject(doc.contents)) {
    ctx.sink.skippedObjects++;
    return;
  }
  let value: unknown;
  try {
    value = configValuesSkipped(doc.contents, doc) ?? doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    problem(ctx, "error", at(ctx, doc.contents.range[0]), `invalid YAML: ${firstLine(message)}`);
    return;
  }
  if (value === null || value === undefined) return;
  const start = () => at(ctx, doc.contents!.range[0]);
  if (!isRecord(value) || typeof value["kind"] !== "string" || typeof value["apiVersion"] !== "string") {
    problem(ctx, "info", start(), "skipped: not a Kubernetes object (no apiVersion and kind)");
    return;
  }
  const kind = value["kind"];
  const origin = (basePath: ManifestOrigin["basePath"]): ManifestOrigin => ({
    file: ctx.file,
    documentIndex: meta.index,
    basePath,
    ...(meta.helmSource ? { helmSource: meta.helmSource } : {}),
  });
  if (kind === "List" || (kind.endsWith("List") && Array.isArray(value["items"]))) {
    const items = value["items"];
    if (!Array.isArray(items)) {
      if (items !== undefined && items !== null) problem(ctx, "warning", start(), `skipped: ${kind} whose items is not a list`);
      return;
    }
    let seq: unknown = isMap(doc.contents) ? doc.contents.get("items", true) : undefined;
    if (isAlias(seq)) seq = seq.resolve(doc);
    items.forEach((item, i) => {
      const node = isSeq(seq) ? seq.items[i] : undefined;
      addObject(ctx, item, origin(["items", i]), node ?? doc.contents, doc, true);
    });
    return;
  }
  if (kind === "Kustomization") {
    problem(ctx, "info", start(), "skipped: a kustomization, not a rendered manifest", "render it first: `kubectl kustomize DIR | kubectl wid doctor -f -`");
    return;
  }
  addObject(ctx, value, origin([]), doc.contents, doc, false);
}

function addObject(ctx: FileContext, value: unknown, origin: ManifestOrigin, node: unknown, doc: Document.Parsed, inList: boolean): void {
  const start = () => at(ctx, rangeOf(node, doc)[0]);
  if (!isRecord(value) || typeof value["kind"] !== "string" || typeof value["apiVersion"] !== "string") {
    problem(ctx, "info", start(), `skipped: ${inList ? "list item" : "document"} is not a Kubernetes object (no apiVersion and kind)`);
    return;
  }
  const kind = value["kind"];
  const meta = asRecord(value["metadata"]);
  if (!READ_KINDS.has(kind)) {
    ctx.sink.skippedObjects++;
    return;
  }
  const name = asString(meta["name"]) || asString(meta["generateName"]) || "";
  if (name === "") {
    problem(ctx, "warning", start(), `skipped: ${kind} without metadata.name`, templateHint(ctx, doc));
    return;
  }
  const duplicate = findDuplicateKey(node);
  if (duplicate) {
    problem(ctx, "error", at(ctx, duplicate.offset), `invalid YAML: map key "${duplicate.key}" is written twice`, "remove one of the two; kubectl rejects the object");
    return;
  }
  const [from, to] = rangeOf(node, doc);
  keepObject(ctx.sink, makeObject({ file: ctx.file, text: ctx.text.slice(from, to), at: at(ctx, from), offset: from + ctx.base }, value, origin, ctx.opts));
}

/** The range of an object's node; an alias is followed to the node it names. */
function rangeOf(node: unknown, doc: Document.Parsed): [number, number] {
  const target = isAlias(node) ? (node.resolve(doc) ?? node) : node;
  const r = (target as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? [r[0], r[1]] : [doc.range[0], doc.range[1]];
}

/** What usually causes the YAML errors people meet in hand-written manifests, by the parser's code. */
const YAML_ERROR_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: "indent with spaces: YAML does not allow tabs for indentation",
  BAD_INDENT: "check the indentation (YAML nests by it) and that every bracket is closed",
  MISSING_CHAR: "a quote or bracket is not closed",
  MULTILINE_IMPLICIT_KEY: "a value may be missing after a key, or a quote not closed on the line above",
  BLOCK_AS_IMPLICIT_KEY: "a `key: value` line may be missing its colon, or be indented too far",
  DUPLICATE_KEY: "remove one of the two; kubectl rejects the object",
  UNEXPECTED_TOKEN: "check the characters around that position (a stray quote, bracket or colon)",
};

/** A hint for a document that fails as YAML because it is a Helm template, not its output. */
function templateHint(ctx: FileContext, doc: Document.Parsed): string | undefined {
  const [from, to] = doc.range;
  const at = ctx.text.indexOf("{{", from);
  return at !== -1 && at < to ? "this looks like a Helm template: render it first (`helm template RELEASE CHART | kubectl wid doctor -f -`)" : undefined;
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}
