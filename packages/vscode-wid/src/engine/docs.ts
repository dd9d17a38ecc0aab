import { renderCheckDoc, type Severity } from "@wid/core";
import { allChecks } from "@wid/core/checks";

export interface CheckSummary {
  id: string;
  title: string;
  severity: Severity;
  implemented: boolean;
  /** M: manifests, K: live cluster, A: Azure, R: runtime evidence. */
  data: readonly string[];
}

export function checkSummaries(): CheckSummary[] {
  return allChecks.map((c) => ({ id: c.meta.id, title: c.meta.title, severity: c.meta.severity, implemented: c.detect !== undefined, data: c.meta.data }));
}

export function isCheckId(id: string): boolean {
  return allChecks.some((c) => c.meta.id === id);
}

/** A check's documentation page (the same as docs/checks/<id>.md), with how to turn it off in the editor. */
export function checkDoc(id: string): string | undefined {
  const check = allChecks.find((c) => c.meta.id === id);
  if (!check) return undefined;
  const page = renderCheckDoc(check.meta, check.detect !== undefined);
  return `${page.trimEnd()}\nIn the editor: the quick fix "Disable this check", or the settings \`wid.checks.disabled\` and \`wid.checks.disabledInFiles\`.\n`;
}
