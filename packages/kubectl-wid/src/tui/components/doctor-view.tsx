import { Text, useStderr } from "ink";
import { useLayoutEffect } from "react";
import type { Style } from "../../output/style.js";
import type { Activity } from "../activity.js";
import { ProgressLine } from "./progress-line.js";
import { ReportLines } from "./report-lines.js";

export interface DoctorViewProps {
  /** What is being done; no progress line without it. */
  activity?: Activity | undefined;
  /** Report lines printed so far, in chunks. */
  chunks: readonly (readonly string[])[];
  /**
   * The report's last line, drawn as the final frame: Ink ends its output with the live frame,
   * so the report then ends as the plain text does, without a blank line after it.
   */
  last?: string | undefined;
  style: Style;
  /** Receives Ink's stderr writer, which prints above the live frame instead of through it. */
  onStderr?: ((write: (data: string) => void) => void) | undefined;
}

export function DoctorView({ activity, chunks, last, style, onStderr }: DoctorViewProps) {
  const { write } = useStderr();
  useLayoutEffect(() => onStderr?.(write), [onStderr, write]);
  return (
    <>
      <ReportLines chunks={chunks} />
      {activity ? <ProgressLine activity={activity} style={style} /> : null}
      {last !== undefined ? <Text>{last}</Text> : null}
    </>
  );
}
