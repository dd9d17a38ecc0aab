import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import type { Location, Path } from "../../model/location.js";
import type { LocateOptions } from "../../model/kube.js";

const decoder = new TextDecoder();

/** Parsed texts of the objects located last: checks ask several paths of the same object in a row. */
const RECENT = 32;
const recent = new Map<ObjectLocator, Parsed>();

interface Parsed {
  text: string;
  doc: Document;
}

/**
 * Resolves paths inside one object to file positions, by re-parsing the object's own text on
 * demand. The text is kept as UTF-8 bytes copied out of the file, so a large file is not kept
 * alive by the few objects read from it, and no syntax tree is kept beyond a small cache: only
 * objects with findings are ever located.
 */
export class ObjectLocator {
  readonly #bytes: Uint8Array;

  constructor(
    readonly file: string,
    /** The object's text, from its first character to the end of its last value. */
    text: string,
    /** 1-based position of the text's first character in the file. */
    readonly line: number,
    readonly column: number,
  ) {
    this.#bytes = Buffer.from(text, "utf8");
  }

  /** The position of `path` (or of its deepest ancestor that exists), never throwing. */
  locate(path: Path = [], opts?: LocateOptions): Location {
    const start: Location = { file: this.file, line: this.line, column: this.column };
    if (path.length === 0) return start;
    try {
      const { text, doc } = this.#parsed();
      const offset = offsetOf(doc, path, opts?.key ?? false);
      return offset === undefined ? start : this.#position(text, offset);
    } catch {
      return start;
    }
  }

  #parsed(): Parsed {
    let parsed = recent.get(this);
    if (parsed) {
      recent.delete(this);
    } else {
      // Spaces stand in for what precedes the object on its first line (`- ` of a list item),
      // so that its lines keep their indentation and its columns stay those of the file.
      const text = " ".repeat(this.column - 1) + decoder.decode(this.#bytes);
      parsed = { text, doc: parseDocument(text, { uniqueKeys: false, keepSourceTokens: false, merge: true, logLevel: "silent" }) };
    }
    recent.set(this, parsed);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
    return parsed;
  }

  #position(text: string, offset: number): Location {
    let line = this.line;
    let lineStart = 0;
    for (let nl = text.indexOf("\n"); nl !== -1 && nl < offset; nl = text.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    return { file: this.file, line, column: offset - lineStart + 1 };
  }
}

function start(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? r[0] : undefined;
}

/** Offset of the node at `path`, or of the deepest ancestor that exists. */
function offsetOf(doc: Document, path: Path, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = start(node);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    // A field written through an alias is pointed at where its anchor defines it.
    if (isAlias(node)) node = node.resolve(doc) ?? node;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (key && i === path.length - 1) return start(pair.key) ?? offset;
      node = pair.value;
      offset = start(pair.value) ?? start(pair.key) ?? offset;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      if (item === undefined) break;
      node = item;
      offset = start(item) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}
