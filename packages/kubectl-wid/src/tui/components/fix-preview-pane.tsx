import { Box, Text } from "ink";
import type { Style } from "../../output/style.js";
import { ScrolledLines } from "./scrolled-lines.js";

export interface FixPreviewPaneProps {
  title: string;
  lines: readonly string[];
  canApply: boolean;
  height: number;
  style: Style;
}

/** What a fix would change (a diff, or the plan with its kubectl and az commands), and the question. */
export function FixPreviewPane({ title, lines, canApply, height, style }: FixPreviewPaneProps) {
  const room = Math.max(1, height - 3);
  const cut = lines.length > room;
  const shown = cut ? [...lines.slice(0, room - 1), style("dim", `... ${lines.length - room + 1} more lines (\`kubectl wid fix\` shows them all)`)] : lines;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">{style("bold", title)}</Text>
      <ScrolledLines lines={shown} top={0} height={room} />
      <Text> </Text>
      <Text wrap="truncate">{canApply ? style("bold", "Apply this fix? y applies it, any other key cancels") : style("dim", "Press any key to go back")}</Text>
    </Box>
  );
}
