import type { InputProblem, ObjectRef } from "@wid/core";

/** `file:line:col`, as far as it is known; undefined without a file. */
export function fileLocation(at: { file?: string | undefined; line?: number | undefined; column?: number | undefined }): string | undefined {
  if (at.file === undefined) return undefined;
  if (at.line === undefined) return at.file;
  return at.column === undefined ? `${at.file}:${at.line}` : `${at.file}:${at.line}:${at.column}`;
}

/** `Kind namespace/name`, the way kubectl names an object. */
export function objectName(o: Pick<ObjectRef, "kind" | "namespace" | "name">): string {
  return `${o.kind} ${o.namespace !== undefined ? `${o.namespace}/` : ""}${o.name}`;
}

/** One input problem as compilers print them: `file:line:col: severity: message`. */
export function formatProblem(p: InputProblem): string {
  const hint = p.hint ? `\n  hint: ${p.hint}` : "";
  return `${fileLocation(p)}: ${p.severity}: ${p.message}${hint}`;
}
