import { describe, expect, it } from "vitest";
import { renderFinding, renderText, summaryLine } from "../../src/output/text.js";
import { styler } from "../../src/output/style.js";
import { ficFinding, notRun, orphanFinding, report, saFinding, webhookFinding, yamlProblem } from "../helpers/reports.js";

const plain = { style: styler(false), verbose: false };
const ESC = "\u001b[";

describe("renderText", () => {
  it("groups findings by workload, then cluster, then Azure", () => {
    const text = renderText(report([orphanFinding, webhookFinding, ficFinding, saFinding]), plain);
    const titles = text.split("\n").filter((l) => /^\S/.test(l) && !l.startsWith("Not run") && !l.startsWith("summary"));
    expect(titles).toEqual(["prod/Deployment/api", "cluster", "Azure"]);
  });

  it("shows severity, check id, file:line:col, expected and found, and the fix snippet", () => {
    const lines = renderFinding(saFinding, plain);
    expect(lines[0]).toMatch(/^ {2}error\s+sa-client-id-missing {2}k8s\/app\.yaml:4:3 {2}ServiceAccount prod\/api$/);
    expect(lines).toContain("    expected: azure.workload.identity/client-id: <client id>");
    expect(lines).toContain("    found:    annotation absent");
    expect(lines).toContain("    fix: Annotate ServiceAccount api");
    expect(lines.slice(-3)).toEqual(["      metadata:", "        annotations:", "          azure.workload.identity/client-id: <client id>"]);
  });

  it("prints structured evidence as YAML, lists inline, and keeps a shell fix's continuation lines", () => {
    const lines = renderFinding(ficFinding, plain);
    expect(lines).toContain("    expected: subject: system:serviceaccount:prod:api");
    expect(lines).toContain("    found:    none");
    expect(lines.slice(-2)).toEqual(["      az identity federated-credential create \\", "        --name api"]);
  });

  it("aligns the lines of multi-line structured evidence under the first", () => {
    const lines = renderFinding({ ...ficFinding, evidence: { expected: { anyOf: ["a/b/action"], atOrAbove: "/subscriptions/s" }, actual: ["x", "y"] } }, plain);
    expect(lines).toEqual(expect.arrayContaining(["    expected: anyOf:", "                - a/b/action", "              atOrAbove: /subscriptions/s", "    found:    x, y"]));
  });

  it("names an Azure object's file without a line when the export gave none", () => {
    expect(renderFinding(ficFinding, plain)[0]).toContain("azure/identities.json  ManagedIdentity id-api");
  });

  it("orders a group's findings by severity", () => {
    const warning = { ...saFinding, checkId: "pod-env-override", severity: "warning" as const };
    const text = renderText(report([warning, saFinding]), plain);
    expect(text.indexOf("sa-client-id-missing")).toBeLessThan(text.indexOf("pod-env-override"));
  });

  it("collapses checks that did not run to counts by reason, and lists them with --verbose", () => {
    const collapsed = renderText(report([saFinding]), plain);
    expect(collapsed).toContain("Not run (3 checks)");
    expect(collapsed).toMatch(/^ {2}2 {2}needs a live cluster/m);
    expect(collapsed).toMatch(/^ {2}1 {2}needs managed identities: add --azure with the output of `az identity list`$/m);
    expect(collapsed).not.toContain("webhook-missing");

    const verbose = renderText(report([saFinding]), { ...plain, verbose: true });
    expect(verbose).toMatch(/^ {2}webhook-missing\s+needs a live cluster/m);
    expect(verbose).toMatch(/^ {2}fic-limit\s+needs managed identities: add --azure/m);
  });

  it("never presents checks that did not run as passed", () => {
    const text = renderText(report([], notRun, ["sa-client-id-missing"]), plain);
    expect(text).toContain("No findings from the 1 check that ran.");
    expect(text).toContain("Not run (3 checks)");
    expect(text.trimEnd().split("\n").pop()).toBe("summary: 0 errors, 0 warnings, 0 info (1 check ran, 3 not run)");
    expect(renderText(report([], notRun, []), plain)).toContain("No check could run on this input.");
  });

  it("counts findings by severity in the summary, and input errors when there were some", () => {
    const r = report([saFinding, ficFinding, webhookFinding, orphanFinding]);
    expect(summaryLine(r, styler(false))).toBe("summary: 2 errors, 1 warning, 1 info (2 checks ran, 3 not run)");
    expect(renderText(r, { ...plain, problems: [yamlProblem] })).toContain("; 1 input error (see above)");
  });

  it("colours only when asked", () => {
    expect(renderText(report([saFinding]), plain)).not.toContain(ESC);
    const coloured = renderText(report([saFinding]), { style: styler(true), verbose: false });
    expect(coloured).toContain(ESC);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(renderText(report([saFinding]), plain));
  });
});
