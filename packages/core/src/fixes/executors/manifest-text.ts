/** The file's line ending, so that inserted lines match it. */
export function lineEnding(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** 0-based column of an offset. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/**
 * The start of the line after the one `offset` ends: where lines are inserted after a node, or
 * where a removed node's lines end. At the end of a text without a final line break, `needsBreak`.
 */
export function nextLineStart(text: string, offset: number): { offset: number; atEnd: boolean; needsBreak: boolean } {
  if (offset > 0 && text[offset - 1] === "\n") return { offset, atEnd: offset >= text.length, needsBreak: false };
  const nl = text.indexOf("\n", offset);
  if (nl === -1) return { offset: text.length, atEnd: true, needsBreak: true };
  return { offset: nl + 1, atEnd: nl + 1 >= text.length, needsBreak: false };
}

/** How many spaces the file most often indents a nested map by (2 when it does not show). */
export function indentStep(text: string): number {
  const counts = new Map<number, number>();
  let previous: number | undefined;
  for (const line of text.split("\n")) {
    const content = line.trimStart();
    if (content === "" || content.startsWith("#") || content.startsWith("-")) continue;
    const indent = line.length - content.length;
    if (previous !== undefined && indent > previous) counts.set(indent - previous, (counts.get(indent - previous) ?? 0) + 1);
    previous = indent;
  }
  let best = 2;
  let most = 0;
  for (const [step, n] of counts) if (n > most || (n === most && step < best)) [best, most] = [step, n];
  return best;
}
