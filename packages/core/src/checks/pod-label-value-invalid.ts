import { podPath } from "../engine/workloads.js";
import { setField } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { yamlType } from "./shared/kube-meta.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const podLabelValueInvalid = defineCheck({
  meta: {
    id: "pod-label-value-invalid",
    severity: "error",
    data: ["M", "K"],
    title: 'The use label\'s value is not exactly "true"',
    condition: "the label exists but its value is not exactly the string `true`",
    symptom: "objectSelector does not match",
    description: `The webhook's \`objectSelector\` is \`matchLabels: {azure.workload.identity/use: "true"}\`, an exact, case-sensitive
string match. \`"True"\`, \`"TRUE"\`, \`"yes"\`, \`"1"\`, \`"enabled"\` or \`" true"\` do not match, so the pods are
silently left alone: no \`AZURE_*\` variables, no token, and the SDK falls back to the node's identity.

An unquoted \`true\` is a YAML boolean, not a string. Kubernetes label values must be strings, so
\`kubectl apply\` rejects the object (\`cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels
of type string\`); Helm values rendered without \`quote\` cause the same. \`"false"\` is a deliberate opt-out
and is not reported.

Fix: write the value as the quoted string \`"true"\` (in Helm templates: \`{{ .Values.useWorkloadIdentity | quote }}\`).`,
    messages: {
      value: '{workload} labels its pods azure.workload.identity/use: "{value}"; the webhook matches only "true"',
      boolean: "{workload} writes the azure.workload.identity/use label as an unquoted YAML boolean; label values must be strings",
      notString: "{workload} writes the azure.workload.identity/use label as a {type}; label values must be strings",
    },
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          SERVICE_ACCOUNT,
          `apiVersion: apps/v1
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
        azure.workload.identity/use: "True"   # the webhook matches "true" exactly
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
`,
        ),
      ),
      good: example(),
    },
  },
  detect(ctx) {
    for (const w of ctx.index.workloads) {
      if (!(WI.useLabel in w.labelsRaw)) continue;
      const raw = w.labelsRaw[WI.useLabel];
      if (raw === "true" || raw === "false") continue;
      const message = typeof raw === "boolean" ? "boolean" : typeof raw === "string" ? "value" : "notString";
      // keep an explicit opt-out an opt-out once it is a string
      const fixed = raw === false ? "false" : "true";
      const path = podPath(w, "metadata", "labels", WI.useLabel);
      ctx.report({
        object: w.object,
        path,
        messageId: message,
        data: { workload: `${w.kind} ${w.namespace}/${w.name}`, value: String(raw ?? ""), type: yamlType(raw) },
        evidence: { expected: `"${fixed}" (a string)`, actual: typeof raw === "string" ? `"${raw}"` : `${String(raw)} (${yamlType(raw)})` },
        fixes: [setField(w.object, path, fixed, `Set the label ${WI.useLabel} to "${fixed}"`)],
        workload: w,
      });
    }
  },
});
