import { errors } from "./status.js";

type Requirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists" };

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** Parses the `labelSelector` query syntax: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
export function parseLabelSelector(text: string | null | undefined): LabelMatcher {
  if (!text || !text.trim()) return () => true;
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const s = part.trim();
    if (!s) continue;
    let m: RegExpMatchArray | null;
    if ((m = s.match(/^([^\s!=,()]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const values = m[3]!.split(",").map((v) => v.trim()).filter((v) => v !== "");
      reqs.push({ key: m[1]!, op: m[2] as "in" | "notin", values });
    } else if ((m = s.match(/^([^\s!=,()]+)\s*!=\s*([^\s,()]*)$/))) {
      reqs.push({ key: m[1]!, op: "!=", value: m[2]! });
    } else if ((m = s.match(/^([^\s!=,()]+)\s*==?\s*([^\s,()]*)$/))) {
      reqs.push({ key: m[1]!, op: "=", value: m[2]! });
    } else if ((m = s.match(/^!\s*([^\s!=,()]+)$/))) {
      reqs.push({ key: m[1]!, op: "!exists" });
    } else if ((m = s.match(/^([^\s!=,()]+)$/))) {
      reqs.push({ key: m[1]!, op: "exists" });
    } else {
      throw errors.badRequest(`unable to parse requirement: found '${s}', expected: identifier`);
    }
  }
  return (labels) => reqs.every((r) => matches(r, labels ?? {}));
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case "=":
      return has && v === r.value;
    case "!=":
      return !has || v !== r.value;
    case "in":
      return has && r.values.includes(v!);
    case "notin":
      return !has || !r.values.includes(v!);
    case "exists":
      return has;
    case "!exists":
      return !has;
  }
}

/** metav1.LabelSelector (matchLabels + matchExpressions), as webhooks and workloads hold it. */
export function labelSelectorMatcher(sel: unknown): LabelMatcher {
  if (!sel || typeof sel !== "object") return () => true;
  const s = sel as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(s.matchLabels ?? {})) reqs.push({ key, op: "=", value });
  for (const e of s.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === "in" || op === "notin") reqs.push({ key: e.key, op, values: e.values ?? [] });
    else if (op === "exists") reqs.push({ key: e.key, op: "exists" });
    else if (op === "doesnotexist") reqs.push({ key: e.key, op: "!exists" });
  }
  return (labels) => reqs.every((r) => matches(r, labels ?? {}));
}

/** The field selectors each kind supports, besides metadata.name and metadata.namespace. */
const FIELD_GETTERS: Record<string, Record<string, (o: Record<string, any>) => unknown>> = {
  Pod: {
    "spec.nodeName": (o) => o.spec?.nodeName ?? "",
    "spec.restartPolicy": (o) => o.spec?.restartPolicy,
    "spec.schedulerName": (o) => o.spec?.schedulerName,
    "spec.serviceAccountName": (o) => o.spec?.serviceAccountName,
    "spec.hostNetwork": (o) => String(o.spec?.hostNetwork ?? false),
    "status.phase": (o) => o.status?.phase,
    "status.podIP": (o) => o.status?.podIP ?? "",
    "status.nominatedNodeName": (o) => o.status?.nominatedNodeName ?? "",
  },
  Event: {
    "involvedObject.kind": (o) => o.involvedObject?.kind ?? "",
    "involvedObject.namespace": (o) => o.involvedObject?.namespace ?? "",
    "involvedObject.name": (o) => o.involvedObject?.name ?? "",
    "involvedObject.uid": (o) => o.involvedObject?.uid ?? "",
    "involvedObject.apiVersion": (o) => o.involvedObject?.apiVersion ?? "",
    "involvedObject.resourceVersion": (o) => o.involvedObject?.resourceVersion ?? "",
    "involvedObject.fieldPath": (o) => o.involvedObject?.fieldPath ?? "",
    reason: (o) => o.reason ?? "",
    reportingComponent: (o) => o.reportingComponent ?? "",
    source: (o) => o.source?.component ?? "",
    type: (o) => o.type ?? "",
  },
  Secret: { type: (o) => o.type },
  Namespace: { "status.phase": (o) => o.status?.phase },
  ReplicaSet: { "status.replicas": (o) => String(o.status?.replicas ?? 0) },
  Job: { "status.successful": (o) => String(o.status?.succeeded ?? 0) },
  Node: { "spec.unschedulable": (o) => String(o.spec?.unschedulable ?? false) },
};

export type FieldMatcher = (o: Record<string, unknown>) => boolean;

/** Parses `fieldSelector` for a kind; an unsupported field is the real 400. */
export function parseFieldSelector(text: string | null | undefined, kind: string): FieldMatcher {
  if (!text || !text.trim()) return () => true;
  const getters = FIELD_GETTERS[kind] ?? {};
  const tests: FieldMatcher[] = [];
  for (const part of text.split(",")) {
    const s = part.trim();
    if (!s) continue;
    const m = s.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${s}'`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    let get: ((o: Record<string, any>) => unknown) | undefined;
    if (field === "metadata.name") get = (o) => o.metadata?.name;
    else if (field === "metadata.namespace") get = (o) => o.metadata?.namespace ?? "";
    else get = getters[field];
    if (!get) throw errors.badRequest(`field label not supported: ${field}`);
    const g = get;
    tests.push(op === "!=" ? (o) => String(g(o) ?? "") !== value : (o) => String(g(o) ?? "") === value);
  }
  return (o) => tests.every((f) => f(o));
}
