import { describe, expect, it } from "vitest";
import { podLabelOnControllerOnly } from "../../src/checks/pod-label-on-controller-only.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const deployment = (meta: string, podLabels = "      labels: { app: web }\n") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
${meta}spec:
  template:
    metadata:
${podLabels}    spec:
      containers:
        - name: app
          image: app
`;
const LABEL = '  labels:\n    azure.workload.identity/use: "true"\n';

describe("pod-label-on-controller-only", () => {
  it("flags the label on the Deployment's metadata, at the key, and labels the pod template", () => {
    const f = findings(podLabelOnControllerOnly, { manifests: { "deploy.yaml": deployment(LABEL) } });
    expect(f.map(where)).toEqual(["pod-label-on-controller-only Deployment prod/web @ deploy.yaml:7:5"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "template", "metadata", "labels", "azure.workload.identity/use"], value: "true" }] });
  });

  it("flags a CronJob labelled on its job template, and a Job in a List", () => {
    const f = findings(podLabelOnControllerOnly, {
      manifests: {
        "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: batch }
spec:
  schedule: "@daily"
  jobTemplate:
    metadata:
      labels:
        azure.workload.identity/use: "true"
    spec:
      template:
        spec:
          containers: [{ name: job, image: job }]
`,
        "list.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1
    kind: Job
    metadata:
      name: once
      namespace: batch
      labels: { azure.workload.identity/use: "true" }
    spec:
      template:
        spec:
          containers: [{ name: job, image: job }]
`,
      },
    });
    expect(f.map(where)).toEqual(["pod-label-on-controller-only CronJob batch/nightly @ cron.yaml:9:9", "pod-label-on-controller-only Job batch/once @ list.yaml:9:17"]);
    expect(f[0]!.message).toContain("job template");
  });

  it("passes when the pod template is labelled too, an opted-out controller, and bare Pods", () => {
    expect(findings(podLabelOnControllerOnly, { manifests: { "d.yaml": deployment(LABEL, '      labels:\n        azure.workload.identity/use: "true"\n') } })).toEqual([]);
    // an invalid value on the template is pod-label-value-invalid's finding
    expect(findings(podLabelOnControllerOnly, { manifests: { "d.yaml": deployment(LABEL, '      labels:\n        azure.workload.identity/use: "yes"\n') } })).toEqual([]);
    expect(findings(podLabelOnControllerOnly, { manifests: { "d.yaml": deployment('  labels:\n    azure.workload.identity/use: "false"\n') } })).toEqual([]);
    expect(findings(podLabelOnControllerOnly, { manifests: { "p.yaml": 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: { azure.workload.identity/use: "true" }\nspec:\n  containers: []\n' } })).toEqual([]);
  });
});

testCheck(podLabelOnControllerOnly, {
  valid: [{ name: "the label on the pod template", manifests: { "d.yaml": deployment("", '      labels: { app: web, azure.workload.identity/use: "true" }\n') } }],
  invalid: [
    {
      name: "the label on the Deployment only: added to the pod template's flow map, the Deployment's left as it is",
      manifests: { "d.yaml": deployment(LABEL) },
      findings: [{ messageId: "controllerOnly", object: "Deployment prod/web", at: "d.yaml:7:5-7:32" }],
      output: deployment(LABEL, '      labels: { app: web, azure.workload.identity/use: "true" }\n'),
    },
  ],
});
