import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectFileFixes, type Finding, type Fix } from "@wid/core";
import { editorFixes, narrow, remoteFixes } from "../../src/engine/fix-edits.js";

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

describe("editorFixes: the manifest fixes the editor offers for a finding", () => {
  const plan = (file: string) => ({ target: "manifest" as const, file, edits: [] });
  const finding = (fixes: Fix[]): Finding => ({ checkId: "x-y", messageId: "m", severity: "error", object: { kind: "ServiceAccount", name: "a" }, message: "m", evidence: {}, fixes });

  it("offers complete fixes with a manifest plan, the first preferred (the one kubectl wid fix applies), then the options of choices", () => {
    const azureOnly: Fix = { title: "grant", kind: "fix", plans: [{ target: "azure", steps: [] }] };
    const first: Fix = { title: "first", kind: "fix", plans: [plan("a.yaml"), { target: "cluster", steps: [] }] };
    const second: Fix = { title: "second", kind: "fix", plans: [plan("b.yaml")] };
    const choose: Fix = {
      title: "Use an identity",
      kind: "suggestion",
      plans: [],
      choices: [{ what: "identity", question: "which?", options: [{ label: "id-a", value: "1", plans: [plan("a.yaml")] }, { label: "in Azure only", value: "2", plans: [{ target: "azure", steps: [] }] }] }],
    };
    const out = editorFixes(finding([azureOnly, first, second, choose]));
    expect(out.map((f) => [f.title, f.preferred, f.plans.map((p) => p.file)])).toEqual([
      ["first", true, ["a.yaml"]],
      ["second", false, ["b.yaml"]],
      ["Use an identity: id-a", false, ["a.yaml"]],
    ]);
    expect(selectFileFixes([finding([azureOnly, first, second, choose])]).fixes[0]?.fix).toBe(first);
    expect(remoteFixes(finding([azureOnly, first])).map((r) => [r.fix.title, r.target])).toEqual([
      ["grant", "azure"],
      ["first", "cluster"],
    ]);
  });
});
