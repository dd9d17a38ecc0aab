import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import type { Location, Path } from "../../model/location.js";
import type { LocateOptions } from "../../model/kube.js";

/**
 * Resolves paths to file positions by re-parsing one document's text on demand. Keeping every
 * AST alive would cost far more memory than the text on large manifest sets, and only objects
 * with findings are ever located.
 */
export class DocumentLocator {
  #doc: ReturnType<typeof parseDocument> | undefined;
  #lineStarts: number[] | undefined;

  constructor(
    readonly file: string,
    /** The document's text, from its first character to its end. */
    private readonly text: string,
    /** 1-based line and column of the text's first character in the file. */
    private readonly baseLine: number,
    private readonly baseColumn: number,
  ) {}

  locate(basePath: Path, path: Path, opts?: LocateOptions): Location | undefined {
    this.#doc ??= parseDocument(this.text, { keepSourceTokens: false, uniqueKeys: false });
    const offset = offsetOf(this.#doc.contents as Node | null, [...basePath, ...path], opts?.key ?? false);
    return offset === undefined ? undefined : this.#position(offset);
  }

  #position(offset: number): Location {
    const starts = (this.#lineStarts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const column = offset - starts[lo]! + 1;
    return {
      file: this.file,
      line: this.baseLine + lo,
      column: lo === 0 ? this.baseColumn + column - 1 : column,
    };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function start(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? r[0] : undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** Offset of the node at `path`, or of the deepest ancestor that exists. */
function offsetOf(root: Node | null, path: Path, key: boolean): number | undefined {
  let node: unknown = root;
  let offset = start(root);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) break;
      if (key && i === path.length - 1) return start(pair.key) ?? offset;
      node = pair.value;
      offset = start(pair.value) ?? start(pair.key) ?? offset;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      offset = start(item) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}
