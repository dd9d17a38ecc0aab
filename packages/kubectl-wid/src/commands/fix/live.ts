import { findingKey, runChecks, selectLiveFixes, type Finding, type LiveFix, type Report } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import type { LiveTargets, StepOutcome } from "@wid/core/executors/live";
import { EXIT } from "../../exit-codes.js";
import { checkClusterName, loadInputs, parseTimeout } from "../../inputs.js";
import type { Io } from "../../io.js";
import { exitCodeFor } from "../../output/fail-on.js";
import { renderLeft, renderOutcome, renderPlan, renderRollouts, planSummary, type LeftReason } from "../../output/live-fix.js";
import { formatProblem } from "../../output/location.js";
import { styler, wantsColor, type Style } from "../../output/style.js";
import { inCI } from "../../tui/choose-view.js";
import { canAsk, createPrompter, type Prompter } from "../../tui/confirm.js";
import { applyLive } from "./apply-live.js";
import { askChoices, choiceCommand } from "./choices.js";
import { openView, processTerminal } from "../../tui/open-view.js";
import { checkIds } from "../doctor/handler.js";
import type { FixArgs } from "./args.js";

/** Rounds of plan, apply, doctor again: a fix may reveal what the next one mends (an annotation fixed, then the pods restarted). */
const MAX_ROUNDS = 3;
/** The exit status of a run stopped by Ctrl-C, as shells report SIGINT. */
const INTERRUPTED = 130;
/** How long a run waits for the pods of restarted workloads before it runs the doctor again. */
const ROLLOUT_WAIT_MS = 120_000;

interface Attempt {
  fix: LiveFix;
  outcomes: StepOutcome[];
}

/** What one run of the live fix carries from round to round. */
interface Run {
  args: FixArgs;
  io: Io;
  style: Style;
  say: (text: string) => void;
  targets: LiveTargets;
  stop: AbortController;
  azureLive: boolean;
  /** Asks on a terminal; undefined off one, and with --yes or --dry-run. */
  prompter: Prompter | undefined;
}

/**
 * `kubectl wid fix` on the live cluster and Azure: the doctor's read, the plan of the fixes that
 * can be applied live (with the kubectl and az command of each step), a confirmation (or --yes),
 * the executors, and the doctor again: what was fixed, what remains and why. Without a terminal
 * and without --yes nothing changes. Ctrl-C stops after the step in progress.
 */
export async function fixLive(args: FixArgs, io: Io): Promise<number> {
  checkIds(args.check, "--check");
  checkIds(args.skip, "--skip");
  const style = styler(wantsColor(args.color, io.stdoutIsTTY, io.env));
  const stop = new AbortController();
  const timeoutMs = parseTimeout(args.requestTimeout);
  const targets: LiveTargets = {
    kube: { ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}), ...(args.context !== undefined ? { context: args.context } : {}) },
    azure: args.subscription.length ? { subscriptions: args.subscription } : {},
    env: io.env,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    signal: stop.signal,
  };
  const first = await read(args, io);
  if (first.inputError) return EXIT.usage;
  const interactive = canAsk({ tty: args.tty, stdin: io.stdin, stdoutIsTTY: io.stdoutIsTTY, env: io.env });
  const prompter = interactive && !args.yes && !args.dryRun ? createPrompter(io.stdin, process.stdout) : undefined;
  try {
    return await mend({ args, io, style, say: io.stdout, targets, stop, azureLive: args.azure.length === 0, prompter }, first.report);
  } finally {
    prompter?.close();
  }
}

/** Plans, asks, applies and reads again, round after round, then says what remains and why. */
async function mend(run: Run, before: Report): Promise<number> {
  const { args, style, say, targets, stop, azureLive, prompter } = run;
  let report = before;
  const attempts = new Map<string, Attempt>();
  let deferred: LiveFix[] = [];
  let declined: LiveFix[] = [];
  let interrupted = false;
  let appliedAny = false;
  const left = (planned: readonly LiveFix[], fixed: readonly Finding[] = [], known?: Report) => renderLeft(leftAfter(report, { attempts, deferred, declined, azureLive, planned, fixed, ...(known ? { before: known } : {}) }), style);

  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const selection = selectLiveFixes(
      report.findings.filter((f) => !attempts.has(findingKey(f))),
      { azureLive },
    );
    deferred = selection.deferred;
    // what needs a choice is asked on a terminal, once, and planned like the rest
    if (round === 1 && prompter) selection.fixes.push(...(await askChoices(selection.notLive, args, run.io.env, prompter, say)));
    if (selection.fixes.length === 0) {
      if (round === 1) say(before.findings.length === 0 ? "Nothing to fix: no finding.\n" : "Nothing wid can fix on its own: each finding below needs you.\n");
      break;
    }
    const n = planSummary(selection.fixes);
    say(`${renderPlan(selection.fixes, round === 1 ? "Plan" : "The fixes above revealed more", style)}\n`);
    if (args.dryRun) {
      say(style("bold", "Dry run: what the API server and Azure say now (nothing is changed):\n"));
      for (const fix of selection.fixes) await applyLive(fix, targets, { dryRun: true, onStep: (o) => say(renderOutcome(o, style, true)) });
      say(`\nDry run: ${n} planned; nothing was changed.\n\n`);
      say(left(selection.fixes));
      return report.findings.length ? EXIT.findings : EXIT.ok;
    }
    if (!args.yes) {
      if (!prompter) {
        say(`${n} planned; nothing was changed: run again with --yes to apply them (or on a terminal, to be asked).\n\n`);
        say(left(selection.fixes));
        return EXIT.findings;
      }
      if (!(await prompter.confirm(`Apply ${n}?`))) {
        if (!appliedAny) {
          say("Nothing was changed.\n");
          return EXIT.findings;
        }
        say("Nothing more was changed.\n");
        declined = selection.fixes;
        break;
      }
    }
    say(style("bold", round === 1 ? "Applying:\n" : "Applying the fixes it revealed:\n"));
    const changed = await withInterrupt(stop, run.io, async () => {
      const out: LiveFix[] = [];
      for (const fix of selection.fixes) {
        const onStep = (o: StepOutcome) => say(renderOutcome(o, style));
        const outcomes = stop.signal.aborted ? notStarted(fix, onStep) : await applyLive(fix, targets, { onStep });
        for (const f of fix.findings) attempts.set(findingKey(f), { fix, outcomes });
        if (outcomes.some((o) => o.status === "applied")) out.push(fix);
      }
      return out;
    });
    appliedAny ||= changed.length > 0;
    interrupted = stop.signal.aborted;
    const { rolloutsOf, waitForRollouts } = await import("@wid/core/executors/live");
    const rollouts = rolloutsOf(changed.flatMap((f) => f.plans.flatMap((p) => (p.target === "cluster" ? p.steps : []))));
    if (rollouts.length && !interrupted) {
      say(style("bold", `\nWaiting for ${rollouts.length === 1 ? "the rollout" : `${rollouts.length} rollouts`} (as kubectl rollout status):\n`));
      say(renderRollouts(await waitForRollouts(rollouts, targets, { timeoutMs: ROLLOUT_WAIT_MS }), style));
    }
    say("\nRunning the doctor again...\n");
    const again = await read(args, run.io);
    if (again.inputError) return EXIT.usage;
    report = again.report;
    if (interrupted) break;
  }

  const remaining = new Set(report.findings.map(findingKey));
  const fixed = before.findings.filter((f) => !remaining.has(findingKey(f)));
  say(`\n${interrupted ? "Stopped (Ctrl-C): each object above is either unchanged or fully changed, as its line says. " : ""}Fixed ${plural(fixed.length, "finding")}; ${plural(report.findings.length, "finding")} remain${report.findings.length === 1 ? "s" : ""}.\n`);
  say(left([], fixed, before));
  if (interrupted) return INTERRUPTED;
  return exitCodeFor(report, args.failOn);
}

/** The doctor's read of the live cluster and Azure, with progress on a terminal's stderr. */
async function read(args: FixArgs, io: Io): Promise<{ report: Report; inputError: boolean }> {
  const terminal = processTerminal();
  const style = styler(false);
  const line = args.tty && terminal.stderr.isTTY === true && !inCI(io.env) && io.env["TERM"] !== "dumb";
  const view = await openView(line ? "stderr-line" : "plain", io, terminal, style);
  try {
    const { snapshot } = await loadInputs(args, io, view);
    if (args.cluster !== undefined) checkClusterName(snapshot, args.cluster);
    const problems = snapshot.coverage.problems.filter((p) => p.severity !== "info");
    if (problems.length) view.note(problems.map(formatProblem).join("\n") + "\n");
    await view.checking(snapshot.objects.length, 0);
    const report = runChecks(snapshot, allChecks, { only: args.check, disabled: args.skip });
    return { report, inputError: problems.some((p) => p.severity === "error") };
  } finally {
    await view.close();
  }
}

function notStarted(fix: LiveFix, onStep: (o: StepOutcome) => void): StepOutcome[] {
  const out = fix.plans.flatMap((p) => p.steps.map((step): StepOutcome => ({ step, status: "refused", reason: `${fix.fix.title}: not changed: the run was stopped before this step` })));
  for (const o of out) onStep(o);
  return out;
}

/** Runs `task` with Ctrl-C asking it to stop after the step in progress; a second Ctrl-C ends the process. */
async function withInterrupt<T>(stop: AbortController, io: Io, task: () => Promise<T>): Promise<T> {
  let presses = 0;
  const onSigint = () => {
    presses++;
    if (presses > 1) process.exit(INTERRUPTED);
    io.stderr("\nStopping after the step in progress (Ctrl-C again to quit at once)...\n");
    stop.abort(new Error("interrupted"));
  };
  process.on("SIGINT", onSigint);
  try {
    return await task();
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/** A finding's workload, as a key: evidence of a workload (its logs, its events) is judged with the fixes of that workload. */
function workloadKey(f: Finding): string | undefined {
  const w = f.workload;
  return w ? `${w.kind}\u0000${w.namespace ?? ""}\u0000${w.name}` : undefined;
}

/** Each finding left, with why: its fix did not apply, it needs a choice, it is evidence from before a fix, ... */
interface LeftContext {
  attempts: Map<string, Attempt>;
  /** Fixes left for the next run: they change an object another fix of this run changed. */
  deferred: readonly LiveFix[];
  /** Fixes the user said no to. */
  declined: readonly LiveFix[];
  azureLive: boolean;
  /** Fixes shown as planned (a dry run, a run without --yes): not listed again. */
  planned: readonly LiveFix[];
  fixed: readonly Finding[];
  before?: Report;
}

function leftAfter(report: Report, c: LeftContext): { finding: Finding; why: LeftReason }[] {
  const { attempts, deferred, declined, azureLive, planned, fixed, before } = c;
  const fixedFor = new Map<string, Set<string>>();
  for (const f of fixed) {
    for (const key of [workloadKey(f), `check\u0000${f.checkId}`]) if (key) fixedFor.set(key, (fixedFor.get(key) ?? new Set()).add(f.checkId));
  }
  const known = new Set(before?.findings.map(findingKey));
  const plannedKeys = new Set(planned.flatMap((f) => f.findings.map(findingKey)));
  const notLive = new Map(selectLiveFixes(report.findings, { azureLive }).notLive.map((n) => [findingKey(n.finding), n.why]));
  const deferredOf = new Map(deferred.flatMap((d) => d.findings.map((f) => [findingKey(f), d] as const)));
  const declinedOf = new Map(declined.flatMap((d) => d.findings.map((f) => [findingKey(f), d] as const)));
  const out: { finding: Finding; why: LeftReason }[] = [];
  for (const finding of report.findings) {
    const key = findingKey(finding);
    if (plannedKeys.has(key)) continue;
    const attempt = attempts.get(key);
    if (attempt) {
      const applied = attempt.outcomes.every((o) => o.status === "applied" || o.status === "unchanged");
      out.push({ finding, why: applied ? { code: "still-found", title: attempt.fix.fix.title } : { code: "not-applied", outcomes: attempt.outcomes } });
      continue;
    }
    const next = deferredOf.get(key);
    if (next) {
      out.push({ finding, why: { code: "next-run", fix: next } });
      continue;
    }
    const no = declinedOf.get(key);
    if (no) {
      out.push({ finding, why: { code: "declined", fix: no } });
      continue;
    }
    const why = notLive.get(key) ?? { code: "no-fix" as const };
    if (why.code === "no-fix") {
      // evidence (logs, events) of a workload this run mended, or that the check this run fixed explains
      const explainedBy = finding.evidence["explainedBy"];
      const fixedHere = [...(fixedFor.get(workloadKey(finding) ?? "") ?? []), ...(typeof explainedBy === "string" ? (fixedFor.get(`check\u0000${explainedBy}`) ?? []) : [])];
      if (fixedHere.length && known.has(key)) {
        out.push({ finding, why: { code: "history", fixedBy: [...new Set(fixedHere)].join(", ") } });
        continue;
      }
      // evidence whose explaining check ran and finds nothing on this workload now
      if (typeof explainedBy === "string" && report.ran.includes(explainedBy) && !report.findings.some((f) => f.checkId === explainedBy && workloadKey(f) === workloadKey(finding))) {
        out.push({ finding, why: { code: "history", quiet: explainedBy } });
        continue;
      }
      if (before && !known.has(key)) {
        out.push({ finding, why: { code: "new" } });
        continue;
      }
    }
    const command = choiceCommand(finding, why);
    out.push({ finding, why: { code: "not-live", why, ...(command ? { command } : {}) } });
  }
  return out;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
