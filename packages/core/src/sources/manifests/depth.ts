import type { CST } from "yaml";

/**
 * Kubernetes objects nest a few dozen levels at most (CRD schemas are the deepest). Deeper input
 * is refused before it is composed, so that neither the YAML composer nor a check recursing
 * over the object can run out of stack, whatever stack the caller has left.
 */
export const MAX_DEPTH = 256;

/** The offset of the first collection nested deeper than `limit`, or undefined. Iterative. */
export function tooDeepAt(token: CST.Token, limit = MAX_DEPTH): number | undefined {
  const stack: [CST.Token, number][] = [[token, 0]];
  while (stack.length > 0) {
    const [t, depth] = stack.pop()!;
    switch (t.type) {
      case "document":
        if (t.value) stack.push([t.value, depth]);
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection": {
        if (depth + 1 > limit) return t.offset;
        for (const item of t.items) {
          if (item.key) stack.push([item.key, depth + 1]);
          if (item.value) stack.push([item.value, depth + 1]);
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}
