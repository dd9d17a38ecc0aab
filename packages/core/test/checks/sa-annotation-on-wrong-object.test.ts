import { describe, expect, it } from "vitest";
import { saAnnotationOnWrongObject } from "../../src/checks/sa-annotation-on-wrong-object.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const GUID = "11111111-2222-3333-4444-555555555555";
const SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: prod
`;
const SA_ANNOTATED = `${SA}  annotations:
    azure.workload.identity/client-id: ${GUID}
`;

const deployment = (meta: string, template: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
${meta}spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
${template}    spec:
      serviceAccountName: web
      containers:
        - name: app
          image: app
`;

describe("sa-annotation-on-wrong-object", () => {
  it("flags client-id on the Deployment's metadata and moves it to the ServiceAccount", () => {
    const f = findings(saAnnotationOnWrongObject, {
      manifests: { "sa.yaml": SA, "deploy.yaml": deployment(`  annotations:\n    azure.workload.identity/client-id: ${GUID}\n`, "") },
    });
    expect(f.map(where)).toEqual(["sa-annotation-on-wrong-object Deployment prod/web @ deploy.yaml:7:5"]);
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web" });
    const plans = f[0]!.fixes[0]!.plans;
    expect(plans).toContainEqual({
      target: "manifest",
      file: "sa.yaml",
      edits: [{ documentIndex: 0, path: ["metadata", "annotations", "azure.workload.identity/client-id"], op: "set", value: GUID, expect: { absent: true } }],
    });
    expect(plans).toContainEqual({
      target: "manifest",
      file: "deploy.yaml",
      edits: [{ documentIndex: 0, path: ["metadata", "annotations", "azure.workload.identity/client-id"], op: "delete", expect: { value: GUID } }],
    });
  });

  it("flags client-id on the pod template (misspelled too), and proposes kubectl annotate when the ServiceAccount is not scanned", () => {
    const f = findings(saAnnotationOnWrongObject, {
      manifests: { "deploy.yaml": deployment("", `      annotations:\n        azure.workload.identity/clientId: ${GUID}\n`) },
    });
    expect(f.map(where)).toEqual(["sa-annotation-on-wrong-object Deployment prod/web @ deploy.yaml:15:9"]);
    expect(f[0]!.evidence).toMatchObject({ expected: "azure.workload.identity/client-id on ServiceAccount prod/web", serviceAccount: "not found in the scanned objects" });
    expect(f[0]!.fixes[0]!.snippet).toEqual({
      language: "shell",
      text: `kubectl annotate serviceaccount web -n prod azure.workload.identity/client-id=${GUID}`,
    });
  });

  it("flags pod settings on the controller's metadata and moves them into the pod template", () => {
    const f = findings(saAnnotationOnWrongObject, {
      manifests: { "sa.yaml": SA_ANNOTATED, "deploy.yaml": deployment(`  annotations:\n    azure.workload.identity/inject-proxy-sidecar: "true"\n`, "") },
    });
    expect(f.map(where)).toEqual(["sa-annotation-on-wrong-object Deployment prod/web @ deploy.yaml:7:5"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({
      target: "manifest",
      edits: [
        { path: ["spec", "template", "metadata", "annotations", "azure.workload.identity/inject-proxy-sidecar"], op: "set", value: "true" },
        { path: ["metadata", "annotations", "azure.workload.identity/inject-proxy-sidecar"], op: "delete" },
      ],
    });
    // one object changes: the snippet is its merged patch
    expect(f[0]!.fixes[0]!.snippet).toEqual({
      language: "yaml",
      text: 'spec:\n  template:\n    metadata:\n      annotations:\n        azure.workload.identity/inject-proxy-sidecar: "true"\nmetadata:\n  annotations:\n    azure.workload.identity/inject-proxy-sidecar: null',
    });
  });

  it("flags a CronJob's job template annotations", () => {
    const f = findings(saAnnotationOnWrongObject, {
      manifests: {
        "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: batch }
spec:
  schedule: "@daily"
  jobTemplate:
    metadata:
      annotations:
        azure.workload.identity/service-account-token-expiration: "7200"
    spec:
      template:
        spec:
          containers: [{ name: job, image: job }]
`,
      },
    });
    expect(f.map(where)).toEqual(["sa-annotation-on-wrong-object CronJob batch/nightly @ cron.yaml:9:9"]);
    expect(f[0]!.message).toContain("pod template");
  });

  it("flags client-id written as a label of the ServiceAccount, and pod settings on the ServiceAccount", () => {
    const f = findings(saAnnotationOnWrongObject, {
      manifests: {
        "sa.yaml": `${SA}  labels:\n    azure.workload.identity/client-id: ${GUID}\n  annotations:\n    azure.workload.identity/skip-containers: sidecar\n`,
        "deploy.yaml": deployment("", ""),
      },
    });
    expect(f.map(where)).toEqual(["sa-annotation-on-wrong-object ServiceAccount prod/web @ sa.yaml:7:5", "sa-annotation-on-wrong-object ServiceAccount prod/web @ sa.yaml:9:5"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({
      edits: [
        { path: ["metadata", "annotations", "azure.workload.identity/client-id"], op: "set", value: GUID },
        { path: ["metadata", "labels", "azure.workload.identity/client-id"], op: "delete" },
      ],
    });
    expect(f[1]!.fixes[0]!.plans).toContainEqual(
      expect.objectContaining({ target: "manifest", file: "deploy.yaml", edits: [expect.objectContaining({ path: ["spec", "template", "metadata", "annotations", "azure.workload.identity/skip-containers"] })] }),
    );
  });

  it("flags a Service carrying client-id and resolves the ServiceAccount through its selector", () => {
    const f = findings(saAnnotationOnWrongObject, {
      manifests: {
        "svc.yaml": `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${GUID}
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`,
        "sa.yaml": SA,
        "deploy.yaml": deployment("", ""),
      },
    });
    expect(f.map(where)).toEqual(["sa-annotation-on-wrong-object Service prod/web @ svc.yaml:7:5"]);
    expect(f[0]!.evidence["expected"]).toBe("azure.workload.identity/client-id on ServiceAccount prod/web");
  });

  it("passes annotations in their place, and misplaced copies when the right object has the setting", () => {
    expect(
      findings(saAnnotationOnWrongObject, {
        manifests: {
          "sa.yaml": SA_ANNOTATED,
          "deploy.yaml": deployment("", `      annotations:\n        azure.workload.identity/skip-containers: sidecar\n`),
        },
      }),
    ).toEqual([]);
    expect(
      findings(saAnnotationOnWrongObject, {
        manifests: { "sa.yaml": SA_ANNOTATED, "deploy.yaml": deployment(`  annotations:\n    azure.workload.identity/client-id: ${GUID}\n`, "") },
      }),
    ).toEqual([]);
  });

  it("ignores pods that only carry other tools' annotations and a bare Pod with pod settings", () => {
    expect(
      findings(saAnnotationOnWrongObject, {
        manifests: {
          "pod.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: prod
  annotations:
    azure.workload.identity/proxy-sidecar-port: "8001"
    iam.gke.io/gcp-service-account: x
spec:
  containers: [{ name: c, image: c }]
`,
        },
      }),
    ).toEqual([]);
  });
});

testCheck(saAnnotationOnWrongObject, {
  valid: [{ name: "client-id on the ServiceAccount", manifests: { "sa.yaml": SA_ANNOTATED, "deploy.yaml": deployment("", "") } }],
  invalid: [
    {
      name: "client-id on the Deployment: set on the ServiceAccount (its annotations created) and removed from the Deployment",
      manifests: { "sa.yaml": SA, "deploy.yaml": deployment(`  annotations:\n    azure.workload.identity/client-id: ${GUID}\n    owner: team-web\n`, "") },
      findings: [{ messageId: "toServiceAccount", object: "Deployment prod/web", at: "deploy.yaml:7:5-7:38" }],
      output: { "sa.yaml": SA_ANNOTATED, "deploy.yaml": deployment("  annotations:\n    owner: team-web\n", "") },
    },
    {
      name: "client-id as a label of the ServiceAccount: made an annotation, the labels left empty",
      manifests: { "sa.yaml": `${SA}  labels:\n    azure.workload.identity/client-id: ${GUID}\n`, "deploy.yaml": deployment("", "") },
      findings: [{ messageId: "toAnnotations", object: "ServiceAccount prod/web", at: "sa.yaml:7:5-7:38" }],
      output: { "sa.yaml": `${SA}  labels: {}\n  annotations:\n    azure.workload.identity/client-id: ${GUID}\n` },
    },
  ],
});
