import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from "yaml";
import type { Path } from "../../model/location.js";

function start(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? r[0] : undefined;
}

/**
 * Offset of the node at `path` in a composed document, or of the deepest ancestor that exists;
 * a path through an alias continues where its anchor defines the value.
 */
export function astOffset(doc: Document, path: Path, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = start(node);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
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
