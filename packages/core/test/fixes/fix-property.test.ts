import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { applyManifestEdits, planFileFixRounds, runChecks, snapshotFromTexts, WI, type EditSegment, type Finding, type ManifestEdit } from "@wid/core";
import { allChecks } from "@wid/core/checks";

/**
 * Random manifests, written in the many ways people write YAML (indentation, quoting, comments,
 * flow maps, line ends), with random mistakes that `kubectl wid fix` mends from files. After the
 * fixes: the file is still valid YAML with the same documents, its data differs from before only
 * where the edits said, every comment and line end is kept, the mended findings are gone, and the
 * same fixes applied again change nothing.
 */

const CLIENT_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

type Mistake = "labelValue" | "labelMissing" | "labelOnController" | "tokenExpiration" | "annotationTypo" | "tokenPath" | "skipContainersComma";
const MISTAKES: Mistake[] = ["labelValue", "labelMissing", "labelOnController", "tokenExpiration", "annotationTypo", "tokenPath", "skipContainersComma"];

interface Style {
  indent: number;
  quote: "plain" | "single" | "double";
  comments: boolean;
  crlf: boolean;
  flowMetadata: boolean;
  indentSequences: boolean;
}

const style: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom(2, 4),
  quote: fc.constantFrom("plain", "single", "double"),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  flowMetadata: fc.boolean(),
  indentSequences: fc.boolean(),
});

function q(s: Style, v: string): string {
  if (s.quote === "single") return `'${v}'`;
  if (s.quote === "double" || v === "true" || /^\d+$/.test(v)) return `"${v}"`;
  return v;
}

function manifest(s: Style, mistakes: ReadonlySet<Mistake>, name: string): string {
  const i = (n: number) => " ".repeat(n * s.indent);
  const seq = (n: number) => (s.indentSequences ? i(n + 1) : i(n));
  const c = (text: string) => (s.comments ? ` # ${text}` : "");
  const saAnnotations = [
    `${i(2)}${mistakes.has("annotationTypo") ? "azure.workload.identity/client_id" : WI.clientIdAnnotation}: ${q(s, CLIENT_ID)}${c("identity")}`,
    ...(mistakes.has("tokenExpiration") ? [`${i(2)}${WI.tokenExpirationAnnotation}: ${q(s, "600")}`] : []),
  ];
  const podLabels = [`${i(4)}app: ${q(s, name)}`, ...(mistakes.has("labelMissing") || mistakes.has("labelOnController") ? [] : [`${i(4)}${WI.useLabel}: ${q(s, mistakes.has("labelValue") ? "True" : "true")}${c("workload identity")}`])];
  const controllerLabels = mistakes.has("labelOnController") ? [`${i(1)}labels:`, `${i(2)}${WI.useLabel}: ${q(s, "true")}`] : [];
  const podAnnotations = mistakes.has("skipContainersComma") ? [`${i(3)}annotations:`, `${i(4)}${WI.skipContainersAnnotation}: ${q(s, "istio-proxy,linkerd")}`] : [];
  const env = mistakes.has("tokenPath") ? [`${i(4)}env:`, `${seq(4)}- name: WI_TOKEN`, `${seq(4)}  value: ${q(s, WI.tokenFileLegacy)}`] : [];
  const lines = [
    ...(s.comments ? [`# ${name}: rendered by hand`] : []),
    "apiVersion: v1",
    "kind: ServiceAccount",
    s.flowMetadata && !mistakes.has("annotationTypo") && !mistakes.has("tokenExpiration")
      ? `metadata: {name: ${name}, namespace: prod, annotations: {${WI.clientIdAnnotation}: ${q(s, CLIENT_ID)}}}`
      : [`metadata:`, `${i(1)}name: ${name}${c("the ServiceAccount")}`, `${i(1)}namespace: prod`, `${i(1)}annotations:`, ...saAnnotations].join("\n"),
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `${i(1)}name: ${name}`,
    `${i(1)}namespace: prod`,
    ...controllerLabels,
    "spec:",
    `${i(1)}selector:`,
    `${i(2)}matchLabels:`,
    `${i(3)}app: ${q(s, name)}`,
    `${i(1)}template:`,
    `${i(2)}metadata:`,
    `${i(3)}labels:${c("pod labels")}`,
    ...podLabels,
    ...podAnnotations,
    `${i(2)}spec:`,
    `${i(3)}serviceAccountName: ${name}`,
    `${i(3)}containers:`,
    `${seq(3)}- name: ${name}`,
    `${seq(3)}  image: ${q(s, "registry.example/app:1")}`,
    ...env.map((l) => (s.indentSequences ? l.replace(/^/, " ".repeat(s.indent)) : l)).map((l) => l.replace(i(4), i(3) + "  ")),
    `${seq(3)}- name: istio-proxy`,
    `${seq(3)}  image: istio/proxyv2`,
  ];
  const text = lines.join("\n") + "\n";
  return s.crlf ? text.replace(/\n/g, "\r\n") : text;
}

/** How many findings the mistakes make: a pod label that is missing or on the controller only has no value to get wrong. */
function distinctMistakes(list: readonly Mistake[]): number {
  const unlabelled = list.includes("labelMissing") || list.includes("labelOnController");
  return list.filter((m) => !(unlabelled && m === "labelValue") && !(m === "labelMissing" && list.includes("labelOnController"))).length;
}

/** An edit applied to plain data, independent of the executor: the oracle of what may change. */
function applyToData(doc: unknown, edit: ManifestEdit): unknown {
  const root = JSON.parse(JSON.stringify(doc)) as unknown;
  const step = (node: unknown, seg: EditSegment): unknown => {
    if (Array.isArray(node)) return typeof seg === "number" ? node[seg] : node.find((x) => typeof seg === "object" && (x as { name?: unknown })?.name === seg.name);
    return (node as Record<string, unknown> | undefined)?.[String(seg)];
  };
  let parent: unknown = root;
  for (const seg of edit.path.slice(0, -1)) {
    let next = step(parent, seg);
    if (next === undefined || next === null) (parent as Record<string, unknown>)[String(seg)] = next = {};
    parent = next;
  }
  const last = edit.path[edit.path.length - 1]!;
  if (Array.isArray(parent)) {
    const at = parent.findIndex((x) => typeof last === "object" && (x as { name?: unknown })?.name === last.name);
    if (edit.op === "delete") parent.splice(typeof last === "number" ? last : at, 1);
    else if (edit.op === "set") parent[typeof last === "number" ? last : at] = edit.value;
    return root;
  }
  const map = parent as Record<string, unknown>;
  if (edit.op === "set") map[String(last)] = edit.value;
  else if (edit.op === "delete") delete map[String(last)];
  else {
    map[edit.newKey] = map[String(last)];
    delete map[String(last)];
  }
  return root;
}

const key = (f: Finding) => `${f.checkId}|${f.messageId}|${f.object.kind}|${f.object.name}`;
const comments = (text: string) => text.split(/\r?\n/).filter((l) => l.includes(" # ") || l.trimStart().startsWith("#")).map((l) => l.slice(l.indexOf("#")));

describe("fixing random manifests with random mistakes", () => {
  it("keeps them valid, changes only what the edits say, and is idempotent", () => {
    fc.assert(
      fc.property(style, fc.subarray(MISTAKES, { minLength: 1 }), fc.constantFrom("app", "web-api", "worker"), (s, list, name) => {
        const file = "app.yaml";
        const text = manifest(s, new Set(list), name);
        const check = (t: string) => runChecks(snapshotFromTexts({ manifests: [{ file, text: t }] }), allChecks);
        const { texts, outcomes, after } = planFileFixRounds({ report: check(text), read: (f) => (f === file ? text : undefined), rerun: (changed) => check(changed.get(file) ?? text) });
        const fixed = texts.get(file) ?? text;
        const applied = outcomes.filter((o) => o.status === "applied");
        // each generated mistake is one the files can mend
        expect(new Set(applied.map((o) => o.fix.finding.checkId)).size, JSON.stringify(outcomes.map((o) => [o.fix.finding.checkId, o.status, o.reason]))).toBeGreaterThanOrEqual(distinctMistakes(list));

        // still YAML, the same documents
        const docsBefore = parseAllDocuments(text);
        const docsAfter = parseAllDocuments(fixed);
        expect(docsAfter.flatMap((d) => d.errors)).toEqual([]);
        expect(docsAfter).toHaveLength(docsBefore.length);

        // the data changed only where the applied edits said
        const expected = docsBefore.map((d) => d.toJS() as unknown);
        for (const o of applied) for (const plan of o.fix.plans) for (const edit of plan.edits) expected[edit.documentIndex] = applyToData(expected[edit.documentIndex], edit);
        expect(docsAfter.map((d) => d.toJS() as unknown)).toEqual(expected);

        // every comment and the line ends kept
        expect(comments(fixed)).toEqual(expect.arrayContaining(comments(text)));
        if (s.crlf) expect(fixed.replace(/\r\n/g, "")).not.toContain("\n");

        // the mended findings are gone
        expect(after).toEqual(check(fixed));
        const remaining = new Set(after.findings.map(key));
        for (const o of applied) expect(remaining.has(key(o.fix.finding)), key(o.fix.finding)).toBe(false);

        // the same plans again change nothing
        for (const o of applied) for (const plan of o.fix.plans) {
          const again = applyManifestEdits(fixed, plan.edits);
          expect(again.text).toBe(fixed);
        }
      }),
      { numRuns: 150 },
    );
  });
});
