import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument, Parser, stringify, type CST } from "yaml";
import type { Path } from "@wid/core";
import { astSpan } from "../../src/sources/manifests/offset-ast.js";
import { COMPOSE, cstSpan } from "../../src/sources/manifests/offset-cst.js";
import { kubeObject } from "../fuzz/arbitraries.js";

/** Every path into a value, and a few that do not exist. */
function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix, [...prefix, "missing"], [...prefix, 99]);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function firstDocument(text: string): CST.Document {
  for (const token of new Parser().parse(text)) if (token.type === "document") return token;
  throw new Error("no document");
}

const styles = fc.constantFrom(
  (v: unknown) => stringify(v),
  (v: unknown) => stringify(v, { collectionStyle: "flow" }),
  (v: unknown) => JSON.stringify(v, null, 2),
  (v: unknown) => JSON.stringify(v),
  (v: unknown) => stringify(v, { defaultStringType: "QUOTE_SINGLE", defaultKeyType: "PLAIN", indentSeq: false }),
);

describe("locating the span of a path from syntax tokens", () => {
  it("agrees with the composed document wherever it answers", () => {
    let answered = 0;
    fc.assert(
      fc.property(kubeObject, styles, (value, style) => {
        const text = style(value);
        const doc = parseDocument(text, { uniqueKeys: false });
        const tokens = firstDocument(text);
        for (const path of paths(value)) {
          for (const key of [false, true]) {
            const fromTokens = cstSpan(tokens, path, key);
            if (fromTokens === COMPOSE) continue;
            answered++;
            expect([path, key, fromTokens]).toEqual([path, key, astSpan(doc, path, key)]);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it("ends a block collection at its last value, not at a comment after it", () => {
    const text = "metadata:\n  labels:\n    app: web   # selected by the Service\n  name: web\n";
    const doc = parseDocument(text);
    expect(cstSpan(firstDocument(text), ["metadata", "labels"], false)).toBe(COMPOSE);
    const span = astSpan(doc, ["metadata", "labels"], false)!;
    expect(text.slice(span.start, span.end)).toBe("app: web");
    const nested = "a:\n  b:\n    - x: 1   # one\n    - y:\n        z: 2 # two\n";
    const inner = astSpan(parseDocument(nested), ["a"], false)!;
    expect(nested.slice(inner.start, inner.end)).toBe("b:\n    - x: 1   # one\n    - y:\n        z: 2");
  });

  it("leaves aliases, empty values and escaped keys to the composer", () => {
    const tokens = (t: string) => firstDocument(t);
    expect(cstSpan(tokens("a: &x {b: 1}\nc: *x\n"), ["c", "b"], false)).toBe(COMPOSE);
    expect(cstSpan(tokens("a:\nb: 1\n"), ["a", "x"], false)).toBe(COMPOSE);
    expect(cstSpan(tokens('{"a\\u0062": 1}'), ["ab"], false)).toBe(COMPOSE);
    expect(cstSpan(tokens("- a\n-\n- c\n"), [1], false)).toBe(COMPOSE);
    expect(cstSpan(tokens("[a, b, ]"), [1], false)).toEqual({ start: 4, end: 5 });
  });
});
