import type { CST } from "yaml";
import type { Path } from "../../model/location.js";
import type { Span } from "./span.js";

/** The syntax tree cannot answer (an alias, an escaped key, a collection's end): compose the document instead. */
export const COMPOSE = Symbol("compose");

/** Where a scalar token ends; undefined for collections, whose end the tokens do not give directly. */
function scalarEnd(token: CST.Token): number | undefined {
  switch (token.type) {
    case "scalar":
    case "single-quoted-scalar":
    case "double-quoted-scalar":
    case "alias":
      return token.offset + token.source.length;
    default:
      return undefined;
  }
}

/**
 * The span of the node at `path` from the parser's syntax tokens alone, or the start of its
 * deepest existing ancestor. COMPOSE when only the composed document can tell. Skipping the composer makes locating
 * a finding about a third cheaper.
 */
export function cstSpan(doc: CST.Document, path: Path, key: boolean): Span | undefined | typeof COMPOSE {
  if (!doc.value) return undefined;
  let node: CST.Token = doc.value;
  const partial = (): Span => ({ start: node.offset, end: node.offset, partial: true });
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (node.type === "alias") return COMPOSE;
    if (node.type === "block-map" || (node.type === "flow-collection" && node.start.source === "{")) {
      let found: CST.CollectionItem | undefined;
      for (const item of node.items) {
        const k = item.key ? keyText(item.key) : undefined;
        if (k === COMPOSE) return COMPOSE;
        if (k === String(seg)) {
          found = item;
          break;
        }
      }
      if (!found) return partial();
      if (key && i === path.length - 1) return found.key ? span(found.key) : COMPOSE;
      // A key without a value: the composer places its null; leave that to it.
      if (!found.value) return COMPOSE;
      node = found.value;
    } else if (node.type === "block-seq" || (node.type === "flow-collection" && node.start.source === "[")) {
      if (typeof seg !== "number") return partial();
      // In a flow sequence only a trailing comma leaves an empty item; a block sequence's
      // empty item (`-` alone) is a null the composer places.
      const items = node.type === "flow-collection" ? node.items.filter((item) => item.value !== undefined || item.key !== undefined) : node.items;
      const item = items[seg];
      if (!item) return partial();
      if (item.key !== undefined || !item.value) return COMPOSE;
      node = item.value;
    } else {
      return partial();
    }
  }
  return span(node);
}

function span(token: CST.Token): Span | typeof COMPOSE {
  const end = scalarEnd(token);
  return end === undefined ? COMPOSE : { start: token.offset, end };
}

function keyText(token: CST.Token): string | undefined | typeof COMPOSE {
  switch (token.type) {
    case "scalar":
      return token.source.trim();
    case "single-quoted-scalar":
      return token.source.includes("\n") ? COMPOSE : token.source.slice(1, -1).replaceAll("''", "'");
    case "double-quoted-scalar":
      return /[\\\n]/.test(token.source) ? COMPOSE : token.source.slice(1, -1);
    case "alias":
      return COMPOSE;
    default:
      // A collection as a key: no path segment names it.
      return undefined;
  }
}
