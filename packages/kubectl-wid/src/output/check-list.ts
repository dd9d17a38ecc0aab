import type { CheckMeta } from "@wid/core/checks";

export interface CheckRow {
  id: string;
  severity: CheckMeta["severity"];
  data: CheckMeta["data"];
  title: string;
  implemented: boolean;
  /** Whether `kubectl wid fix` can apply its fixes. */
  fixable: boolean;
}

export function checkRow(meta: CheckMeta, implemented: boolean): CheckRow {
  return { id: meta.id, severity: meta.severity, data: [...meta.data], title: meta.title, implemented, fixable: meta.fixable };
}

/** `kubectl wid checks`: a kubectl-style table, one check per line. */
export function renderCheckTable(rows: readonly CheckRow[]): string {
  const table = [["ID", "SEVERITY", "DATA", "STATUS", "FIX", "TITLE"], ...rows.map((r) => [r.id, r.severity, r.data.join(","), r.implemented ? "ready" : "planned", r.fixable ? "yes" : "-", r.title])];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((line) => line[col]!.length)));
  return table.map((line) => line.map((cell, col) => (col === line.length - 1 ? cell : cell.padEnd(widths[col]!))).join("   ")).join("\n") + "\n";
}
