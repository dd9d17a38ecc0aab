import { describe, expect, it } from "vitest";
import { planFor, type Finding } from "@wid/core";
import { proxyPortInvalid } from "../../src/checks/proxy-port-invalid.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const deployment = (port: string | undefined, containerPorts = "", inject = true) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      annotations:
${inject ? '        azure.workload.identity/inject-proxy-sidecar: "true"\n' : ""}${port === undefined ? "" : `        azure.workload.identity/proxy-sidecar-port: ${port}\n`}    spec:
      containers:
        - name: app
          image: app
${containerPorts}`;
const portSet = (f: Finding) => {
  const edit = planFor(f.fixes[0]!, "manifest")!.edits[0]!;
  return edit.op === "set" ? edit.value : undefined;
};

describe("proxy-port-invalid", () => {
  it.each([
    ['"http"', "notInteger"],
    ['"8000/TCP"', "notInteger"],
    ['" 8080"', "notInteger"],
    ['"99999999999"', "notInteger"],
    ['"0"', "outOfRange"],
    ['"70000"', "outOfRange"],
    ["8080", "notString"],
  ])("flags proxy-sidecar-port %s at its value (%s)", (value, message) => {
    const f = findings(proxyPortInvalid, { manifests: { "deploy.yaml": deployment(value) } });
    expect(f.map(where)).toEqual(["proxy-port-invalid Deployment prod/web @ deploy.yaml:11:53"]);
    expect(f[0]!.message).toBe(proxyPortInvalid.meta.messages[message]!.replace("{workload}", "Deployment prod/web").replace("{value}", value.replace(/"/g, "")).replace("{type}", "number"));
    expect(portSet(f[0]!)).toBe(value === "8080" ? "8080" : "8000");
  });

  it("leaves a proxy asked off to proxy-annotation-false: removing the annotation ends the clash too", () => {
    const ports = "          ports:\n            - containerPort: 8000\n";
    const off = deployment(undefined, ports).replace('inject-proxy-sidecar: "true"', 'inject-proxy-sidecar: "false"');
    expect(findings(proxyPortInvalid, { manifests: { "deploy.yaml": off } })).toEqual([]);
    expect(findings(proxyPortInvalid, { manifests: { "deploy.yaml": deployment(undefined, ports) } })).toHaveLength(1);
  });

  it("flags the default port 8000 when a container uses it, at that container port, and picks a free one", () => {
    const ports = "          ports:\n            - containerPort: 8000\n            - containerPort: 8001\n";
    const f = findings(proxyPortInvalid, { manifests: { "deploy.yaml": deployment(undefined, ports) } });
    expect(f.map(where)).toEqual(["proxy-port-invalid Deployment prod/web @ deploy.yaml:16:30"]);
    expect(f[0]!.evidence).toMatchObject({ actual: "8000 (the default)", container: "app" });
    expect(portSet(f[0]!)).toBe("8002");
  });

  it("flags a written port that clashes, in init containers too, at the annotation", () => {
    const f = findings(proxyPortInvalid, {
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
          annotations:
            azure.workload.identity/inject-proxy-sidecar: "true"
            azure.workload.identity/proxy-sidecar-port: "9090"
        spec:
          initContainers: [{ name: sidecar, image: s, restartPolicy: Always, ports: [{ containerPort: 9090 }] }]
          containers: [{ name: job, image: job }]
`,
      },
    });
    expect(f.map(where)).toEqual(["proxy-port-invalid CronJob batch/nightly @ cron.yaml:12:57"]);
    expect(f[0]!.evidence["container"]).toBe("sidecar");
  });

  it("passes valid free ports, and ignores the port when the proxy is not requested", () => {
    expect(findings(proxyPortInvalid, { manifests: { "d.yaml": deployment(undefined) } })).toEqual([]);
    expect(findings(proxyPortInvalid, { manifests: { "d.yaml": deployment('"8001"', "          ports: [{ containerPort: 8000 }]\n") } })).toEqual([]);
    expect(findings(proxyPortInvalid, { manifests: { "d.yaml": deployment('"+8080"') } })).toEqual([]);
    expect(findings(proxyPortInvalid, { manifests: { "d.yaml": deployment('"http"', "          ports: [{ containerPort: 8000 }]\n", false) } })).toEqual([]);
    // a hostNetwork pod is refused before the port is read (proxy-host-network)
    expect(findings(proxyPortInvalid, { manifests: { "d.yaml": deployment('"http"').replace("    spec:\n", "    spec:\n      hostNetwork: true\n") } })).toEqual([]);
  });
});

testCheck(proxyPortInvalid, {
  valid: [{ name: "a free port", manifests: { "d.yaml": deployment('"8001"', "          ports:\n            - containerPort: 8000\n") } }],
  invalid: [
    {
      name: "the default port taken by a container: a free port written beside the proxy annotation",
      manifests: { "d.yaml": deployment(undefined, "          ports:\n            - containerPort: 8000   # the app's HTTP port\n") },
      findings: [{ messageId: "clash", object: "Deployment prod/web", at: "d.yaml:16:30-16:34" }],
      output: deployment('"8001"', "          ports:\n            - containerPort: 8000   # the app's HTTP port\n"),
    },
  ],
});
