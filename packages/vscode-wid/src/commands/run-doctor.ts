import * as vscode from "vscode";
import type { TreeNode } from "#wid/engine";
import type { CommandContext } from "./context.js";

export interface DoctorSummary {
  sources: { title: string; errors: string[]; findings: number; workloads: number }[];
}

function findingsUnder(n: TreeNode): Extract<TreeNode, { type: "finding" }>[] {
  const out: Extract<TreeNode, { type: "finding" }>[] = [];
  const walk = (x: TreeNode) => {
    if (x.type === "finding") out.push(x);
    x.children.forEach(walk);
  };
  walk(n);
  return out;
}

/** Reads every source again (the cluster and Azure when configured, the workspace), shows the tree and writes the report to the wid output. */
export async function runDoctor(ctx: CommandContext): Promise<DoctorSummary> {
  await vscode.window.withProgress({ location: { viewId: "wid.identities" }, title: "wid: running the doctor" }, async () => {
    const service = await ctx.service();
    await service.inputs.reloadExports();
    await service.azureLive.refresh(true);
    await ctx.tree.refresh(true);
  });
  const roots = (await ctx.tree.getChildren()).filter((n) => n.type === "source");
  const summary: DoctorSummary = { sources: [] };
  const lines: string[] = [];
  for (const root of roots) {
    const errors = root.children.filter((c) => c.type === "error").map((e) => e.label);
    const workloads = [...walkType(root, "workload")];
    const findings = findingsUnder(root);
    summary.sources.push({ title: root.label, errors, findings: findings.length, workloads: workloads.length });
    lines.push(`${root.label}${root.description ? ` (${root.description})` : ""}`);
    for (const e of errors) lines.push(`  error: ${e}`);
    for (const w of workloads) {
      lines.push(`  ${w.chain.title}: ${w.chain.status}`);
      for (const f of findingsUnder(w)) lines.push(`    ${f.finding.severity.padEnd(7)} ${f.finding.checkId}  ${f.finding.message}${f.finding.object.file ? `  (${vscode.workspace.asRelativePath(f.finding.object.file)}:${f.finding.object.line ?? 1})` : ""}`);
    }
    const apart = root.children.filter((c) => c.type === "namespace" && c.children.every((x) => x.type === "finding"));
    for (const group of apart) for (const f of findingsUnder(group)) lines.push(`  ${f.finding.severity.padEnd(7)} ${f.finding.checkId}  ${f.finding.message}`);
    const notRun = root.children.find((c) => c.type === "not-run");
    if (notRun) lines.push(`  ${notRun.label}:`, ...notRun.children.map((c) => `    ${c.label} (${c.description ?? ""})`));
    lines.push("");
  }
  if (!roots.some((r) => r.id.startsWith("source:context:"))) {
    lines.push(vscode.workspace.isTrusted ? "No cluster was read: no kubeconfig (the setting wid.kubeconfig, KUBECONFIG, or ~/.kube/config)." : "No cluster was read: the workspace is not trusted (Restricted Mode).");
  }
  ctx.log.info(`doctor report\n${lines.join("\n")}`);
  ctx.log.show(true);
  await vscode.commands.executeCommand("wid.identities.focus");
  return summary;
}

function* walkType(n: TreeNode, type: "workload"): Generator<Extract<TreeNode, { type: "workload" }>> {
  if (n.type === type) yield n;
  for (const c of n.children) yield* walkType(c, type);
}
