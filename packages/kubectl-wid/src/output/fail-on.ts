import { SEVERITY_RANK, type Report } from "@wid/core";
import type { FailOn } from "../commands/doctor/args.js";
import { EXIT } from "../exit-codes.js";


/** Exit status for a report: 1 when a finding is at or above the `--fail-on` severity. */
export function exitCodeFor(report: Pick<Report, "findings">, failOn: FailOn): number {
  if (failOn === "none") return EXIT.ok;
  const threshold = SEVERITY_RANK[failOn];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT.findings : EXIT.ok;
}
