import { describe, expect, it } from "vitest";
import { planFor } from "@wid/core";
import { proxyHostNetwork } from "../../src/checks/proxy-host-network.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const pod = (annotation: string, hostNetwork: string) => `apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: prod
  labels:
    azure.workload.identity/use: "true"
${annotation ? `  annotations:\n    azure.workload.identity/inject-proxy-sidecar: ${annotation}\n` : ""}spec:
${hostNetwork ? `  hostNetwork: ${hostNetwork}\n` : ""}  containers:
    - name: agent
      image: agent
`;

describe("proxy-host-network", () => {
  it("flags the proxy annotation on a hostNetwork pod, at the annotation key, whatever its value", () => {
    for (const value of ['"true"', '"false"', '""']) {
      const f = findings(proxyHostNetwork, { manifests: { "pod.yaml": pod(value, "true") } });
      expect(f.map(where)).toEqual(["proxy-host-network Pod prod/agent @ pod.yaml:9:5"]);
      expect(f[0]!.evidence["hostNetworkAt"]).toBe("pod.yaml:11:16");
      expect(f[0]!.fixes.map((x) => planFor(x, "manifest")!.edits[0])).toEqual([
        { documentIndex: 0, path: ["metadata", "annotations", "azure.workload.identity/inject-proxy-sidecar"], op: "delete", expect: { value: JSON.parse(value) } },
        { documentIndex: 0, path: ["spec", "hostNetwork"], op: "delete", expect: { value: true } },
      ]);
    }
  });

  it("checks DaemonSets, the usual home of hostNetwork", () => {
    const f = findings(proxyHostNetwork, {
      manifests: {
        "ds.yaml": `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-agent, namespace: kube-system }
spec:
  template:
    metadata:
      annotations: { azure.workload.identity/inject-proxy-sidecar: "true" }
    spec:
      hostNetwork: true
      containers: [{ name: a, image: a }]
`,
      },
    });
    expect(f.map(where)).toEqual(["proxy-host-network DaemonSet kube-system/node-agent @ ds.yaml:7:22"]);
  });

  it("passes the proxy without hostNetwork, and hostNetwork without the proxy", () => {
    expect(findings(proxyHostNetwork, { manifests: { "pod.yaml": pod('"true"', "") } })).toEqual([]);
    expect(findings(proxyHostNetwork, { manifests: { "pod.yaml": pod('"true"', "false") } })).toEqual([]);
    expect(findings(proxyHostNetwork, { manifests: { "pod.yaml": pod("", "true") } })).toEqual([]);
  });
});

testCheck(proxyHostNetwork, {
  valid: [{ name: "the proxy without hostNetwork", manifests: { "pod.yaml": pod('"true"', "") } }],
  invalid: [
    {
      name: "the proxy on a hostNetwork pod: the proxy annotation removed, the annotations left empty",
      manifests: { "pod.yaml": pod('"true"', "true") },
      findings: [{ messageId: "hostNetwork", object: "Pod prod/agent", at: "pod.yaml:9:5-9:49" }],
      output: pod("", "true").replace("spec:\n", "  annotations: {}\nspec:\n"),
    },
  ],
});
