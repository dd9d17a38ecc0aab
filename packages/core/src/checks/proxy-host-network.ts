import { podPath } from "../engine/workloads.js";
import { setField } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const proxyHostNetwork = defineCheck({
  meta: {
    id: "proxy-host-network",
    severity: "error",
    data: ["M", "K"],
    title: "The proxy sidecar is requested on a hostNetwork pod",
    condition: "`inject-proxy-sidecar` annotation with `hostNetwork: true`",
    symptom: "admission rejected",
    description: `With \`azure.workload.identity/inject-proxy-sidecar\` the webhook adds the \`azwi-proxy-init\` init container,
which rewrites the pod's \`iptables\` rules to send IMDS traffic to the \`azwi-proxy\` sidecar. In a pod with
\`hostNetwork: true\` those rules would be the **node's**, breaking IMDS for every pod on it, so the webhook
refuses the pod: \`admission webhook "mutation.azure-workload-identity.io" denied the request: hostNetwork is
set to true, cannot inject proxy sidecar\`. With \`failurePolicy: Fail\` the pod is never created.

Fix: drop the annotation and use an Azure Identity SDK that supports workload identity (the proxy only
exists for legacy libraries that talk to IMDS), or run the pod without \`hostNetwork\`.`,
    messages: {
      hostNetwork: "{workload} asks for the proxy sidecar but runs with hostNetwork: true; the webhook refuses such pods",
    },
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(yamlDocuments(SERVICE_ACCOUNT, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
      annotations:
        azure.workload.identity/inject-proxy-sidecar: "true"
    spec:
      serviceAccountName: app
      hostNetwork: true   # the proxy's iptables rules would redirect the node's traffic
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
`)),
      good: example(yamlDocuments(SERVICE_ACCOUNT, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
      annotations:
        azure.workload.identity/inject-proxy-sidecar: "true"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
`)),
    },
  },
  detect(ctx) {
    for (const w of ctx.index.workloads) {
      if (!(WI.injectProxySidecarAnnotation in w.annotationsRaw) || w.podSpec["hostNetwork"] !== true) continue;
      const annotation = podPath(w, "metadata", "annotations", WI.injectProxySidecarAnnotation);
      const hostNetwork = podPath(w, "spec", "hostNetwork");
      const at = w.object.loc(hostNetwork);
      ctx.report({
        object: w.object,
        path: annotation,
        key: true,
        messageId: "hostNetwork",
        data: { workload: `${w.kind} ${w.namespace}/${w.name}` },
        evidence: { expected: "no proxy sidecar, or hostNetwork false", actual: "inject-proxy-sidecar with hostNetwork: true", ...(at ? { hostNetworkAt: `${at.file}:${at.line}:${at.column}` } : {}) },
        fixes: [
          setField(w.object, annotation, undefined, "Remove inject-proxy-sidecar (use an Azure Identity SDK with workload identity)"),
          setField(w.object, hostNetwork, undefined, "Run the pods without hostNetwork"),
        ],
        workload: w,
      });
    }
  },
});
