import { Box, Text } from "ink";
import type { Style } from "../../output/style.js";
import { describeActivity, type Activity } from "../activity.js";
import { Spinner } from "./spinner.js";

/** One line: spinner, what is being done, the counts so far, and the file at hand (its end, when the line is too long). */
export function ProgressLine({ activity, style }: { activity: Activity; style: Style }) {
  const { label, counts, file } = describeActivity(activity);
  return (
    <Box>
      <Box flexShrink={0}>
        <Spinner style={style} />
        <Text>
          {" "}
          {style("bold", label)}
          {counts ? `  ${counts}` : ""}
        </Text>
      </Box>
      {file !== undefined ? (
        <Box marginLeft={2} flexShrink={1}>
          <Text wrap="truncate-start">{style("dim", file)}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
