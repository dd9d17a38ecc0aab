/** How a run shows its progress and report. */
export type ViewKind =
  /** The interactive doctor on the terminal: progress, then the findings to browse and fix with the keyboard. */
  | "browse"
  /** Ink on the terminal: a live progress line, then the report. */
  | "interactive"
  /** The report on stdout (a pipe or a file) and a one-line progress on stderr, a terminal. */
  | "stderr-line"
  /** Output only, no progress at all. */
  | "plain";

export interface ViewContext {
  /** The `-o` format: only the text report is shown interactively. */
  output: string;
  /** false with --no-tty. */
  tty: boolean;
  /** Whether the command browses its findings on a terminal (the doctor and demo, unless --no-interactive). */
  interactive?: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * CI logs are files, even where the runner gives the job a pseudo-terminal: no live progress
 * there. The same variables Ink reads (is-in-ci), so that both agree.
 */
export function inCI(env: NodeJS.ProcessEnv): boolean {
  return ["CI", "CONTINUOUS_INTEGRATION"].some((key) => env[key] !== undefined && env[key] !== "0" && env[key] !== "false");
}

/**
 * The interactive doctor (or, with --no-interactive, a progress line then the printed report) on a
 * terminal stdout with the text report; a plain progress line on a
 * terminal stderr while stdout goes to a pipe or file; nothing that could pollute a pipe or a
 * JSON document otherwise. --no-tty, CI and TERM=dumb always get plain output.
 */
export function chooseView(c: ViewContext): ViewKind {
  if (!c.tty || inCI(c.env) || c.env["TERM"] === "dumb") return "plain";
  if (c.stdoutIsTTY) return c.output === "text" ? (c.interactive ? "browse" : "interactive") : "plain";
  return c.stderrIsTTY ? "stderr-line" : "plain";
}
