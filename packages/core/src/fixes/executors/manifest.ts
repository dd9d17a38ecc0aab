import { isDeepStrictEqual } from "node:util";
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import type { EditPath, EditSegment, Expect, ManifestEdit } from "../../model/fix.js";
import { valueDigest } from "../../util/digest.js";
import { redactSecret } from "../../util/redact.js";
import { lineEnding, lineStartOf, nextLineStart, indentStep, columnOf } from "./manifest-text.js";
import { renderKey, renderScalarLike } from "./manifest-render.js";

export interface EditOutcome {
  edit: ManifestEdit;
  /** applied: the text changed; unchanged: it already held what the edit wants; refused: see reason. */
  status: "applied" | "unchanged" | "refused";
  reason?: string;
  /**
   * For an applied edit, the change it made: `[from, to)` of the text as it was before this edit
   * (after the edits before it) replaced by `insert`. Every other byte is kept, so an editor can
   * apply it as one minimal text edit, and a test can check that nothing else moved.
   */
  splice?: Splice;
}

export interface ManifestEditResult {
  text: string;
  outcomes: EditOutcome[];
}

const PARSE = { uniqueKeys: false, merge: true, logLevel: "silent", keepSourceTokens: false } as const;

/** A change to the text: replace [from, to) with `insert`. */
export interface Splice {
  from: number;
  to: number;
  insert: string;
}

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

/**
 * Applies edits to a manifest file's text, one after the other. Each edit changes only the span
 * it must (comments, quoting, anchors, key order, indentation, line ends and every other byte are
 * kept), is checked against what it expects to find, and is verified by parsing the result: an
 * edit that cannot be made safely is refused and leaves the text as it was. Never throws.
 */
export function applyManifestEdits(text: string, edits: readonly ManifestEdit[]): ManifestEditResult {
  let current = text;
  const outcomes: EditOutcome[] = [];
  for (const edit of edits) {
    try {
      const planned = planEdit(current, edit);
      if (!planned) {
        outcomes.push({ edit, status: "unchanged" });
        continue;
      }
      const { splice, path, wanted } = planned;
      const next = current.slice(0, splice.from) + splice.insert + current.slice(splice.to);
      verify(current, next, edit, path, wanted);
      current = next;
      outcomes.push({ edit, status: "applied", splice });
    } catch (e) {
      outcomes.push({ edit, status: "refused", reason: e instanceof Refusal ? e.message : `cannot edit: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return { text: current, outcomes };
}

function documentAt(text: string, index: number): Document.Parsed {
  const docs = parseAllDocuments(text, PARSE);
  if (!Array.isArray(docs)) refuse(`the file holds no YAML document ${index + 1}`);
  const doc = docs[index];
  if (!doc) refuse(`the file holds no YAML document ${index + 1}`);
  const error = doc.errors[0];
  if (error) refuse(`the file is not valid YAML at offset ${error.pos[0]}: ${error.message.split("\n")[0]}`);
  return doc;
}

function describe(path: EditPath): string {
  return path.map((s) => (typeof s === "object" ? `[name=${s.name}]` : typeof s === "number" ? `[${s}]` : s)).join(".");
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** Where a path leads: the node at its end, or the deepest existing map and the keys still missing. */
interface Resolved {
  /** The collection holding the last segment, and that segment's pair (maps) or index (sequences). */
  parent: YAMLMap | YAMLSeq | undefined;
  pair?: Pair;
  index?: number;
  /** The node at the path; undefined when the path ends at a missing key. */
  node: Node | null | undefined;
  /** For a path that stops early: the deepest existing node and the missing keys below it. */
  missing?: { at: Node | null; pairOfAt: Pair | undefined; keys: string[] };
}

function segmentItem(seq: YAMLSeq, seg: EditSegment, path: EditPath): number | undefined {
  if (typeof seg === "number") return seg < seq.items.length ? seg : undefined;
  if (typeof seg === "object") {
    const matches = seq.items.flatMap((item, i) => (isMap(item) && item.get("name") === seg.name ? [i] : []));
    if (matches.length > 1) refuse(`${describe(path)}: ${matches.length} items are named ${seg.name}`);
    return matches[0];
  }
  refuse(`${describe(path)}: "${seg}" names a key, but a list is there`);
}

function resolve(doc: Document.Parsed, path: EditPath): Resolved {
  let node: Node | null | undefined = doc.contents as Node | null;
  let parent: YAMLMap | YAMLSeq | undefined;
  let pair: Pair | undefined;
  let pairOfNode: Pair | undefined;
  let index: number | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isAlias(node)) refuse(`${describe(path.slice(0, i))} is an alias: editing it would change the value it shares`);
    if (isMap(node)) {
      if (typeof seg !== "string") refuse(`${describe(path.slice(0, i + 1))}: a map is there, not a list`);
      const found = node.items.find((p) => keyOf(p) === seg);
      if (!found) {
        const rest = path.slice(i);
        if (rest.some((s) => typeof s !== "string")) refuse(`${describe(path)}: the list item does not exist`);
        return { parent: node, node: undefined, missing: { at: node, pairOfAt: pairOfNode, keys: rest as string[] } };
      }
      parent = node;
      pair = found;
      pairOfNode = found;
      index = undefined;
      node = found.value as Node | null;
    } else if (isSeq(node)) {
      const at = segmentItem(node, seg, path.slice(0, i + 1));
      if (at === undefined) refuse(`${describe(path.slice(0, i + 1))} does not exist`);
      parent = node;
      pair = undefined;
      pairOfNode = undefined;
      index = at;
      node = node.items[at] as Node | null;
    } else if (node === null || (isScalar(node) && node.value === null)) {
      // an empty value: the keys below it are missing
      const rest = path.slice(i);
      if (rest.some((s) => typeof s !== "string")) refuse(`${describe(path)}: the list does not exist`);
      return { parent, node: undefined, missing: { at: node, pairOfAt: pairOfNode, keys: rest as string[] } };
    } else {
      refuse(`${describe(path.slice(0, i))} is a ${isScalar(node) ? "plain value" : "node"}, not a map or list`);
    }
  }
  return { parent, ...(pair ? { pair } : {}), ...(index !== undefined ? { index } : {}), node };
}

function valueOf(doc: Document.Parsed, node: Node | null | undefined): unknown {
  if (node === undefined) return undefined;
  if (node === null) return null;
  return node.toJS(doc, { maxAliasCount: 100 });
}

function matches(value: unknown, expect: Expect): boolean {
  if ("absent" in expect) return value === undefined;
  if ("digest" in expect) return value !== undefined && valueDigest(value) === expect.digest;
  return isDeepStrictEqual(value, expect.value);
}

/** What was found, quoted only when it is a short value that cannot be a secret. */
function found(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string" && value.length <= 40 && redactSecret(value) === value) return JSON.stringify(value);
  return "another value";
}

function stale(path: EditPath, value: unknown): never {
  refuse(`${describe(path)} holds ${found(value)}, not what the fix was planned on: the file changed since, or another fix changed it`);
}

/** The splice an edit needs and what its path must then hold; undefined when the text already holds it. */
function planEdit(text: string, edit: ManifestEdit): { splice: Splice; path: EditPath; wanted: unknown } | undefined {
  const doc = documentAt(text, edit.documentIndex);
  const eol = lineEnding(text);
  switch (edit.op) {
    case "set": {
      const at = resolve(doc, edit.path);
      const now = valueOf(doc, at.node);
      if (isDeepStrictEqual(now, edit.value)) return undefined;
      if (!matches(now, edit.expect)) stale(edit.path, now);
      const splice = at.missing ? insertKeys(text, at.missing, edit.value, eol) : replaceValue(text, at, edit.value, edit.path);
      return { splice, path: edit.path, wanted: edit.value };
    }
    case "delete": {
      const at = resolveOrAbsent(doc, edit.path);
      if (!at) return undefined;
      const now = valueOf(doc, at.node);
      if (!matches(now, edit.expect)) stale(edit.path, now);
      return { splice: removeEntry(text, at, eol, edit.path), path: edit.path, wanted: undefined };
    }
    case "rename-key": {
      const parentPath = edit.path.slice(0, -1);
      const oldKey = edit.path[edit.path.length - 1];
      if (typeof oldKey !== "string") refuse(`${describe(edit.path)} is not a map key`);
      const old = resolveOrAbsent(doc, edit.path);
      const renamed = resolveOrAbsent(doc, [...parentPath, edit.newKey]);
      const rewrite = edit.value !== undefined;
      if (!old) {
        // renamed already: with the value carried over, or with the one the edit gives
        if (renamed && (rewrite ? isDeepStrictEqual(valueOf(doc, renamed.node), edit.value) : matches(valueOf(doc, renamed.node), edit.expect))) return undefined;
        stale(edit.path, undefined);
      }
      const now = valueOf(doc, old.node);
      if (!matches(now, edit.expect)) stale(edit.path, now);
      if (renamed) refuse(`${describe([...parentPath, edit.newKey])} exists already`);
      const key = old.pair?.key;
      if (!isScalar(key) || !key.range) refuse(`${describe(edit.path)}: its key cannot be renamed in place`);
      const newKey = renderKey(edit.newKey, key.type, isFlowJson(old.parent));
      const path = [...parentPath, edit.newKey];
      if (!rewrite || isDeepStrictEqual(now, edit.value)) return { splice: { from: key.range[0], to: key.range[1], insert: newKey }, path, wanted: now };
      // one splice from the key to the end of the value: what lies between (": ", a comment) is kept
      const value = replaceValue(text, old, edit.value, edit.path);
      if (value.from < key.range[1]) refuse(`${describe(edit.path)}: its key and value cannot be rewritten in place`);
      return { splice: { from: key.range[0], to: value.to, insert: newKey + text.slice(key.range[1], value.from) + value.insert }, path, wanted: edit.value };
    }
  }
}

/** The path's node, or undefined when it does not exist (a missing key or item). */
function resolveOrAbsent(doc: Document.Parsed, path: EditPath): Resolved | undefined {
  try {
    const at = resolve(doc, path);
    return at.missing ? undefined : at;
  } catch (e) {
    if (e instanceof Refusal && /does not exist/.test(e.message)) return undefined;
    throw e;
  }
}

function range(node: Node | null | undefined): [number, number, number] | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range ?? undefined;
}

/** A JSON file or a JSON-like flow collection: keys written in double quotes. */
function isFlowJson(collection: YAMLMap | YAMLSeq | undefined): boolean {
  if (!collection || !collection.flow) return false;
  const first = collection.items[0];
  return isPair(first) && isScalar(first.key) && first.key.type === "QUOTE_DOUBLE";
}

function replaceValue(text: string, at: Resolved, value: unknown, path: EditPath): Splice {
  const node = at.node;
  if (isScalar(node) && node.anchor && text.includes(`*${node.anchor}`)) refuse(`${describe(path)} is shared through the anchor &${node.anchor}`);
  if (isMap(node) || isSeq(node)) {
    if (node.anchor && text.includes(`*${node.anchor}`)) refuse(`${describe(path)} is shared through the anchor &${node.anchor}`);
  }
  const r = range(node);
  if (!r) refuse(`${describe(path)}: no position to edit`);
  const flow = at.parent?.flow === true;
  const json = isFlowJson(at.parent);
  if (isScalar(node) || isAlias(node)) {
    if (isScalar(node) && node.value === null && r[0] === r[1]) {
      // `key:` with nothing after it: the value goes after the colon
      return { from: r[0], to: r[1], insert: ` ${renderScalarLike(value, "PLAIN", json)}`.replace(/^ (?=\s)/, "") };
    }
    if (value !== null && typeof value === "object") return { from: r[0], to: r[1], insert: JSON.stringify(value) };
    return { from: r[0], to: r[1], insert: renderScalarLike(value, isScalar(node) ? node.type : "PLAIN", json) };
  }
  // a collection replaced: inline, so that its indentation cannot go wrong
  let end = r[1];
  while (end > r[0] && /\s/.test(text[end - 1]!)) end--;
  const insert = value !== null && typeof value === "object" ? JSON.stringify(value) : renderScalarLike(value, "PLAIN", json || flow);
  return { from: r[0], to: end, insert };
}

/** Nested `keys: value` as block YAML lines, each indented by `indent`. */
function blockLines(keys: readonly string[], value: unknown, indent: string, step: number, eol: string): string {
  let nested: unknown = value;
  for (let i = keys.length - 1; i >= 0; i--) nested = { [keys[i]!]: nested };
  const yaml = stringify(nested, { indent: step, lineWidth: 0, defaultKeyType: "PLAIN" }).trimEnd();
  return yaml
    .split("\n")
    .map((l) => indent + l)
    .join(eol);
}

function jsonFlow(keys: readonly string[], value: unknown, compact: boolean): string {
  const [first, ...rest] = keys;
  let nested: unknown = value;
  for (let i = rest.length - 1; i >= 0; i--) nested = { [rest[i]!]: nested };
  return `${JSON.stringify(first)}:${compact ? "" : " "}${JSON.stringify(nested)}`;
}

function insertKeys(text: string, missing: NonNullable<Resolved["missing"]>, value: unknown, eol: string): Splice {
  const { at, pairOfAt, keys } = missing;
  const step = indentStep(text);
  if (isMap(at) && at.flow) {
    const json = isFlowJson(at);
    const r = range(at)!;
    const last = at.items[at.items.length - 1];
    // written as the map's own entries are: `"a":"1","b":"2"` stays compact
    const first = at.items[0];
    const colon = first && range(first.key as Node) && range(first.value as Node) ? text.slice(range(first.key as Node)![1], range(first.value as Node)![0]) : ": ";
    const compact = colon === ":" && json;
    const entry = json ? jsonFlow(keys, value, compact) : flowEntry(keys, value);
    const close = text.lastIndexOf("}", r[1] - 1);
    if (!last) return { from: r[0] + 1, to: close, insert: text.slice(r[0] + 1, close).includes("\n") ? `${eol}${" ".repeat(step)}${entry}${eol}` : ` ${entry} ` };
    const lastEnd = range(last.value as Node)?.[1] ?? range(last.key as Node)![1];
    const multiline = text.slice(r[0], r[1]).includes("\n");
    const keyColumn = columnOf(text, range(last.key as Node)![0]);
    return { from: lastEnd, to: lastEnd, insert: multiline ? `,${eol}${" ".repeat(keyColumn)}${entry}` : `,${compact ? "" : " "}${entry}` };
  }
  if (isMap(at)) {
    const first = at.items[0];
    const keyStart = range(first?.key as Node)?.[0];
    if (keyStart === undefined) refuse("an empty block map cannot be extended in place");
    const indent = " ".repeat(columnOf(text, keyStart));
    const r = range(at)!;
    const where = nextLineStart(text, r[1]);
    const lines = blockLines(keys, value, indent, step, eol);
    return where.atEnd ? { from: text.length, to: text.length, insert: `${where.needsBreak ? eol : ""}${lines}${eol}` } : { from: where.offset, to: where.offset, insert: `${lines}${eol}` };
  }
  // an empty value (`annotations:` or `annotations: null`): a block map takes its place
  if (!pairOfAt || !isScalar(pairOfAt.key) || !pairOfAt.key.range) refuse("the value to extend is empty and has no key to hang a map on");
  const keyColumn = columnOf(text, pairOfAt.key.range[0]);
  const lines = blockLines(keys, value, " ".repeat(keyColumn + step), step, eol);
  const r = range(at) ?? [pairOfAt.key.range[1] + 1, pairOfAt.key.range[1] + 1, 0];
  // from the colon after the key to the end of the empty value
  const colon = text.indexOf(":", pairOfAt.key.range[1]);
  return { from: colon + 1, to: Math.max(r[1], colon + 1), insert: `${eol}${lines}` };
}

function flowEntry(keys: readonly string[], value: unknown): string {
  const [first, ...rest] = keys;
  let nested: unknown = value;
  for (let i = rest.length - 1; i >= 0; i--) nested = { [rest[i]!]: nested };
  return `${renderKey(first!, "PLAIN", false)}: ${stringify(nested, { collectionStyle: "flow", lineWidth: 0 }).trim()}`;
}

function removeEntry(text: string, at: Resolved, eol: string, path: EditPath): Splice {
  const parent = at.parent;
  if (!parent) refuse(`${describe(path)}: the document itself cannot be removed`);
  const items = parent.items as (Pair | Node)[];
  const i = at.pair ? items.indexOf(at.pair) : at.index!;
  const startOf = (item: Pair | Node) => (isPair(item) ? range(item.key as Node)![0] : range(item as Node)![0]);
  const endOf = (item: Pair | Node) => (isPair(item) ? (range(item.value as Node)?.[1] ?? range(item.key as Node)![1]) : range(item as Node)![1]);
  const item = items[i]!;
  const start = startOf(item);
  const end = endOf(item);
  if (parent.flow) {
    // the entry and one comma beside it
    const next = items[i + 1];
    if (next) return { from: start, to: startOf(next), insert: "" };
    const prev = items[i - 1];
    return prev ? { from: endOf(prev), to: end, insert: "" } : { from: start, to: end, insert: "" };
  }
  const lineStart = lineStartOf(text, start);
  const before = text.slice(lineStart, start);
  const after = nextLineStart(text, end);
  const stop = after.offset;
  // a sequence item starts at its dash; a map entry at its key, first on its line
  const ownLine = isSeq(parent) ? /^\s*-\s*$/.test(before) : /^\s*$/.test(before);
  if (items.length === 1) return emptyCollection(text, parent, ownLine ? lineStart : start, stop, after.atEnd, eol);
  if (ownLine) return { from: lineStart, to: stop, insert: "" };
  // the first entry of a list item (`- name: x`): the next entry moves up beside the dash
  const next = items[i + 1];
  if (!next || isSeq(parent)) refuse(`${describe(path)}: cannot remove it in place`);
  return { from: start, to: startOf(next), insert: "" };
}

/**
 * The last entry of a block collection removed: it is written `{}` or `[]`, after its key's colon
 * when it hangs below one (`annotations: {}`), else where it stood (`- {}`).
 */
function emptyCollection(text: string, parent: YAMLMap | YAMLSeq, from: number, stop: number, atEnd: boolean, eol: string): Splice {
  const empty = isMap(parent) ? "{}" : "[]";
  const lineStart = lineStartOf(text, from);
  const colon = text.lastIndexOf(":", lineStart - 1);
  const hangs = from === lineStart && colon !== -1 && text.slice(colon + 1, lineStart).trim() === "";
  if (hangs) return { from: colon + 1, to: stop, insert: ` ${empty}${atEnd && !text.endsWith("\n") ? "" : eol}` };
  const r = range(parent)!;
  let end = r[1];
  while (end > r[0] && /\s/.test(text[end - 1]!)) end--;
  return { from: r[0], to: end, insert: empty };
}

/**
 * The edit's result must parse into the same documents, hold at its path exactly what the edit
 * wanted, and differ from before in nothing else: a value shared through an anchor, or a key
 * moved into the wrong map, would change more than the edit meant to.
 */
function verify(before: string, after: string, edit: ManifestEdit, path: EditPath, wanted: unknown): void {
  const old = parseAllDocuments(before, PARSE);
  const all = parseAllDocuments(after, PARSE);
  if (!Array.isArray(old) || !Array.isArray(all) || all.length !== old.length) refuse(`${describe(path)}: the edit would change the file's documents; left unchanged`);
  const doc = documentAt(after, edit.documentIndex);
  const got = resolveOrAbsent(doc, path);
  if (!isDeepStrictEqual(got ? valueOf(doc, got.node) : undefined, wanted)) refuse(`${describe(path)}: the edit would not give the value wanted; left unchanged`);
  for (let i = 0; i < all.length; i++) {
    const was = old[i]!.toJS({ maxAliasCount: 100 }) as unknown;
    const now = plain(all[i]!.toJS({ maxAliasCount: 100 }) as unknown);
    const expected = i === edit.documentIndex ? withEdit(was, edit) : plain(was);
    if (!isDeepStrictEqual(now, expected)) {
      refuse(`${describe(path)}: the edit would also change other values (${i === edit.documentIndex ? "a value shared through an anchor, or another key" : `document ${i + 1}`}); left unchanged`);
    }
  }
}

/** A document's data as JSON holds it: values shared by an anchor and its aliases become separate copies. */
function plain(doc: unknown): unknown {
  return doc === undefined ? undefined : (JSON.parse(JSON.stringify(doc)) as unknown);
}

/** The plain value of a document after `edit`, computed on the data alone. */
function withEdit(doc: unknown, edit: ManifestEdit): unknown {
  const root = plain(doc);
  const parentPath = edit.path.slice(0, -1);
  const last = edit.path[edit.path.length - 1]!;
  let parent: unknown = root;
  for (let i = 0; i < parentPath.length; i++) {
    const seg = parentPath[i]!;
    let next = child(parent, seg);
    if (next === undefined || next === null) {
      if (edit.op !== "set" || typeof seg !== "string") return root;
      next = {};
      (parent as Record<string, unknown>)[seg] = next;
    }
    parent = next;
  }
  if (Array.isArray(parent)) {
    const at = typeof last === "number" ? last : parent.findIndex((item) => typeof last === "object" && isRecordLike(item) && item["name"] === last.name);
    if (edit.op === "delete") parent.splice(at, 1);
    else if (edit.op === "set") parent[at] = edit.value;
    return root;
  }
  if (!isRecordLike(parent) || typeof last !== "string") return root;
  if (edit.op === "delete") delete parent[last];
  else if (edit.op === "set") parent[last] = edit.value;
  else {
    parent[edit.newKey] = edit.value !== undefined ? edit.value : parent[last];
    delete parent[last];
  }
  return root;
}

function isRecordLike(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function child(parent: unknown, seg: EditSegment): unknown {
  if (Array.isArray(parent)) {
    if (typeof seg === "number") return parent[seg];
    if (typeof seg === "object") return parent.find((item) => isRecordLike(item) && item["name"] === seg.name);
    return undefined;
  }
  return isRecordLike(parent) && typeof seg === "string" ? parent[seg] : undefined;
}
