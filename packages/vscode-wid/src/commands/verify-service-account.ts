import * as vscode from "vscode";
import type { Judgement, TreeNode } from "#wid/engine";
import { loadLive } from "../live-loader.js";
import { LiveClusterProvider } from "../providers/live-cluster.js";
import { clusterSettings } from "../settings.js";
import type { CommandContext } from "./context.js";

type WorkloadNode = Extract<TreeNode, { type: "workload" }>;

export interface Verification {
  namespace: string;
  name: string;
  /** The workloads running as it, in each root of the view (the cluster, the workspace), with its chain's status and the check ids that break it. */
  workloads: { source: string; title: string; status: string; checkIds: string[] }[];
  /**
   * On the cluster of the kube context (when there is one, in a trusted workspace): whether Entra
   * ID gives its workload identity a token, else the AADSTS code and the findings that explain it.
   */
  live?: { works: boolean; code: number | undefined; explainedBy: string[]; steps: Judgement["steps"] } | { error: string };
}

function saOf(arg: unknown): { namespace: string; name: string } | undefined {
  if (typeof arg === "string" && arg.includes("/")) {
    const [namespace, name] = arg.split("/");
    return namespace && name ? { namespace, name } : undefined;
  }
  const node = arg as TreeNode | undefined;
  if (node?.type === "link" && node.link.kind === "service-account" && node.link.object) return { namespace: node.link.object.namespace ?? "default", name: node.link.object.name };
  return undefined;
}

/** Follows a ServiceAccount's chain in every source the tree reads, says what is broken, and shows it in the tree. */
export async function verifyServiceAccount(ctx: CommandContext, arg?: unknown): Promise<Verification | undefined> {
  await ctx.tree.refresh();
  const workloads = [...ctx.tree.nodes()].filter((n): n is WorkloadNode => n.type === "workload");
  const saLink = (w: WorkloadNode) => w.chain.links.find((l) => l.kind === "service-account")?.object;
  let sa = saOf(arg);
  if (!sa) {
    const service = await ctx.service();
    const names = new Set<string>();
    for (const o of ctx.diagnostics.current(service).snapshot.objects) if (o.kind === "ServiceAccount") names.add(`${o.namespace ?? "default"}/${o.name}`);
    for (const w of workloads) {
      const o = saLink(w);
      if (o) names.add(`${o.namespace ?? "default"}/${o.name}`);
    }
    const picked = await vscode.window.showQuickPick([...names].sort(), { title: "wid: verify which ServiceAccount (namespace/name)?" });
    sa = saOf(picked);
  }
  if (!sa) return undefined;
  const mine = workloads.filter((w) => {
    const o = saLink(w);
    return o && o.name === sa.name && (o.namespace ?? "default") === sa.namespace;
  });
  const result: Verification = {
    ...sa,
    workloads: mine.map((w) => ({ source: rootOf(ctx, w), title: w.chain.title, status: w.chain.status, checkIds: [...new Set(w.chain.links.flatMap((l) => l.findings.map((f) => f.checkId)))].sort() })),
  };
  const who = `ServiceAccount ${sa.namespace}/${sa.name}`;
  if (LiveClusterProvider.wanted()) {
    result.live = await verifyLive(ctx, sa.namespace, sa.name);
    if ("error" in result.live) void vscode.window.showWarningMessage(`wid: ${who} could not be verified on the cluster: ${result.live.error}`);
    else if (result.live.works) void vscode.window.showInformationMessage(`wid: ${who} gets Entra ID tokens on the cluster: its workload identity works.`);
    else {
      const explained = result.live.explainedBy.length ? ` Explained by: ${result.live.explainedBy.join(", ")}.` : "";
      void vscode.window.showWarningMessage(`wid: Entra ID refuses ${who}'s token${result.live.code !== undefined ? ` (AADSTS${result.live.code})` : ""}.${explained} The wid output has each step.`);
    }
  }
  if (mine.length === 0) {
    if (!result.live) void vscode.window.showInformationMessage(`wid: no workload that uses workload identity runs as ${who}.`);
    return result;
  }
  const broken = result.workloads.filter((w) => w.status === "broken");
  const unknown = result.workloads.filter((w) => w.status === "unknown");
  const say = broken.length
    ? `wid: ${who}: ${broken.map((w) => `${w.title} is broken in ${w.source} (${w.checkIds.join(", ")})`).join("; ")}`
    : unknown.length
      ? `wid: ${who}: nothing found broken, but some links are unknown (no Azure data for them)`
      : `wid: ${who}: every link of its chain is ok`;
  const first = mine.find((w) => w.status === "broken") ?? mine[0]!;
  await ctx.view.reveal(first, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  if (!result.live) void (broken.length ? vscode.window.showWarningMessage(say) : vscode.window.showInformationMessage(say));
  return result;
}

/** The live verification: a token minted, checked and exchanged as the workload would; each step to the output. */
async function verifyLive(ctx: CommandContext, namespace: string, name: string): Promise<NonNullable<Verification["live"]>> {
  const { kubeconfig, context, subscriptions } = clusterSettings();
  const live = await loadLive();
  const abort = new AbortController();
  const read = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `wid: verifying ${namespace}/${name} on the cluster`, cancellable: true }, (_p, token) => {
    token.onCancellationRequested(() => abort.abort());
    return live.verify({ kubeconfig, context, namespace, serviceAccount: name, subscriptions, signal: abort.signal });
  });
  if (!read.ok) return { error: `${read.message}${read.hint ? ` (${read.hint})` : ""}` };
  const service = await ctx.service();
  const j = service.mod.judgeVerification(read.outcome);
  const lines = [`verify ${namespace}/${name}`, ...j.steps.map((s) => `  ${s.status.padEnd(7)} ${s.title}: ${s.detail}`)];
  if (j.code !== undefined) lines.push(`  AADSTS${j.code}${j.meaning ? `: ${j.meaning}` : ""}`);
  for (const f of [...j.explaining, ...j.others]) lines.push(`  ${j.explaining.includes(f) ? "explains" : "also   "} ${f.checkId}: ${f.message}`);
  ctx.log.info(lines.join("\n"));
  return { works: j.works, code: j.code, explainedBy: [...new Set(j.explaining.map((f) => f.checkId))], steps: j.steps };
}

/** The label of the view's root a node is under: the kube context, or the workspace. */
function rootOf(ctx: CommandContext, node: TreeNode): string {
  let at = node;
  for (let up = ctx.tree.getParent(at); up; up = ctx.tree.getParent(at)) at = up;
  return at.label;
}
