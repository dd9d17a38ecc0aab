import type { Finding } from "@wid/core";

/** A finding's identity across two analyses: the same check, message and object. */
export function findingKey(f: Finding): string {
  const o = f.object;
  return [f.checkId, f.messageId, o.kind, o.namespace ?? "", o.name, o.id ?? "", o.file ?? ""].join("\u0000");
}

export function sameFinding(a: Finding, b: Finding): boolean {
  return findingKey(a) === findingKey(b);
}
