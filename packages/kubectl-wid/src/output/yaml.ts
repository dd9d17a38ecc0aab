import type { InputProblem, Report } from "@wid/core";
import { stringify } from "yaml";
import { toJsonReport } from "./json.js";
import type { UnreadItem } from "./unread.js";

/** The JSON document of `-o json`, as YAML. */
export function renderYaml(report: Report, problems: readonly InputProblem[], unread?: readonly UnreadItem[]): string {
  // No anchors/aliases: a consumer must see each value where it belongs.
  return stringify(toJsonReport(report, problems, unread), { aliasDuplicateObjects: false, lineWidth: 0 });
}
