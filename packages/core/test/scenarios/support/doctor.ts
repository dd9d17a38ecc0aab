import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { loadOfflineSnapshot, runChecks, type Finding, type NotRun, type Report } from "@wid/core";
import { allChecks } from "@wid/core/checks";

/**
 * A finding as the scenarios assert it: check id, object, and where it points (file:line for
 * manifests, the export file for Azure objects, which carry no line). Columns and message prose
 * are left to the per-check tests.
 */
export function located(f: Finding, root: string): string {
  const o = f.object;
  const ns = o.namespace ? `${o.namespace}/` : "";
  let at = "";
  if (o.file !== undefined) {
    const file = isAbsolute(o.file) ? relative(root, o.file).split(sep).join("/") : o.file;
    at = o.line !== undefined ? ` @ ${file}:${o.line}` : ` @ ${file}`;
  }
  return `${f.checkId} ${o.kind} ${ns}${o.name}${at}`;
}

export interface DoctorResult {
  report: Report;
  /** Every finding, located and sorted. */
  findings: string[];
  notRun: NotRun[];
}

export interface DoctorInputs {
  /** Manifest paths (files or directories), or `-` with `stdin`. */
  manifests?: string[];
  azure?: string[];
  stdin?: string;
  now: number;
  /** Paths in findings are shown relative to this directory. */
  root: string;
}

/** What `kubectl wid doctor -f ... --azure ...` computes, through the public API. */
export async function doctor(inputs: DoctorInputs): Promise<DoctorResult> {
  const snapshot = await loadOfflineSnapshot({
    ...(inputs.manifests ? { manifests: inputs.manifests } : {}),
    ...(inputs.azure ? { azure: inputs.azure } : {}),
    ...(inputs.stdin !== undefined ? { stdin: Readable.from([inputs.stdin]) } : {}),
    now: inputs.now,
  });
  const report = runChecks(snapshot, allChecks);
  return { report, findings: report.findings.map((f) => located(f, inputs.root)).sort(), notRun: report.notRun };
}

/** A scratch directory of files (manifests, exports), removed by `cleanup`. */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), "wid-scenario-"));

  write(path: string, content: string | unknown): string {
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
    return file;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The 1-based number of the first line holding `needle`, after the lines holding each `after`
 * anchor in turn. Expectations name a line by its text, so editing a file above it does not
 * silently change what a test asserts.
 */
export function lineIn(text: string, needle: string, ...after: string[]): number {
  const lines = text.split("\n");
  let from = 0;
  for (const anchor of after) {
    const i = lines.findIndex((l, n) => n >= from && l.includes(anchor));
    if (i < 0) throw new Error(`anchor ${JSON.stringify(anchor)} not found`);
    from = i + 1;
  }
  const hits = lines.map((l, n) => (n >= from && l.includes(needle) ? n : -1)).filter((n) => n >= 0);
  if (hits.length === 0) throw new Error(`${JSON.stringify(needle)} not found`);
  return hits[0]! + 1;
}

export function lineOf(file: string, needle: string, ...after: string[]): number {
  return lineIn(readFileSync(file, "utf8"), needle, ...after);
}
