import { join } from "node:path";
import { allChecks } from "@wid/core/checks";
import { describe, expect, it } from "vitest";
import { artifactUri, SARIF_SCHEMA, sarifMessageString, toSarif } from "../../src/output/sarif.js";
import { sarifSchemaErrors } from "../helpers/sarif-schema.js";
import { ficFinding, orphanFinding, report, saFinding, webhookFinding, yamlProblem } from "../helpers/reports.js";

type Json = Record<string, unknown>;

const schemaErrors = sarifSchemaErrors;

const checks = allChecks.map((c) => ({ meta: c.meta, implemented: c.detect !== undefined }));
const cwd = "/repo";
const r = report([{ ...saFinding, object: { ...saFinding.object, file: "/repo/k8s/app.yaml" } }, ficFinding, webhookFinding, orphanFinding]);

describe("-o sarif", () => {
  const log = toSarif(r, [yamlProblem], { checks, version: "1.2.3", cwd, docsBaseUrl: "https://example.test/wid/docs/checks/" }) as unknown as Json;
  const run = (log["runs"] as Json[])[0]!;
  const driver = (run["tool"] as Json)["driver"] as Json;
  const results = run["results"] as Json[];

  it("is valid against the SARIF 2.1.0 schema", () => {
    expect(log["$schema"]).toBe(SARIF_SCHEMA);
    expect(log["runs"]).toHaveLength(1);
    expect(schemaErrors(log)).toEqual([]);
  });

  it("the schema catches broken documents", () => {
    const broken = JSON.parse(JSON.stringify(log)) as Json;
    const brokenRun = (broken["runs"] as Json[])[0]!;
    delete ((brokenRun["results"] as Json[])[0] as Json)["message"];
    ((brokenRun["results"] as Json[])[1] as Json)["level"] = "fatal";
    expect(schemaErrors(broken)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/runs\/0\/results\/0 must have required property 'message'/), expect.stringMatching(/^\/runs\/0\/results\/1\/level must be equal to one of the allowed values/)]));
  });

  it("carries each finding's message id and the rule's message strings in SARIF's placeholder form", () => {
    expect(results[0]!["message"]).toEqual({ text: saFinding.message, id: "missing" });
    const rules = driver["rules"] as Json[];
    for (const rule of rules) {
      const meta = allChecks.find((c) => c.meta.id === rule["id"])!.meta;
      expect(Object.keys((rule["messageStrings"] ?? {}) as Json)).toEqual(Object.keys(meta.messages));
    }
    expect(sarifMessageString("{object} sets {value} seconds; {object} again, {a literal}")).toBe("{0} sets {1} seconds; {0} again, {{a literal}}");
    expect(sarifMessageString("a { b } c")).toBe("a {{ b }} c");
  });

  it("declares one rule per check of the catalog, with descriptions, docs link and default level", () => {
    const rules = driver["rules"] as Json[];
    expect(driver["name"]).toBe("wid");
    expect(rules.map((x) => x["id"])).toEqual(allChecks.map((c) => c.meta.id));
    const sa = rules.find((x) => x["id"] === "sa-client-id-missing")!;
    expect(sa["helpUri"]).toBe("https://example.test/wid/docs/checks/sa-client-id-missing.md");
    expect(sa["defaultConfiguration"]).toEqual({ level: "error" });
    expect((sa["shortDescription"] as Json)["text"]).not.toBe("");
    expect((sa["fullDescription"] as Json)["text"]).not.toBe("");
    const info = rules.find((x) => (allChecks.find((c) => c.meta.id === x["id"])!.meta.severity === "info"))!;
    expect(info["defaultConfiguration"]).toEqual({ level: "note" });
  });

  it("maps severities to levels and points at the file relative to the working directory", () => {
    expect(results.map((x) => [x["ruleId"], x["level"]])).toEqual([
      ["sa-client-id-missing", "error"],
      ["fic-missing", "error"],
      ["webhook-double-install", "warning"],
      ["fic-orphaned", "note"],
    ]);
    const loc = (results[0]!["locations"] as Json[])[0]!;
    expect(loc["physicalLocation"]).toEqual({ artifactLocation: { uri: "k8s/app.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 4, startColumn: 3, endLine: 4, endColumn: 14 } });
  });

  it("gives a file without a line no region, and an object without a file only a logical location", () => {
    const fic = (results[1]!["locations"] as Json[])[0]!;
    expect(fic["physicalLocation"]).toEqual({ artifactLocation: { uri: "azure/identities.json", uriBaseId: "%SRCROOT%" } });
    const webhook = (results[2]!["locations"] as Json[])[0]!;
    expect(webhook).not.toHaveProperty("physicalLocation");
    expect(webhook["logicalLocations"]).toEqual([{ name: "MutatingWebhookConfiguration azure-wi-webhook-mutating-webhook-configuration", fullyQualifiedName: "MutatingWebhookConfiguration/azure-wi-webhook-mutating-webhook-configuration", kind: "object" }]);
  });

  it("reports checks that did not run and unreadable input as notifications, not as results", () => {
    const inv = (run["invocations"] as Json[])[0]!;
    expect(inv["executionSuccessful"]).toBe(false);
    expect((inv["toolConfigurationNotifications"] as Json[]).map((n) => (n["associatedRule"] as Json)["id"])).toEqual(r.notRun.map((n) => n.checkId));
    for (const n of inv["toolConfigurationNotifications"] as Json[]) expect((n["message"] as Json)["text"]).not.toMatch(/object Object/);
    expect((inv["toolExecutionNotifications"] as Json[])[0]).toMatchObject({ level: "error", locations: [{ physicalLocation: { region: { startLine: 2 } } }] });
  });

  it("leaves out helpUri when the docs have no known address", () => {
    const bare = toSarif(r, [], { checks, version: "1.2.3", cwd }) as unknown as Json;
    const rules = (((bare["runs"] as Json[])[0]!["tool"] as Json)["driver"] as Json)["rules"] as Json[];
    expect(rules.every((x) => !("helpUri" in x))).toBe(true);
  });
});

describe("artifactUri", () => {
  it("makes paths relative and percent-encodes them", () => {
    expect(artifactUri(join(cwd, "k8s", "my app.yaml"), cwd)).toBe("k8s/my%20app.yaml");
    expect(artifactUri("./k8s/app.yaml", cwd)).toBe("k8s/app.yaml");
    expect(artifactUri("/elsewhere/a.yaml", cwd)).toBe("../elsewhere/a.yaml");
  });
  it("has no artifact for stdin", () => {
    expect(artifactUri("<stdin>", cwd)).toBeUndefined();
    expect(artifactUri(undefined, cwd)).toBeUndefined();
  });
});
