import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import type { Path } from "../../model/location.js";
import type { Span } from "./span.js";

function range(node: unknown): Span | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/**
 * Where a node's content ends: a block collection's range runs on over a comment after its last
 * value (`app: web   # note`), which is not part of it; its last value's end is where it stops.
 */
function contentEnd(node: unknown): number | undefined {
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1];
    if (last !== undefined) {
      const end = isPair(last) ? (contentEnd(last.value) ?? contentEnd(last.key)) : contentEnd(last);
      if (end !== undefined) return end;
    }
  }
  return range(node)?.end;
}

/**
 * The span of the node at `path` in a composed document, or the start of its deepest existing
 * ancestor; a path through an alias continues where its anchor defines the value. Ends may
 * include the line breaks after a block collection: the caller trims them.
 */
export function astSpan(doc: Document, path: Path, key: boolean): Span | undefined {
  let node: unknown = doc.contents;
  let at = range(node);
  if (!at) return undefined;
  const partial = (): Span => ({ start: at!.start, end: at!.start, partial: true });
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isAlias(node)) node = node.resolve(doc) ?? node;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return partial();
      if (key && i === path.length - 1) return range(pair.key) ?? partial();
      node = pair.value;
      const value = range(pair.value);
      // A key without a value: point at the key.
      if (!value) return range(pair.key) ?? partial();
      at = value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      const itemRange = range(item);
      if (!itemRange) return partial();
      node = item;
      at = itemRange;
    } else {
      return partial();
    }
  }
  return { start: at.start, end: contentEnd(node) ?? at.end };
}
