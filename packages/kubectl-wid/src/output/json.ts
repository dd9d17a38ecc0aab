import type { Evidence, Finding, Fix, InputProblem, NotRunReason, ObjectRef, Range, Report, Severity } from "@wid/core";
import { redactDeep } from "@wid/core";
import { notRunText } from "./reasons.js";
import type { UnreadItem } from "./unread.js";

/** The object of a finding in the JSON contract: every key present, null when not known. */
export interface JsonObjectRef {
  kind: string;
  namespace: string | null;
  name: string;
  file: string | null;
  line: number | null;
  column: number | null;
  apiVersion?: string;
  /** Azure resource id. */
  id?: string;
  /** The exact key or value at fault: start and end (just after its last character), 1-based lines and columns, 0-based offsets. */
  range?: Range;
}

export interface JsonFinding {
  checkId: string;
  /** Which of the check's messages this is (`kubectl wid explain ID` lists them); stable like checkId. */
  messageId: string;
  severity: Severity;
  object: JsonObjectRef;
  message: string;
  evidence: Evidence;
  fixes: Fix[];
  workload?: JsonObjectRef;
  related?: JsonObjectRef[];
}

export interface JsonNotRun {
  checkId: string;
  /** Why, in words. */
  reason: string;
  /** Why, as data: `code` and its details (see docs/json-output.md). */
  cause: NotRunReason;
}

/**
 * `kubectl wid doctor -o json`, version 1. Tools depend on it: keys may be added, never renamed
 * or removed without a new version (docs/json-output.md says which keys are stable).
 */
export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
  notRun: JsonNotRun[];
  summary: Record<Severity, number>;
  /** Input that could not be read or was skipped. */
  problems: InputProblem[];
  /** What a live cluster read could not read (resource, namespace, why); absent without a live cluster. */
  unread?: UnreadItem[];
}

export function jsonObjectRef(o: ObjectRef): JsonObjectRef {
  return {
    kind: o.kind,
    namespace: o.namespace ?? null,
    name: o.name,
    file: o.file ?? null,
    line: o.line ?? null,
    column: o.column ?? null,
    ...(o.apiVersion !== undefined ? { apiVersion: o.apiVersion } : {}),
    ...(o.id !== undefined ? { id: o.id } : {}),
    ...(o.range !== undefined ? { range: o.range } : {}),
  };
}

function jsonFinding(f: Finding): JsonFinding {
  return {
    checkId: f.checkId,
    messageId: f.messageId,
    severity: f.severity,
    object: jsonObjectRef(f.object),
    message: f.message,
    evidence: f.evidence,
    // plans carry the values an executor writes; printed, they pass the redactor like every other text
    fixes: redactDeep(f.fixes),
    ...(f.workload ? { workload: jsonObjectRef(f.workload) } : {}),
    ...(f.related?.length ? { related: f.related.map(jsonObjectRef) } : {}),
  };
}

export function toJsonReport(report: Report, problems: readonly InputProblem[], unread?: readonly UnreadItem[]): JsonReport {
  return {
    version: 1,
    findings: report.findings.map(jsonFinding),
    notRun: report.notRun.map(({ checkId, reason }) => ({ checkId, reason: notRunText(reason), cause: reason })),
    summary: { error: report.summary.error, warning: report.summary.warning, info: report.summary.info },
    problems: problems.map((p) => redactDeep(p)),
    ...(unread ? { unread: [...unread] } : {}),
  };
}

export function renderJson(report: Report, problems: readonly InputProblem[], unread?: readonly UnreadItem[]): string {
  return JSON.stringify(toJsonReport(report, problems, unread), null, 2) + "\n";
}
