import { canonicalJson } from "./canonical.js";

/**
 * Go's formatting of values where the apiserver puts it into messages and headers, so clients
 * that parse or print them see the same text as from a real cluster.
 */

const ESCAPES: Record<string, string> = { "\u0007": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"' };

/** strconv.Quote (and `%q`): a double-quoted string with Go escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/** `%+v` of decoded JSON (map[string]interface{}): `map[a:1 b:[x y]]`, keys sorted, strings bare. */
export function goSprintValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goSprintValue).join(" ")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, x]) => `${k}:${goSprintValue(x)}`).join(" ")}]`;
  }
  return String(v);
}

/** encoding/json's Marshal of decoded JSON: map keys sorted, `<`, `>`, `&` escaped as for HTML. */
export function goJson(v: unknown): string {
  return canonicalJson(v)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
