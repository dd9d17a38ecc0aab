import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PositionTracker } from "../../src/sources/positions.js";

/** The obvious, slow answer the tracker must agree with. */
function naive(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

describe("PositionTracker", () => {
  it("agrees with counting newlines, whatever order the offsets are asked in", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "\n", "\r", "é", " ") }), fc.array(fc.nat()), (text, raw) => {
        const tracker = new PositionTracker(text);
        for (const r of raw) {
          const offset = text.length === 0 ? 0 : r % (text.length + 1);
          expect(tracker.at(offset)).toEqual(naive(text, offset));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("clamps offsets outside the text", () => {
    const t = new PositionTracker("ab\ncd");
    expect(t.at(99)).toEqual({ line: 2, column: 3 });
    expect(t.at(-5)).toEqual({ line: 1, column: 1 });
  });
});
