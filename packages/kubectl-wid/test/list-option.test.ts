import { describe, expect, it } from "vitest";
import { listOption } from "../src/list-option.js";

describe("listOption", () => {
  it("accepts repeated flags and comma-separated lists", () => {
    expect(listOption(["a,b", "c"])).toEqual(["a", "b", "c"]);
    expect(listOption("a, b,")).toEqual(["a", "b"]);
  });
  it("gives an empty list for an absent flag", () => {
    expect(listOption(undefined)).toEqual([]);
  });
});
