import { stringify } from "yaml";
import { planSetup, redactText, UserError, WI, type AzurePlan, type ClusterPlan, type SetupPlan, type SetupRequest } from "@wid/core";
import type { LiveTargets, StepOutcome } from "@wid/core/executors/live";
import { EXIT } from "../../exit-codes.js";
import { parseTimeout } from "../../inputs.js";
import type { Io } from "../../io.js";
import { renderOutcome } from "../../output/live-fix.js";
import { styler, wantsColor, type Style } from "../../output/style.js";
import { canAsk, confirm } from "../../tui/confirm.js";
import type { SetupArgs } from "./args.js";

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? l : prefix + l))
    .join("\n");
}

/**
 * `kubectl wid setup`: reads the ServiceAccount, the identity and the cluster's issuer, plans
 * what is missing (the identity, the ServiceAccount's annotation, the federated credential, the
 * role), shows it, applies it after confirmation (or --yes) with the live executors, and says what
 * it did and the pod template label to add. A second run finds everything in place and changes
 * nothing. `--dry-run` asks the API server and Azure and changes nothing; `-o yaml` prints the
 * manifests instead.
 */
export async function setup(args: SetupArgs, io: Io): Promise<number> {
  if ((args.role === undefined) !== (args.scope === undefined)) {
    throw new UserError(args.role !== undefined ? "--role needs --scope: the resource the role is granted on" : "--scope needs --role: the role to grant there", { hint: "e.g. --role 'Key Vault Secrets User' --scope $(az keyvault show -n VAULT --query id -o tsv)" });
  }
  if (!args.createIdentity && args.location !== undefined) throw new UserError("--location is where --create-identity creates the identity", { hint: "add --create-identity, or leave --location out" });
  const style = styler(wantsColor(args.color, io.stdoutIsTTY, io.env));
  const say = io.stdout;
  const timeoutMs = parseTimeout(args.requestTimeout);
  const kube = { ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}), ...(args.context !== undefined ? { context: args.context } : {}) };
  const { readSetupState } = await import("@wid/core/sources/live-setup");
  const read = () =>
    readSetupState({
      kube,
      ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
      serviceAccount: args.serviceAccount,
      identity: args.identity,
      ...(args.resourceGroup !== undefined ? { resourceGroup: args.resourceGroup } : {}),
      ...(args.role !== undefined ? { role: args.role } : {}),
      ...(args.scope !== undefined ? { scope: args.scope } : {}),
      ...(args.subscription.length ? { subscriptions: args.subscription } : {}),
      ...(args.aksCluster ? { aksClusterId: args.aksCluster } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      env: io.env,
    });
  const request: SetupRequest = {
    serviceAccount: args.serviceAccount,
    identity: args.identity,
    ...(args.createIdentity ? { create: { resourceGroup: args.resourceGroup, location: args.location } } : {}),
    ...(args.resourceGroup !== undefined ? { resourceGroup: args.resourceGroup } : {}),
    ...(args.scope !== undefined ? { scope: args.scope } : {}),
    overwrite: args.overwrite,
  };
  let facts = await read();
  let plan = planSetup(facts, request);
  const ns = facts.namespace;
  const sa = args.serviceAccount;

  if (args.output === "yaml") {
    say(renderManifests(plan, facts.issuer));
    return EXIT.ok;
  }

  say(`${style("bold", `ServiceAccount ${ns}/${sa}`)} -> identity ${plan.identity.name}${"pending" in plan.identity ? " (to be created)" : ` (client id ${plan.identity.clientId})`}\n`);
  say(`  issuer ${facts.issuer.url} (from ${facts.issuer.from}), subject ${plan.subject}, audience ${WI.audience}\n\n`);
  const planned = [plan.identityPlan, plan.cluster, plan.azure].flatMap((p): unknown[] => p?.steps ?? []);
  if (planned.length === 0) {
    say(`Nothing to change: ${plan.inPlace.join("; ")}.\n\n`);
    say(nextSteps(ns, sa, false, style));
    return EXIT.ok;
  }
  say(renderSetupPlan(plan, style));

  const targets: LiveTargets = { kube, azure: args.subscription.length ? { subscriptions: args.subscription } : {}, env: io.env, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  const executors = await import("@wid/core/executors/live");
  const run = async (p: ClusterPlan | AzurePlan | undefined, dryRun: boolean): Promise<StepOutcome[]> => {
    if (!p || p.steps.length === 0) return [];
    const onStep = (o: StepOutcome) => say(renderOutcome(o, style, dryRun));
    return p.target === "cluster" ? executors.applyClusterPlan(p, targets, { dryRun, onStep }) : executors.applyAzurePlan(p, targets, { dryRun, onStep });
  };
  const bad = (outcomes: StepOutcome[]) => outcomes.some((o) => o.status === "refused" || o.status === "failed");

  if (args.dryRun) {
    say(style("bold", "Dry run: what the API server and Azure say now (nothing is changed):\n"));
    const outcomes = await run(plan.identityPlan, true);
    if (plan.identityPlan) say("  (the ServiceAccount and the credential are checked once the identity exists)\n");
    else outcomes.push(...(await run(plan.cluster, true)), ...(await run(plan.azure, true)));
    say(`\nDry run: nothing was changed.\n`);
    return bad(outcomes) ? EXIT.findings : EXIT.ok;
  }
  if (!args.yes) {
    if (!canAsk({ tty: args.tty, stdin: io.stdin, stdoutIsTTY: io.stdoutIsTTY, env: io.env })) {
      say("Nothing was changed: run again with --yes to apply it (or on a terminal, to be asked).\n");
      return EXIT.findings;
    }
    if (!(await confirm("Apply?", io.stdin, process.stdout))) {
      say("Nothing was changed.\n");
      return EXIT.findings;
    }
  }

  say(style("bold", "Applying:\n"));
  const outcomes: StepOutcome[] = [];
  if (plan.identityPlan) {
    outcomes.push(...(await run(plan.identityPlan, false)));
    if (bad(outcomes)) return finish(outcomes, ns, sa, style, say);
    // the identity's client and principal ids are known now: plan the rest with them
    facts = await read();
    plan = planSetup(facts, request);
  }
  for (const p of [plan.cluster, plan.azure]) {
    if (bad(outcomes)) break;
    outcomes.push(...(await run(p, false)));
  }
  return finish(outcomes, ns, sa, style, say);
}

function finish(outcomes: StepOutcome[], ns: string, sa: string, style: Style, say: (t: string) => void): number {
  const failed = outcomes.filter((o) => o.status === "refused" || o.status === "failed");
  if (failed.length) {
    say(`\n${style(["red", "bold"], "Not set up:")} ${failed.length === 1 ? "a step" : `${failed.length} steps`} did not apply (see above); what did is in place, and \`kubectl wid setup\` again completes the rest.\n`);
    return EXIT.findings;
  }
  const created = outcomes.some((o) => o.status === "applied" && (o.step.op === "federatedCredential.createOrUpdate" || o.step.op === "identity.create"));
  say(`\n${style("green", `ServiceAccount ${ns}/${sa} is set up.`)}\n\n`);
  say(nextSteps(ns, sa, created, style));
  return EXIT.ok;
}

/** What the user does next: the pod template's label and ServiceAccount, and how to prove it. */
function nextSteps(ns: string, sa: string, fresh: boolean, style: Style): string {
  const template = stringify({ spec: { template: { metadata: { labels: { [WI.useLabel]: "true" } }, spec: { serviceAccountName: sa } } } }).trimEnd();
  return [
    style("bold", "Next:") + ` run the workloads as ServiceAccount ${ns}/${sa}, with the label the webhook looks for on their pod template:`,
    indent(template, "  "),
    `Prove it now, without a pod: kubectl wid verify -n ${ns} ${sa}${fresh ? "\n(a new federated credential can take a few minutes to be known to Entra ID)" : ""}`,
    "",
  ].join("\n");
}

function renderSetupPlan(plan: SetupPlan, style: Style): string {
  const lines = [style("bold", "Plan:")];
  for (const p of [plan.identityPlan, plan.cluster, plan.azure]) for (const step of p?.steps ?? []) lines.push(indent(step.command, "  "));
  if (plan.inPlace.length) lines.push(style("dim", `In place already: ${plan.inPlace.join("; ")}.`));
  // commands quote values read from the cluster and Azure: masked where they hold a secret
  return redactText(lines.join("\n") + "\n\n");
}

/** `-o yaml`: the ServiceAccount as a manifest, the Azure side as the az commands to run (comments). */
function renderManifests(plan: SetupPlan, issuer: { url: string; from: string }): string {
  const azure = [...(plan.identityPlan?.steps ?? []), ...plan.azure.steps];
  const head = [
    `# ServiceAccount for identity ${plan.identity.name}, trusted for ${plan.subject} with issuer ${issuer.url} (from ${issuer.from}).`,
    ...(azure.length
      ? ["# The Azure side is not a Kubernetes manifest: run these once, or keep them with your infrastructure code.", ...azure.flatMap((s) => s.command.split("\n").map((l) => `#   ${l}`))]
      : ["# The Azure side is in place: " + plan.inPlace.filter((w) => !w.startsWith("ServiceAccount")).join("; ") + "."]),
    "# Label the pod templates that run as this ServiceAccount with azure.workload.identity/use: \"true\".",
  ];
  return redactText(`${head.join("\n")}\n${stringify(plan.serviceAccountManifest)}`);
}
