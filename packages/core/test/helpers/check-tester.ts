import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import {
  applyFixesToTexts,
  applyManifestEdits,
  planFor,
  runChecks,
  selectFileFixes,
  type AzurePlan,
  type FileFix,
  type EditPath,
  type Finding,
  type ManifestEdit,
  type ObjectRef,
  type Report,
  type Severity,
  type Snapshot,
  type Splice,
} from "@wid/core";
import type { Check } from "@wid/core/checks";
import { azureAfterSteps, type AzureExports } from "./azure-after-fix.js";
import { snapshot, type Fixture } from "./snapshot.js";

/**
 * Declarative tests of one check, after typescript-eslint's RuleTester:
 *
 * ```ts
 * testCheck(podLabelValueInvalid, {
 *   valid: [{ name: '"true"', manifests: { "d.yaml": deployment('"true"') } }],
 *   invalid: [
 *     {
 *       name: "a value in the wrong case",
 *       manifests: { "d.yaml": deployment("'True'") },
 *       findings: [{ messageId: "value", object: "Deployment prod/web", at: "d.yaml:10:38-10:44" }],
 *       output: deployment("'true'"), // the file after the fix
 *     },
 *   ],
 * });
 * ```
 *
 * A case is a `name` and a fixture, as `helpers/snapshot.ts` takes it (`manifests` and `azure`
 * by file name, `now`, `options`), with `live` when the manifests stand for a live cluster's
 * whole state (checks that need one).
 *
 * - `valid`: the check runs and reports nothing.
 * - `invalid`: the check reports exactly `findings`, in order, each by `messageId`, `object`
 *   (`Kind namespace/name`, or `Kind name` for cluster-scoped and Azure objects) and `at`
 *   (`file:line:column-line:column`, the exact range at fault, end exclusive; `file:line:column`
 *   for an Azure object, which has a position and no range), and `severity` when given.
 * - `output`: the manifest files after one pass of the findings' file fixes (those `kubectl wid
 *   fix` picks, applied through the real manifest executor), by file name, files not listed
 *   unchanged; a string when the case has one manifest file; `null` when no finding has a file
 *   fix. Required when a file fix applies. The tester then also checks that the bytes outside the
 *   splices the executor reports are identical, that the files' data changed exactly as the edits
 *   say, that the check no longer reports the fixed findings (only those without a file fix
 *   remain, or exactly `remaining` when given) and that the same fixes a second time change
 *   nothing.
 * - `clusterPlan` (per finding): the steps of its fix's cluster plan (a rollout restart, a patch of a
 *   live object), matched as `toMatchObject` matches. Required when the fix lives in the cluster only.
 * - `azurePlan` (per finding): the steps of its fix's Azure plan, matched as `toMatchObject`
 *   matches. Required when the fix lives in Azure only. With `azure` exports in the case, the
 *   tester runs the steps on them (`helpers/azure-after-fix.ts`, a model of Azure) and checks that
 *   the check no longer reports the finding and that the steps a second time change nothing.
 *
 * The steps are exported for tests over many checks (`test/checks/example-fixes.test.ts`):
 * `applyFileFixes`, `assertMended`, `assertAzureMends`, with `findingKey`, `objectName` and `atOf`.
 */
export function testCheck(check: Check, cases: { valid?: readonly ValidCase[]; invalid?: readonly InvalidCase[] }): void {
  describe(`${check.meta.id} (declarative cases)`, () => {
    for (const c of cases.valid ?? []) it(`valid: ${c.name}`, () => assertValid(check, c));
    for (const c of cases.invalid ?? []) it(`invalid: ${c.name}`, () => assertInvalid(check, c));
  });
}

export interface CheckCase extends Fixture {
  name: string;
  /** The manifests stand for a live cluster's whole state (checks that need one). */
  live?: boolean;
}

export type ValidCase = CheckCase;

export interface ExpectedFinding {
  messageId: string;
  /** `Kind namespace/name`, or `Kind name` for cluster-scoped and Azure objects. */
  object: string;
  /** `file:line:column-line:column` (the exact range), or `file:line:column` for an object with no range. */
  at: string;
  severity?: Severity;
  /** The steps of the Azure plan of the finding's fix (partial objects, as `toMatchObject` compares). */
  azurePlan?: readonly Record<string, unknown>[];
  /** The steps of the cluster plan of the finding's fix, when it has no file or Azure plan. */
  clusterPlan?: readonly Record<string, unknown>[];
}

export interface InvalidCase extends CheckCase {
  findings: readonly ExpectedFinding[];
  output?: string | Readonly<Record<string, string>> | null;
  /** The check's findings once the file fixes are applied, when others than the unfixable ones remain. */
  remaining?: readonly Omit<ExpectedFinding, "azurePlan" | "clusterPlan">[];
}

/** How a test names an object: `Kind namespace/name`, or `Kind name`. */
export function objectName(o: ObjectRef): string {
  return `${o.kind} ${o.namespace !== undefined ? `${o.namespace}/` : ""}${o.name}`;
}

/** How a test names where a finding points: the exact range, or the position of an object without one. */
export function atOf(o: ObjectRef): string {
  if (o.range) {
    expect({ line: o.line, column: o.column }, `${objectName(o)}: its position is where its range starts`).toEqual({ line: o.range.start.line, column: o.range.start.column });
    return `${o.file}:${o.range.start.line}:${o.range.start.column}-${o.range.end.line}:${o.range.end.column}`;
  }
  return `${o.file ?? "?"}:${o.line ?? "?"}:${o.column ?? "?"}`;
}

function described(f: Finding, severity: boolean): Omit<ExpectedFinding, "azurePlan" | "clusterPlan"> {
  return { messageId: f.messageId, object: objectName(f.object), at: atOf(f.object), ...(severity ? { severity: f.severity } : {}) };
}

function run(checks: readonly Check[], c: CheckCase, manifests = c.manifests, azure = c.azure): { report: Report; snap: Snapshot } {
  const snap = snapshot({ ...c, ...(manifests ? { manifests } : {}), ...(azure ? { azure } : {}) });
  if (c.live) snap.coverage.available.add("cluster");
  const report = runChecks(snap, checks);
  for (const check of checks.length === 1 ? checks : []) expect(report.notRun, `${check.meta.id} did not run`).toEqual([]);
  return { report, snap };
}

function assertValid(check: Check, c: ValidCase): void {
  const { report } = run([check], c);
  expect(report.findings.map((f) => described(f, false))).toEqual([]);
}

/** A finding's identity across two runs (as `kubectl wid fix` tells fixed from remaining): check, message and object. */
export function findingKey(f: Finding): string {
  return `${f.checkId} ${f.messageId} ${objectName(f.object)}`;
}

function assertInvalid(check: Check, c: InvalidCase): void {
  for (const f of c.findings) expect(Object.keys(check.meta.messages), `${check.meta.id} has no message "${f.messageId}"`).toContain(f.messageId);
  const { report, snap } = run([check], c);
  const found = report.findings;
  expect(found.map((f) => described(f, true)), "findings").toEqual(
    c.findings.map((e, i) => ({ messageId: e.messageId, object: e.object, at: e.at, severity: e.severity ?? found[i]?.severity })),
  );
  const after = applyFileFixes(c, found);
  if (!after) {
    if (c.output !== undefined) expect(c.output, "no finding has a file fix: output must be null").toBeNull();
  } else {
    if (c.output === undefined || c.output === null) throw new Error(`${after.fixed.length} finding(s) have a file fix: give the files after it as \`output\``);
    const manifests = c.manifests ?? {};
    const expected = typeof c.output === "string" ? { [singleFile(manifests)]: c.output } : c.output;
    for (const file of Object.keys(manifests)) expect(after.texts[file], `${file} after the fix`).toBe(expected[file] ?? manifests[file]);
    const again = assertMended([check], c, after);
    if (c.remaining) {
      expect(again.findings.map((f) => described(f, c.remaining!.some((r) => r.severity !== undefined))), "findings after the fix").toEqual(c.remaining.map((r) => ({ ...r })));
    } else {
      expect(again.findings.map(findingKey).sort(), "findings after the fix: only those without a file fix").toEqual(without(found.map(findingKey), after.fixed.map((f) => findingKey(f.finding))).sort());
    }
  }
  found.forEach((finding, i) => {
    const expected = c.findings[i]!;
    const cluster = clusterOnlyPlanOf(finding);
    if (cluster || expected.clusterPlan !== undefined) {
      if (!cluster) throw new Error(`${findingKey(finding)} has no cluster-only plan`);
      if (expected.clusterPlan === undefined) throw new Error(`${findingKey(finding)}: its fix lives in the cluster: give its steps as \`clusterPlan\``);
      expect(cluster.steps, `${findingKey(finding)}: the cluster plan`).toMatchObject(expected.clusterPlan);
      return;
    }
    const plan = azurePlanOf(finding);
    if (!plan) {
      expect(expected.azurePlan, `${findingKey(finding)} has no Azure plan`).toBeUndefined();
      return;
    }
    if (expected.azurePlan === undefined) {
      if (after?.fixed.some((f) => f.finding === finding)) return;
      throw new Error(`${findingKey(finding)}: its fix lives in Azure: give its steps as \`azurePlan\``);
    }
    expect(plan.steps, `${findingKey(finding)}: the Azure plan`).toMatchObject(expected.azurePlan);
    if (c.azure) assertAzureMends([check], c, finding, snap.now);
  });
}

/** The cluster plan of a finding's first fix, when that fix has no manifest or Azure plan to test it by. */
function clusterOnlyPlanOf(f: Finding) {
  const fix = f.fixes[0];
  if (!fix || planFor(fix, "manifest") || planFor(fix, "azure")) return undefined;
  return planFor(fix, "cluster");
}

function without(all: readonly string[], removed: readonly string[]): string[] {
  const left = [...all];
  for (const k of removed) {
    const i = left.indexOf(k);
    if (i >= 0) left.splice(i, 1);
  }
  return left;
}

/** The manifest files after the findings' file fixes, and the fixes applied. */
export interface FixedFiles {
  texts: Record<string, string>;
  fixed: FileFix[];
}

/**
 * Applies the file fixes `kubectl wid fix` picks for `found` through the real executor, and
 * checks what it did: no fix refused, the bytes outside the splices it reports identical, and the
 * data of each file changed exactly as the edits say. Undefined when no finding has a file fix.
 */
export function applyFileFixes(c: Fixture, found: readonly Finding[]): FixedFiles | undefined {
  const selection = selectFileFixes(found);
  if (selection.fixes.length === 0) return undefined;
  const manifests = c.manifests ?? {};
  const planned = applyFixesToTexts((file) => manifests[file], selection.fixes);
  expect(planned.outcomes.filter((o) => o.status === "refused").map((o) => `${o.fix.fix.title}: ${o.reason}`), "fixes refused").toEqual([]);
  const texts = { ...manifests, ...Object.fromEntries(planned.texts) };

  // the same fixes through the executor edit by edit: the splices it reports are all that changed
  const splices = new Map<string, Splice[]>();
  const edits = new Map<string, ManifestEdit[]>();
  const current = new Map<string, string>();
  for (const fix of selection.fixes) {
    for (const plan of fix.plans) {
      const result = applyManifestEdits(current.get(plan.file) ?? manifests[plan.file]!, plan.edits);
      for (const o of result.outcomes) {
        if (o.status !== "applied") continue;
        expect(o.splice, "an applied edit says what it changed").toBeDefined();
        splices.set(plan.file, [...(splices.get(plan.file) ?? []), o.splice!]);
        edits.set(plan.file, [...(edits.get(plan.file) ?? []), o.edit]);
      }
      current.set(plan.file, result.text);
    }
  }
  expect(Object.keys(texts).filter((f) => texts[f] !== manifests[f]).sort(), "files changed").toEqual([...splices.keys()].sort());
  for (const [file, list] of splices) {
    expect(rebuild(manifests[file]!, list), `${file}: the original bytes outside the reported splices, and the splices, make the fixed file`).toBe(texts[file]);
    expect(dataOf(texts[file]!), `${file}: the fixed file holds the data of the original with exactly the edits applied`).toEqual(withEdits(dataOf(manifests[file]!), edits.get(file)!));
  }
  return { texts, fixed: selection.fixes };
}

/**
 * After the file fixes: the files read without a problem, `checks` no longer report the fixed
 * findings, and the same fixes a second time change nothing. Returns the report on the fixed files.
 */
export function assertMended(checks: readonly Check[], c: CheckCase, after: FixedFiles): Report {
  const fixedKeys = after.fixed.map((f) => findingKey(f.finding));
  const { report: again, snap } = run(checks, c, after.texts);
  expect(snap.coverage.problems.filter((p) => p.severity !== "info"), "the fixed files read without a problem").toEqual([]);
  for (const k of fixedKeys) expect(again.findings.map(findingKey), `${k} is fixed`).not.toContain(k);
  const twice = applyFixesToTexts((file) => after.texts[file], after.fixed);
  expect(twice.outcomes.map((o) => o.status), "the same fixes a second time").toEqual(after.fixed.map(() => "unchanged"));
  expect([...twice.texts.keys()], "files changed by a second fix").toEqual([]);
  expect(selectFileFixes(again.findings).fixes.filter((f) => fixedKeys.includes(findingKey(f.finding))).map((f) => findingKey(f.finding)), "file fixes offered again").toEqual([]);
  return again;
}

/** The Azure plan of a finding's first complete fix that has one. */
export function azurePlanOf(finding: Finding): AzurePlan | undefined {
  const fix = finding.fixes.find((f) => f.kind === "fix" && planFor(f, "azure"));
  return fix ? planFor(fix, "azure") : undefined;
}

/**
 * Runs the steps of the finding's Azure plan on the case's exports (a model of Azure, see
 * `azure-after-fix.ts`): they change something, `checks` no longer report the finding, and the
 * same steps a second time change nothing. Returns the report on the exports after the steps.
 */
export function assertAzureMends(checks: readonly Check[], c: CheckCase, finding: Finding, now: number): Report {
  const plan = azurePlanOf(finding)!;
  for (const s of plan.steps) expect(s.command, "each step carries its az command").toMatch(/^az /);
  const exports = parsedExports(c.azure ?? {});
  const at = new Date(now).toISOString();
  const once = azureAfterSteps(exports, plan.steps, at);
  expect(once.changed, `${findingKey(finding)}: the steps change Azure`).toContain(true);
  const { report: again } = run(checks, c, c.manifests, once.exports);
  expect(again.findings.map(findingKey), `${findingKey(finding)} is fixed in Azure`).not.toContain(findingKey(finding));
  expect(azureAfterSteps(once.exports, plan.steps, at).changed, "the same steps a second time").toEqual(plan.steps.map(() => false));
  return again;
}

function singleFile(manifests: Record<string, string>): string {
  const files = Object.keys(manifests);
  if (files.length !== 1) throw new Error(`output is a string, but the case has ${files.length} manifest files: give it by file name`);
  return files[0]!;
}

function parsedExports(azure: Record<string, unknown>): AzureExports {
  return Object.fromEntries(Object.entries(azure).map(([file, v]) => [file, typeof v === "string" ? (JSON.parse(v) as unknown) : v]));
}

/** The original text with each splice applied in turn, keeping track of which bytes are still the original's. */
function rebuild(original: string, splices: readonly Splice[]): string {
  // segments of the current text: a slice of the original, or inserted text
  let segments: ({ from: number; to: number } | { text: string })[] = [{ from: 0, to: original.length }];
  const length = (s: (typeof segments)[number]) => ("text" in s ? s.text.length : s.to - s.from);
  const cut = (at: number): number => {
    let pos = 0;
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i]!;
      const n = length(s);
      if (at === pos) return i;
      if (at < pos + n) {
        const k = at - pos;
        const parts = "text" in s ? [{ text: s.text.slice(0, k) }, { text: s.text.slice(k) }] : [{ from: s.from, to: s.from + k }, { from: s.from + k, to: s.to }];
        segments.splice(i, 1, ...parts);
        return i + 1;
      }
      pos += n;
    }
    return segments.length;
  };
  for (const s of splices) {
    const start = cut(s.from);
    const end = cut(s.to);
    segments = [...segments.slice(0, start), ...(s.insert ? [{ text: s.insert }] : []), ...segments.slice(end)];
  }
  return segments.map((s) => ("text" in s ? s.text : original.slice(s.from, s.to))).join("");
}

function dataOf(text: string): unknown[] {
  return parseAllDocuments(text, { merge: true, uniqueKeys: false }).map((d) => d.toJS({ maxAliasCount: 100 }) as unknown);
}

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === "object" && v !== null;
}

/** The index or key a segment names in `into`. */
function step(into: Container, seg: EditPath[number]): string | number {
  if (typeof seg === "object") {
    const i = (into as unknown[]).findIndex((item) => isContainer(item) && (item as Record<string, unknown>)["name"] === seg.name);
    if (i < 0) throw new Error(`no list item named ${seg.name}`);
    return i;
  }
  return seg;
}

/** What a document's data becomes under the edits, applied to the data (not the text): the oracle the executor's text must match. */
function withEdits(docs: unknown[], edits: readonly ManifestEdit[]): unknown[] {
  const out = structuredClone(docs);
  for (const edit of edits) {
    const path = edit.path;
    let node: unknown = out[edit.documentIndex];
    for (let i = 0; i < path.length - 1; i++) {
      const k = step(node as Container, path[i]!);
      let next = (node as Record<string | number, unknown>)[k];
      if (!isContainer(next) && edit.op === "set") {
        next = {};
        (node as Record<string | number, unknown>)[k] = next;
      }
      node = next;
    }
    const last = step(node as Container, path[path.length - 1]!);
    const holder = node as Record<string | number, unknown>;
    if (edit.op === "set") holder[last] = structuredClone(edit.value);
    else if (edit.op === "delete") {
      if (Array.isArray(holder)) holder.splice(last as number, 1);
      else delete holder[last];
    } else {
      holder[edit.newKey] = edit.value !== undefined ? structuredClone(edit.value) : holder[last];
      delete holder[last];
    }
  }
  return out;
}
