import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newSink, parseManifestText, type ManifestSink } from "@wid/core/sources/manifests";
import { parseManifestTextThoroughly } from "../../src/sources/manifests/parse.js";
import { splitDocuments } from "../../src/sources/manifests/plain.js";
import { manifestText, mutated } from "../fuzz/arbitraries.js";

/**
 * Plain documents are read the fast way (split at `---`, read by js-yaml); everything else the
 * thorough way (the YAML library's syntax tree). Whatever the input, both must give the same
 * objects, values, origins, positions, problems and counts.
 */
const repo = join(import.meta.dirname, "..", "..", "..", "..");

function view(sink: ManifestSink) {
  return {
    objects: sink.objects.map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.name,
      namespace: o.namespace,
      namespaceDefaulted: o.namespaceDefaulted,
      raw: o.raw,
      origin: o.origin,
      identitySettings: o.identitySettings,
      whole: o.loc(),
      paths: [["metadata", "name"], ["metadata", "annotations"], ["spec", "template", "spec", "containers", 0, "env"], ["kind"]].map((p) => o.loc(p)),
      key: o.loc(["metadata", "name"], { key: true }),
    })),
    problems: sink.problems,
    skipped: sink.skippedObjects,
  };
}

function both(text: string, file = "m.yaml") {
  const fast = newSink();
  parseManifestText(file, text, fast, { defaultNamespace: "team" });
  const thorough = newSink();
  parseManifestTextThoroughly(file, text, thorough, { defaultNamespace: "team" });
  return { fast: view(fast), thorough: view(thorough) };
}

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && /\.(ya?ml|json)$/.test(f));

describe("the fast way of reading manifests", () => {
  it("agrees with the thorough way on every manifest of the examples and the test fixtures", () => {
    const inputs = [...files(join(repo, "examples")), ...files(join(repo, "docs", "checks", "examples"))].filter((f) => !f.includes("/azure"));
    expect(inputs.length).toBeGreaterThan(50);
    for (const f of inputs) {
      const { fast, thorough } = both(readFileSync(f, "utf8"), f);
      expect(fast, f).toEqual(thorough);
    }
  });

  it("agrees with it on the shapes people write", () => {
    const SA = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  namespace: prod # here\n";
    const cases = [
      SA,
      `---\n${SA}`,
      `# leading\n\n${SA}\n# trailing\n`,
      `---\n# Source: chart/templates/sa.yaml\n${SA}---\n# Source: chart/templates/sa2.yaml\n${SA.replace("name: a", "name: b")}`,
      `${SA}---\n---\n${SA.replace("name: a", "name: c")}---\n`,
      SA.replace(/\n/g, "\r\n"),
      `${SA}data:\n  script: |\n    echo hi\n    # not a comment\n`,
      `${SA}  annotations: {a: "1", b: '2'}\n`,
      `--- # a comment on the marker\n${SA}`,
      `--- {apiVersion: v1, kind: ServiceAccount, metadata: {name: inline}}\n`,
      JSON.stringify({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "j" } }, null, 2),
      JSON.stringify({ apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Service", metadata: { name: "s" } }] }),
      JSON.stringify({ apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "in-list" } }] }),
      `${SA}  labels: &l {a: b}\nspec:\n  selector: *l\n`,
      `${SA}  name: twice\n`,
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: "{{ .Values.name }}"\n`,
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n\tname: tab\n`,
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n",
      "replicaCount: 2\nimage: nginx\n",
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  namespace: x\n",
      "%YAML 1.2\n---\n" + SA,
      `${SA}...\n---\n${SA}`,
      "",
      "# only a comment\n",
      "a: [unclosed\n",
      `${SA}metadata2:\n  <<: {a: 1}\n`,
      `${SA.replace("name: a", "name: 'quoted # not a comment'")}`,
      // invalid or unusual YAML that js-yaml reads and the YAML library does not, found by the property below
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations: '{}\n---\n\"\"\n",
      " Source: chart/templates/t0.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  generateName: gen-\n",
      "apiVersion: v1\nkind: List\nitems: []#\n",
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    a: "|\n86400"\n',
      "!",
      "\r",
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n?       volumes: []\n",
      "---# Source: chart/templat",
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  labels: {? }\n",
      '{\n  "apiVersion": "v1",\n  "kind": "ServiceAccount",#\n  "metadata": {"name": "app"}\n}',
      // a flow collection as a key of a flow mapping: js-yaml makes it the string "[object Object]"
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {\n    "os": {\n{      "name": "windows"\n    }\n  }\n  }\n}',
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p, [a, b]: c}\n",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {[x]: 1}\n",
      // an empty key in a flow collection: "null" to js-yaml, "" to YAML
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  labels: {: a}\nsecrets: [: ]\n",
      // braces inside scalars are no collections
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations: {a: 'x, {y}', b: \"{z}\", c: d}\n",
    ];
    for (const text of cases) {
      const { fast, thorough } = both(text);
      expect(fast, JSON.stringify(text)).toEqual(thorough);
    }
  });

  const FUZZ_RUNS = Number(process.env.WID_FUZZ_RUNS ?? 300);
  it("agrees with it on generated manifests, mutated ones included", () => {
    fc.assert(
      fc.property(fc.oneof(manifestText, mutated(manifestText)), (text) => {
        const { fast, thorough } = both(text);
        expect(fast).toEqual(thorough);
      }),
      { numRuns: FUZZ_RUNS },
    );
    // a longer run (WID_FUZZ_RUNS) gets the time it needs
  }, Math.max(20_000, FUZZ_RUNS * 15));

  it("splits a stream where YAML does, and gives up where it cannot be sure", () => {
    expect(splitDocuments("a: 1\n---\nb: 2\n---\n")!.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(splitDocuments("# c\n---\nb: 2\n")!.map((d) => [d.index, d.contentStart])).toEqual([[0, 8]]);
    expect(splitDocuments("%YAML 1.2\n---\na: 1\n")).toBeUndefined();
    expect(splitDocuments("a: 1\n...\n")).toBeUndefined();
    expect(splitDocuments("--- {a: 1}\n")![0]!.unsure).toBe(true);
  });
});
