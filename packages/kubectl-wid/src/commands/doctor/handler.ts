import { Readable } from "node:stream";
import { identityChains, runChecks, unknownCheckIds, UserError, type InputProblem, type Report, type Snapshot } from "@wid/core";
import { MANIFEST_INPUT, readStreamText, STDIN_NAME } from "@wid/core/sources/manifests";
import { allChecks } from "@wid/core/checks";
import { DOCS_URL, VERSION } from "../../build-info.js";
import type { DoctorArgs } from "./args.js";
import { refuseEmptyInput } from "./empty-input.js";
import { EXIT } from "../../exit-codes.js";
import type { Io } from "../../io.js";
import { exitCodeFor } from "../../output/fail-on.js";
import { renderJson } from "../../output/json.js";
import { formatProblem } from "../../output/location.js";
import { renderSarif } from "../../output/sarif.js";
import { styler, wantsColor, type Style } from "../../output/style.js";
import { renderText, summaryLine } from "../../output/text.js";
import { chooseView } from "../../tui/choose-view.js";
import { openView, processTerminal, type Terminal } from "../../tui/open-view.js";
import type { DoctorResult } from "../../tui/doctor-result.js";
import { isDoctorSession, type DoctorSession, type ReportView } from "../../tui/report-view.js";
import { unreadItems, type UnreadItem } from "../../output/unread.js";
import { checkClusterName, loadInputs, type ClusterRead } from "../../inputs.js";

/** How a run is shown: another command (demo) may lend its view; tests may give a terminal. */
export interface DoctorRun {
  view?: ReportView;
  terminal?: Terminal;
}

/** `kubectl wid doctor`: load the inputs, run the checks, print the report; returns the exit status. */
export async function doctor(args: DoctorArgs, io: Io, run: DoctorRun = {}): Promise<number> {
  checkIds(args.check, "--check");
  checkIds(args.skip, "--skip");
  const style = styler(wantsColor(args.color, io.stdoutIsTTY, io.env));
  const view = run.view ?? (await openDoctorView(args, io, run.terminal ?? processTerminal(), style));
  try {
    return isDoctorSession(view) ? await browse(args, io, view, style) : await diagnose(args, io, view, style);
  } finally {
    if (!run.view) await view.close();
  }
}

/**
 * The view for a command's output and flags, on the process's terminal unless given another;
 * `interactive` (the doctor and demo) browses the findings on a terminal.
 */
export function openDoctorView(args: Pick<DoctorArgs, "output" | "tty"> & { interactive?: boolean }, io: Io, terminal: Terminal, style: Style): Promise<ReportView> {
  const kind = chooseView({ output: args.output, tty: args.tty, interactive: args.interactive === true, stdoutIsTTY: io.stdoutIsTTY, stderrIsTTY: terminal.stderr.isTTY === true, env: io.env });
  return openView(kind, io, terminal, style, DOCS_URL);
}

/** One run of the doctor, before it is shown. */
interface Examined {
  report: Report;
  snapshot: Snapshot;
  problems: readonly InputProblem[];
  unread: UnreadItem[] | undefined;
  cluster: ClusterRead | undefined;
  status: number;
}

async function diagnose(args: DoctorArgs, io: Io, view: ReportView, style: Style): Promise<number> {
  const { report, problems, unread, cluster, status } = await examine(args, io, view);
  await view.report(await render(report, problems, args, io, style, unread, cluster));
  return status;
}

/**
 * The interactive doctor: runs it, hands the findings to the terminal, and runs it again after
 * each fix applied from there. Manifests from stdin are read once and given to every run.
 */
async function browse(args: DoctorArgs, io: Io, session: DoctorSession, style: Style): Promise<number> {
  const stdinText = args.filename.includes("-") ? await readStreamText(STDIN_NAME, io.stdin, MANIFEST_INPUT) : undefined;
  const ioForRun = (): Io => (stdinText === undefined ? io : { ...io, stdin: Readable.from([stdinText]) });
  let first = true;
  const run = async (): Promise<DoctorResult> => {
    // input problems are said once, above the view; the runs after a fix find the same ones
    const e = await examine(args, ioForRun(), first ? session : { ...session, note: () => undefined });
    first = false;
    const inputErrors = e.problems.filter((p) => p.severity === "error").length;
    const skipped = e.problems.filter((p) => p.skipped && p.severity !== "error").length;
    return { report: e.report, chains: identityChains(e.snapshot, e.report), summary: summaryLine(e.report, style, inputErrors, skipped, args.verbose), exitCode: e.status };
  };
  const result = await run();
  const { doctorFixes } = await import("./fixes.js");
  return session.browse(result, { previewFix: doctorFixes(args, io, style, stdinText), rerun: run });
}

async function examine(args: DoctorArgs, io: Io, view: ReportView): Promise<Examined> {
  const { snapshot, cluster } = await loadInputs(args, io, view);
  if (args.cluster !== undefined) checkClusterName(snapshot, args.cluster);
  const problems = snapshot.coverage.problems;
  const shown = args.verbose ? problems : problems.filter((p) => p.severity !== "info");
  try {
    refuseEmptyInput(snapshot, { manifests: args.filename, azure: args.azure }, args.allowEmpty);
  } catch (e) {
    if (shown.length) view.note(shown.map(formatProblem).join("\n") + "\n");
    throw e;
  }
  await view.checking(snapshot.objects.length, azureResources(snapshot));
  const report = runChecks(snapshot, allChecks, { only: args.check, disabled: args.skip });
  const unread = snapshot.coverage.live ? unreadItems(snapshot.coverage.live) : undefined;
  if (shown.length) view.note(shown.map(formatProblem).join("\n") + "\n");
  const status = problems.some((p) => p.severity === "error") ? EXIT.usage : exitCodeFor(report, args.failOn);
  return { report, snapshot, problems, unread, cluster, status };
}

function azureResources(s: Snapshot): number {
  const a = s.azure;
  return a.identities.length + a.federatedCredentials.length + a.roleAssignments.length + a.roleDefinitions.length + a.clusters.length + a.keyVaults.length;
}

/** Every id given to `flag` must name a check; before any input is read. */
export function checkIds(ids: readonly string[], flag: string): void {
  const unknown = unknownCheckIds(ids, allChecks)[0];
  if (!unknown) return;
  const near = unknown.suggestions.map((n) => `"${n}"`).join(" or ");
  throw new UserError(`unknown check id "${unknown.id}" in ${flag}`, { hint: `${near ? `did you mean ${near}? ` : ""}\`kubectl wid checks\` lists every id` });
}

async function render(report: Report, problems: readonly InputProblem[], args: DoctorArgs, io: Io, style: Style, unread: UnreadItem[] | undefined, cluster: ClusterRead | undefined): Promise<string> {
  switch (args.output) {
    case "json":
      return renderJson(report, problems, unread);
    case "yaml": {
      const { renderYaml } = await import("../../output/yaml.js");
      return renderYaml(report, problems, unread);
    }
    case "sarif":
      return renderSarif(report, problems, {
        checks: allChecks.map((c) => ({ meta: c.meta, implemented: c.detect !== undefined })),
        version: VERSION,
        cwd: io.cwd,
        docsBaseUrl: DOCS_URL,
      });
    case "text":
      return renderText(report, { style, verbose: args.verbose, problems, ...(unread ? { unread } : {}), ...(cluster ? { cluster } : {}) });
  }
}
