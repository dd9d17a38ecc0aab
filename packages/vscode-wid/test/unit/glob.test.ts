import { describe, expect, it } from "vitest";
import { disabledInFile, globToRegExp } from "../../src/engine/glob.js";

describe("the globs of wid.checks.disabledInFiles", () => {
  it.each([
    ["legacy/**", "legacy/a/b.yaml", true],
    ["legacy/**", "legacy-old/a.yaml", false],
    ["**/*.yaml", "a.yaml", true],
    ["**/*.yaml", "a/b/c.yaml", true],
    ["*.yaml", "a/b.yaml", false],
    ["k8s/{dev,prod}/*.yml", "k8s/prod/x.yml", true],
    ["k8s/{dev,prod}/*.yml", "k8s/test/x.yml", false],
    ["single/web.yaml", "single/web.yaml", true],
    ["single/web.yaml", "single/webXyaml", false],
    ["a?.yaml", "ab.yaml", true],
  ])("%s matches %s: %s", (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });

  it("collects the ids of every glob that matches", () => {
    expect([...disabledInFile("legacy/app.yaml", { "legacy/**": ["a"], "**/*.yaml": ["b"], "other/**": ["c"] })].sort()).toEqual(["a", "b"]);
    expect([...disabledInFile("win\\app.yaml", { "win/*.yaml": ["a"] })]).toEqual(["a"]);
    expect([...disabledInFile("./x.yaml", { "./x.yaml": ["a"] })]).toEqual([]);
    expect([...disabledInFile("x.yaml", { "./x.yaml": ["a"] })]).toEqual(["a"]);
  });
});
