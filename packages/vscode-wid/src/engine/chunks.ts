import { parseManifestPart, type InputProblem, type KubeObject, type Location, type SnapshotPart } from "@wid/core";
import { editorProblem } from "./setting-words.js";

/**
 * A large manifest read in pieces, one YAML document each, so that an edit re-parses the document
 * it touched rather than the whole file: a 2,000-object file takes the YAML parser about half a
 * second on a laptop, one of its documents a fraction of a millisecond. Each piece is parsed on its
 * own and its objects are placed back where the piece sits in the file (lines, offsets, document
 * indexes), so findings, ranges and fixes are those of the whole file read at once.
 */

/** Files smaller than this are parsed whole: it is fast, and exactly what the CLI does. */
export const CHUNK_MIN_BYTES = 64 * 1024;

interface Piece {
  text: string;
  /** Offset and 1-based line of the piece's first character in the file. */
  offset: number;
  line: number;
  /** Index in the file of the piece's first YAML document. */
  firstDocument: number;
  /** How many documents the piece holds. */
  documents: number;
}

const SEPARATOR = /^---(?:[ \t][^\r\n]*)?\r?$/gm;
/** Directives and document end markers: a text with them is parsed whole. */
const UNSPLITTABLE = /^(?:%|\.\.\.(?:[ \t]|\r?$))/m;
const CONTENT = /^[ \t]*[^\s#]/m;

/**
 * The pieces of a multi-document YAML text, split before each `---` line (a document marker at
 * the start of a line always starts a document: YAML forbids it inside content); comments between
 * documents stay with the one above, as the parser reads them. Undefined for texts this does
 * not split safely: directives (`%YAML`), document end markers (`...`), one document only.
 */
export function splitDocuments(text: string): Piece[] | undefined {
  if (UNSPLITTABLE.test(text)) return undefined;
  const starts: number[] = [];
  for (const m of text.matchAll(SEPARATOR)) starts.push(m.index);
  // what comes before the first marker, when it is only comments, goes with the first document
  // (a `# Source:` comment there names its chart template)
  if (starts.length > 0 && starts[0]! > 0 && !CONTENT.test(text.slice(0, starts[0]))) starts[0] = 0;
  if (starts.length === 0 || (starts.length === 1 && starts[0] === 0)) return undefined;
  const bounds = starts[0] === 0 ? starts : [0, ...starts];
  const pieces: Piece[] = [];
  let line = 1;
  let document = 0;
  for (let b = 0; b < bounds.length; b++) {
    const from = bounds[b]!;
    const to = b + 1 < bounds.length ? bounds[b + 1]! : text.length;
    const pieceText = text.slice(from, to);
    // before the first marker there is content (only comments went with the first document)
    const documents = 1;
    pieces.push({ text: pieceText, offset: from, line, firstDocument: document, documents });
    for (let nl = pieceText.indexOf("\n"); nl !== -1; nl = pieceText.indexOf("\n", nl + 1)) line++;
    document += documents;
  }
  return pieces;
}

function shiftLocation(at: Location | undefined, lines: number, offset: number): Location | undefined {
  if (!at || (lines === 0 && offset === 0)) return at;
  const out: Location = { file: at.file, line: at.line + lines, column: at.column };
  if (at.range) {
    out.range = {
      start: { line: at.range.start.line + lines, column: at.range.start.column, offset: at.range.start.offset + offset },
      end: { line: at.range.end.line + lines, column: at.range.end.column, offset: at.range.end.offset + offset },
    };
  }
  return out;
}

/** An object of a piece as it sits in the file. */
function placeObject(o: KubeObject, lines: number, offset: number, documents: number): KubeObject {
  const placed: KubeObject = {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.name,
    namespace: o.namespace,
    namespaceDefaulted: o.namespaceDefaulted,
    raw: o.raw,
    origin: o.origin ? { ...o.origin, documentIndex: o.origin.documentIndex + documents } : undefined,
    loc: (path, opts) => shiftLocation(o.loc(path, opts), lines, offset),
  };
  if (o.uid !== undefined) placed.uid = o.uid;
  if (o.resourceVersion !== undefined) placed.resourceVersion = o.resourceVersion;
  return placed;
}

const AT = /is also defined at (.+):(\d+):(\d+); this later definition is used$/;

function placeProblem(p: InputProblem, file: string, lines: number): InputProblem {
  const out: InputProblem = editorProblem(p);
  if (p.line !== undefined) out.line = p.line + lines;
  // an object defined twice in one piece (a List's items): the earlier one's line is in the message
  const m = AT.exec(p.message);
  if (m && m[1] === file) out.message = out.message.replace(AT, `is also defined at ${m[1]}:${Number(m[2]) + lines}:${m[3]}; this later definition is used`);
  return out;
}

function placePart(part: SnapshotPart, file: string, piece: Piece): SnapshotPart {
  if (part.kind !== "manifests") return part;
  const lines = piece.line - 1;
  const { sink } = part;
  return {
    kind: "manifests",
    sink: {
      objects: sink.objects.map((o) => placeObject(o, lines, piece.offset, piece.firstDocument)),
      problems: sink.problems.map((p) => placeProblem(p, file, lines)),
      skippedObjects: sink.skippedObjects,
      byIdentity: sink.byIdentity,
    },
  };
}

interface ParsedPiece {
  /** As parsed on its own: positions from the piece's start. */
  parsed: SnapshotPart;
  /** Where it was placed last, and the result. */
  placedAt: string;
  placed: SnapshotPart;
}

/** One manifest file, whole or in pieces; `parse` re-parses only the pieces whose text changed. */
export class ChunkedManifest {
  #pieces = new Map<string, ParsedPiece[]>();
  parts: SnapshotPart[] = [];
  /** Parses done so far (a whole file, or a piece): what an edit costs shows here. */
  parses = 0;

  constructor(readonly file: string) {}

  set(text: string, minBytes = CHUNK_MIN_BYTES): void {
    const pieces = text.length >= minBytes ? splitDocuments(text) : undefined;
    if (!pieces) {
      this.#pieces.clear();
      this.parses++;
      this.parts = [parseManifestPart(this.file, text)];
      return;
    }
    const next = new Map<string, ParsedPiece[]>();
    const parts: SnapshotPart[] = [];
    for (const piece of pieces) {
      // pieces of equal text (rare) are told apart by order
      const known = this.#pieces.get(piece.text)?.shift();
      let entry: ParsedPiece;
      if (known) entry = known;
      else {
        this.parses++;
        const parsed = parseManifestPart(this.file, piece.text);
        entry = { parsed, placedAt: "", placed: parsed };
      }
      const at = `${piece.offset}:${piece.line}:${piece.firstDocument}`;
      if (entry.placedAt !== at) {
        entry.placed = placePart(entry.parsed, this.file, piece);
        entry.placedAt = at;
      }
      const list = next.get(piece.text);
      if (list) list.push(entry);
      else next.set(piece.text, [entry]);
      parts.push(entry.placed);
    }
    this.#pieces = next;
    this.parts = parts;
  }
}
