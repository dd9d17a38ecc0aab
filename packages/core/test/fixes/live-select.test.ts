import { describe, expect, it } from "vitest";
import { selectLiveFixes, type ClusterStep, type AzureStep, type Finding, type Fix } from "@wid/core";

const sa = (name: string) => ({ kind: "ServiceAccount", name, namespace: "shop", apiVersion: "v1" });
const patch = (name: string, labels: Record<string, string>): ClusterStep => ({ op: "patch", object: sa(name), patch: { metadata: { labels } }, guard: {}, command: `kubectl label sa ${name}` });
const fic: AzureStep = { op: "federatedCredential.delete", params: { identityId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id", name: "old" }, command: "az identity federated-credential delete" };

function finding(checkId: string, fixes: Fix[]): Finding {
  return { checkId, messageId: "m", severity: "error", object: sa(checkId), message: checkId, evidence: {}, fixes } as Finding;
}
const fix = (title: string, plans: Fix["plans"]): Fix => ({ title, kind: "fix", plans });

describe("selectLiveFixes", () => {
  it("takes each finding's complete fix with a live plan; one fix for findings with the same plans", () => {
    const same = fix("label orders", [{ target: "cluster", steps: [patch("orders", { a: "1" })] }]);
    const s = selectLiveFixes([finding("one", [same]), finding("two", [structuredClone(same)])], { azureLive: true });
    expect(s.fixes.map((f) => f.findings.map((x) => x.checkId))).toEqual([["one", "two"]]);
    expect(s.deferred).toEqual([]);
  });

  it("defers a fix of an object another fix changes: it is planned again on the object as the first leaves it", () => {
    const s = selectLiveFixes([finding("one", [fix("a", [{ target: "cluster", steps: [patch("orders", { a: "1" })] }])]), finding("two", [fix("b", [{ target: "cluster", steps: [patch("orders", { b: "1" })] }])])], { azureLive: true });
    expect(s.fixes.map((f) => f.fix.title)).toEqual(["a"]);
    expect(s.deferred.map((f) => f.fix.title)).toEqual(["b"]);
  });

  it("says why the others cannot be mended live: a choice, Azure read from exports, a manifest only, by hand, no fix", () => {
    const s = selectLiveFixes(
      [
        finding("choice", [{ title: "which identity?", kind: "suggestion", plans: [], choices: [{ what: "identity", question: "Which?" }] }]),
        finding("azure", [fix("delete it", [{ target: "azure", steps: [fic] }])]),
        finding("files", [fix("edit env", [{ target: "manifest", file: "a.yaml", edits: [] }])]),
        finding("manual", [fix("az aks update", [])]),
        finding("evidence", []),
      ],
      { azureLive: false },
    );
    expect(s.fixes).toEqual([]);
    expect(s.notLive.map((n) => [n.finding.checkId, n.why.code])).toEqual([
      ["choice", "needs-choice"],
      ["azure", "azure-not-live"],
      ["files", "files-only"],
      ["manual", "by-hand"],
      ["evidence", "no-fix"],
    ]);
    expect(s.notLive[1]!.why).toMatchObject({ commands: ["az identity federated-credential delete"] });
    // with Azure read live, the Azure fix is applied
    expect(selectLiveFixes([finding("azure", [fix("delete it", [{ target: "azure", steps: [fic] }])])], { azureLive: true }).fixes).toHaveLength(1);
  });

  it("applies a fix's cluster plan before its Azure plan", () => {
    const both = fix("both", [{ target: "azure", steps: [fic] }, { target: "cluster", steps: [patch("orders", { a: "1" })] }]);
    expect(selectLiveFixes([finding("both", [both])], { azureLive: true }).fixes[0]!.plans.map((p) => p.target)).toEqual(["cluster", "azure"]);
  });
});
