import * as vscode from "vscode";
import type { TreeNode } from "#wid/engine";
import type { CommandContext } from "./context.js";

type WorkloadNode = Extract<TreeNode, { type: "workload" }>;

export interface Verification {
  namespace: string;
  name: string;
  /** The workloads running as it, in each root of the view (the cluster, the workspace), with its chain's status and the check ids that break it. */
  workloads: { source: string; title: string; status: string; checkIds: string[] }[];
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
  if (mine.length === 0) {
    void vscode.window.showInformationMessage(`wid: no workload that uses workload identity runs as ${who}.`);
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
  void (broken.length ? vscode.window.showWarningMessage(say) : vscode.window.showInformationMessage(say));
  return result;
}

/** The label of the view's root a node is under: the kube context, or the workspace. */
function rootOf(ctx: CommandContext, node: TreeNode): string {
  let at = node;
  for (let up = ctx.tree.getParent(at); up; up = ctx.tree.getParent(at)) at = up;
  return at.label;
}
