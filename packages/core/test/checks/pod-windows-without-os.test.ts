import { describe, expect, it } from "vitest";
import { podWindowsWithoutOs } from "../../src/checks/pod-windows-without-os.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const deployment = (spec: string, label = '"true"') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      labels:
        azure.workload.identity/use: ${label}
    spec:
${spec}      containers:
        - name: app
          image: app
`;
const WINDOWS = "      nodeSelector:\n        kubernetes.io/os: windows\n";

describe("pod-windows-without-os", () => {
  it("flags a labelled Windows workload without spec.os, at the nodeSelector key, and sets os.name", () => {
    const f = findings(podWindowsWithoutOs, { manifests: { "deploy.yaml": deployment(WINDOWS) } });
    expect(f.map(where)).toEqual(["pod-windows-without-os Deployment prod/web @ deploy.yaml:13:9"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "template", "spec", "os", "name"], op: "set", value: "windows" }] });
  });

  it("flags a conflicting os.name at its value", () => {
    const f = findings(podWindowsWithoutOs, { manifests: { "deploy.yaml": deployment(`${WINDOWS}      os: { name: linux }\n`) } });
    expect(f.map(where)).toEqual(["pod-windows-without-os Deployment prod/web @ deploy.yaml:14:19"]);
    expect(f[0]!.evidence).toMatchObject({ actual: "spec.os.name: linux" });
  });

  it("recognises windows-build selectors and required node affinity, in StatefulSets and CronJobs", () => {
    const f = findings(podWindowsWithoutOs, {
      manifests: {
        "sts.yaml": deployment('      nodeSelector: { "node.kubernetes.io/windows-build": "10.0.20348" }\n').replace("Deployment", "StatefulSet"),
        "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: batch }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: { azure.workload.identity/use: "true" }
        spec:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                  - matchExpressions:
                      - { key: kubernetes.io/os, operator: In, values: [windows] }
          containers: [{ name: job, image: job }]
`,
      },
    });
    expect(f.map(where)).toEqual(["pod-windows-without-os StatefulSet prod/web @ sts.yaml:12:23", "pod-windows-without-os CronJob batch/nightly @ cron.yaml:17:25"]);
  });

  it("passes Windows pods with os.name, Linux pods, affinity that allows Linux, and unlabelled workloads", () => {
    expect(findings(podWindowsWithoutOs, { manifests: { "d.yaml": deployment(`${WINDOWS}      os:\n        name: windows\n`) } })).toEqual([]);
    expect(findings(podWindowsWithoutOs, { manifests: { "d.yaml": deployment("      nodeSelector: { kubernetes.io/os: linux }\n") } })).toEqual([]);
    expect(findings(podWindowsWithoutOs, { manifests: { "d.yaml": deployment(WINDOWS, '"false"') } })).toEqual([]);
    const either = `      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions: [{ key: kubernetes.io/os, operator: In, values: [windows] }]
              - matchExpressions: [{ key: kubernetes.io/os, operator: In, values: [linux] }]
`;
    expect(findings(podWindowsWithoutOs, { manifests: { "d.yaml": deployment(either) } })).toEqual([]);
  });
});

testCheck(podWindowsWithoutOs, {
  valid: [{ name: "a Windows pod that says so", manifests: { "d.yaml": deployment(`      os:\n        name: windows\n${WINDOWS}`) } }],
  invalid: [
    {
      name: "a Windows node selector without spec.os: spec.os added after the pod spec's last field",
      manifests: { "d.yaml": deployment(WINDOWS) },
      findings: [{ messageId: "missing", object: "Deployment prod/web", at: "d.yaml:13:9-13:25" }],
      output: `${deployment(WINDOWS)}      os:\n        name: windows\n`,
    },
    {
      name: "spec.os naming linux: set to windows",
      manifests: { "d.yaml": deployment(`      os: { name: linux }\n${WINDOWS}`) },
      findings: [{ messageId: "otherOs", object: "Deployment prod/web", at: "d.yaml:12:19-12:24" }],
      output: deployment(`      os: { name: windows }\n${WINDOWS}`),
    },
  ],
});
