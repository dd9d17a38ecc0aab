import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { narrow } from "../../src/engine/fix-edits.js";

const apply = (before: string, c: { from: number; to: number; insert: string }) => before.slice(0, c.from) + c.insert + before.slice(c.to);

describe("narrow: the single replacement the editor applies", () => {
  it("replaces only what changed", () => {
    expect(narrow("a: 600\nb: 1\n", 'a: "3600"\nb: 1\n')).toEqual({ from: 3, to: 6, insert: '"3600"' });
    expect(narrow("key_x: 1", "key-x: 1")).toEqual({ from: 3, to: 4, insert: "-" });
    expect(narrow("same", "same")).toEqual({ from: 4, to: 4, insert: "" });
  });

  it("never splits a surrogate pair", () => {
    const c = narrow("a😀b", "a😁b");
    expect(c).toEqual({ from: 1, to: 3, insert: "😁" });
  });

  it("turns any text into any other", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        const c = narrow(a, b);
        expect(apply(a, c)).toBe(b);
        expect(c.from).toBeLessThanOrEqual(c.to);
      }),
    );
  });
});
