import { SEVERITY_RANK, type Finding } from "../model/finding.js";

export interface FindingGroup {
  /** `namespace/Kind/name` of a workload, or `cluster` / `Azure` for findings about no workload. */
  title: string;
  findings: Finding[];
}

const CLUSTER = "cluster";
const AZURE = "Azure";

export function groupTitle(f: Finding): string {
  const w = f.workload;
  if (w) return [w.namespace, w.kind, w.name].filter((p) => p !== undefined).join("/");
  // Azure resources are named by their resource id; Kubernetes objects are not.
  return f.object.id !== undefined ? AZURE : CLUSTER;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (a.object.file ?? "").localeCompare(b.object.file ?? "") ||
    (a.object.line ?? 0) - (b.object.line ?? 0) ||
    (a.object.column ?? 0) - (b.object.column ?? 0) ||
    a.checkId.localeCompare(b.checkId)
  );
}

/** Findings by workload (sorted by name), then those about the cluster, then Azure's. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const byTitle = new Map<string, Finding[]>();
  for (const f of findings) {
    const title = groupTitle(f);
    const list = byTitle.get(title);
    if (list) list.push(f);
    else byTitle.set(title, [f]);
  }
  const order = (t: string) => (t === AZURE ? 2 : t === CLUSTER ? 1 : 0);
  return [...byTitle.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([title, list]) => ({ title, findings: list.sort(compareFindings) }));
}
