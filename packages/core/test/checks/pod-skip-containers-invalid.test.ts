import { describe, expect, it } from "vitest";
import { planFor, type Finding } from "@wid/core";
import { podSkipContainersInvalid } from "../../src/checks/pod-skip-containers-invalid.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const deployment = (value: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      annotations:
        azure.workload.identity/skip-containers: ${value}
${extra}    spec:
      initContainers:
        - name: migrate
          image: migrate
      containers:
        - name: app
          image: app
        - name: metrics
          image: metrics
`;
const fixValue = (f: Finding) => planFor(f.fixes[0]!, "manifest")!.edits[0];

describe("pod-skip-containers-invalid", () => {
  it("flags names separated by commas, at the value, and rewrites them with semicolons", () => {
    const f = findings(podSkipContainersInvalid, { manifests: { "deploy.yaml": deployment('"metrics, migrate"') } });
    expect(f.map(where)).toEqual(["pod-skip-containers-invalid Deployment prod/web @ deploy.yaml:10:50"]);
    expect(fixValue(f[0]!)).toEqual({ documentIndex: 0, path: ["spec", "template", "metadata", "annotations", "azure.workload.identity/skip-containers"], op: "set", value: "metrics;migrate", expect: { value: "metrics, migrate" } });
  });

  it("flags names that match no container, suggesting the nearest container name", () => {
    const f = findings(podSkipContainersInvalid, { manifests: { "deploy.yaml": deployment('"metric;migrate; sidecar"') } });
    expect(f.map(where)).toEqual(["pod-skip-containers-invalid Deployment prod/web @ deploy.yaml:10:50"]);
    expect(f[0]!.evidence).toMatchObject({ unknown: ["metric", "sidecar"], containers: ["migrate", "app", "metrics"] });
    expect(fixValue(f[0]!)).toMatchObject({ op: "set", value: "metrics;migrate" });
  });

  it("removes an annotation that names nothing, and catches a YAML list", () => {
    const f = findings(podSkipContainersInvalid, { manifests: { "a.yaml": deployment("zzz"), "b.yaml": deployment("[metrics, app]").replace("name: web", "name: api") } });
    expect(f.map(where)).toEqual(["pod-skip-containers-invalid Deployment prod/web @ a.yaml:10:50", "pod-skip-containers-invalid Deployment prod/api @ b.yaml:10:50"]);
    expect(fixValue(f[0]!)).toMatchObject({ op: "delete" });
    expect(fixValue(f[1]!)).toMatchObject({ op: "set", value: "metrics;app" });
  });

  it("checks CronJob pod templates", () => {
    const f = findings(podSkipContainersInvalid, {
      manifests: {
        "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: batch }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations: { azure.workload.identity/skip-containers: "jobb" }
        spec:
          containers: [{ name: job, image: job }]
`,
      },
    });
    expect(f.map(where)).toEqual(["pod-skip-containers-invalid CronJob batch/nightly @ cron.yaml:10:67"]);
  });

  it("passes container names, init containers, sidecars injected by other webhooks, and the proxy's containers", () => {
    expect(findings(podSkipContainersInvalid, { manifests: { "d.yaml": deployment('"metrics;migrate"') } })).toEqual([]);
    expect(findings(podSkipContainersInvalid, { manifests: { "d.yaml": deployment('"metrics; istio-proxy;"') } })).toEqual([]);
    expect(findings(podSkipContainersInvalid, { manifests: { "d.yaml": deployment('"azwi-proxy"', '        azure.workload.identity/inject-proxy-sidecar: "true"\n') } })).toEqual([]);
    expect(findings(podSkipContainersInvalid, { manifests: { "d.yaml": deployment('""') } })).toEqual([]);
    // without the proxy annotation there is no azwi-proxy container to skip
    expect(findings(podSkipContainersInvalid, { manifests: { "d.yaml": deployment('"azwi-proxy"') } })).toHaveLength(1);
  });
});

testCheck(podSkipContainersInvalid, {
  valid: [{ name: "names separated by ;", manifests: { "d.yaml": deployment('"migrate;metrics"') } }],
  invalid: [
    {
      name: "names separated by commas: separated by ;",
      manifests: { "d.yaml": deployment('"migrate, metrics"') },
      findings: [{ messageId: "comma", object: "Deployment prod/web", at: "d.yaml:10:50-10:68" }],
      output: deployment('"migrate;metrics"'),
    },
    {
      name: "a list: written as one string (plain, as YAML reads it back as that string)",
      manifests: { "d.yaml": deployment("[migrate, metrics]") },
      findings: [{ messageId: "notString", object: "Deployment prod/web", at: "d.yaml:10:50-10:68" }],
      output: deployment("migrate;metrics"),
    },
  ],
});
