import { asArray, asRecord, asString, isRecord } from "../../util/raw.js";

/** One requirement of a label selector, as `matchExpressions` writes it (`matchLabels` entries become `In`). */
export interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

/** A label selector's requirements; undefined when the selector is malformed (the API server rejects it). */
export function requirements(selector: unknown): Requirement[] | undefined {
  if (selector === undefined || selector === null) return [];
  if (!isRecord(selector)) return undefined;
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(asRecord(selector["matchLabels"]))) {
    if (typeof value !== "string") return undefined;
    out.push({ key, operator: "In", values: [value] });
  }
  for (const e of asArray(selector["matchExpressions"])) {
    const r = asRecord(e);
    const key = asString(r["key"]);
    const operator = asString(r["operator"]);
    const values = asArray(r["values"]);
    if (!key || !operator || values.some((v) => typeof v !== "string")) return undefined;
    if ((operator === "In" || operator === "NotIn") && values.length === 0) return undefined;
    if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) return undefined;
    if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(operator)) return undefined;
    out.push({ key, operator, values: values as string[] });
  }
  return out;
}

/** Whether labels meet a requirement, as Kubernetes decides: `NotIn` holds for a label that is absent. */
export function meets(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case "In":
      return has && r.values.includes(labels[r.key]!);
    case "NotIn":
      return !has || !r.values.includes(labels[r.key]!);
    case "Exists":
      return has;
    default:
      return !has;
  }
}

/** The requirements the labels do not meet (an empty or absent selector selects everything). */
export function unmet(reqs: readonly Requirement[], labels: Readonly<Record<string, string>>): Requirement[] {
  return reqs.filter((r) => !meets(r, labels));
}

/** A requirement as kubectl's `-l` syntax writes it. */
export function describeRequirement(r: Requirement): string {
  switch (r.operator) {
    case "In":
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(",")})`;
    case "NotIn":
      return `${r.key} notin (${r.values.join(",")})`;
    case "Exists":
      return r.key;
    default:
      return `!${r.key}`;
  }
}
