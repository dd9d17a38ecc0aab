import { describe, expect, it } from "vitest";
import { runChecks } from "@wid/core";
import { saAnnotationOnWrongObject } from "../../src/checks/sa-annotation-on-wrong-object.js";
import { saAnnotationTypo } from "../../src/checks/sa-annotation-typo.js";
import { saClientIdMissing } from "../../src/checks/sa-client-id-missing.js";
import { findings, snapshot, where } from "../helpers/snapshot.js";

const deployment = (sa: string, label = '"true"') => `apiVersion: apps/v1
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
      serviceAccountName: ${sa}
      containers:
        - name: app
          image: app
`;

describe("sa-client-id-missing", () => {
  it("flags a ServiceAccount without the annotation, at its metadata", () => {
    const f = findings(saClientIdMissing, {
      manifests: {
        "sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n",
        "deploy.yaml": deployment("app"),
      },
    });
    expect(f.map(where)).toEqual(["sa-client-id-missing ServiceAccount prod/app @ sa.yaml:4:3"]);
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web", namespace: "prod" });
  });

  it("flags an empty annotation at its value", () => {
    const f = findings(saClientIdMissing, {
      manifests: {
        "sa.yaml": 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n  annotations:\n    azure.workload.identity/client-id: ""\n',
        "deploy.yaml": deployment("app"),
      },
    });
    expect(f.map(where)).toEqual(["sa-client-id-missing ServiceAccount prod/app @ sa.yaml:7:40"]);
  });

  it("passes an annotated ServiceAccount, and ignores unlabelled workloads", () => {
    expect(
      findings(saClientIdMissing, {
        manifests: {
          "sa.yaml":
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n  annotations:\n    azure.workload.identity/client-id: 11111111-2222-3333-4444-555555555555\n",
          "deploy.yaml": deployment("app"),
        },
      }),
    ).toEqual([]);
    expect(
      findings(saClientIdMissing, {
        manifests: {
          "sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n",
          "deploy.yaml": deployment("app", '"false"'),
        },
      }),
    ).toEqual([]);
  });

  const bareSa = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n";
  const withEnv = (env: string) => deployment("app").replace("          image: app\n", `          image: app\n${env}`);

  it("leaves a client-id written in the wrong place to the check that moves it: one finding per mistake", () => {
    const checks = [saClientIdMissing, saAnnotationTypo, saAnnotationOnWrongObject];
    const typo = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n  annotations:\n    azure.workload.identity/clientId: 11111111-2222-3333-4444-555555555555\n";
    const onDeployment = deployment("app").replace("  namespace: prod\n", "  namespace: prod\n  annotations:\n    azure.workload.identity/client-id: 11111111-2222-3333-4444-555555555555\n");
    const onTemplate = deployment("app").replace("      labels:\n", "      annotations:\n        azure.workload.identity/client-id: 11111111-2222-3333-4444-555555555555\n      labels:\n");
    const run = (manifests: Record<string, string>) => runChecks(snapshot({ manifests }), checks).findings.map(where);
    expect(run({ "sa.yaml": typo, "deploy.yaml": deployment("app") })).toEqual(["sa-annotation-typo ServiceAccount prod/app @ sa.yaml:7:5"]);
    expect(run({ "sa.yaml": bareSa, "deploy.yaml": onDeployment })).toEqual(["sa-annotation-on-wrong-object Deployment prod/web @ deploy.yaml:7:5"]);
    expect(run({ "sa.yaml": bareSa, "deploy.yaml": onTemplate })).toEqual(["sa-annotation-on-wrong-object Deployment prod/web @ deploy.yaml:10:9"]);
  });

  it("passes pods whose containers set AZURE_CLIENT_ID themselves: the annotation is optional", () => {
    const literal = "          env:\n            - name: AZURE_CLIENT_ID\n              value: 11111111-2222-3333-4444-555555555555\n";
    const fromRef = "          env:\n            - name: AZURE_CLIENT_ID\n              valueFrom:\n                configMapKeyRef: {name: ids, key: app}\n";
    const fromConfigMap = "          envFrom:\n            - configMapRef: {name: azure}\n";
    for (const env of [literal, fromRef]) expect(findings(saClientIdMissing, { manifests: { "sa.yaml": bareSa, "deploy.yaml": withEnv(env) } })).toEqual([]);
    // a ConfigMap of the live cluster (manifest sources skip ConfigMaps but the webhook's)
    const withConfigMap = (key: string) => {
      const snap = snapshot({ manifests: { "sa.yaml": bareSa, "deploy.yaml": withEnv(fromConfigMap) } });
      const raw = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "azure", namespace: "prod" }, data: { [key]: "11111111-2222-3333-4444-555555555555" } };
      snap.objects.push({ apiVersion: "v1", kind: "ConfigMap", name: "azure", namespace: "prod", namespaceDefaulted: false, raw, origin: undefined, loc: () => undefined });
      return snap;
    };
    expect(findings(saClientIdMissing, withConfigMap("AZURE_CLIENT_ID"))).toEqual([]);
    // a ConfigMap without the key, or an empty value, still leaves the pods without a client id
    expect(findings(saClientIdMissing, withConfigMap("AZURE_TENANT_ID")).map(where)).toEqual(["sa-client-id-missing ServiceAccount prod/app @ sa.yaml:4:3"]);
    expect(findings(saClientIdMissing, { manifests: { "sa.yaml": bareSa, "deploy.yaml": withEnv('          env:\n            - name: AZURE_CLIENT_ID\n              value: ""\n') } }).map(where)).toEqual([
      "sa-client-id-missing ServiceAccount prod/app @ sa.yaml:4:3",
    ]);
  });

  it("passes pods that take AZURE_CLIENT_ID from a ConfigMap in the manifests through envFrom, prefix or not", () => {
    const sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n";
    const withEnvFrom = (from: string) => deployment("app").replace("          image: app\n", `          image: app\n          envFrom:\n${from}`);
    const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: azure\n  namespace: prod\ndata:\n${data}`;
    const plain = withEnvFrom("            - configMapRef: {name: azure}\n");
    const prefixed = withEnvFrom("            - configMapRef: {name: azure}\n              prefix: AZURE_\n");
    expect(findings(saClientIdMissing, { manifests: { "sa.yaml": sa, "cm.yaml": configMap("  AZURE_CLIENT_ID: 11111111-2222-3333-4444-555555555555\n"), "deploy.yaml": plain } })).toEqual([]);
    expect(findings(saClientIdMissing, { manifests: { "sa.yaml": sa, "cm.yaml": configMap("  CLIENT_ID: 11111111-2222-3333-4444-555555555555\n"), "deploy.yaml": prefixed } })).toEqual([]);
    // a ConfigMap without the key does not set it
    expect(findings(saClientIdMissing, { manifests: { "sa.yaml": sa, "cm.yaml": configMap("  LOG_LEVEL: debug\n"), "deploy.yaml": plain } }).map(where)).toEqual([
      "sa-client-id-missing ServiceAccount prod/app @ sa.yaml:4:3",
    ]);
  });
});
