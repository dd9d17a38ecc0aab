import { Box, Text } from "ink";
import type { Style } from "../../output/style.js";
import { KEYS } from "../keys.js";

const WIDTH = Math.max(...KEYS.map(([k]) => k.length));

/** The keys, and what each does. */
export function HelpPane({ style }: { style: Style }) {
  return (
    <Box flexDirection="column">
      <Text>{style("bold", "Keys")}</Text>
      {KEYS.map(([keys, what]) => (
        <Text key={keys} wrap="truncate">
          {"  "}
          {style("cyan", keys.padEnd(WIDTH))}  {what}
        </Text>
      ))}
      <Text> </Text>
      <Text>{style("dim", "Press any key to go back")}</Text>
    </Box>
  );
}
