/**
 * One pass over JSON text that JSON.parse has read (or refused), for what JSON.parse does not
 * tell: where each exported element starts, and where a syntax error is when its message names
 * no position. Strings are skipped with indexOf, so a pass costs a few milliseconds per MB.
 */

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index of the quote that closes the string opening at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1) return -1;
    let backslashes = 0;
    for (let b = q - 1; text.charCodeAt(b) === BACKSLASH; b--) backslashes++;
    if (backslashes % 2 === 0) return q;
    from = q + 1;
  }
}

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

export interface ScanResult {
  /** Offset of the top-level value. */
  root: number;
  /** Start offsets of the items of a top-level array. */
  items: number[];
  /** Start offsets of the items of the `value` array of a top-level object (an ARM list page). */
  page: number[];
  /** Offset of the first syntax error, when the text is not JSON. */
  errorAt: number | undefined;
}

export function scanJson(text: string): ScanResult {
  const out: ScanResult = { root: -1, items: [], page: [], errorAt: undefined };
  /** Open containers, innermost last. */
  const stack: number[] = [];
  /** A value may start here (else a key, or a separator). */
  let expectValue = true;
  /** The key last read at the top level of a root object. */
  let rootKey: string | undefined;
  /** Just after a comma, where a closing bracket would be a trailing comma. */
  let afterComma = false;

  const valueAt = (i: number): boolean => {
    if (!expectValue) return false;
    if (stack.length === 0) {
      if (out.root !== -1) return false;
      out.root = i;
    } else if (stack.length === 1 && stack[0] === OPEN_ARRAY) {
      out.items.push(i);
    } else if (stack.length === 2 && stack[0] === OPEN_OBJECT && stack[1] === OPEN_ARRAY && rootKey === "value") {
      out.page.push(i);
    }
    expectValue = false;
    return true;
  };
  const fail = (i: number): ScanResult => ({ ...out, errorAt: i });

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    const top = stack[stack.length - 1];
    const trailing = afterComma;
    afterComma = false;
    switch (c) {
      case QUOTE: {
        const end = stringEnd(text, i);
        if (end === -1) return fail(i);
        if (top === OPEN_OBJECT && !expectValue) {
          if (stack.length === 1) rootKey = text.slice(i + 1, end);
        } else if (!valueAt(i)) {
          return fail(i);
        }
        i = end;
        break;
      }
      case OPEN_ARRAY:
      case OPEN_OBJECT:
        if (!valueAt(i)) return fail(i);
        stack.push(c);
        expectValue = c === OPEN_ARRAY;
        break;
      case CLOSE_ARRAY:
      case CLOSE_OBJECT:
        if (trailing || top !== (c === CLOSE_ARRAY ? OPEN_ARRAY : OPEN_OBJECT)) return fail(i);
        stack.pop();
        expectValue = false;
        break;
      case COLON:
        if (top !== OPEN_OBJECT || expectValue) return fail(i);
        expectValue = true;
        break;
      case COMMA:
        if (top === undefined || expectValue) return fail(i);
        expectValue = top === OPEN_ARRAY;
        afterComma = true;
        break;
      default: {
        LITERAL.lastIndex = i;
        const m = LITERAL.exec(text);
        if (!m || !valueAt(i)) return fail(i);
        i += m[0].length - 1;
      }
    }
  }
  return out.root !== -1 && stack.length === 0 ? out : fail(text.length);
}
