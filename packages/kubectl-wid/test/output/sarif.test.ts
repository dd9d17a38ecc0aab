import { join } from "node:path";
import { allChecks } from "@wid/core/checks";
import { describe, expect, it } from "vitest";
import { artifactUri, SARIF_SCHEMA, toSarif } from "../../src/output/sarif.js";
import { ficFinding, orphanFinding, report, saFinding, webhookFinding, yamlProblem } from "../helpers/reports.js";

/**
 * The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that the output uses:
 * each object's `required` properties and the constrained values. A document that breaks one
 * of them is rejected by code-scanning uploads.
 */
type Json = Record<string, unknown>;
const LEVELS = ["none", "note", "warning", "error"];

function problemsOf(log: Json): string[] {
  const out: string[] = [];
  const need = (o: unknown, at: string, keys: string[]) => {
    if (typeof o !== "object" || o === null) return void out.push(`${at}: not an object`);
    for (const k of keys) if (!(k in o)) out.push(`${at}: missing required "${k}"`);
  };
  const message = (m: unknown, at: string) => {
    if (typeof m !== "object" || m === null) return void out.push(`${at}: not an object`);
    if (typeof (m as Json)["text"] !== "string" && typeof (m as Json)["id"] !== "string") out.push(`${at}: message needs text or id`);
  };
  const physical = (p: Json | undefined, at: string) => {
    if (p === undefined) return;
    need(p["artifactLocation"], `${at}.artifactLocation`, []);
    const uri = (p["artifactLocation"] as Json)["uri"];
    if (typeof uri !== "string" || uri.startsWith("/") || /^[a-z]+:/i.test(uri)) out.push(`${at}: uri ${String(uri)} is not a relative reference`);
    const region = p["region"] as Json | undefined;
    if (region && (!Number.isInteger(region["startLine"]) || (region["startLine"] as number) < 1)) out.push(`${at}.region.startLine < 1`);
    if (region && region["startColumn"] !== undefined && (region["startColumn"] as number) < 1) out.push(`${at}.region.startColumn < 1`);
  };
  need(log, "log", ["version", "runs"]);
  if (log["version"] !== "2.1.0") out.push("version is not 2.1.0");
  (log["runs"] as Json[]).forEach((run, r) => {
    need(run, `runs[${r}]`, ["tool"]);
    need((run["tool"] as Json)["driver"], `runs[${r}].tool.driver`, ["name"]);
    const driver = (run["tool"] as Json)["driver"] as Json;
    const rules = (driver["rules"] ?? []) as Json[];
    rules.forEach((rule, i) => {
      need(rule, `rules[${i}]`, ["id"]);
      for (const k of ["shortDescription", "fullDescription", "help"]) if (rule[k] !== undefined) need(rule[k], `rules[${i}].${k}`, ["text"]);
      const level = (rule["defaultConfiguration"] as Json | undefined)?.["level"];
      if (level !== undefined && !LEVELS.includes(level as string)) out.push(`rules[${i}]: level ${String(level)}`);
      if (rule["helpUri"] !== undefined && !/^https?:\/\//.test(rule["helpUri"] as string)) out.push(`rules[${i}]: helpUri is not absolute`);
    });
    ((run["results"] ?? []) as Json[]).forEach((res, i) => {
      need(res, `results[${i}]`, ["message"]);
      message(res["message"], `results[${i}].message`);
      if (!LEVELS.includes(res["level"] as string)) out.push(`results[${i}]: level ${String(res["level"])}`);
      const index = res["ruleIndex"] as number | undefined;
      if (index !== undefined && rules[index]?.["id"] !== res["ruleId"]) out.push(`results[${i}]: ruleIndex does not point at ruleId`);
      ((res["locations"] ?? []) as Json[]).forEach((loc, j) => physical(loc["physicalLocation"] as Json | undefined, `results[${i}].locations[${j}]`));
    });
    ((run["invocations"] ?? []) as Json[]).forEach((inv, i) => {
      need(inv, `invocations[${i}]`, ["executionSuccessful"]);
      for (const list of ["toolExecutionNotifications", "toolConfigurationNotifications"]) {
        ((inv[list] ?? []) as Json[]).forEach((n, j) => {
          need(n, `${list}[${j}]`, ["message"]);
          message(n["message"], `${list}[${j}].message`);
          if (n["associatedRule"] !== undefined) need(n["associatedRule"], `${list}[${j}].associatedRule`, []);
        });
      }
    });
  });
  return out;
}

const checks = allChecks.map((c) => ({ meta: c.meta, implemented: c.detect !== undefined }));
const cwd = "/repo";
const r = report([{ ...saFinding, object: { ...saFinding.object, file: "/repo/k8s/app.yaml" } }, ficFinding, webhookFinding, orphanFinding]);

describe("-o sarif", () => {
  const log = toSarif(r, [yamlProblem], { checks, version: "1.2.3", cwd, docsBaseUrl: "https://example.test/wid/docs/checks/" }) as unknown as Json;
  const run = (log["runs"] as Json[])[0]!;
  const driver = (run["tool"] as Json)["driver"] as Json;
  const results = run["results"] as Json[];

  it("satisfies the SARIF 2.1.0 schema's required fields and value sets", () => {
    expect(log["$schema"]).toBe(SARIF_SCHEMA);
    expect(log["runs"]).toHaveLength(1);
    expect(problemsOf(log)).toEqual([]);
  });

  it("the validator catches broken documents", () => {
    const broken = JSON.parse(JSON.stringify(log)) as Json;
    const brokenRun = (broken["runs"] as Json[])[0]!;
    delete ((brokenRun["results"] as Json[])[0] as Json)["message"];
    ((brokenRun["results"] as Json[])[1] as Json)["ruleIndex"] = 0;
    expect(problemsOf(broken)).toEqual(["results[0]: missing required \"message\"", "results[0].message: not an object", "results[1]: ruleIndex does not point at ruleId"]);
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
    expect(loc["physicalLocation"]).toEqual({ artifactLocation: { uri: "k8s/app.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 4, startColumn: 3 } });
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
