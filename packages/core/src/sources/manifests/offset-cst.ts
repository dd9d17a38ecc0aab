import type { CST } from "yaml";
import type { Path } from "../../model/location.js";

/** The syntax tree cannot answer (an alias, an escaped key): compose the document instead. */
export const COMPOSE = Symbol("compose");

/**
 * Offset of the node at `path` from the parser's syntax tokens alone, or of the deepest
 * ancestor that exists; COMPOSE when only the composed document can tell. Skipping the
 * composer makes locating a finding about a third cheaper.
 */
export function cstOffset(doc: CST.Document, path: Path, key: boolean): number | undefined | typeof COMPOSE {
  let node: CST.Token | undefined = doc.value;
  let offset = node?.offset;
  for (let i = 0; i < path.length && node; i++) {
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
      if (!found) break;
      if (key && i === path.length - 1) return found.key?.offset ?? offset;
      // A key without a value: the composer places its null; leave that to it.
      if (!found.value) return COMPOSE;
      node = found.value;
      offset = node.offset;
    } else if (node.type === "block-seq" || (node.type === "flow-collection" && node.start.source === "[")) {
      if (typeof seg !== "number") break;
      // In a flow sequence only a trailing comma leaves an empty item; a block sequence's
      // empty item (`-` alone) is a null the composer places.
      const items = node.type === "flow-collection" ? node.items.filter((item) => item.value !== undefined || item.key !== undefined) : node.items;
      const item = items[seg];
      if (!item) break;
      if (item.key !== undefined || !item.value) return COMPOSE;
      node = item.value;
      offset = node.offset;
    } else {
      break;
    }
  }
  return offset;
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
