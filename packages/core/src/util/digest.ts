import { createHash } from "node:crypto";

/** JSON with map keys sorted, so that equal values have one text whatever their key order. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/** A digest that stands for a value in a precondition without quoting it: `sha256:<hex>`. */
export function valueDigest(v: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(v)).digest("hex")}`;
}
