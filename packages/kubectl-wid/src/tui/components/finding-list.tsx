import { Box, Text } from "ink";
import { objectName } from "../../output/location.js";
import type { Style } from "../../output/style.js";
import type { Row } from "../doctor-result.js";
import { SEVERITY_STYLE } from "../severity-style.js";

export interface FindingListProps {
  rows: readonly Row[];
  /** Index of the selected finding among the findings shown. */
  cursor: number;
  height: number;
  style: Style;
}

/** The rows in view: the selected one kept inside the window, a few rows of context above it where there are. */
export function windowOf(rows: readonly Row[], cursor: number, height: number): { start: number; end: number } {
  if (rows.length <= height) return { start: 0, end: rows.length };
  const at = Math.max(0, rows.findIndex((r) => r.kind === "finding" && r.index === cursor));
  // the group title just above the first finding stays in view
  const start = Math.min(Math.max(0, at - Math.floor(height / 3)), rows.length - height);
  return { start, end: start + height };
}

/** Findings grouped by workload: the group's title in the colour of its worst finding, one finding per line, the selected one marked. */
export function FindingList({ rows, cursor, height, style }: FindingListProps) {
  if (rows.length === 0) return <Text>{style("dim", "No finding matches.")}</Text>;
  const { start, end } = windowOf(rows, cursor, height);
  return (
    <Box flexDirection="column">
      {rows.slice(start, end).map((row, i) =>
        row.kind === "group" ? (
          <Text key={start + i} wrap="truncate">
            {style(SEVERITY_STYLE[row.worst], "●")} {style("bold", row.title)}
          </Text>
        ) : (
          <Text key={start + i} wrap="truncate" inverse={row.index === cursor}>
            {row.index === cursor ? "> " : "  "}
            {style(SEVERITY_STYLE[row.finding.severity], row.finding.severity.padEnd(7))} {style("bold", row.finding.checkId)}  {objectName(row.finding.object)}  {style("dim", row.finding.message.split("\n")[0]!)}
          </Text>
        ),
      )}
    </Box>
  );
}
