import type { LoadProgress } from "@wid/core/sources/manifests";
import type { Io } from "../io.js";
import { describeActivity, type Activity } from "./activity.js";
import type { ReportView } from "./report-view.js";

/** Redraws at most this often: a terminal line need not change faster than people read it. */
export const LINE_INTERVAL_MS = 100;
const CLEAR_LINE = "\r\u001b[2K";

export interface StderrLineOptions {
  /** Width of the terminal stderr writes to; the line is cut to fit so that it never wraps. */
  columns: number;
  /** Milliseconds since some origin; for tests. */
  now?: () => number;
}

/**
 * Progress as one plain line on a terminal stderr, rewritten in place, while stdout goes to a
 * file or a pipe that must receive the report alone. No colour, no cursor movement but `\r`.
 */
export function stderrLineView(io: Pick<Io, "stdout" | "stderr">, opts: StderrLineOptions): ReportView {
  const now = opts.now ?? (() => performance.now());
  let shown = false;
  let last = -Infinity;
  const draw = (a: Activity, force: boolean) => {
    const t = now();
    if (!force && t - last < LINE_INTERVAL_MS) return;
    last = t;
    io.stderr(CLEAR_LINE + fit(lineOf(a), opts.columns));
    shown = true;
  };
  const clear = () => {
    if (shown) io.stderr(CLEAR_LINE);
    shown = false;
  };
  return {
    step: (label) => draw({ kind: "step", label }, true),
    loading: (progress: LoadProgress) => draw({ kind: "loading", progress }, progress.filesDone === progress.files),
    reading: (progress) => draw({ kind: "cluster", progress }, false),
    readingAzure: (progress) => draw({ kind: "azure", progress }, false),
    checking: async (objects, resources) => draw({ kind: "checking", objects, resources }, true),
    note: (text) => {
      clear();
      io.stderr(text);
    },
    report: async (text) => {
      clear();
      io.stdout(text);
    },
    close: async () => clear(),
  };
}

function lineOf(a: Activity): string {
  const { label, counts, file } = describeActivity(a);
  return ["wid:", label, counts ? `(${counts})` : "", file ?? ""].filter((s) => s !== "").join(" ");
}

/** Cut to the terminal's width less one column, so that no terminal wraps it to a second line. */
export function fit(line: string, columns: number): string {
  const room = Math.max(columns - 1, 10);
  return line.length <= room ? line : `${line.slice(0, room - 1)}…`;
}
