import { describe, expect, it } from "vitest";
import { podLabelInSelector } from "../../src/checks/pod-label-in-selector.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const workload = (kind: string, selector: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
  namespace: prod
spec:
  selector:
${selector}  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
    spec:
      containers:
        - name: app
          image: app
`;

describe("pod-label-in-selector", () => {
  it("flags the label in matchLabels, at the key, and removes it from the manifest only", () => {
    const f = findings(podLabelInSelector, { manifests: { "deploy.yaml": workload("Deployment", '    matchLabels:\n      app: web\n      azure.workload.identity/use: "true"\n') } });
    expect(f.map(where)).toEqual(["pod-label-in-selector Deployment prod/web @ deploy.yaml:10:7"]);
    expect(f[0]!.severity).toBe("warning");
    expect(f[0]!.fixes[0]!.plans).toEqual([
      { target: "manifest", file: "deploy.yaml", edits: [{ documentIndex: 0, path: ["spec", "selector", "matchLabels", "azure.workload.identity/use"], op: "delete", expect: { value: "true" } }] },
    ]);
    expect(f[0]!.fixes[0]!.snippet!.text).toContain("kubectl delete deployment/web -n prod --cascade=orphan");
  });

  it("flags matchExpressions on StatefulSets and DaemonSets", () => {
    const f = findings(podLabelInSelector, {
      manifests: {
        "sts.yaml": workload("StatefulSet", "    matchExpressions:\n      - { key: app, operator: In, values: [web] }\n      - key: azure.workload.identity/use\n        operator: Exists\n"),
        "ds.yaml": workload("DaemonSet", "    matchLabels: { azure.workload.identity/use: 'true', app: web }\n"),
      },
    });
    expect(f.map(where)).toEqual(["pod-label-in-selector StatefulSet prod/web @ sts.yaml:10:14", "pod-label-in-selector DaemonSet prod/web @ ds.yaml:8:20"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "selector", "matchExpressions", 1], op: "delete" }] });
  });

  it("passes selectors without the label and Pods", () => {
    expect(findings(podLabelInSelector, { manifests: { "deploy.yaml": workload("Deployment", "    matchLabels:\n      app: web\n") } })).toEqual([]);
    expect(findings(podLabelInSelector, { manifests: { "p.yaml": 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: { azure.workload.identity/use: "true" }\nspec:\n  containers: []\n' } })).toEqual([]);
  });
});

testCheck(podLabelInSelector, {
  valid: [{ name: "a selector without the label", manifests: { "d.yaml": workload("Deployment", "    matchLabels:\n      app: web\n") } }],
  invalid: [
    {
      name: "in matchLabels: the entry removed, with its line",
      manifests: { "d.yaml": workload("Deployment", '    matchLabels:\n      app: web\n      azure.workload.identity/use: "true"\n') },
      findings: [{ messageId: "inSelector", object: "Deployment prod/web", at: "d.yaml:10:7-10:34" }],
      output: workload("Deployment", "    matchLabels:\n      app: web\n"),
    },
    {
      name: "in matchExpressions: the expression removed, the others kept",
      manifests: {
        "d.yaml": workload("StatefulSet", "    matchExpressions:\n      - key: app\n        operator: In\n        values: [web]\n      - key: azure.workload.identity/use\n        operator: Exists\n"),
      },
      findings: [{ messageId: "inSelector", object: "StatefulSet prod/web", at: "d.yaml:12:14-12:41" }],
      output: workload("StatefulSet", "    matchExpressions:\n      - key: app\n        operator: In\n        values: [web]\n"),
    },
  ],
});
