import jsYaml from "js-yaml";
import type { ManifestOrigin } from "../../model/kube.js";
import { asRecord, asString, isRecord } from "../../util/raw.js";
import type { PositionTracker } from "../positions.js";
import { MAX_DEPTH } from "./depth.js";
import { keepObject, makeObject } from "./objects.js";
import { READ_KINDS, type ManifestSink, type ParseOptions } from "./parse.js";

/**
 * The fast path of reading manifests. Most documents are plain YAML: maps, lists and scalars,
 * without anchors, tags or errors. Those are split from the file by their `---` lines and read by
 * js-yaml, several times faster than building the YAML library's syntax tree; the tree is built
 * later, and only for the objects a finding points at. A document that is not plain, or that
 * js-yaml does not read exactly as the YAML library would (an error, a duplicate key, a list of
 * objects to locate one by one), goes the thorough way, which tells the user what is wrong and where.
 */

/** One document of a YAML stream, as its lines show it. */
export interface DocumentSlice {
  /** 0-based index of the document in its file, as the YAML library counts them. */
  index: number;
  /** From its `---` line (or the start of the file) to the next one. */
  start: number;
  end: number;
  /** Its content: from the first character of its first line that is not a comment, to the end of its last such line. */
  contentStart: number | undefined;
  contentEnd: number;
  /** The chart template named by a Helm `# Source:` comment above its content. */
  helmSource: string | undefined;
  /** Content this split cannot place exactly: on the `---` line itself, or comment-like lines after a block scalar. */
  unsure: boolean;
}

const HELM_SOURCE = /^#\s*Source:\s*(.+?)\s*$/;
const MARKER = /^---(?=\s|$)/;
const BLOCK_SCALAR = /(?:^|[\s:-])[|>][0-9+-]*[ \t]*(?:#.*)?$/;

/**
 * The documents of a YAML stream, split at its `---` lines (which end any scalar, as YAML has it).
 * Undefined for a stream with directives (`%YAML`) or `...` end markers, or a `# Source:` comment
 * after a document's content: the thorough way reads those.
 */
export function splitDocuments(text: string): DocumentSlice[] | undefined {
  // a line break written as a lone CR: YAML counts it, this split does not
  if (/\r(?!\n)/.test(text)) return undefined;
  const docs: DocumentSlice[] = [];
  let current: DocumentSlice & { marked: boolean; blockScalar: boolean; trailingComment: boolean } = open(0, false);
  function open(start: number, marked: boolean) {
    return { index: 0, start, end: text.length, contentStart: undefined, contentEnd: start, helmSource: undefined, unsure: false, marked, blockScalar: false, trailingComment: false };
  }
  const close = (end: number) => {
    current.end = end;
    // text before the first `---` is a document only when it holds content
    if (!current.marked && current.contentStart === undefined) return;
    const { marked: _m, blockScalar: _b, trailingComment: _t, ...slice } = current;
    docs.push({ ...slice, index: docs.length, unsure: current.unsure || (current.blockScalar && current.trailingComment) });
  };
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf("\n", lineStart);
    const lineEnd = nl === -1 ? text.length : nl + 1;
    const line = text.slice(lineStart, nl === -1 ? text.length : nl).replace(/\r$/, "");
    if (line.startsWith("%") || /^\.\.\.(?=\s|$)/.test(line)) return undefined;
    if (MARKER.test(line)) {
      close(lineStart);
      current = open(lineStart, true);
      const rest = line.slice(3).trim();
      if (rest !== "" && !rest.startsWith("#")) current.unsure = true;
    } else {
      const trimmed = line.trimStart();
      if (trimmed.startsWith("#")) {
        const source = HELM_SOURCE.exec(trimmed)?.[1];
        if (source !== undefined) {
          if (current.contentStart !== undefined) return undefined;
          current.helmSource = source;
        }
        if (current.contentStart !== undefined) current.trailingComment = true;
      } else if (trimmed !== "") {
        current.contentStart ??= lineStart + (line.length - trimmed.length);
        current.contentEnd = lineEnd;
        current.trailingComment = false;
        if (BLOCK_SCALAR.test(line)) current.blockScalar = true;
      }
    }
    if (nl === -1) break;
    lineStart = lineEnd;
  }
  close(text.length);
  return docs;
}

/** The YAML 1.2 core schema with merge keys (`<<`), as the YAML library reads manifests. */
const SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [(jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge] });

/**
 * Anchors, aliases, tags, tabs, templates, complex keys (`? `), empty keys in a flow collection
 * (`[: a]`, which js-yaml reads as "null" and YAML as ""), and a flow collection followed by more
 * on its line (which js-yaml accepts and YAML does not): the thorough way handles them, and their
 * errors.
 */
const NOT_PLAIN = /(?:^|[\s[{,])[&*!]|^\t|\{\{|[\]}][^\s,\]}]|^\s*[?:](?:\s|$)|[{[,]\s*\?|[{[,]\s*:(?=[\s,\]}]|$)|^(?:---|\.\.\.)|[,"'\]}]#/m;

/**
 * A quoted scalar that goes on over several lines (an odd number of quotes on a line): YAML
 * wants its further lines indented, js-yaml does not, so the thorough way judges it.
 */
function quoteSpansLines(content: string): boolean {
  for (const line of content.split("\n")) {
    const hash = line.search(/(^|\s)#/);
    const code = hash === -1 ? line : line.slice(0, hash);
    if (((code.replace(/\\./g, "").match(/"/g)?.length ?? 0) & 1) === 1) return true;
    if (/(^|[:\-[{,]\s*)'/.test(code) && ((code.match(/'/g)?.length ?? 0) & 1) === 1) return true;
  }
  return false;
}

/** Where a flow collection or a quoted scalar may begin: the start, or after one of these. */
const BEFORE_NODE = new Set(["", ":", "-", ",", "{", "[", "?"]);

/**
 * A flow collection as a key of a flow mapping (`{{a: 1}: x}`, `{k: v, [a]: y}`): js-yaml makes
 * such a key a string ("[object Object]", "a"), YAML keeps it a collection, so the thorough way
 * reads it. Braces inside quoted scalars and comments are skipped; one inside a plain scalar may
 * be taken for a collection, which only sends the document the thorough way.
 */
function hasCollectionKey(content: string): boolean {
  if (!content.includes("{")) return false;
  const open: string[] = [];
  let prev = "";
  let afterSpace = true;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      afterSpace = true;
      continue;
    }
    if (c === "#" && afterSpace) {
      const end = content.indexOf("\n", i);
      if (end === -1) break;
      i = end - 1;
      continue;
    }
    afterSpace = false;
    if ((c === '"' || c === "'") && BEFORE_NODE.has(prev)) {
      i = closingQuote(content, i, c);
      prev = c;
      continue;
    }
    if ((c === "{" || c === "[") && BEFORE_NODE.has(prev)) {
      if (open[open.length - 1] === "{" && (prev === "{" || prev === ",")) return true;
      open.push(c);
    } else if ((c === "}" || c === "]") && open.length > 0) {
      open.pop();
    }
    prev = c;
  }
  return false;
}

/** The index of the quote that closes the scalar opened at `start` (the end when none does). */
function closingQuote(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === "\\") i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}

function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

function isObjectLike(v: unknown): v is Record<string, unknown> & { kind: string; apiVersion: string } {
  return isRecord(v) && typeof v["kind"] === "string" && typeof v["apiVersion"] === "string";
}

/**
 * Reads one document the fast way into `sink`; false when it must go the thorough way (and
 * nothing was added). An object of a kind wid does not read is only counted, as the thorough way does.
 */
export function readPlainDocument(file: string, text: string, d: DocumentSlice, sink: ManifestSink, opts: ParseOptions, positions: PositionTracker): boolean {
  if (d.unsure) return false;
  if (d.contentStart === undefined) return true;
  // an indented first line: js-yaml accepts some indentation the YAML library rejects
  if (d.contentStart > 0 && text[d.contentStart - 1] !== "\n") return false;
  const content = text.slice(d.contentStart, d.contentEnd);
  if (NOT_PLAIN.test(content) || quoteSpansLines(content) || hasCollectionKey(content)) return false;
  let value: unknown;
  try {
    value = jsYaml.load(content, { schema: SCHEMA });
  } catch {
    return false;
  }
  if (value === null || value === undefined) return true;
  if (!isObjectLike(value) || deeperThan(value, MAX_DEPTH)) return false;
  const kind = value.kind;
  if (kind === "Kustomization") return false;
  if (kind.endsWith("List")) {
    // a list of objects wid does not read is counted; any other list is located item by item, the thorough way
    const items = value["items"];
    if (!Array.isArray(items) || !items.every((i) => isObjectLike(i) && !READ_KINDS.has(i.kind) && !i.kind.endsWith("List") && i.kind !== "Kustomization")) return false;
    sink.skippedObjects += items.length;
    return true;
  }
  if (!READ_KINDS.has(kind)) {
    sink.skippedObjects++;
    return true;
  }
  const meta = asRecord(value["metadata"]);
  // a nameless object gets its warning (and the template hint) the thorough way
  if ((asString(meta["name"]) || asString(meta["generateName"]) || "") === "") return false;
  const origin: ManifestOrigin = { file, documentIndex: d.index, basePath: [], ...(d.helmSource ? { helmSource: d.helmSource } : {}) };
  keepObject(sink, makeObject({ file, text: content, at: positions.at(d.contentStart), offset: d.contentStart }, value, origin, opts));
  return true;
}
