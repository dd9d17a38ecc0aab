import { podPath } from "../engine/workloads.js";
import { setField } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { yamlType } from "./shared/kube-meta.js";
import { proxyMeantOff } from "./shared/kube-proxy.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const proxyAnnotationFalse = defineCheck({
  meta: {
    id: "proxy-annotation-false",
    severity: "warning",
    data: ["M", "K"],
    title: 'inject-proxy-sidecar: "false" still injects the proxy',
    condition: '`inject-proxy-sidecar: "false"`: the webhook checks presence only, so the privileged proxy is injected anyway',
    symptom: "unexpected privileged init container",
    description: `The webhook decides whether to inject the proxy sidecar by the **presence** of
\`azure.workload.identity/inject-proxy-sidecar\`, whatever its value. \`"false"\` (or \`"no"\`, \`"0"\`, ...) still injects
the \`azwi-proxy\` sidecar and the \`azwi-proxy-init\` init container, which runs privileged with \`NET_ADMIN\` as
root to rewrite the pod's \`iptables\`: pod security admission (\`restricted\` or \`baseline\`) then rejects the pod,
and where it is admitted all IMDS traffic of the pod goes through the proxy.

An unquoted \`false\` is a YAML boolean: Kubernetes annotation values are strings, so \`kubectl apply\` rejects the
object; quoting it does not help, for the reason above.

On a \`hostNetwork\` pod the annotation gets the pod rejected outright; proxy-host-network reports that case.

Fix: delete the annotation to turn the proxy off.`,
    messages: {
      falseValue: '{workload} sets inject-proxy-sidecar: "{value}", but the webhook injects the proxy whenever the annotation is present',
      boolean:
        '{workload} writes inject-proxy-sidecar as an unquoted false: Kubernetes rejects it (annotation values are strings), and quoted as "false" it would still inject the proxy',
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
        azure.workload.identity/inject-proxy-sidecar: "false"   # any value injects the proxy
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
`)),
      good: example(),
    },
  },
  detect(ctx) {
    for (const w of ctx.index.workloads) {
      if (!(WI.injectProxySidecarAnnotation in w.annotationsRaw)) continue;
      const raw = w.annotationsRaw[WI.injectProxySidecarAnnotation];
      if (!proxyMeantOff(raw)) continue;
      // on a hostNetwork pod the annotation gets the pod rejected: proxy-host-network reports that
      if (w.podSpec["hostNetwork"] === true) continue;
      const path = podPath(w, "metadata", "annotations", WI.injectProxySidecarAnnotation);
      ctx.report({
        object: w.object,
        path,
        messageId: raw === false ? "boolean" : "falseValue",
        data: { workload: `${w.kind} ${w.namespace}/${w.name}`, value: String(raw) },
        evidence: {
          expected: "annotation absent (no proxy)",
          actual: raw === false ? `${WI.injectProxySidecarAnnotation}: false (${yamlType(raw)})` : `${WI.injectProxySidecarAnnotation}: "${raw}"`,
          injected: ["azwi-proxy-init (privileged)", "azwi-proxy"],
        },
        fixes: [setField(w.object, path, undefined, "Remove inject-proxy-sidecar to turn the proxy off")],
        workload: w,
      });
    }
  },
});
