import { groupFindings, identityChains, runChecks, unknownCheckIds, type ChainLink, type Finding, type IdentityChain, type LinkStatus, type NotRunReason, type ObjectRef, type Report, type Snapshot } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { editorFixes, remoteFixes } from "./fix-edits.js";
import { describeNotRunInEditor } from "./wording.js";

/** A problem reading the cluster, Azure or the files the settings name, as the tree shows it. */
export interface ReadError {
  /** What could not be read: "cluster", "Azure", "Azure export", ... */
  what: string;
  message: string;
  hint?: string;
}

/** What a provider read: a snapshot (or nothing) and what went wrong, for one root of the tree. */
export interface ProviderState {
  /** Stable, for node ids: "workspace", "context:NAME". */
  id: string;
  /** The kube context's name, or the workspace. */
  title: string;
  /** The API server, or the files read. */
  description?: string;
  snapshot: Snapshot | undefined;
  /** The checks' report on `snapshot`, when the provider ran them already. */
  report?: Report;
  errors: ReadError[];
}

export type NodeStatus = LinkStatus | "error" | "info";

interface Base {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  status: NodeStatus;
  children: TreeNode[];
}

export type FixTarget = "manifest" | "cluster" | "azure";

export type TreeNode =
  | (Base & { type: "source" })
  | (Base & { type: "error"; hint?: string })
  | (Base & { type: "info" })
  | (Base & { type: "namespace"; namespace: string })
  | (Base & { type: "workload"; chain: IdentityChain })
  | (Base & { type: "link"; link: ChainLink })
  | (Base & { type: "finding"; finding: Finding; fixTarget: FixTarget | undefined })
  | (Base & { type: "not-run" });

export interface TreeOptions {
  severity: Readonly<Record<string, "error" | "warning" | "info">>;
  disabled: readonly string[];
}

const STATUS_RANK: Record<NodeStatus, number> = { info: 0, ok: 1, unknown: 2, broken: 3, error: 4 };

function worst(statuses: NodeStatus[]): NodeStatus {
  return statuses.reduce<NodeStatus>((w, s) => (STATUS_RANK[s] > STATUS_RANK[w] ? s : w), "ok");
}

function fixTarget(f: Finding): FixTarget | undefined {
  if (editorFixes(f).length > 0) return "manifest";
  const remote = remoteFixes(f)[0]?.target;
  if (remote) return remote;
  // a choice whose answers are known: the command offers them
  for (const fix of f.fixes) {
    if (fix.kind !== "suggestion") continue;
    for (const plan of (fix.choices ?? []).flatMap((c) => (c.options ?? []).flatMap((o) => o.plans))) if (plan.target !== "manifest") return plan.target;
  }
  return undefined;
}

function where(o: ObjectRef): string | undefined {
  return o.file ? `${o.file}${o.line ? `:${o.line}` : ""}` : undefined;
}

function findingNode(parent: string, f: Finding, i: number): TreeNode {
  const target = fixTarget(f);
  const fixes = f.fixes.map((x) => `- ${x.title}${x.kind === "suggestion" ? " (needs a choice)" : ""}`);
  return {
    type: "finding",
    id: `${parent}/finding:${i}:${f.checkId}:${f.messageId}`,
    label: f.message,
    description: f.checkId,
    tooltip: [`**${f.checkId}** (${f.severity})`, "", f.message, ...(where(f.object) ? ["", where(f.object)!] : []), ...(fixes.length ? ["", "Fixes:", ...fixes] : [])].join("\n"),
    status: f.severity === "info" ? "info" : "broken",
    children: [],
    finding: f,
    fixTarget: target,
  };
}

function linkLabel(link: ChainLink, snapshot: Snapshot): { label: string; description?: string } {
  const o = link.object;
  switch (link.kind) {
    case "cluster":
      return { label: o ? `AKS cluster ${o.name}` : "AKS cluster", ...(o ? {} : { description: "not known" }) };
    case "workload":
      return { label: o ? `${o.kind} ${o.name}` : "workload" };
    case "service-account":
      return { label: `ServiceAccount ${o?.name ?? "?"}` };
    case "identity":
      return o ? { label: `Managed identity ${o.name}` } : { label: "Managed identity", description: "none found" };
    case "federated-credential":
      return o ? { label: `Federated credential ${o.name}` } : { label: "Federated credential", description: link.status === "unknown" ? "not known" : "none for this ServiceAccount" };
    case "role-assignment": {
      if (!o) return { label: "Role assignments", description: link.status === "unknown" ? "not known" : "none" };
      const a = snapshot.azure.roleAssignments.find((r) => r.id.toLowerCase() === (o.id ?? "").toLowerCase());
      const scope = a?.scope.split("/").filter(Boolean).slice(-1)[0];
      return { label: `Role ${a?.roleDefinitionName ?? o.name}`, ...(scope ? { description: `on ${scope}` } : {}) };
    }
    case "target":
      return { label: o ? `${o.kind} ${o.name}` : "target" };
  }
}

function linkNode(parent: string, link: ChainLink, i: number, snapshot: Snapshot): TreeNode {
  const id = `${parent}/link:${i}:${link.kind}`;
  const { label, description } = linkLabel(link, snapshot);
  const unknown = link.status === "unknown" ? (link.unknown ? describeNotRunInEditor(link.unknown) : "not followed: the link before it names nothing known") : undefined;
  return {
    type: "link",
    id,
    label,
    ...(description || unknown ? { description: [description, unknown && !description ? "unknown" : undefined].filter(Boolean).join(" ") } : {}),
    ...(unknown ? { tooltip: unknown } : {}),
    status: link.status,
    children: link.findings.map((f, j) => findingNode(id, f, j)),
    link,
  };
}

function notRunNode(parent: string, report: Report): TreeNode | undefined {
  const implemented = report.notRun.filter((n) => n.reason.code !== "not-implemented");
  if (implemented.length === 0) return undefined;
  const byReason = new Map<string, { reason: NotRunReason; ids: string[] }>();
  for (const n of implemented) {
    const text = describeNotRunInEditor(n.reason);
    const entry = byReason.get(text) ?? { reason: n.reason, ids: [] };
    entry.ids.push(n.checkId);
    byReason.set(text, entry);
  }
  const id = `${parent}/not-run`;
  return {
    type: "not-run",
    id,
    label: `${implemented.length} check${implemented.length === 1 ? "" : "s"} not run`,
    description: "their problems, if any, are not shown",
    status: "unknown",
    children: [...byReason.entries()].map(([text, { ids }], i) => ({ type: "info" as const, id: `${id}/${i}`, label: text, description: ids.join(", "), tooltip: `${text}\n\n${ids.join(", ")}`, status: "unknown" as const, children: [] })),
  };
}

/** The checks' report on a snapshot read elsewhere (a live cluster), with the settings' severities and disabled checks. */
export function reportOf(snapshot: Snapshot, options: TreeOptions): Report {
  // ids that name no check are said once by the diagnostics; here they are left out
  const known = (id: string) => unknownCheckIds([id], allChecks).length === 0;
  const severity = Object.fromEntries(Object.entries(options.severity).filter(([id]) => known(id)));
  return runChecks(snapshot, allChecks, { severity, disabled: options.disabled.filter(known) });
}

/** The tree of one provider: its read errors, then namespaces -> workloads -> chain links -> findings, then what stands apart. */
export function treeOf(state: ProviderState, options: TreeOptions): TreeNode {
  const root = `source:${state.id}`;
  const errors: TreeNode[] = state.errors.map((e, i) => ({
    type: "error",
    id: `${root}/error:${i}`,
    label: `${e.what} could not be read: ${e.message}`,
    ...(e.hint ? { hint: e.hint, tooltip: `${e.message}\n\n${e.hint}` } : {}),
    status: "error",
    children: [],
  }));
  const snapshot = state.snapshot;
  if (!snapshot) {
    return { type: "source", id: root, label: state.title, ...(state.description ? { description: state.description } : {}), status: "error", children: errors };
  }
  const report = state.report ?? reportOf(snapshot, options);
  const inputErrors: TreeNode[] = snapshot.coverage.problems
    .filter((p) => p.severity === "error")
    .map((p, i) => ({ type: "error", id: `${root}/input:${i}`, label: `${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`, ...(p.hint ? { hint: p.hint, tooltip: p.hint } : {}), status: "error", children: [] }));
  const chains = identityChains(snapshot, report);
  const byNamespace = new Map<string, IdentityChain[]>();
  for (const c of chains) {
    const ns = c.workload.namespace ?? "default";
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), c]);
  }
  const namespaces: TreeNode[] = [...byNamespace.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ns, list]) => {
      const nsId = `${root}/ns:${ns}`;
      const workloads: TreeNode[] = list.map((chain) => {
        const wId = `${nsId}/${chain.workload.kind}:${chain.workload.name}`;
        const links = chain.links.map((l, i) => linkNode(wId, l, i, snapshot));
        const broken = chain.links.reduce((n, l) => n + l.findings.length, 0);
        return {
          type: "workload" as const,
          id: wId,
          label: `${chain.workload.kind} ${chain.workload.name}`,
          description: chain.status === "ok" ? "ok" : chain.status === "broken" ? `${broken} finding${broken === 1 ? "" : "s"}` : "partly unknown",
          status: chain.status,
          children: links,
          chain,
        };
      });
      return { type: "namespace" as const, id: nsId, label: ns, status: worst(workloads.map((w) => w.status)), children: workloads, namespace: ns };
    });
  // findings about no workload (the cluster, an identity nobody uses)
  const apart: TreeNode[] = [];
  for (const group of groupFindings(report.findings.filter((f) => !f.workload))) {
    const gId = `${root}/group:${group.title}`;
    apart.push({ type: "namespace", id: gId, label: group.title === "Azure" ? "Azure (no workload)" : "Cluster (no workload)", status: "broken", children: group.findings.map((f, i) => findingNode(gId, f, i)), namespace: group.title });
  }
  const notRun = notRunNode(root, report);
  const children = [...errors, ...inputErrors, ...namespaces, ...apart, ...(notRun ? [notRun] : [])];
  if (namespaces.length === 0 && apart.length === 0) {
    children.push({ type: "info", id: `${root}/empty`, label: "No workload uses workload identity", description: `${snapshot.objects.length} objects read`, status: "info", children: [] });
  }
  const status = errors.length || inputErrors.length ? "error" : worst(namespaces.map((n) => n.status));
  return { type: "source", id: root, label: state.title, ...(state.description ? { description: state.description } : {}), status, children };
}
