import { describe, expect, it } from "vitest";
import { wantsColor } from "../../src/output/style.js";

describe("wantsColor", () => {
  it("colours a terminal by default", () => {
    expect(wantsColor(true, true, {})).toBe(true);
  });
  it("never colours a pipe or a file", () => {
    expect(wantsColor(true, false, {})).toBe(false);
  });
  it("honours --no-color and NO_COLOR", () => {
    expect(wantsColor(false, true, {})).toBe(false);
    expect(wantsColor(true, true, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor(true, true, { NO_COLOR: "" })).toBe(true);
  });
});
