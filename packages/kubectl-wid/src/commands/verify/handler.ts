import { aadstsMeaning, runChecks, type Finding, type NotRun, type Report } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { verifyServiceAccount, type VerifyOutcome } from "@wid/core/sources/live-verify";
import type { VerifyArgs } from "./args.js";
import { EXIT } from "../../exit-codes.js";
import type { Io } from "../../io.js";
import { styler, wantsColor, type Style } from "../../output/style.js";
import { renderFinding } from "../../output/text.js";
import { notRunText } from "../../output/reasons.js";
import { toJsonReport } from "../../output/json.js";
import { verifySteps, type VerifyStep } from "./steps.js";

/** What verify found: the steps, the exchange's code, and the findings of the ServiceAccount's chain. */
interface Verdict {
  outcome: VerifyOutcome;
  steps: VerifyStep[];
  code: number | undefined;
  /** The findings of the checks that explain the code, then the chain's others. */
  explaining: Finding[];
  others: Finding[];
  /** Checks that would explain the code but could not run, with why. */
  unexplained: NotRun[];
  report: Report;
}

/**
 * `kubectl wid verify -n NS SA`: mints a token for the ServiceAccount, checks it against the
 * issuer, exchanges it with Entra ID, and on failure names the AADSTS code and the findings of
 * the ServiceAccount's chain that explain it. No token is ever printed.
 */
export async function verify(args: VerifyArgs, io: Io): Promise<number> {
  const outcome = await verifyServiceAccount({
    kube: { ...(args.kubeconfig ? { kubeconfig: args.kubeconfig } : {}), ...(args.context ? { context: args.context } : {}) },
    ...(args.namespace ? { namespace: args.namespace } : {}),
    serviceAccount: args.serviceAccount,
    ...(args.scope ? { scope: args.scope } : {}),
    ...(args.subscription.length ? { subscriptions: args.subscription } : {}),
    ...(args.aksCluster ? { aksClusterId: args.aksCluster } : {}),
    env: io.env,
  });
  const verdict = judge(outcome);
  if (args.output === "json") io.stdout(`${JSON.stringify(toJson(verdict), null, 2)}\n`);
  else io.stdout(renderVerdict(verdict, styler(wantsColor(args.color, io.stdoutIsTTY, io.env))));
  return outcome.exchange?.ok ? EXIT.ok : EXIT.findings;
}

function judge(outcome: VerifyOutcome): Verdict {
  const report = runChecks(outcome.snapshot, allChecks);
  // The stand-in pod is wid's, not the user's: findings name the ServiceAccount's chain alone.
  const findings = report.findings
    .filter((f) => !(f.object.kind === "Pod" && f.object.name === outcome.standInPod))
    .map(({ workload, ...f }) => (workload && workload.kind === "Pod" && workload.name === outcome.standInPod ? f : { ...f, ...(workload ? { workload } : {}) }));
  const code = outcome.exchange && !outcome.exchange.ok ? outcome.exchange.code : undefined;
  const meaning = code === undefined ? undefined : aadstsMeaning(code);
  const explainers = new Set(meaning?.checks ?? []);
  const explaining = findings.filter((f) => explainers.has(f.checkId));
  const others = findings.filter((f) => !explainers.has(f.checkId));
  const unexplained = report.notRun.filter((n) => explainers.has(n.checkId) && n.reason.code !== "not-implemented");
  return { outcome, steps: verifySteps(outcome), code, explaining, others, unexplained, report: { ...report, findings } };
}

const MARK: Record<VerifyStep["status"], [Parameters<Style>[0], string]> = {
  ok: ["green", "ok     "],
  failed: [["red", "bold"], "failed "],
  skipped: ["dim", "skipped"],
};

function renderVerdict(v: Verdict, style: Style): string {
  const { outcome } = v;
  const out: string[] = [style("bold", `ServiceAccount ${outcome.namespace}/${outcome.serviceAccount}`)];
  const width = Math.max(...v.steps.map((s) => s.title.length));
  for (const s of v.steps) out.push(`  ${style(MARK[s.status][0], MARK[s.status][1])}  ${s.title.padEnd(width)}  ${s.detail}`);
  out.push("");
  const exchange = outcome.exchange;
  if (exchange?.ok) {
    out.push(style("green", `Entra ID issued a token for ${exchange.scope}: this ServiceAccount's workload identity works (the token is not shown).`));
    if (v.others.length) out.push("", style("bold", "Findings on this chain nonetheless:"), ...v.others.flatMap((f) => [...renderFinding(f, { style, verbose: false }), ""]));
    return out.join("\n") + "\n";
  }
  if (v.code !== undefined) {
    const meaning = aadstsMeaning(v.code);
    out.push(style(["red", "bold"], `AADSTS${v.code}${meaning ? `: ${meaning.meaning}` : ""}`));
  } else if (exchange) {
    out.push(style(["red", "bold"], `The exchange failed: ${exchange.message}`));
  } else {
    out.push(style(["red", "bold"], "The token could not be exchanged (see the steps above)."));
  }
  if (v.explaining.length) {
    out.push(v.code !== undefined ? "Explained by:" : "Found on this chain:", "");
    for (const f of v.explaining) out.push(...renderFinding(f, { style, verbose: false }), "");
  } else if (v.code !== undefined) {
    out.push("No check found its cause in the configuration wid could read.", "");
  }
  if (v.unexplained.length) {
    out.push(style("bold", "Could not check (their findings might explain it):"));
    const byReason = new Map<string, string[]>();
    for (const n of v.unexplained) byReason.set(notRunText(n.reason), [...(byReason.get(notRunText(n.reason)) ?? []), n.checkId]);
    for (const [reason, ids] of byReason) out.push(`  ${ids.join(", ")}: ${reason}`);
    out.push("");
  }
  if (v.others.length) {
    out.push(style("bold", v.explaining.length || v.code !== undefined ? "Other findings on this chain:" : "Findings on this chain:"), "");
    for (const f of v.others) out.push(...renderFinding(f, { style, verbose: false }), "");
  }
  return out.join("\n").replace(/\n+$/, "") + "\n";
}

/** `-o json`, version 1: the steps, the exchange (never a token), and the chain's findings as `doctor -o json` has them. */
function toJson(v: Verdict) {
  const { outcome } = v;
  const chain = toJsonReport(v.report, []);
  const e = outcome.exchange;
  return {
    version: 1,
    serviceAccount: { namespace: outcome.namespace, name: outcome.serviceAccount, clientId: outcome.clientId ?? null, tenantId: outcome.tenant?.id ?? null, tenantFrom: outcome.tenant?.from ?? null },
    ok: e?.ok === true,
    steps: v.steps,
    exchange: e === undefined ? null : e.ok ? { ok: true, scope: e.scope, expiresOn: new Date(e.expiresOn).toISOString() } : { ok: false, scope: e.scope, code: e.code ?? null, message: e.message },
    explanation: v.code === undefined ? null : { code: v.code, meaning: aadstsMeaning(v.code)?.meaning ?? null, checks: v.explaining.map((f) => f.checkId), notRun: v.unexplained.map((n) => n.checkId) },
    findings: chain.findings,
    notRun: chain.notRun,
    summary: chain.summary,
  };
}
