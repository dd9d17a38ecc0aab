import { describe, expect, it } from "vitest";
import { proxyAnnotationFalse } from "../../src/checks/proxy-annotation-false.js";
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
      annotations:
        azure.workload.identity/inject-proxy-sidecar: ${value}
    spec:
      containers:
        - name: app
          image: app
`;

describe("proxy-annotation-false", () => {
  it.each(['"false"', '"False"', "'no'", '"0"', '"disabled"', "false"])("flags inject-proxy-sidecar: %s at its value and removes it", (value) => {
    const f = findings(proxyAnnotationFalse, { manifests: { "deploy.yaml": deployment(value) } });
    expect(f.map(where)).toEqual(["proxy-annotation-false Deployment prod/web @ deploy.yaml:10:55"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "template", "metadata", "annotations", "azure.workload.identity/inject-proxy-sidecar"], op: "delete" }] });
  });

  it("tells an unquoted false, which Kubernetes rejects, from a quoted one", () => {
    const [unquoted] = findings(proxyAnnotationFalse, { manifests: { "deploy.yaml": deployment("false") } });
    const [quoted] = findings(proxyAnnotationFalse, { manifests: { "deploy.yaml": deployment('"false"') } });
    expect(unquoted!.evidence["actual"]).toBe("azure.workload.identity/inject-proxy-sidecar: false (boolean)");
    expect(quoted!.evidence["actual"]).toBe('azure.workload.identity/inject-proxy-sidecar: "false"');
  });

  it("checks Jobs inside Lists", () => {
    const f = findings(proxyAnnotationFalse, {
      manifests: {
        "list.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1
    kind: Job
    metadata: { name: once, namespace: batch }
    spec:
      template:
        metadata:
          annotations:
            azure.workload.identity/inject-proxy-sidecar: "false"
        spec:
          containers: [{ name: job, image: job }]
`,
      },
    });
    expect(f.map(where)).toEqual(["proxy-annotation-false Job batch/once @ list.yaml:11:59"]);
  });

  it("leaves a hostNetwork pod to proxy-host-network, which reports its rejection", () => {
    const hostNetwork = deployment('"false"').replace("    spec:\n", "    spec:\n      hostNetwork: true\n");
    expect(findings(proxyAnnotationFalse, { manifests: { "d.yaml": hostNetwork } })).toEqual([]);
  });

  it("passes a true value and an absent annotation", () => {
    expect(findings(proxyAnnotationFalse, { manifests: { "d.yaml": deployment('"true"') } })).toEqual([]);
    expect(findings(proxyAnnotationFalse, { manifests: { "d.yaml": deployment('"true"').replace("inject-proxy-sidecar", "skip-containers") } })).toEqual([]);
  });
});

testCheck(proxyAnnotationFalse, {
  valid: [{ name: "the proxy asked for", manifests: { "d.yaml": deployment('"true"') } }],
  invalid: [
    {
      name: '"false", which still injects the proxy: the annotation removed',
      manifests: { "d.yaml": deployment('"false"') },
      findings: [{ messageId: "falseValue", object: "Deployment prod/web", at: "d.yaml:10:55-10:62" }],
      output: deployment('"false"').replace('      annotations:\n        azure.workload.identity/inject-proxy-sidecar: "false"\n', "      annotations: {}\n"),
    },
  ],
});
