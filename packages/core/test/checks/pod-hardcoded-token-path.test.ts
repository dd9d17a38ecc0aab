import { describe, expect, it } from "vitest";
import { podHardcodedTokenPath } from "../../src/checks/pod-hardcoded-token-path.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const LEGACY = "/var/run/secrets/azure/tokens/azure-identity-token";
const V16 = "/var/run/secrets/azure/wi/token/azure-identity-token";
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
const webhook = (tag: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: azure-wi-webhook-controller-manager
  namespace: azure-workload-identity-system
spec:
  template:
    spec:
      containers:
        - name: manager
          image: mcr.microsoft.com/oss/azure/workload-identity/webhook:${tag}
`;
const envToken = (value: string) => `          env:\n            - name: AZURE_FEDERATED_TOKEN_FILE\n              value: ${value}\n`;

describe("pod-hardcoded-token-path", () => {
  it("warns of a pre-1.6 path when the webhook version is unknown, assuming the current layout", () => {
    const f = findings(podHardcodedTokenPath, { manifests: { "deploy.yaml": deployment(envToken(LEGACY)) } });
    expect(f.map(where)).toEqual(["pod-hardcoded-token-path Deployment prod/web @ deploy.yaml:17:22"]);
    // it works until the webhook is upgraded: a latent failure, not a certain one
    expect(f[0]!.severity).toBe("warning");
    expect(f[0]!.evidence).toEqual({ expected: V16, actual: LEGACY, webhookVersion: "unknown: v1.6 or later assumed", variable: "AZURE_FEDERATED_TOKEN_FILE" });
    // labelled: the webhook sets the variable, so the fix drops it
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "template", "spec", "containers", { name: "app" }, "env", { name: "AZURE_FEDERATED_TOKEN_FILE" }], op: "delete" }] });
  });

  it("flags a v1.6 path when the scanned webhook Deployment is v1.5, and links the webhook", () => {
    const f = findings(podHardcodedTokenPath, { manifests: { "wh.yaml": webhook("v1.5.1"), "deploy.yaml": deployment(envToken(V16)) } });
    expect(f.map(where)).toEqual(["pod-hardcoded-token-path Deployment prod/web @ deploy.yaml:17:22"]);
    expect(f[0]!.evidence).toMatchObject({ expected: LEGACY, webhookVersion: "v1.5.1" });
    expect(f[0]!.severity).toBe("error");
    expect(f[0]!.related).toMatchObject([{ kind: "Deployment", name: "azure-wi-webhook-controller-manager" }]);
  });

  it("flags paths in args and command, and files the webhook does not create, rewriting the string", () => {
    const f = findings(podHardcodedTokenPath, {
      manifests: {
        "deploy.yaml": deployment(`          command: ["/app", "--token-dir=/var/run/secrets/azure/tokens"]\n          args:\n            - --token=/var/run/secrets/azure/wi/azure-identity-token\n`, '"false"'),
      },
    });
    expect(f.map(where)).toEqual(["pod-hardcoded-token-path Deployment prod/web @ deploy.yaml:15:29", "pod-hardcoded-token-path Deployment prod/web @ deploy.yaml:17:15"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "template", "spec", "containers", { name: "app" }, "command", 1], op: "set", value: "--token-dir=/var/run/secrets/azure/wi" }] });
    expect(f[1]!.fixes[0]!.snippet!.text).toBe(`name: app\nargs:\n  - --token=${V16}`);
  });

  it("checks StatefulSets in Lists and init containers", () => {
    const f = findings(podHardcodedTokenPath, {
      manifests: {
        "list.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: { name: db, namespace: prod }
    spec:
      template:
        spec:
          initContainers:
            - name: init
              image: init
              args: ["cat ${LEGACY}"]
          containers: [{ name: db, image: db }]
`,
      },
    });
    expect(f.map(where)).toEqual(["pod-hardcoded-token-path StatefulSet prod/db @ list.yaml:13:22"]);
  });

  it("passes the path of the webhook in use, its own mounts, and unrelated paths", () => {
    expect(findings(podHardcodedTokenPath, { manifests: { "d.yaml": deployment(envToken(V16)) } })).toEqual([]);
    expect(findings(podHardcodedTokenPath, { manifests: { "wh.yaml": webhook("v1.6.0"), "d.yaml": deployment(envToken(V16)) } })).toEqual([]);
    expect(findings(podHardcodedTokenPath, { manifests: { "wh.yaml": webhook("v1.4.0"), "d.yaml": deployment(envToken(LEGACY)) } })).toEqual([]);
    expect(findings(podHardcodedTokenPath, { manifests: { "d.yaml": deployment(`          args: ["--dir=/var/run/secrets/azure/wi", "--x=/var/run/secrets/azure/wizard"]\n`) } })).toEqual([]);
    // a volume of its own mounted at the old place
    expect(
      findings(podHardcodedTokenPath, {
        manifests: { "d.yaml": deployment(`${envToken(LEGACY)}          volumeMounts: [{ name: tok, mountPath: /var/run/secrets/azure/tokens }]\n`) },
      }),
    ).toEqual([]);
  });
});

testCheck(podHardcodedTokenPath, {
  valid: [{ name: "the path the webhook injects, by reference", manifests: { "d.yaml": deployment("          args: [\"--token-file=$(AZURE_FEDERATED_TOKEN_FILE)\"]\n") } }],
  invalid: [
    {
      name: "the v1.5 path for a v1.6 webhook in AZURE_FEDERATED_TOKEN_FILE: the entry removed, so the webhook's own value applies",
      manifests: { "d.yaml": deployment(envToken(LEGACY)), "webhook.yaml": webhook("v1.6.0") },
      findings: [{ messageId: "otherVersion", object: "Deployment prod/web", at: "d.yaml:17:22-17:72" }],
      output: { "d.yaml": deployment("          env: []\n") },
    },
    {
      name: "a path inside an argument in a flow list: the argument rewritten, the others kept",
      manifests: { "d.yaml": deployment(`          args: ["--verbose", "--token-file=${LEGACY}"]\n`), "webhook.yaml": webhook("v1.6.0") },
      findings: [{ messageId: "otherVersion", object: "Deployment prod/web", at: "d.yaml:15:31-15:96" }],
      output: { "d.yaml": deployment(`          args: ["--verbose", "--token-file=${V16}"]\n`) },
    },
  ],
});
