import {
  findingKey,
  planFileFixRounds,
  readFileToFix,
  runChecks,
  selectFileFixes,
  SnapshotWorkspace,
  UserError,
  wordSettings,
  writeFixedFile,
  type InputProblem,
  type ReadFile,
  type Report,
  type Snapshot,
} from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { AZURE_INPUT, expandPath, MANIFEST_INPUT, readStreamText, readText, STDIN_NAME, unreadable } from "@wid/core/sources/manifests";
import { EXIT } from "../../exit-codes.js";
import type { Io } from "../../io.js";
import { unifiedDiff } from "../../output/diff.js";
import { exitCodeFor } from "../../output/fail-on.js";
import { renderNextSteps, renderRefused, renderRemaining } from "../../output/fix-report.js";
import { formatProblem } from "../../output/location.js";
import { styler, wantsColor } from "../../output/style.js";
import { canAsk, confirm } from "../../tui/confirm.js";
import { CLI_SETTING_WORDS, wordProblems } from "../../setting-words.js";
import { checkIds } from "../doctor/handler.js";
import { refuseEmptyInput } from "../doctor/empty-input.js";
import type { FixArgs } from "./args.js";

/** The files a run reads: manifests (to fix) and Azure exports (to judge the A checks). */
interface Inputs {
  workspace: SnapshotWorkspace;
  /** Manifest files as read, to write them back; absent for `-f -`. */
  files: Map<string, ReadFile>;
  /** The text read from standard input, for `-f -`. */
  stdin: string | undefined;
  problems: InputProblem[];
}

/** `kubectl wid fix -f`: plan the file fixes, show them, apply after confirmation, and say what remains. */
export async function fixFiles(args: FixArgs, io: Io): Promise<number> {
  if (args.filename.includes("-") && args.filename.length > 1) {
    throw new UserError("-f - cannot be combined with other manifest paths", { hint: "fix a stream on its own (`... | kubectl wid fix -f - > fixed.yaml`), or files in place" });
  }
  checkIds(args.check, "--check");
  checkIds(args.skip, "--skip");
  const style = styler(wantsColor(args.color, io.stdoutIsTTY, io.env));
  const streaming = args.filename[0] === "-";
  // the fixed stream owns stdout; everything else is said on stderr
  const say = streaming ? io.stderr : io.stdout;

  const inputs = await readInputs(args, io);
  const run = (snapshot: Snapshot): Report => runChecks(snapshot, allChecks, { only: args.check, disabled: args.skip });
  const options = { ...(args.cluster !== undefined ? { clusterName: args.cluster } : {}), ...(args.target.length ? { targets: args.target } : {}) };
  const snapshot = inputs.workspace.snapshot({ options });
  const problems = [...inputs.problems, ...snapshot.coverage.problems].filter((p) => p.severity !== "info");
  await wordProblems(problems);
  if (problems.length) io.stderr(problems.map(formatProblem).join("\n") + "\n");
  refuseEmptyInput({ ...snapshot, coverage: { ...snapshot.coverage, problems } }, { manifests: args.filename, azure: args.azure }, args.allowEmpty);
  const inputError = problems.some((p) => p.severity === "error");

  const before = run(snapshot);
  const textOf = (file: string) => (streaming ? (file === STDIN_NAME ? inputs.stdin : undefined) : inputs.files.get(file)?.text);
  // the fixes, and those the first ones reveal, planned in memory on the texts as they would be
  const planned = planFileFixRounds({
    report: before,
    read: textOf,
    rerun: (texts) => {
      for (const [file, text] of texts) inputs.workspace.setManifest(file, text);
      return run(inputs.workspace.snapshot({ options }));
    },
  });
  const applied = planned.outcomes.filter((o) => o.status === "applied");
  const remaining = renderRemaining(planned.notFromFiles, style) + renderNextSteps(planned.nextSteps, style);

  for (const [file, text] of planned.texts) say(unifiedDiff(file, textOf(file)!, text, style, io.cwd));
  say(renderRefused(planned.outcomes, style));

  if (streaming) {
    io.stdout(planned.texts.get(STDIN_NAME) ?? inputs.stdin ?? "");
    say(summary(applied.length, planned.texts.size, planned.notFromFiles.length, "fixed in the stream"));
    say(remaining);
    return inputError ? EXIT.usage : exitCodeFor(planned.after, args.failOn);
  }

  if (planned.texts.size === 0) {
    say(before.findings.length === 0 ? "Nothing to fix: no finding.\n" : "Nothing to fix in the files.\n");
    say(remaining);
    return inputError ? EXIT.usage : exitCodeFor(before, args.failOn);
  }

  const changes = `${plural(applied.length, "fix", "fixes")} to ${plural(planned.texts.size, "file")}`;
  if (args.dryRun) {
    say(`Dry run: ${changes} planned; no file was changed.\n`);
    say(remaining);
    return EXIT.findings;
  }
  if (!args.yes) {
    const interactive = canAsk({ tty: args.tty, stdin: io.stdin, stdoutIsTTY: io.stdoutIsTTY, env: io.env });
    if (!interactive) {
      say(`${changes} planned; no file was changed: run again with --yes to apply them (or on a terminal, to be asked).\n`);
      say(remaining);
      return EXIT.findings;
    }
    if (!(await confirm(`Apply ${changes}?`, io.stdin, process.stdout))) {
      say("No file was changed.\n");
      return EXIT.findings;
    }
  }

  let writeFailed = false;
  for (const [file, text] of planned.texts) {
    const read = inputs.files.get(file)!;
    try {
      await writeFixedFile(read, text);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      writeFailed = true;
      inputs.workspace.setManifest(file, read.text);
      io.stderr(wordSettings(`error: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ""}`, CLI_SETTING_WORDS));
    }
  }

  // the doctor again, on the files as written: only the files that changed re-parse
  const after = writeFailed ? run(inputs.workspace.snapshot({ options })) : planned.after;
  const remainingKeys = new Set(after.findings.map(findingKey));
  const fixed = before.findings.filter((f) => !remainingKeys.has(findingKey(f)));
  say(`\nFixed ${plural(fixed.length, "finding")}; ${plural(after.findings.length, "finding")} remain.\n`);
  const left = selectFileFixes(after.findings);
  say(renderRemaining(left.notFromFiles, style));
  say(renderNextSteps(writeFailed ? left.fixes : planned.nextSteps, style));
  if (writeFailed || inputError) return EXIT.usage;
  return exitCodeFor(after, args.failOn);
}

async function readInputs(args: FixArgs, io: Io): Promise<Inputs> {
  const workspace = new SnapshotWorkspace(args.namespace !== undefined ? { defaultNamespace: args.namespace } : {});
  const inputs: Inputs = { workspace, files: new Map(), stdin: undefined, problems: [] };
  if (args.filename[0] === "-") {
    if ((io.stdin as { isTTY?: boolean }).isTTY) throw new UserError("`-f -` reads manifests from standard input, which is a terminal", { hint: "pipe manifests in: `helm template ... | kubectl wid fix -f -`" });
    inputs.stdin = await readStreamText(STDIN_NAME, io.stdin, MANIFEST_INPUT);
    workspace.setManifest(STDIN_NAME, inputs.stdin);
  } else {
    for (const path of args.filename) {
      const { files, directory, problems } = await expandPath(path, MANIFEST_INPUT);
      inputs.problems.push(...problems);
      if (directory && files.length === 0) inputs.problems.push({ severity: "warning", file: path, message: "no .yaml, .yml or .json file in this directory" });
      for (const file of files) {
        if (inputs.files.has(file)) continue;
        // a file that cannot be read is an input problem; the others are still fixed
        const read = await readFileToFix(file).catch((e: unknown) => unreadable(e, inputs.problems));
        if (!read) continue;
        inputs.files.set(file, read);
        workspace.setManifest(file, read.text);
      }
    }
  }
  for (const path of args.azure) {
    const { files, problems } = await expandPath(path, AZURE_INPUT);
    inputs.problems.push(...problems);
    for (const file of files) {
      const text = await readText(file, AZURE_INPUT).catch((e: unknown) => unreadable(e, inputs.problems));
      if (text !== undefined) workspace.setAzure(file, text);
    }
  }
  return inputs;
}

function summary(fixes: number, files: number, left: number, where: string): string {
  return `${plural(fixes, "fix", "fixes")} ${where}${files ? "" : " (none needed)"}; ${plural(left, "finding")} not fixable from the manifests.\n`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
