import { stripVTControlCharacters } from "node:util";
import { Box, Static, Text } from "ink";

/**
 * Report lines, printed once above the live area. Each chunk is laid out as wide as its longest
 * line: Ink would otherwise break long lines (az commands, resource ids) at the terminal's width,
 * and a copied command would hold line breaks; the terminal wraps them as it does plain text.
 */
export function ReportLines({ chunks }: { chunks: readonly (readonly string[])[] }) {
  return (
    <Static items={[...chunks]}>
      {(lines, i) => (
        <Box key={i} flexDirection="column" width={widthOf(lines)}>
          {lines.map((line, j) => (
            // An empty <Text> takes no row; a space keeps the blank line (trailing spaces are not printed).
            <Text key={j}>{line === "" ? " " : line}</Text>
          ))}
        </Box>
      )}
    </Static>
  );
}

/** Columns the widest line takes: a character outside ASCII is counted as two, which is never too few. */
export function widthOf(lines: readonly string[]): number {
  let width = 1;
  for (const line of lines) {
    const plain = stripVTControlCharacters(line);
    width = Math.max(width, /[^\u0000-\u007f]/.test(plain) ? 2 * plain.length : plain.length);
  }
  return width;
}
