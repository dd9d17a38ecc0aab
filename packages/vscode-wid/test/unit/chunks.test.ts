import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assembleSnapshot, parseManifestPart, type Path, type Snapshot } from "@wid/core";
import { CHUNK_MIN_BYTES, ChunkedManifest, splitDocuments } from "../../src/engine/chunks.js";
import { Engine } from "../../src/engine/engine.js";

const FILE = "/ws/all.yaml";
const PATHS: Path[] = [[], ["metadata", "name"], ["metadata", "annotations"], ["spec"], ["spec", "template", "spec", "serviceAccountName"], ["items", 0]];

const REDEFINED = /is also defined at/;

/**
 * Everything of a snapshot a finding, a range or a fix depends on. An object defined again is
 * warned about as often either way, but which earlier definition the warning names may differ
 * when one document defines it twice (a List): the later definition wins either way.
 */
function view(s: Snapshot) {
  return {
    objects: s.objects.map((o) => ({ kind: o.kind, name: o.name, namespace: o.namespace, origin: o.origin, at: PATHS.map((p) => o.loc(p)) })),
    problems: s.coverage.problems
      .filter((p) => !REDEFINED.test(p.message))
      .map((p) => ({ ...p }))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.message.localeCompare(b.message)),
    redefinitions: s.coverage.problems.filter((p) => REDEFINED.test(p.message)).length,
  };
}

function whole(text: string): ReturnType<typeof view> {
  return view(assembleSnapshot({ parts: [parseManifestPart(FILE, text)] }));
}

function chunked(text: string): ReturnType<typeof view> {
  const c = new ChunkedManifest(FILE);
  c.set(text, 0);
  return view(assembleSnapshot({ parts: c.parts }));
}

const examples = join(import.meta.dirname, "..", "..", "..", "..", "examples", "manifests");
const exampleFiles = readdirSync(examples, { recursive: true, encoding: "utf8" }).filter((f) => /\.ya?ml$/.test(f)).sort();

const DOCS = [
  "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  namespace: x\n  annotations:\n    azure.workload.identity/client-id: 11111111-2222-3333-4444-555555555555\n",
  "# Source: chart/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d, namespace: x }\nspec:\n  template:\n    metadata:\n      labels: { azure.workload.identity/use: \"true\" }\n    spec:\n      serviceAccountName: a\n      containers: [{ name: c, image: i }]\n",
  "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: { name: l, namespace: x }\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: { name: l, namespace: x }\n",
  "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: broken\n  namespace: [x\n",
  "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: other }\ndata: { a: b }\n",
  "# only a comment\n",
  "",
  "key: |\n  a block\n  ---not a marker\n",
  "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  namespace: x\n",
];

describe("a large manifest read document by document", () => {
  it("reads every example manifest as the whole-file parse does: objects, document indexes, ranges, problems", () => {
    expect(exampleFiles.length).toBeGreaterThan(10);
    let split = 0;
    for (const f of exampleFiles) {
      const text = readFileSync(join(examples, f), "utf8");
      if (splitDocuments(text)) split++;
      expect(chunked(text), f).toEqual(whole(text));
    }
    expect(split).toBeGreaterThan(3);
  });

  it("reads any sequence of documents as the whole-file parse does (Helm sources, Lists, errors, comments, CRLF)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...DOCS), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("---\n", "--- \n", "---  # marker\n", "# Source: chart/templates/x.yaml\n---\n"),
        (docs, leadingMarker, crlf, marker) => {
          let text = (leadingMarker ? marker : "") + docs.join(marker);
          if (crlf) text = text.replace(/\n/g, "\r\n");
          expect(chunked(text)).toEqual(whole(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("parses whole what it cannot split safely: directives, document end markers", () => {
    expect(splitDocuments("%YAML 1.2\n---\na: 1\n---\nb: 2\n")).toBeUndefined();
    expect(splitDocuments("a: 1\n...\n---\nb: 2\n---\nc: 3\n")).toBeUndefined();
    expect(splitDocuments("a: 1\n")).toBeUndefined();
    expect(splitDocuments("a: 1\n---\nb: 2\n")?.map((p) => [p.line, p.firstDocument])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it("an edit re-parses the document it touched, and the others keep their place", () => {
    const docs = Array.from({ length: 500 }, (_, i) => DOCS[0]!.replace("name: a", `name: sa-${i}`));
    const text = docs.join("---\n");
    expect(text.length).toBeGreaterThanOrEqual(CHUNK_MIN_BYTES);
    const engine = new Engine();
    engine.setManifest(FILE, text);
    expect(engine.parses).toBe(500);
    // a line added to the first document moves every later one down
    const edited = text.replace("name: sa-0\n", "name: sa-0\n  labels: { team: a }\n");
    engine.setManifest(FILE, edited);
    expect(engine.parses).toBe(501);
    expect(view(engine.snapshot())).toEqual(whole(edited));
    // an unchanged text is not read again
    engine.setManifest(FILE, edited);
    expect(engine.parses).toBe(501);
  });
});
