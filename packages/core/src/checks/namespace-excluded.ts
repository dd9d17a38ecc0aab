import { defineCheck } from "./types.js";

export const namespaceExcluded = defineCheck({
  meta: {
    id: "namespace-excluded",
    severity: "error",
    data: ["K"],
    title: "The namespace is outside the webhook's reach",
    condition: "the pod's namespace is outside the webhook's `namespaceSelector`, or is `kube-system`/AKS-internal (admissions enforcer)",
    symptom: "labelled pods silently not mutated",
    description: `The webhook only sees pods of namespaces its \`namespaceSelector\` matches (the Helm value
\`mutatingWebhookNamespaceSelector\`; empty by default, which matches every namespace). On AKS the
admissions enforcer also keeps custom webhooks away from \`kube-system\` and AKS-internal namespaces
unless the webhook configuration carries \`admissions.enforcer/disabled: "true"\`. A labelled pod in an
excluded namespace is silently created **without** injection: no \`AZURE_*\` variables, no token, and the
SDK falls back to the node's identity.

Fix: run the workload in an application namespace, or widen the \`namespaceSelector\` (label the namespace
so that it matches). For \`kube-system\` on AKS, follow the known issue in the azure-workload-identity
documentation and label the MutatingWebhookConfiguration \`admissions.enforcer/disabled: "true"\`.`,
    messages: {},
    needs: ["cluster"],
    fixable: false,
  },
});
