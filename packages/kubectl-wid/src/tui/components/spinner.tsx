import { Text, useAnimation } from "ink";
import type { Style } from "../../output/style.js";

/** Braille dots, as most terminal spinners draw them: one cell wide in every terminal font. */
export const SPINNER_FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] as const;
export const SPINNER_INTERVAL_MS = 80;

export function Spinner({ style }: { style: Style }) {
  const { frame } = useAnimation({ interval: SPINNER_INTERVAL_MS });
  return <Text>{style("cyan", SPINNER_FRAMES[frame % SPINNER_FRAMES.length]!)}</Text>;
}
