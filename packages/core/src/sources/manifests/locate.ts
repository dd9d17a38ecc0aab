import { parseDocument, Parser, type CST, type Document } from "yaml";
import type { Location, Path, Position } from "../../model/location.js";
import type { LocateOptions } from "../../model/kube.js";
import { astSpan } from "./offset-ast.js";
import { COMPOSE, cstSpan } from "./offset-cst.js";
import type { Span } from "./span.js";

const decoder = new TextDecoder();

/** Parsed texts of the objects located last: checks ask several paths of the same object in a row. */
const RECENT = 32;
const recent = new Map<ObjectLocator, Parsed>();

interface Parsed {
  text: string;
  tokens: CST.Document | undefined;
  /** Composed only when the tokens cannot answer. */
  doc?: Document;
}

const PARSE_OPTIONS = { uniqueKeys: false, keepSourceTokens: false, merge: true, logLevel: "silent" } as const;

/**
 * Resolves paths inside one object to file positions, by re-parsing the object's own text on
 * demand. The text is kept as UTF-8 bytes copied out of the file, so a large file is not kept
 * alive by the few objects read from it, and no syntax tree is kept beyond a small cache: only
 * objects with findings are ever located.
 */
export class ObjectLocator {
  readonly #bytes: Uint8Array;
  /** Locations asked for before: an object with findings is asked again on every run of a workspace. */
  #memo: Map<string, Location> | undefined;

  constructor(
    readonly file: string,
    /** The object's text, from its first character to the end of its last value. */
    text: string,
    /** 1-based position of the text's first character in the file. */
    readonly line: number,
    readonly column: number,
    /** 0-based offset of the text's first character in the file. */
    readonly offset: number,
  ) {
    this.#bytes = Buffer.from(text, "utf8");
  }

  /** The position and span of `path` (or of its deepest ancestor that exists), never throwing. */
  locate(path: Path = [], opts?: LocateOptions): Location {
    const key = `${opts?.key ? "k" : "v"}${JSON.stringify(path)}`;
    const known = this.#memo?.get(key);
    if (known) return known;
    const at = path.length === 0 ? this.#whole() : this.#find(path, opts);
    (this.#memo ??= new Map()).set(key, at);
    return at;
  }

  /** The object itself: its text from first to last character, found without parsing it. */
  #whole(): Location {
    const text = " ".repeat(this.column - 1) + decoder.decode(this.#bytes);
    return this.#location(text, { start: this.column - 1, end: text.length });
  }

  #find(path: Path, opts?: LocateOptions): Location {
    try {
      const parsed = this.#parsed();
      const key = opts?.key ?? false;
      let span = parsed.tokens ? cstSpan(parsed.tokens, path, key) : COMPOSE;
      if (span === COMPOSE) span = astSpan((parsed.doc ??= parseDocument(parsed.text, PARSE_OPTIONS)), path, key);
      return this.#location(parsed.text, span ?? { start: this.column - 1, end: this.column - 1, partial: true });
    } catch {
      return { file: this.file, line: this.line, column: this.column };
    }
  }

  /** The span as a file location: a partial one covers the first line of where it points. */
  #location(text: string, span: Span): Location {
    let end = span.end;
    if (span.partial) {
      const nl = text.indexOf("\n", span.start);
      end = nl === -1 ? text.length : nl;
    }
    // a block collection or scalar ends after its line breaks; the span ends at its last character
    while (end > span.start && /\s/.test(text[end - 1]!)) end--;
    const start = this.#position(text, span.start);
    return { file: this.file, line: start.line, column: start.column, range: { start, end: this.#position(text, end) } };
  }

  #parsed(): Parsed {
    let parsed = recent.get(this);
    if (parsed) {
      recent.delete(this);
    } else {
      // Spaces stand in for what precedes the object on its first line (`- ` of a list item),
      // so that its lines keep their indentation and its columns stay those of the file.
      const text = " ".repeat(this.column - 1) + decoder.decode(this.#bytes);
      let tokens: CST.Document | undefined;
      for (const token of new Parser().parse(text)) {
        if (token.type === "document") {
          tokens = token;
          break;
        }
      }
      parsed = { text, tokens };
    }
    recent.set(this, parsed);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
    return parsed;
  }

  /** `offset` in the padded text as a file position. */
  #position(text: string, offset: number): Position {
    let line = this.line;
    let lineStart = 0;
    for (let nl = text.indexOf("\n"); nl !== -1 && nl < offset; nl = text.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    return { line, column: offset - lineStart + 1, offset: this.offset + offset - (this.column - 1) };
  }
}
