import { findingKey, groupFindings, type Finding, type IdentityChain, type Report, type Severity } from "@wid/core";

/** One run of the doctor, as the interactive view shows it. */
export interface DoctorResult {
  report: Report;
  /** Every workload's identity chain, for the detail pane. */
  chains: IdentityChain[];
  /** The report's summary line (counts), left on the screen on quit. */
  summary: string;
  /** The doctor's exit status for this run: 0 clean, 1 findings, 2 input problems. */
  exitCode: number;
}

/** A row of the list: a workload's title, or one of its findings (`index` among the findings shown). */
export type Row = { kind: "group"; title: string; worst: Severity } | { kind: "finding"; finding: Finding; index: number };

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether a finding matches the filter: words, each found (any case) in its check id, workload, namespace, object or message. */
export function matches(f: Finding, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const w = f.workload;
  const haystack = [f.checkId, f.message, f.object.kind, f.object.name, f.object.namespace ?? "", w?.kind ?? "", w?.name ?? "", w?.namespace ?? "", w ? `${w.namespace ?? ""}/${w.kind}/${w.name}` : ""].join("\n").toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** The findings the filter shows, grouped by workload as the printed report groups them. */
export function rowsOf(findings: readonly Finding[], filter: string): { rows: Row[]; findings: Finding[] } {
  const rows: Row[] = [];
  const shown: Finding[] = [];
  for (const group of groupFindings(findings.filter((f) => matches(f, filter)))) {
    const worst = group.findings.reduce<Severity>((s, f) => (RANK[f.severity] > RANK[s] ? f.severity : s), "info");
    rows.push({ kind: "group", title: group.title, worst });
    for (const finding of group.findings) {
      rows.push({ kind: "finding", finding, index: shown.length });
      shown.push(finding);
    }
  }
  return { rows, findings: shown };
}

/** The chain a finding belongs to: its workload's, else the first chain one of whose links it breaks. */
export function chainOf(f: Finding, chains: readonly IdentityChain[]): IdentityChain | undefined {
  const key = findingKey(f);
  const holds = (c: IdentityChain) => c.links.some((l) => l.findings.some((x) => findingKey(x) === key));
  const w = f.workload;
  if (w) {
    const own = chains.find((c) => c.workload.kind === w.kind && c.workload.name === w.name && (c.workload.namespace ?? "") === (w.namespace ?? ""));
    if (own) return own;
  }
  return chains.find(holds);
}

/** The findings of `before` that `after` no longer has. */
export function fixedBetween(before: Report, after: Report): Finding[] {
  const left = new Set(after.findings.map(findingKey));
  return before.findings.filter((f) => !left.has(findingKey(f)));
}
