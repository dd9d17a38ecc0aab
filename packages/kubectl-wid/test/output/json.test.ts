import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { renderJson, toJsonReport } from "../../src/output/json.js";
import { renderYaml } from "../../src/output/yaml.js";
import { ficFinding, orphanFinding, report, saFinding, skippedProblem, webhookFinding } from "../helpers/reports.js";

const OBJECT_KEYS = ["kind", "namespace", "name", "file", "line", "column"];

describe("-o json: the versioned contract", () => {
  const r = report([saFinding, ficFinding, webhookFinding, orphanFinding]);
  const doc = JSON.parse(renderJson(r, [skippedProblem])) as Record<string, unknown>;

  it("has version 1, findings, notRun, summary (and input problems)", () => {
    expect(Object.keys(doc)).toEqual(["version", "findings", "notRun", "summary", "problems"]);
    expect(doc["version"]).toBe(1);
    expect(doc["summary"]).toEqual({ error: 2, warning: 1, info: 1 });
    expect(doc["notRun"]).toEqual(r.notRun.map((n) => ({ checkId: n.checkId, reason: expect.any(String), cause: n.reason })));
    expect(doc["problems"]).toEqual([skippedProblem]);
  });

  it("gives every finding checkId, messageId, severity, object, message, evidence", () => {
    const findings = doc["findings"] as Record<string, unknown>[];
    expect(findings).toHaveLength(4);
    for (const f of findings) {
      expect(Object.keys(f).slice(0, 6)).toEqual(["checkId", "messageId", "severity", "object", "message", "evidence"]);
      expect(["error", "warning", "info"]).toContain(f["severity"]);
      for (const key of OBJECT_KEYS) expect(f["object"]).toHaveProperty(key);
    }
  });

  it("keeps the location of manifest objects and nulls what an object does not have", () => {
    const [sa, fic, webhook] = doc["findings"] as { object: Record<string, unknown>; workload?: Record<string, unknown> }[];
    expect(sa!.object).toEqual({ kind: "ServiceAccount", namespace: "prod", name: "api", file: "k8s/app.yaml", line: 4, column: 3, apiVersion: "v1", range: saFinding.object.range });
    expect(sa!.workload).toMatchObject({ kind: "Deployment", namespace: "prod", name: "api", line: 9 });
    expect(fic!.object).toMatchObject({ namespace: null, file: "azure/identities.json", line: null, column: null, id: ficFinding.object.id });
    expect(webhook!.object).toMatchObject({ kind: "MutatingWebhookConfiguration", namespace: null, file: null });
    expect(webhook).not.toHaveProperty("workload");
  });

  it("carries the fixes", () => {
    expect(toJsonReport(r, []).findings[0]!.fixes).toEqual(saFinding.fixes);
  });
});

describe("-o yaml", () => {
  it("is the JSON document, as YAML", () => {
    const r = report([saFinding, ficFinding]);
    expect(parse(renderYaml(r, [skippedProblem]))).toEqual(JSON.parse(renderJson(r, [skippedProblem])));
  });

  it("writes repeated values in full, without anchors", () => {
    const shared = { kind: "Deployment", namespace: "prod", name: "api" };
    const text = renderYaml(report([{ ...saFinding, workload: shared, related: [shared] }]), []);
    expect(text).not.toMatch(/[&*]a\d/);
  });
});
