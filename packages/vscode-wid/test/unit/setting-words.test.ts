import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isUserError, parseAzurePart } from "@wid/core";
import { resolveKubeconfig } from "@wid/core/sources/live";
import { editorProblem, editorWords } from "../../src/engine/setting-words.js";

function caught(f: () => unknown): { message: string; hint: string | undefined } {
  try {
    f();
  } catch (e) {
    if (isUserError(e)) return { message: e.message, hint: e.hint };
    throw e;
  }
  throw new Error("no UserError thrown");
}

describe("core texts in the editor's words", () => {
  it("a kubeconfig that does not exist names the setting wid.kubeconfig, not a flag", () => {
    const e = caught(() => resolveKubeconfig({ kubeconfig: "/nowhere/config" }));
    expect(editorWords(e.message)).toBe("the setting wid.kubeconfig /nowhere/config: no such file");
  });

  it("a manifest given as an Azure export says to check it in the editor", () => {
    const dir = mkdtempSync(join(tmpdir(), "wid-words-"));
    const file = join(dir, "sa.json");
    const text = JSON.stringify({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "a" } });
    writeFileSync(file, text);
    const e = caught(() => parseAzurePart(file, text));
    const problem = editorProblem({ severity: "error", file, message: e.message, ...(e.hint ? { hint: e.hint } : {}) });
    expect(problem.hint).toBe("this is a Kubernetes manifest: check it as one (in the editor)");
    expect(problem.hint).not.toMatch(/(^|\s|\()-f\b|--azure/);
  });
});
