import type { EditPath, EditSegment, Expect } from "../../model/fix.js";
import type { Path } from "../../model/location.js";
import { valueDigest } from "../../util/digest.js";
import { getIn, isRecord } from "../../util/raw.js";
import { redactSecret } from "../../util/redact.js";

/**
 * The edit path of `path` inside `raw`: list items that have a `name` unique in their list
 * (containers, env entries, volumes) are named rather than counted, so an edit still finds its
 * item after another one was added or removed above it.
 */
export function editPath(raw: unknown, path: Path): EditPath {
  const out: EditSegment[] = [];
  let cur: unknown = raw;
  for (const seg of path) {
    if (typeof seg === "number" && Array.isArray(cur)) {
      const item: unknown = cur[seg];
      const name = isRecord(item) && typeof item["name"] === "string" ? item["name"] : undefined;
      const unique = name !== undefined && cur.filter((i) => isRecord(i) && i["name"] === name).length === 1;
      out.push(unique ? { name } : seg);
      cur = item;
    } else {
      out.push(seg);
      cur = isRecord(cur) ? cur[String(seg)] : undefined;
    }
  }
  return out;
}

/** What an edit at `path` expects to find: the value there now (or its digest), or nothing. */
export function expectAt(raw: unknown, path: Path): Expect {
  const v = getIn(raw, path);
  if (v === undefined) return { absent: true };
  const quotable = v === null || typeof v === "number" || typeof v === "boolean" || (typeof v === "string" && redactSecret(v) === v);
  return quotable ? { value: v } : { digest: valueDigest(v) };
}

/** A nested object holding `value` at `path`: the merge patch that sets one field. */
export function nest(path: Path, value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) out = { [String(path[i])]: out };
  return out as Record<string, unknown>;
}
