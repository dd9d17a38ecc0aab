/**
 * Where Newtonsoft.Json (which ARM's resource providers deserialize with) stands once it has read
 * the end of an object: the line and the 1-based column of its `}`. Its "Required property 'x'
 * not found in JSON. Path 'properties', line 1, position 52." messages name that place.
 */
export function objectEndPosition(text: string, key?: string): { line: number; position: number } | undefined {
  let depth = 0;
  let line = 1;
  let column = 0;
  let target = key === undefined ? 1 : -1;
  let lastString: string | undefined;
  let awaitingObject = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    column++;
    if (ch === "\n") {
      line++;
      column = 0;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      lastString = JSON.parse(text.slice(i, j + 1)) as string;
      column += j - i;
      i = j;
      continue;
    }
    if (ch === ":") awaitingObject = depth === 1 && lastString === key;
    else if (ch === "{") {
      depth++;
      if (awaitingObject) target = depth;
      awaitingObject = false;
    } else if (ch === "}") {
      if (depth === target) return { line, position: column };
      depth--;
    } else if (!/\s/.test(ch)) awaitingObject = false;
  }
  return undefined;
}
