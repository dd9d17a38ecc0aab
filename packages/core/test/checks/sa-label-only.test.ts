import { describe, expect, it } from "vitest";
import { saLabelOnly } from "../../src/checks/sa-label-only.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const sa = (label = '"true"') => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  labels:
    azure.workload.identity/use: ${label}
  annotations:
    azure.workload.identity/client-id: 11111111-2222-3333-4444-555555555555
`;
const deployment = (podLabels: string, meta = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
${meta}spec:
  template:
    metadata:
${podLabels}    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: app
`;

describe("sa-label-only", () => {
  it("flags a workload whose ServiceAccount alone carries the label, at the pod template labels", () => {
    const f = findings(saLabelOnly, { manifests: { "sa.yaml": sa(), "deploy.yaml": deployment("      labels:\n        app: web\n") } });
    expect(f.map(where)).toEqual(["sa-label-only Deployment prod/web @ deploy.yaml:10:9"]);
    expect(f[0]!.related).toMatchObject([{ kind: "ServiceAccount", name: "app", file: "sa.yaml", line: 7, column: 5 }]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "template", "metadata", "labels", "azure.workload.identity/use"], op: "set", value: "true" }] });
  });

  it("points at the pod template metadata when the template has no labels, and handles CronJobs and an unquoted label", () => {
    const f = findings(saLabelOnly, {
      manifests: {
        "sa.yaml": sa("true"),
        "deploy.yaml": deployment("      annotations: {}\n"),
        "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: prod }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: app
          containers: [{ name: job, image: job }]
`,
      },
    });
    expect(f.map(where)).toEqual(["sa-label-only Deployment prod/web @ deploy.yaml:9:7", "sa-label-only CronJob prod/nightly @ cron.yaml:9:9"]);
  });

  it("leaves workloads whose label is elsewhere to the checks that own those cases", () => {
    // labelled pods: fine
    expect(findings(saLabelOnly, { manifests: { "sa.yaml": sa(), "deploy.yaml": deployment('      labels:\n        azure.workload.identity/use: "true"\n') } })).toEqual([]);
    // an invalid value on the pods is pod-label-value-invalid's, a label on the controller pod-label-on-controller-only's
    expect(findings(saLabelOnly, { manifests: { "sa.yaml": sa(), "deploy.yaml": deployment('      labels:\n        azure.workload.identity/use: "True"\n') } })).toEqual([]);
    expect(
      findings(saLabelOnly, {
        manifests: { "sa.yaml": sa(), "deploy.yaml": deployment("      labels: { app: web }\n", '  labels:\n    azure.workload.identity/use: "true"\n') },
      }),
    ).toEqual([]);
    // a ServiceAccount labelled "false", or not labelled at all
    expect(findings(saLabelOnly, { manifests: { "sa.yaml": sa('"false"'), "deploy.yaml": deployment("      labels: { app: web }\n") } })).toEqual([]);
  });
});

testCheck(saLabelOnly, {
  valid: [{ name: "the label on the pod template", manifests: { "sa.yaml": sa(), "d.yaml": deployment('      labels:\n        azure.workload.identity/use: "true"\n') } }],
  invalid: [
    {
      name: "the label on the ServiceAccount only: added to the pod template's labels, after the ones there",
      manifests: { "sa.yaml": sa(), "d.yaml": deployment("      labels:\n        app: web   # selected by the Service\n") },
      findings: [{ messageId: "saOnly", object: "Deployment prod/web", at: "d.yaml:10:9-10:17" }],
      output: { "d.yaml": deployment('      labels:\n        app: web   # selected by the Service\n        azure.workload.identity/use: "true"\n') },
    },
    {
      name: "a pod template without labels: the labels map created",
      manifests: { "sa.yaml": sa(), "d.yaml": deployment("      annotations:\n        team: web\n") },
      findings: [{ messageId: "saOnly", object: "Deployment prod/web", at: "d.yaml:9:7-9:19" }],
      output: { "d.yaml": deployment('      annotations:\n        team: web\n      labels:\n        azure.workload.identity/use: "true"\n') },
    },
  ],
});
