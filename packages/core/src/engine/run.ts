import { InternalError, UserError } from "../errors.js";
import type { Check, CheckContext, ReportInput } from "../checks/types.js";
import type { Finding, NotRun, NotRunReason, Report, Severity } from "../model/finding.js";
import type { Snapshot } from "../model/snapshot.js";
import { closest, fillTemplate } from "../util/text.js";
import { redactDeep, redactText } from "../util/redact.js";
import type { Fix } from "../model/fix.js";
import { isKubeObject, kubeRef, workloadRef } from "./refs.js";
import { buildIndex, type SnapshotIndex } from "./snapshot-index.js";

export interface RunOptions {
  /** Run only these check ids (all when empty). */
  only?: readonly string[];
  /** Do not run these check ids: the user turned them off, so they are not reported as not run either. */
  disabled?: readonly string[];
  /** A severity per check id, in place of the check's own. */
  severity?: Readonly<Record<string, Severity>>;
  /** An index built already for this snapshot (incremental runs share it with other questions). */
  index?: SnapshotIndex;
}

/** An id that names no check, with the ids it is close to. */
export interface UnknownCheckId {
  id: string;
  suggestions: string[];
}

/** The ids of `ids` that name no check of `checks`, each with up to three near ones. */
export function unknownCheckIds(ids: readonly string[], checks: readonly Check[]): UnknownCheckId[] {
  const known = new Set(checks.map((c) => c.meta.id));
  return ids.filter((id) => !known.has(id)).map((id) => ({ id, suggestions: closest(id, known, 6).slice(0, 3) }));
}

/** The reason a check cannot run on this snapshot before it starts, or undefined when it can. */
export function notRunReason(check: Check, snapshot: Snapshot): NotRunReason | undefined {
  for (const need of check.meta.needs) {
    if (!snapshot.coverage.available.has(need)) return { code: "missing-data", data: need, gap: snapshot.coverage.gaps.get(need) ?? { code: "not-given" } };
  }
  if (!check.detect) return { code: "not-implemented" };
  return undefined;
}

export function runChecks(snapshot: Snapshot, checks: readonly Check[], opts: RunOptions = {}): Report {
  const named = [...(opts.only ?? []), ...(opts.disabled ?? []), ...Object.keys(opts.severity ?? {})];
  const unknown = unknownCheckIds(named, checks);
  // Surfaces check ids first and word the error for their own options; this is the last guard.
  if (unknown.length) throw new UserError(`unknown check id "${unknown[0]!.id}"`, { hint: unknown[0]!.suggestions.length ? `did you mean "${unknown[0]!.suggestions[0]}"?` : "the check list shows every id" });
  const only = opts.only?.length ? new Set(opts.only) : undefined;
  const disabled = new Set(opts.disabled ?? []);

  const index = opts.index ?? buildIndex(snapshot);
  const findings: Finding[] = [];
  const notRun: NotRun[] = [];
  const ran: string[] = [];

  for (const check of checks) {
    const { meta } = check;
    if ((only && !only.has(meta.id)) || disabled.has(meta.id)) continue;
    const reason = notRunReason(check, snapshot);
    if (reason !== undefined) {
      notRun.push({ checkId: meta.id, reason });
      continue;
    }
    const severity = opts.severity?.[meta.id];
    const before = findings.length;
    let stopped: NotRunReason | undefined;
    const report = (input: ReportInput): void => {
      if (stopped !== undefined) return;
      const template = meta.messages[input.messageId];
      if (template === undefined) throw new InternalError(`check ${meta.id} reported unknown message id "${input.messageId}"`);
      const object = redactDeep(isKubeObject(input.object) ? kubeRef(input.object, input.path, input.key) : input.object);
      // every text a finding quotes is redacted here, once, whatever the check: no token or key is ever shown
      const data = Object.fromEntries(Object.entries((input.data ?? {}) as Record<string, unknown>).map(([k, v]) => [k, redactText(String(v))]));
      const finding: Finding = {
        checkId: meta.id,
        messageId: input.messageId,
        severity: severity ?? input.severity ?? meta.severity,
        object,
        message: redactText(fillTemplate(template, data)),
        evidence: redactDeep(input.evidence ?? {}),
        fixes: (input.fixes ?? []).map(redactFixTexts),
      };
      if (input.workload) finding.workload = redactDeep(workloadRef(input.workload));
      if (input.related?.length) finding.related = redactDeep(input.related);
      findings.push(finding);
    };
    const ctx: CheckContext = {
      snapshot,
      index,
      report,
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

/**
 * A fix's words redacted: title, snippet and questions. Its plans keep the values an executor
 * writes (they never carry a secret: an edit that touches one expects its digest), and surfaces
 * that print plans pass them through the same redactor.
 */
function redactFixTexts(fix: Fix): Fix {
  return {
    ...fix,
    title: redactText(fix.title),
    ...(fix.snippet ? { snippet: { ...fix.snippet, text: redactText(fix.snippet.text) } } : {}),
    ...(fix.choices ? { choices: fix.choices.map((c) => ({ ...c, question: redactText(c.question), ...(c.options ? { options: c.options.map((o) => ({ ...o, label: redactText(o.label) })) } : {}) })) } : {}),
  };
}
