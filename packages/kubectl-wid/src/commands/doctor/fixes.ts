import { applyFixesToTexts, isUserError, readFileToFix, selectFileFixes, selectLiveFixes, type Finding, type ReadFile } from "@wid/core";
import { STDIN_NAME } from "@wid/core/sources/manifests";
import { parseTimeout, wantsLive } from "../../inputs.js";
import type { Io } from "../../io.js";
import { unifiedDiff } from "../../output/diff.js";
import { notFromFilesLines } from "../../output/fix-report.js";
import { notLiveLines, renderOutcome, renderPlan } from "../../output/live-fix.js";
import type { Style } from "../../output/style.js";
import type { FixPreview, PreviewFix } from "../../tui/fix-preview.js";
import { applyLive } from "../fix/apply-live.js";
import { choiceCommand } from "../fix/choices.js";
import type { DoctorArgs } from "./args.js";

/** How long a fix from the interactive doctor waits for the pods of restarted workloads, as `kubectl wid fix` does. */
const ROLLOUT_WAIT_MS = 120_000;

const lines = (text: string) => text.replace(/\n$/, "").split("\n");

/**
 * The fix of one finding, as the interactive doctor previews and applies it: a manifest edit as
 * `kubectl wid fix -f` makes it (the diff, then the file written), a live fix as `kubectl wid fix`
 * plans it (the plan with its kubectl and az commands, then the executors); otherwise why wid
 * cannot apply it and what to run instead.
 */
export function doctorFixes(args: DoctorArgs, io: Io, style: Style, stdinText: string | undefined): PreviewFix {
  return async (finding) => (await filePreview(finding, io, style, stdinText)) ?? (wantsLive(args) ? livePreview(finding, args, io, style) : notFromFiles(finding, style));
}

async function filePreview(finding: Finding, io: Io, style: Style, stdinText: string | undefined): Promise<FixPreview | undefined> {
  const fileFix = selectFileFixes([finding]).fixes[0];
  if (!fileFix || finding.object.file === undefined) return undefined;
  const title = `Fix: ${fileFix.fix.title}`;
  // each file as it is now: the executor refuses an edit whose value changed since the doctor ran
  const read = new Map<string, ReadFile>();
  for (const plan of fileFix.plans) {
    if (plan.file === STDIN_NAME || read.has(plan.file)) continue;
    try {
      read.set(plan.file, await readFileToFix(plan.file));
    } catch (e) {
      if (!isUserError(e)) throw e;
      return { title, lines: [`${style("yellow", "cannot read")} ${e.message}`] };
    }
  }
  const textOf = (file: string) => (file === STDIN_NAME ? stdinText : read.get(file)?.text);
  const { texts, outcomes } = applyFixesToTexts(textOf, [fileFix]);
  const refused = outcomes.find((o) => o.status === "refused");
  if (refused) return { title, lines: [`${style("yellow", "not applicable to the file as it is now:")} ${refused.reason ?? "refused"}`, "Press any key, then run the doctor again."] };
  if (texts.size === 0) return { title, lines: ["The files already hold this fix: nothing to change."] };
  const diff = [...texts].flatMap(([file, text]) => lines(unifiedDiff(file, textOf(file)!, text, style, io.cwd)));
  if (texts.has(STDIN_NAME)) {
    return { title, lines: [...diff, "", "The manifests came on standard input: wid cannot write them back. `... | kubectl wid fix -f - > fixed.yaml` writes them fixed."] };
  }
  return {
    title,
    lines: diff,
    apply: async () => {
      for (const [file, text] of texts) {
        const { writeFixedFile } = await import("@wid/core");
        await writeFixedFile(read.get(file)!, text);
      }
      return `Wrote ${[...texts.keys()].join(", ")}: ${fileFix.fix.title}.`;
    },
  };
}

function livePreview(finding: Finding, args: DoctorArgs, io: Io, style: Style): FixPreview {
  const azureLive = args.azure.length === 0;
  const selection = selectLiveFixes([finding], { azureLive });
  const fix = selection.fixes[0];
  if (!fix) {
    const why = selection.notLive[0]?.why ?? { code: "no-fix" as const };
    const command = choiceCommand(finding, why);
    return {
      title: why.code === "no-fix" ? "No fix to apply" : `No fix wid can apply on its own: ${"fix" in why ? why.fix.title : ""}`,
      lines: [...notLiveLines(finding, why, style), ...(command ? ["", `Once you know, let wid do it: ${command}`] : []), "", style("dim", "`kubectl wid fix` asks for the choices it can turn into a plan.")],
    };
  }
  return {
    title: `Fix: ${fix.fix.title}`,
    lines: lines(renderPlan([fix], "Plan", style)),
    apply: async () => {
      const timeoutMs = parseTimeout(args.requestTimeout);
      const targets = {
        kube: { ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}), ...(args.context !== undefined ? { context: args.context } : {}) },
        azure: args.subscription.length ? { subscriptions: args.subscription } : {},
        env: io.env,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      };
      const outcomes = await applyLive(fix, targets, { onStep: () => undefined });
      const bad = outcomes.filter((o) => o.status === "refused" || o.status === "failed");
      if (bad.length) return `Not applied: ${bad.map((o) => renderOutcome(o, style).trim()).join("; ")}.`;
      const { rolloutsOf, waitForRollouts } = await import("@wid/core/executors/live");
      const rollouts = rolloutsOf(fix.plans.flatMap((p) => (p.target === "cluster" ? p.steps : [])));
      if (rollouts.length) await waitForRollouts(rollouts, targets, { timeoutMs: ROLLOUT_WAIT_MS });
      const applied = outcomes.filter((o) => o.status === "applied").length;
      return applied ? `Applied: ${fix.fix.title}.` : `Nothing to change: ${fix.fix.title} was already done.`;
    },
  };
}

function notFromFiles(finding: Finding, style: Style): FixPreview {
  const why = selectFileFixes([finding]).notFromFiles[0]?.why ?? { code: "no-fix" as const };
  return { title: why.code === "no-fix" ? "No fix to apply" : `Not fixable from the files: ${why.fix.title}`, lines: notFromFilesLines(finding, why, style) };
}
