import { describe, expect, it } from "vitest";
import { podLabelValueInvalid } from "../../src/checks/pod-label-value-invalid.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const deployment = (value: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      labels:
        azure.workload.identity/use: ${value}
    spec:
      containers:
        - name: app
          image: app
`;

describe("pod-label-value-invalid", () => {
  it.each([
    ['"True"', "true", '"True"'],
    ['"yes"', "true", '"yes"'],
    ['" true"', "true", '" true"'],
    ['"1"', "true", '"1"'],
    ['""', "true", '""'],
    ["true", "true", "true (boolean)"],
    ["false", "false", "false (boolean)"],
    ["1", "true", "1 (number)"],
  ])("flags %s at the label value", (value, fixed, actual) => {
    const f = findings(podLabelValueInvalid, { manifests: { "deploy.yaml": deployment(value) } });
    expect(f.map(where)).toEqual(["pod-label-value-invalid Deployment prod/web @ deploy.yaml:10:38"]);
    expect(f[0]!.evidence).toEqual({ expected: `"${fixed}" (a string)`, actual });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ op: "set", value: fixed }] });
  });

  it("checks CronJob templates and Pods", () => {
    const f = findings(podLabelValueInvalid, {
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
          labels: { azure.workload.identity/use: "TRUE" }
        spec:
          containers: [{ name: job, image: job }]
`,
        "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    azure.workload.identity/use: enabled\nspec:\n  containers: [{ name: c, image: c }]\n",
      },
    });
    expect(f.map(where)).toEqual(["pod-label-value-invalid CronJob batch/nightly @ cron.yaml:10:50", "pod-label-value-invalid Pod default/p @ pod.yaml:6:34"]);
  });

  it('passes "true", the opt-out "false", and workloads without the label', () => {
    expect(findings(podLabelValueInvalid, { manifests: { "deploy.yaml": deployment('"true"') } })).toEqual([]);
    expect(findings(podLabelValueInvalid, { manifests: { "deploy.yaml": deployment("'false'") } })).toEqual([]);
    expect(findings(podLabelValueInvalid, { manifests: { "deploy.yaml": deployment('"true"').replace("azure.workload.identity/use", "app") } })).toEqual([]);
  });
});

testCheck(podLabelValueInvalid, {
  valid: [{ name: '"true"', manifests: { "d.yaml": deployment('"true"') } }, { name: '"false"', manifests: { "d.yaml": deployment('"false"') } }],
  invalid: [
    {
      name: "a boolean: the same word as a string",
      manifests: { "d.yaml": deployment("true") },
      findings: [{ messageId: "boolean", object: "Deployment prod/web", at: "d.yaml:10:38-10:42" }],
      output: deployment('"true"'),
    },
    {
      name: "a value in the wrong case, in single quotes, in a file with CRLF line ends: quotes and line ends kept",
      manifests: { "d.yaml": deployment("'True'   # set by the chart").replaceAll("\n", "\r\n") },
      findings: [{ messageId: "value", object: "Deployment prod/web", at: "d.yaml:10:38-10:44" }],
      output: deployment("'true'   # set by the chart").replaceAll("\n", "\r\n"),
    },
    {
      name: "an opt-out written as a boolean stays an opt-out",
      manifests: { "d.yaml": deployment("false") },
      findings: [{ messageId: "boolean", object: "Deployment prod/web", at: "d.yaml:10:38-10:43" }],
      output: deployment('"false"'),
    },
  ],
});
