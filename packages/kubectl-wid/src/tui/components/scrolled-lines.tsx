import { Box, Text } from "ink";

/** Lines from `top`, as many as fit; long lines are cut at the edge rather than wrapped, so the count holds. */
export function ScrolledLines({ lines, top, height }: { lines: readonly string[]; top: number; height: number }) {
  return (
    <Box flexDirection="column">
      {lines.slice(top, top + height).map((line, i) => (
        // an empty <Text> takes no row: a space keeps the blank line
        <Text key={top + i} wrap="truncate">
          {line === "" ? " " : line}
        </Text>
      ))}
    </Box>
  );
}
