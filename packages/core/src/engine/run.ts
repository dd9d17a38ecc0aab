import { UserError, InternalError } from "../errors.js";
import type { Check, CheckContext, ReportInput } from "../checks/types.js";
import type { Finding, NotRun, Report, Severity } from "../model/finding.js";
import type { Snapshot } from "../model/snapshot.js";
import { closest, fillTemplate } from "../util/text.js";
import { NEED_REASONS } from "./needs.js";
import { isKubeObject, kubeRef, workloadRef } from "./refs.js";
import { buildIndex } from "./snapshot-index.js";

export interface RunOptions {
  /** Run only these check ids. */
  only?: readonly string[];
  /** Do not run these check ids. */
  skip?: readonly string[];
}

function validateIds(ids: readonly string[], known: Set<string>, flag: string): void {
  for (const id of ids) {
    if (!known.has(id)) {
      const near = closest(id, known, 6).slice(0, 3);
      throw new UserError(`unknown check id "${id}" in ${flag}`, {
        hint: near.length ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}? \`kubectl wid checks\` lists every id` : "`kubectl wid checks` lists every id",
      });
    }
  }
}

/** The reason a check cannot run on this snapshot, or undefined when it can. */
export function notRunReason(check: Check, snapshot: Snapshot): string | undefined {
  for (const need of check.meta.needs) {
    if (!snapshot.coverage.available.has(need)) return snapshot.coverage.missingReasons.get(need) ?? NEED_REASONS[need];
  }
  if (!check.detect) return "not implemented yet in this version of wid";
  return undefined;
}

export function runChecks(snapshot: Snapshot, checks: readonly Check[], opts: RunOptions = {}): Report {
  const known = new Set(checks.map((c) => c.meta.id));
  validateIds(opts.only ?? [], known, "--check");
  validateIds(opts.skip ?? [], known, "--skip");
  const only = opts.only?.length ? new Set(opts.only) : undefined;
  const skip = new Set(opts.skip ?? []);

  const index = buildIndex(snapshot);
  const findings: Finding[] = [];
  const notRun: NotRun[] = [];
  const ran: string[] = [];

  for (const check of checks) {
    const { meta } = check;
    if ((only && !only.has(meta.id)) || skip.has(meta.id)) continue;
    const reason = notRunReason(check, snapshot);
    if (reason !== undefined) {
      notRun.push({ checkId: meta.id, reason });
      continue;
    }
    const report = (input: ReportInput): void => {
      const template = meta.messages[input.message];
      if (template === undefined) throw new InternalError(`check ${meta.id} reported unknown message "${input.message}"`);
      const object = isKubeObject(input.object) ? kubeRef(input.object, input.path, input.key) : input.object;
      const finding: Finding = {
        checkId: meta.id,
        severity: input.severity ?? meta.severity,
        object,
        message: fillTemplate(template, input.data ?? {}),
        evidence: input.evidence ?? {},
        fixes: input.fixes ?? [],
      };
      if (input.workload) finding.workload = workloadRef(input.workload);
      if (input.related?.length) finding.related = input.related;
      findings.push(finding);
    };
    const before = findings.length;
    let stopped: string | undefined;
    const ctx: CheckContext = {
      snapshot,
      index,
      report: (input) => {
        if (stopped === undefined) report(input);
      },
      notRun: (why) => {
        stopped ??= why;
      },
    };
    check.detect!(ctx);
    if (stopped !== undefined) {
      findings.length = before;
      notRun.push({ checkId: meta.id, reason: stopped });
      continue;
    }
    ran.push(meta.id);
  }

  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return { findings, notRun, ran, summary };
}
