import { describe, expect, it } from "vitest";
import { scanJson } from "@wid/core/sources/azure-export";

describe("scanJson", () => {
  it("finds where the items of a top-level array start, skipping strings with brackets and escaped quotes", () => {
    const text = '[ {"a": "x]\\"}{"}, [1, 2], "s", 3.5e-2, true, null ]';
    const scan = scanJson(text);
    expect(scan.errorAt).toBeUndefined();
    expect(scan.items.map((i) => text.slice(i, i + 3))).toEqual(['{"a', "[1,", '"s"', "3.5", "tru", "nul"]);
    expect(scan.root).toBe(0);
  });

  it("finds the items of an ARM list page's value array, not of other arrays", () => {
    const text = '{"other": [9, 9], "value": [{"id": 1}, {"id": 2}], "nextLink": null}';
    const scan = scanJson(text);
    expect(scan.page.map((i) => text.slice(i, i + 8))).toEqual(['{"id": 1', '{"id": 2']);
    expect(scan.items).toEqual([]);
  });

  it("gives the offset of syntax errors JSON.parse may not place", () => {
    const cases: [string, number][] = [
      ["[1,,2]", 3],
      ['{"a": tru}', 6],
      ['{"a": 1,}', 8],
      ["[1, 2,]", 6],
      ["[1]x", 3],
      ['{"a" 1}', 5],
      ["[1, 2", 5],
      ['"unterminated', 0],
      ["", 0],
      ["}", 0],
    ];
    for (const [text, at] of cases) expect([text, scanJson(text).errorAt]).toEqual([text, at]);
  });

  it("accepts what JSON.parse accepts", () => {
    for (const v of [[], {}, 0, -1.5e10, "x", null, [[[]]], { a: [{ b: "\\\"" }] }]) {
      const text = JSON.stringify(v, null, 2);
      expect([text, scanJson(text).errorAt]).toEqual([text, undefined]);
    }
  });
});
