import { Text } from "ink";
import type { Style } from "../../output/style.js";
import type { Pane } from "../browse-state.js";

export interface StatusBarProps {
  pane: Pane;
  filter: string;
  status: string | undefined;
  shown: number;
  total: number;
  style: Style;
}

const HINTS: Partial<Record<Pane, string>> = {
  list: "↑↓ move  Enter detail  f fix  / filter  ? keys  q quit",
  detail: "↑↓ scroll  ← back  f fix  / filter  ? keys  q quit",
  filter: "type to filter  Enter keep  Esc clear",
};

/** The filter being typed or kept, what the last action did, and the keys of this pane. */
export function StatusBar({ pane, filter, status, shown, total, style }: StatusBarProps) {
  const filterText = pane === "filter" ? `/${filter}█` : filter ? `filter: ${filter} (${shown} of ${total})` : "";
  // what the last action did comes first: a narrow terminal cuts the end of the line
  const parts = [status ?? "", filterText, HINTS[pane] ? style("dim", HINTS[pane]) : ""].filter((p) => p !== "");
  return <Text wrap="truncate">{parts.join("   ") || " "}</Text>;
}
