import { describe, expect, it } from "vitest";
import { podDefaultTokenUsed } from "../../src/checks/pod-default-token-used.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const DEFAULT = "/var/run/secrets/kubernetes.io/serviceaccount/token";
const deployment = (container: string, label = '"true"') => `apiVersion: apps/v1
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
      containers:
        - name: app
          image: app
${container}`;

describe("pod-default-token-used", () => {
  it("flags AZURE_FEDERATED_TOKEN_FILE pointing at the API token, at its value, and removes it", () => {
    const f = findings(podDefaultTokenUsed, { manifests: { "deploy.yaml": deployment(`          env:\n            - name: AZURE_FEDERATED_TOKEN_FILE\n              value: ${DEFAULT}\n`) } });
    expect(f.map(where)).toEqual(["pod-default-token-used Deployment prod/web @ deploy.yaml:17:22"]);
    expect(f[0]!.evidence).toMatchObject({ actual: DEFAULT, variable: "AZURE_FEDERATED_TOKEN_FILE" });
    expect(f[0]!.evidence["note"]).toBeUndefined();
    expect(f[0]!.fixes[0]!.snippet!.text).toBe("kubectl set env deployment/web -n prod -c app AZURE_FEDERATED_TOKEN_FILE-");
  });

  it("flags similar variables and Azure login arguments, and notes a missing label", () => {
    const f = findings(podDefaultTokenUsed, {
      manifests: {
        "deploy.yaml": deployment(
          `          env:\n            - name: AZURE_CLIENT_ASSERTION_FILE\n              value: ${DEFAULT}\n          args: ["login", "--federated-token-file", "${DEFAULT}"]\n          command:\n            - az\n            - --federated-token\n            - $(cat ${DEFAULT})\n`,
          '"false"',
        ),
      },
    });
    expect(f.map(where)).toEqual([
      "pod-default-token-used Deployment prod/web @ deploy.yaml:17:22",
      "pod-default-token-used Deployment prod/web @ deploy.yaml:22:15",
      "pod-default-token-used Deployment prod/web @ deploy.yaml:18:53",
    ]);
    expect(f[0]!.evidence["note"]).toContain("lacks");
    // a flag's value is a separate item: the flag before it ties it to Azure
    expect(f[2]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "template", "spec", "containers", { name: "app" }, "args", 2], value: "$(AZURE_FEDERATED_TOKEN_FILE)" }] });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ op: "set", value: "/var/run/secrets/azure/wi/token/azure-identity-token" }] });
  });

  it("flags an argument that hands the API token to an Azure login, in a CronJob", () => {
    const f = findings(podDefaultTokenUsed, {
      manifests: {
        "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: batch }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: azure-cli
              args: ["--federated-token=${DEFAULT}"]
`,
      },
    });
    expect(f.map(where)).toEqual(["pod-default-token-used CronJob batch/nightly @ cron.yaml:13:22"]);
    expect(f[0]!.fixes[0]!.snippet!.text).toBe("name: job\nargs:\n  - --federated-token=$(AZURE_FEDERATED_TOKEN_FILE)");
  });

  it("passes the projected token, and uses of the API token that are not for Azure", () => {
    expect(findings(podDefaultTokenUsed, { manifests: { "d.yaml": deployment(`          env: [{ name: AZURE_FEDERATED_TOKEN_FILE, value: /var/run/secrets/azure/wi/token/azure-identity-token }]\n`) } })).toEqual([]);
    expect(findings(podDefaultTokenUsed, { manifests: { "d.yaml": deployment(`          env: [{ name: KUBE_TOKEN_PATH, value: ${DEFAULT} }]\n          args: ["--kube-token=${DEFAULT}"]\n`) } })).toEqual([]);
  });
});

testCheck(podDefaultTokenUsed, {
  valid: [{ name: "no token path", manifests: { "d.yaml": deployment("") } }],
  invalid: [
    {
      name: "the Kubernetes API token in AZURE_FEDERATED_TOKEN_FILE: the entry removed, so the webhook injects the Azure token's path",
      manifests: { "d.yaml": deployment(`          env:\n            - name: AZURE_FEDERATED_TOKEN_FILE\n              value: ${DEFAULT}\n            - name: PORT\n              value: "8080"\n`) },
      findings: [{ messageId: "env", object: "Deployment prod/web", at: "d.yaml:17:22-17:73" }],
      output: deployment(`          env:\n            - name: PORT\n              value: "8080"\n`),
    },
    {
      name: "the Kubernetes API token as an argument: the variable the webhook sets written in its place, quoted",
      manifests: { "d.yaml": deployment(`          args:\n            - --azure-token-file=${DEFAULT}\n`) },
      findings: [{ messageId: "arg", object: "Deployment prod/web", at: "d.yaml:16:15-16:85" }],
      output: deployment(`          args:\n            - "--azure-token-file=$(AZURE_FEDERATED_TOKEN_FILE)"\n`),
    },
  ],
});
