import { asArray, asRecord, asString, isRecord } from "../../util/raw.js";

/**
 * Whether `labels` match a metav1.LabelSelector, as the API server evaluates a webhook's
 * namespaceSelector and objectSelector: every matchLabels pair and every expression must hold;
 * an empty selector matches everything.
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) return true;
  for (const [k, v] of Object.entries(asRecord(selector["matchLabels"]))) if (labels[k] !== String(v)) return false;
  for (const e of asArray(selector["matchExpressions"])) {
    const expr = asRecord(e);
    const key = asString(expr["key"]) ?? "";
    const values = asArray(expr["values"]).map(String);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (expr["operator"]) {
      case "In":
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
