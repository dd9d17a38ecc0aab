import { isAbsolute, relative, resolve, sep } from "node:path";
import { redactText, type Finding, type InputProblem, type Range, type Report, type Severity } from "@wid/core";
import type { CheckMeta } from "@wid/core/checks";
import { objectName } from "./location.js";
import { notRunText } from "./reasons.js";

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

type Level = "error" | "warning" | "note";
const LEVEL: Record<Severity, Level> = { error: "error", warning: "warning", info: "note" };
const STDIN = "<stdin>";

export interface SarifOptions {
  /** Every check of the catalog: one rule each, whether it ran or not. */
  checks: readonly { meta: CheckMeta; implemented: boolean }[];
  version: string;
  /** Artifact URIs are relative to this directory (the repository root in CI). */
  cwd: string;
  /** Absolute URL of the folder holding docs/checks/<id>.md; no helpUri without it. */
  docsBaseUrl?: string | undefined;
}

/** A finding's file as a relative URI reference, or undefined when it has none (stdin, live). */
export function artifactUri(file: string | undefined, cwd: string): string | undefined {
  if (file === undefined || file === STDIN) return undefined;
  const rel = isAbsolute(file) ? relative(cwd, file) : relative(cwd, resolve(cwd, file));
  return rel.split(sep).join("/").split("/").map(encodeURIComponent).join("/");
}

type At = { file?: string | undefined; line?: number | undefined; column?: number | undefined; range?: Range | undefined };

/** The region at fault: the exact key or value when its range is known (SARIF's end column is exclusive, as the range's end). */
function region(at: At) {
  if (at.range) {
    const { start, end } = at.range;
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  }
  if (at.line === undefined) return undefined;
  return { startLine: at.line, ...(at.column !== undefined ? { startColumn: at.column } : {}) };
}

function physicalLocation(at: At, cwd: string) {
  const uri = artifactUri(at.file, cwd);
  if (uri === undefined) return undefined;
  const r = region(at);
  return { artifactLocation: { uri, uriBaseId: "%SRCROOT%" }, ...(r ? { region: r } : {}) };
}

function sentence(s: string): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

/** The rule's help: when it fires and what users see, then the check's own explanation. */
function help(meta: CheckMeta): { text: string; markdown: string } {
  const markdown = [`**When it fires:** ${sentence(meta.condition)}`, `**What you see:** ${sentence(meta.symptom)}`, meta.description.trim()].filter((p) => p !== "").join("\n\n");
  return { text: markdown.replace(/\*\*/g, ""), markdown };
}

/**
 * A message template in SARIF's form: named placeholders become numbered ones in order of first
 * use, literal braces are doubled. Results carry the filled text too; the strings let a viewer
 * group results by message.
 */
export function sarifMessageString(template: string): string {
  const names: string[] = [];
  return template.replace(/\{([A-Za-z0-9_]+)\}|[{}]/g, (whole, name: string | undefined) => {
    if (name === undefined) return whole + whole;
    if (!names.includes(name)) names.push(name);
    return `{${names.indexOf(name)}}`;
  });
}

function rule(meta: CheckMeta, implemented: boolean, docsBaseUrl: string | undefined) {
  const messages = Object.entries(meta.messages);
  return {
    id: meta.id,
    shortDescription: { text: meta.title },
    fullDescription: { text: sentence(meta.condition) },
    help: help(meta),
    ...(docsBaseUrl ? { helpUri: new URL(`${meta.id}.md`, docsBaseUrl.endsWith("/") ? docsBaseUrl : `${docsBaseUrl}/`).href } : {}),
    ...(messages.length ? { messageStrings: Object.fromEntries(messages.map(([id, text]) => [id, { text: sarifMessageString(text) }])) } : {}),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { tags: ["azure-workload-identity", meta.id.split("-")[0]], data: [...meta.data], implemented },
  };
}

function result(f: Finding, ruleIndex: number, cwd: string) {
  const o = f.object;
  const physical = physicalLocation(o, cwd);
  const fullyQualifiedName = o.id ?? [o.namespace, o.kind, o.name].filter((p) => p !== undefined).join("/");
  return {
    ruleId: f.checkId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message, id: f.messageId },
    locations: [{ ...(physical ? { physicalLocation: physical } : {}), logicalLocations: [{ name: objectName(o), fullyQualifiedName, kind: "object" }] }],
    // Lets code scanning follow an alert when lines move: the check and the object, not the line.
    partialFingerprints: { "widObject/v1": `${f.checkId}:${fullyQualifiedName}` },
    properties: { evidence: f.evidence, fixes: f.fixes.map((x) => ({ title: x.title, ...(x.snippet ? { snippet: x.snippet.text } : {}) })) },
  };
}

/** SARIF 2.1.0 for code-scanning uploads: one run, one rule per check of the catalog. */
export function toSarif(report: Report, problems: readonly InputProblem[], opts: SarifOptions) {
  const index = new Map(opts.checks.map((c, i) => [c.meta.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "wid",
            fullName: "kubectl wid doctor",
            version: opts.version,
            semanticVersion: opts.version,
            rules: opts.checks.map((c) => rule(c.meta, c.implemented, opts.docsBaseUrl)),
          },
        },
        // The YAML parser counts columns in UTF-16 code units, as JavaScript strings do.
        columnKind: "utf16CodeUnits",
        results: report.findings.map((f) => result(f, index.get(f.checkId) ?? -1, opts.cwd)),
        invocations: [
          {
            executionSuccessful: !problems.some((p) => p.severity === "error"),
            toolExecutionNotifications: problems.map((p) => {
              const physical = physicalLocation(p, opts.cwd);
              return { level: LEVEL[p.severity], message: { text: redactText(p.message) }, ...(physical ? { locations: [{ physicalLocation: physical }] } : {}) };
            }),
            toolConfigurationNotifications: report.notRun.map((n) => ({
              level: "note" as const,
              message: { text: `${n.checkId} not run: ${notRunText(n.reason)}` },
              associatedRule: { id: n.checkId, ...(index.has(n.checkId) ? { index: index.get(n.checkId) } : {}) },
            })),
          },
        ],
      },
    ],
  };
}

export function renderSarif(report: Report, problems: readonly InputProblem[], opts: SarifOptions): string {
  return JSON.stringify(toSarif(report, problems, opts), null, 2) + "\n";
}
