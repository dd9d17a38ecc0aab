import { Box, Text, useInput, useStderr } from "ink";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { isUserError } from "@wid/core";
import type { Style } from "../../output/style.js";
import type { Activity } from "../activity.js";
import { initialState, keyAction, reduce, type Action, type BrowseState, type Extent, type KeyPress } from "../browse-state.js";
import { detailLines } from "../detail-lines.js";
import { chainOf, fixedBetween, rowsOf, type DoctorResult } from "../doctor-result.js";
import type { FixPreview, PreviewFix } from "../fix-preview.js";
import { FindingList } from "./finding-list.js";
import { FixPreviewPane } from "./fix-preview-pane.js";
import { HelpPane } from "./help-pane.js";
import { ProgressLine } from "./progress-line.js";
import { ScrolledLines } from "./scrolled-lines.js";
import { StatusBar } from "./status-bar.js";

export interface DoctorAppProps {
  /** The last run's findings; while there is none yet, the progress line alone. */
  result: DoctorResult | undefined;
  /** What a run (the first, or one after a fix) is doing. */
  activity: Activity | undefined;
  style: Style;
  rows: number;
  docsUrl: string | undefined;
  previewFix: PreviewFix;
  /** Runs the doctor again; the new result comes back and as the `result` prop. */
  rerun: () => Promise<DoctorResult>;
  onQuit: () => void;
  /** Receives Ink's stderr writer, which prints above the live frame instead of through it. */
  onStderr?: ((write: (data: string) => void) => void) | undefined;
}

/** Rows the frame leaves to the list or the pane: a title line, a status line, and one row spare so the frame never fills the terminal. */
const CHROME = 3;

/** The interactive doctor: findings by workload, a finding's detail, its fix previewed and applied, the doctor run again. */
export function DoctorApp({ result, activity, style, rows, docsUrl, previewFix, rerun, onQuit, onStderr }: DoctorAppProps) {
  const { write } = useStderr();
  useLayoutEffect(() => onStderr?.(write), [onStderr, write]);
  const [state, setState] = useState<BrowseState>(initialState);
  // keys can arrive faster than React renders: each one is reduced on the state the last one left
  const current = useRef(state);
  const [preview, setPreview] = useState<FixPreview | undefined>();
  const previewing = useRef<FixPreview | undefined>(undefined);
  const height = Math.max(3, rows - CHROME);
  const { rows: listRows, findings } = useMemo(() => rowsOf(result?.report.findings ?? [], state.filter), [result, state.filter]);
  const cursor = Math.min(state.cursor, Math.max(0, findings.length - 1));
  const selected = findings[cursor];
  const detail = useMemo(() => (selected && result ? detailLines(selected, chainOf(selected, result.chains), style, docsUrl) : []), [selected, result, style, docsUrl]);

  const dispatch = (action: Action, extent?: Extent) => {
    const s = current.current;
    const shown = rowsOf(result?.report.findings ?? [], s.filter).findings;
    const next = reduce(s, action, extent ?? { count: shown.length, page: height, detailLines: detail.length });
    current.current = next;
    setState(next);
    return { next, shown };
  };

  const fail = (e: unknown) => dispatch({ type: "done", status: `Not done: ${reason(e)}` });

  const onKey = (k: KeyPress) => {
    const action = keyAction(current.current, k);
    const { shown } = dispatch(action);
    const target = shown[Math.min(current.current.cursor, Math.max(0, shown.length - 1))];
    if (action.type === "quit") onQuit();
    if (action.type === "fix" && target) {
      previewFix(target).then((p) => {
        previewing.current = p;
        setPreview(p);
        dispatch({ type: "previewReady", canApply: p.apply !== undefined });
      }, fail);
    }
    const apply = previewing.current?.apply;
    if (action.type === "apply" && apply && result) {
      const before = result.report;
      apply().then(async (what) => {
        const after = await rerun().catch((e: unknown) => {
          dispatch({ type: "done", status: `${what} The doctor could not run again: ${reason(e)}` });
          return undefined;
        });
        if (!after) return;
        const fixed = fixedBetween(before, after.report);
        const left = after.report.findings.length;
        dispatch({ type: "done", status: `Fixed ${plural(fixed.length, "finding")}${fixed.length ? ` (${[...new Set(fixed.map((f) => f.checkId))].join(", ")})` : ""}; ${plural(left, "finding")} left. ${what}` });
      }, fail);
    }
  };

  useInput(
    (input, key) => {
      // Ink gives keys that arrive together (typed ahead, sent by a script) as one string, as it gives a paste
      if (input.length > 1 && !key.ctrl && !key.meta) for (const c of input) onKey(charKey(c));
      else onKey({ ...key, input });
    },
    { isActive: result !== undefined },
  );

  if (!result) return activity ? <ProgressLine activity={activity} style={style} /> : null;

  const body = (() => {
    switch (state.pane) {
      case "help":
        return <HelpPane style={style} />;
      case "preview":
        return preview ? <FixPreviewPane title={preview.title} lines={preview.lines} canApply={state.canApply} height={height} style={style} /> : null;
      case "detail":
        return <ScrolledLines lines={detail} top={Math.min(state.detailTop, Math.max(0, detail.length - height))} height={height} />;
      default:
        if (result.report.findings.length === 0) return <Text>{style("green", `No findings from the ${plural(result.report.ran.length, "check")} that ran.`)}</Text>;
        return <FindingList rows={listRows} cursor={cursor} height={height} style={style} />;
    }
  })();
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">{result.summary}</Text>
      <Box flexDirection="column" height={height}>
        {body}
      </Box>
      {activity ? <ProgressLine activity={activity} style={style} /> : <StatusBar pane={state.pane} filter={state.filter} status={state.status} shown={findings.length} total={result.report.findings.length} style={style} />}
    </Box>
  );
}

function reason(e: unknown): string {
  return isUserError(e) ? `${e.message}${e.hint ? ` (${e.hint})` : ""}` : e instanceof Error ? e.message : String(e);
}

/** One character of several that came together, as the key it is. */
function charKey(c: string): KeyPress {
  if (c === "\r" || c === "\n") return { input: "", return: true };
  if (c === "\u007f" || c === "\b") return { input: "", backspace: true };
  if (c === "\u001b") return { input: "", escape: true };
  return { input: c };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
