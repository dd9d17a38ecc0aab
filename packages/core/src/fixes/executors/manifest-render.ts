import { parse, type Scalar } from "yaml";

/**
 * Whether a string can be written as a plain scalar and read back as the same string: not a
 * number, boolean or null to YAML, no indicator at its start, nothing that would end it early.
 */
export function isPlainSafe(s: string): boolean {
  if (s === "" || s !== s.trim() || /[\n\r\t]/.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) || /: |:$| #|[,[\]{}]/.test(s)) return false;
  try {
    return parse(s) === s;
  } catch {
    return false;
  }
}

function singleQuoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A new value written in the style of the one it replaces: quoted stays quoted, plain stays plain when it can. */
export function renderScalarLike(value: unknown, type: Scalar.Type | undefined, json: boolean): string {
  if (json || value === null || typeof value !== "string") return JSON.stringify(value) ?? "null";
  switch (type) {
    case "QUOTE_SINGLE":
      return value.includes("\n") ? JSON.stringify(value) : singleQuoted(value);
    case "PLAIN":
      return isPlainSafe(value) ? value : JSON.stringify(value);
    default:
      return JSON.stringify(value);
  }
}

/** A map key written as the key it replaces was (plain, single or double quoted). */
export function renderKey(key: string, type: Scalar.Type | undefined, json: boolean): string {
  if (json || type === "QUOTE_DOUBLE") return JSON.stringify(key);
  if (type === "QUOTE_SINGLE") return singleQuoted(key);
  return isPlainSafe(key) ? key : JSON.stringify(key);
}
