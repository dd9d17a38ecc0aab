import * as vscode from "vscode";
import type { Finding } from "@wid/core";
import type { LiveOption, LiveTarget, LiveWhere } from "#wid/engine";
import { chosenContext } from "../kube-contexts.js";
import { loadLive } from "../live-loader.js";
import type { Service } from "../service.js";
import { clusterSettings } from "../settings.js";
import type { CommandContext } from "./context.js";

export type LiveFixResult = "applied" | "cancelled" | "refused" | "failed" | "not-applicable" | "restricted";

/** Where the finding was read: the live cluster's root of the view (its context), or the workspace. */
export type FindingSource = { kind: "cluster"; context: string | undefined; server: string | undefined } | { kind: "workspace" };

/** How long a fix that restarts workloads waits for their new pods before the view reads the cluster again. */
const ROLLOUT_WAIT_MS = 60_000;

/**
 * Whether Azure, as the finding's source read it, was read live (and so may be written): the
 * cluster's root reads it live when no export is named and subscriptions are; the workspace when
 * Azure is read live and no export is named. Fixes to what exports say are shown, not applied.
 */
function azureReadLive(service: Service, source: FindingSource): boolean {
  if (service.engine.azureExportParts().length > 0) return false;
  return source.kind === "cluster" ? clusterSettings().subscriptions.length > 0 : service.azureLive.enabled();
}

/**
 * Mends a finding on the live cluster or in Azure: its fix (or the option of a choice the user
 * picks), checked first in the executors' dry run, shown in a modal confirmation (the object and
 * its patch, the Azure resource and its parameters, the kubectl or az command), applied by the
 * core's live executors with the view's kubeconfig, context and Azure sign-in, then the view and
 * the diagnostics read again. In Restricted Mode nothing is run or sent: the command says so.
 */
export async function fixLive(ctx: CommandContext, service: Service, finding: Finding, target: LiveTarget | undefined, source: FindingSource): Promise<LiveFixResult> {
  const trusted = vscode.workspace.isTrusted;
  // in Restricted Mode nothing says how Azure is read: its plans count as what would be applied
  const plan = service.mod.planLiveFix(finding, { target, azureLive: !trusted || azureReadLive(service, source) });
  if (!trusted && (plan.code === "apply" || plan.code === "choose")) {
    const commands = (plan.code === "apply" ? [plan.option] : plan.options.map((o) => o.option)).flatMap((o) => o.plans.flatMap((p) => p.steps.map((s) => s.command)));
    void vscode.window.showWarningMessage(`wid changes no cluster and no Azure in Restricted Mode: nothing was run or sent. Trust the workspace to fix this from the editor, or run: ${service.mod.redactText(commands.join("\n"))}`);
    return "restricted";
  }
  let option: LiveOption;
  switch (plan.code) {
    case "apply":
      option = plan.option;
      break;
    case "choose": {
      const picked = await vscode.window.showQuickPick(
        plan.options.map((o) => ({ label: o.label, detail: o.option.plans.flatMap((p) => p.steps.map((s) => s.command.split("\n")[0])).join("; "), option: o.option })),
        { title: `wid: ${plan.fix.title}`, placeHolder: plan.question },
      );
      if (!picked) return "cancelled";
      option = picked.option;
      break;
    }
    case "azure-not-live": {
      const commands = service.mod.redactText(plan.commands.join("\n"));
      const answer = await vscode.window.showInformationMessage(
        plan.fix.title,
        { modal: true, detail: `This fix changes Azure, which wid read from the exports the settings name (wid.azure.exportPaths), not live: wid writes only what it read live. These commands make the change:\n\n${commands}` },
        "Copy the Commands",
      );
      if (answer) await vscode.env.clipboard.writeText(commands);
      return "not-applicable";
    }
    case "by-hand": {
      const text = service.mod.redactText(plan.fix.snippet?.text ?? "");
      const answer = await vscode.window.showInformationMessage(plan.fix.title, { modal: true, detail: `${plan.needsChoice ? "This fix needs a choice first, which wid cannot offer from what it read. " : ""}It is made by hand:\n\n${text}` }, "Copy");
      if (answer) await vscode.env.clipboard.writeText(text);
      return "not-applicable";
    }
    case "no-fix":
      void vscode.window.showInformationMessage(`wid: ${finding.checkId} has no fix to apply; "Explain" says how to mend it.`);
      return "not-applicable";
  }

  const where: LiveWhere = source.kind === "cluster" && source.context ? { context: source.context, server: source.server } : await settingsWhere(option);
  const { kubeconfig, context, subscriptions } = clusterSettings();
  const live = await loadLive();
  const stop = new AbortController();
  const targets = { kubeconfig, context, subscriptions, signal: stop.signal };

  // the executors' dry run first: what would be refused is said before anything is asked
  const checked = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `wid: checking "${option.title}"` }, () => live.applyLiveFix(option.plans, targets, { dryRun: true }));
  if (!checked.ok) {
    void vscode.window.showErrorMessage(`wid cannot apply "${option.title}": ${checked.message}${checked.hint ? ` (${checked.hint})` : ""}`);
    return "refused";
  }
  const dry = service.mod.outcomeOf(option.title, checked.outcomes, true);
  if (!dry.ok) {
    void vscode.window.showErrorMessage(dry.text);
    // the view may show a state older than the cluster's: read it again
    void refreshAfter(ctx, service, option);
    return "refused";
  }

  const { message, detail } = service.mod.confirmationOf(option, where);
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, "Apply");
  if (answer !== "Apply") return "cancelled";

  const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `wid: ${option.title}`, cancellable: true }, async (progress, token) => {
    const onCancel = token.onCancellationRequested(() => stop.abort(new Error("cancelled")));
    try {
      const done = await live.applyLiveFix(option.plans, targets, { onStep: (o) => progress.report({ message: `${o.status}: ${o.reason ?? ""}` }) });
      if (done.ok && !stop.signal.aborted) {
        // what the pods do next is not the fix's outcome: a wait that fails or is cancelled only ends the wait
        const restarts = await live.waitForRestarts(done.outcomes, targets, ROLLOUT_WAIT_MS).catch(() => []);
        if (restarts.length) progress.report({ message: restarts.map((r) => (r.done ? "rolled out" : `in progress: ${r.detail}`)).join("; ") });
      }
      return done;
    } finally {
      onCancel.dispose();
    }
  });
  if (!run.ok) {
    void vscode.window.showErrorMessage(`wid cannot apply "${option.title}": ${run.message}${run.hint ? ` (${run.hint})` : ""}`);
    return "refused";
  }
  const outcome = service.mod.outcomeOf(option.title, run.outcomes);
  ctx.log.info(outcome.text);
  if (outcome.ok) void vscode.window.showInformationMessage(outcome.text);
  else void vscode.window.showErrorMessage(outcome.text);
  await refreshAfter(ctx, service, option);
  if (outcome.ok) return "applied";
  return run.outcomes.some((o) => o.status === "failed") ? "failed" : "refused";
}

/** The context a cluster fix goes to as the settings choose it, read from the kubeconfig as text. */
async function settingsWhere(option: LiveOption): Promise<LiveWhere> {
  if (!option.plans.some((p) => p.target === "cluster")) return {};
  const c = await chosenContext();
  return c ? { context: c.name, server: c.server } : {};
}

/** Reads the cluster and Azure again so that the view and the diagnostics show what the fix left. */
async function refreshAfter(ctx: CommandContext, service: Service, option: LiveOption): Promise<void> {
  if (option.plans.some((p) => p.target === "azure")) await service.azureLive.refresh(true);
  ctx.diagnostics.refresh();
  await ctx.tree.refresh(true);
}
