import { describe, expect, it } from "vitest";
import { podLabelMissing } from "../../src/checks/pod-label-missing.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: 11111111-2222-3333-4444-555555555555
`;
const deployment = (templateMeta: string, meta = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
${meta}spec:
  template:
    metadata:
${templateMeta}    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: app
`;

describe("pod-label-missing", () => {
  it("flags a workload of an annotated ServiceAccount without the label, at the pod template labels", () => {
    const f = findings(podLabelMissing, { manifests: { "sa.yaml": SA, "deploy.yaml": deployment("      labels:\n        app: web\n") } });
    expect(f.map(where)).toEqual(["pod-label-missing Deployment prod/web @ deploy.yaml:10:9"]);
    expect(f[0]!.related).toMatchObject([{ kind: "ServiceAccount", name: "app", file: "sa.yaml", line: 7 }]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "template", "metadata", "labels", "azure.workload.identity/use"], op: "set", value: "true" }] });
  });

  it("points at a misspelled label key and renames it", () => {
    const f = findings(podLabelMissing, {
      manifests: { "sa.yaml": SA, "deploy.yaml": deployment('      labels:\n        azure.workload.identity/used: "true"\n') },
    });
    expect(f.map(where)).toEqual(["pod-label-missing Deployment prod/web @ deploy.yaml:10:9"]);
    expect(f[0]!.message).toContain("azure.workload.identity/used");
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ op: "rename-key", newKey: "azure.workload.identity/use" }] });
  });

  it("sets the value to \"true\" as it renames a misspelled key whose value is not", () => {
    const f = findings(podLabelMissing, {
      manifests: { "sa.yaml": SA, "deploy.yaml": deployment("      labels:\n        azure.workload.identity.use: yes\n") },
    });
    expect(f.map(where)).toEqual(["pod-label-missing Deployment prod/web @ deploy.yaml:10:9"]);
    const labels = ["spec", "template", "metadata", "labels"];
    // one edit renames the key and writes "true": applied twice, it finds its work done
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({
      edits: [{ op: "rename-key", path: [...labels, "azure.workload.identity.use"], newKey: "azure.workload.identity/use", value: "true", expect: { value: "yes" } }],
    });
    expect(f[0]!.fixes[0]!.plans[1]).toMatchObject({ target: "cluster", steps: [{ op: "patch", patch: { spec: { template: { metadata: { labels: { "azure.workload.identity.use": null, "azure.workload.identity/use": "true" } } } } } }] });
  });

  it("points at the label written as a pod annotation", () => {
    const f = findings(podLabelMissing, {
      manifests: { "sa.yaml": SA, "deploy.yaml": deployment('      annotations:\n        azure.workload.identity/use: "true"\n') },
    });
    expect(f.map(where)).toEqual(["pod-label-missing Deployment prod/web @ deploy.yaml:10:9"]);
    expect(f[0]!.evidence["actual"]).toBe("an annotation, not a label");
  });

  it("handles bare Pods, StatefulSets in Lists and CronJobs without any template metadata", () => {
    const f = findings(podLabelMissing, {
      manifests: {
        "sa.yaml": SA,
        "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: prod\nspec:\n  serviceAccountName: app\n  containers: [{ name: c, image: c }]\n",
        "list.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: { name: db, namespace: prod }
    spec:
      template:
        spec:
          serviceAccountName: app
          containers: [{ name: db, image: db }]
  - apiVersion: batch/v1
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
    expect(f.map(where)).toEqual([
      "pod-label-missing Pod prod/p @ pod.yaml:4:3",
      "pod-label-missing StatefulSet prod/db @ list.yaml:9:9",
      "pod-label-missing CronJob prod/nightly @ list.yaml:20:13",
    ]);
    expect(f[0]!.evidence["note"]).toContain("recreate");
  });

  it("passes labelled pods and opted-out pods, and leaves other placements and unknown ServiceAccounts alone", () => {
    const cases = [
      deployment('      labels:\n        azure.workload.identity/use: "true"\n'),
      deployment("      labels:\n        azure.workload.identity/use: true\n"),
      deployment('      labels:\n        azure.workload.identity/use: "false"\n'),
      deployment('      labels:\n        azure.workload.identity/use: "True"\n'),
      deployment("      labels: { app: web }\n", '  labels:\n    azure.workload.identity/use: "true"\n'),
    ];
    for (const d of cases) expect(findings(podLabelMissing, { manifests: { "sa.yaml": SA, "deploy.yaml": d } }), d).toEqual([]);
    // no client-id on the ServiceAccount, or the ServiceAccount not scanned
    expect(findings(podLabelMissing, { manifests: { "sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: app, namespace: prod }\n", "d.yaml": deployment("") } })).toEqual([]);
    expect(findings(podLabelMissing, { manifests: { "d.yaml": deployment("") } })).toEqual([]);
  });

  it("reports a workload that reads Key Vault through the CSI driver as information only: that mount needs no label", () => {
    const volume = "      volumes:\n        - name: secrets\n          csi:\n            driver: secrets-store.csi.k8s.io\n            volumeAttributes:\n              secretProviderClass: app-secrets\n";
    const spc = (parameters: string) =>
      `apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata:\n  name: app-secrets\n  namespace: prod\nspec:\n  provider: azure\n  parameters:\n${parameters}`;
    const csiDeployment = deployment("      labels:\n        app: web\n") + volume;
    const wi = spc('    clientID: 11111111-2222-3333-4444-555555555555\n    keyvaultName: kv\n    tenantID: 72f988bf-86f1-41af-91ab-2d7cd011db47\n');
    const f = findings(podLabelMissing, { manifests: { "sa.yaml": SA, "deploy.yaml": csiDeployment, "spc.yaml": wi } });
    expect(f.map((x) => [where(x), x.severity])).toEqual([["pod-label-missing Deployment prod/web @ deploy.yaml:10:9", "info"]]);
    // a class that authenticates otherwise says nothing about the pods' own identity
    const vm = spc('    useVMManagedIdentity: "true"\n    userAssignedIdentityID: 99999999-2222-3333-4444-555555555555\n    keyvaultName: kv\n');
    expect(findings(podLabelMissing, { manifests: { "sa.yaml": SA, "deploy.yaml": csiDeployment, "spc.yaml": vm } }).map((x) => x.severity)).toEqual(["error"]);
  });
});

testCheck(podLabelMissing, {
  valid: [{ name: "a labelled pod template", manifests: { "sa.yaml": SA, "deploy.yaml": deployment('      labels:\n        azure.workload.identity/use: "true"\n') } }],
  invalid: [
    {
      name: "no label: added after the template's labels, comments kept",
      manifests: { "sa.yaml": SA, "deploy.yaml": deployment("      labels:\n        app: web # the Service selects it\n") },
      findings: [{ messageId: "missing", object: "Deployment prod/web", at: "deploy.yaml:10:9-10:17" }],
      output: { "deploy.yaml": deployment('      labels:\n        app: web # the Service selects it\n        azure.workload.identity/use: "true"\n') },
    },
    {
      name: "a misspelled label key whose value is not \"true\": renamed, then its value set",
      manifests: { "sa.yaml": SA, "deploy.yaml": deployment("      labels:\n        azure.workload.identity.use: yes\n") },
      findings: [{ messageId: "typo", object: "Deployment prod/web", at: "deploy.yaml:10:9-10:36" }],
      output: { "deploy.yaml": deployment('      labels:\n        azure.workload.identity/use: "true"\n') },
    },
    {
      name: "a JSON manifest (kubectl get -o json): the label written as JSON",
      manifests: {
        "sa.yaml": SA,
        "deploy.json": JSON.stringify(
          { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "prod" }, spec: { template: { metadata: { labels: { app: "web" } }, spec: { serviceAccountName: "app", containers: [{ name: "app", image: "app" }] } } } },
          null,
          2,
        ),
      },
      findings: [{ messageId: "missing", object: "Deployment prod/web", at: "deploy.json:11:19-13:10" }],
      output: {
        "deploy.json": JSON.stringify(
          { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "prod" }, spec: { template: { metadata: { labels: { app: "web", "azure.workload.identity/use": "true" } }, spec: { serviceAccountName: "app", containers: [{ name: "app", image: "app" }] } } } },
          null,
          2,
        ),
      },
    },
  ],
});
