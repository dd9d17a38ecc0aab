import { groupFindings, type Evidence, type Finding, type Fix, type InputProblem, type NotRun, type Report, type Severity } from "@wid/core";
import { stringify } from "yaml";

import { notRunText } from "./reasons.js";
import type { UnreadItem } from "./unread.js";
import { fileLocation, objectName } from "./location.js";
import type { Style } from "./style.js";

export interface TextOptions {
  style: Style;
  /** What a live read could not read. */
  unread?: readonly UnreadItem[];
  /** The live cluster read, named above the summary. */
  cluster?: { context: string; scope: string; objects: number; requests: number };
  /** Input problems (printed on stderr); the summary counts the errors among them. */
  problems?: readonly InputProblem[];
  /** List every check that did not run, instead of counts by reason. */
  verbose: boolean;
}

const SEVERITY_STYLE: Record<Severity, Parameters<Style>[0]> = { error: ["red", "bold"], warning: "yellow", info: "cyan" };
const INDENT = "    ";

/** The doctor's report for people: findings by workload, what did not run, and a summary. */
export function renderText(report: Report, opts: TextOptions): string {
  const { style } = opts;
  const out: string[] = [];
  for (const group of groupFindings(report.findings)) {
    out.push(style("bold", group.title));
    for (const f of group.findings) out.push(...renderFinding(f, opts), "");
  }
  if (report.findings.length === 0) {
    out.push(report.ran.length ? `No findings from the ${plural(report.ran.length, "check")} that ran.` : "No check could run on this input.", "");
  }
  if (report.notRun.length) out.push(...renderNotRun(report.notRun, opts), "");
  if (opts.unread?.length) out.push(...renderUnread(opts.unread, style), "");
  if (opts.cluster) out.push(style("dim", `cluster: context ${opts.cluster.context}, ${opts.cluster.scope} (${plural(opts.cluster.objects, "object")} read in ${plural(opts.cluster.requests, "request")})`));
  const problems = opts.problems ?? [];
  out.push(summaryLine(report, style, problems.filter((p) => p.severity === "error").length, problems.filter((p) => p.skipped && p.severity !== "error").length, opts.verbose));
  return out.join("\n") + "\n";
}

export function renderFinding(f: Finding, { style }: TextOptions): string[] {
  const where = fileLocation(f.object);
  const about = objectName(f.object);
  const head = [style(SEVERITY_STYLE[f.severity], f.severity.padEnd(7)), style("bold", f.checkId), where ? style("dim", where) : undefined, about]
    .filter((p) => p !== undefined)
    .join("  ");
  return [`  ${head}`, ...indent(f.message, INDENT), ...renderEvidence(f.evidence), ...f.fixes.flatMap((fix) => renderFix(fix, style))];
}

function renderEvidence(e: Evidence): string[] {
  const out: string[] = [];
  if (e.expected !== undefined) out.push(...labelled("expected: ", show(e.expected)));
  if (e.actual !== undefined) out.push(...labelled("found:    ", show(e.actual)));
  return out;
}

function renderFix(fix: Fix, style: Style): string[] {
  const out = [`${INDENT}${style("green", "fix:")} ${fix.title}`];
  if (fix.snippet) out.push(...indent(fix.snippet.text, `${INDENT}  `));
  return out;
}

function renderNotRun(notRun: readonly NotRun[], { style, verbose }: TextOptions): string[] {
  const out = [style("bold", `Not run (${plural(notRun.length, "check")}): their problems, if any, are not reported`)];
  if (verbose) {
    const width = Math.max(...notRun.map((n) => n.checkId.length));
    for (const n of notRun) out.push(`  ${n.checkId.padEnd(width)}  ${notRunText(n.reason)}`);
    return out;
  }
  const byReason = new Map<string, number>();
  for (const n of notRun) byReason.set(notRunText(n.reason), (byReason.get(notRunText(n.reason)) ?? 0) + 1);
  const counts = [...byReason.entries()].sort((a, b) => b[1] - a[1]);
  const width = Math.max(...counts.map(([, n]) => String(n).length));
  for (const [reason, n] of counts) out.push(`  ${String(n).padStart(width)}  ${reason}`);
  out.push(style("dim", "  (--verbose lists them by check id)"));
  return out;
}

function renderUnread(unread: readonly UnreadItem[], style: Style): string[] {
  return [style("bold", `Not read (${unread.length}): the checks judged what could be read, and nothing of this`), ...unread.map((u) => `  ${u.reason}`)];
}

export function summaryLine(report: Pick<Report, "summary" | "ran" | "notRun">, style: Style, inputErrors = 0, skipped = 0, verbose = false): string {
  const { error, warning, info } = report.summary;
  const counts = [
    style(error ? SEVERITY_STYLE.error : "dim", plural(error, "error")),
    style(warning ? SEVERITY_STYLE.warning : "dim", plural(warning, "warning")),
    style(info ? SEVERITY_STYLE.info : "dim", `${info} info`),
  ].join(", ");
  const unread = inputErrors ? `; ${style(SEVERITY_STYLE.error, `${plural(inputErrors, "input error")}`)} (see above)` : "";
  const skips = skipped ? `; ${plural(skipped, "input")} skipped${verbose ? " (see above)" : " (--verbose lists them)"}` : "";
  return `summary: ${counts} (${plural(report.ran.length, "check")} ran, ${report.notRun.length} not run)${skips}${unread}`;
}

/** Evidence as a person reads it: scalars as they are, lists inline, structures as YAML. */
export function show(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object")) return value.length ? value.join(", ") : "none";
  if (value !== null && typeof value === "object") return stringify(value, { lineWidth: 0 }).trimEnd();
  return String(value);
}

function labelled(label: string, text: string): string[] {
  const [first = "", ...rest] = text.split("\n");
  return [`${INDENT}${label}${first}`, ...rest.map((l) => `${INDENT}${" ".repeat(label.length)}${l}`)];
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((l) => (l === "" ? "" : prefix + l));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
