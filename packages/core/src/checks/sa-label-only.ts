import { kubeRef } from "../engine/refs.js";
import { podPath } from "../engine/workloads.js";
import { setField } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { useLabelPlacement } from "./shared/kube-use-label.js";
import { example, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const saLabelOnly = defineCheck({
  meta: {
    id: "sa-label-only",
    severity: "error",
    data: ["M", "K"],
    title: "The use label is on the ServiceAccount, not the pods",
    condition: "`azure.workload.identity/use` on the SA but not on the pods that use it (pre-1.0 pattern)",
    symptom: "no injection",
    description: `Before v1.0 of azure-workload-identity the webhook selected pods through their ServiceAccount's label
\`azure.workload.identity/use: "true"\`. Since v1.0 it selects pods by their **own** label (its
\`objectSelector\` matches pod labels), and the label on the ServiceAccount does nothing. Workloads set up
by older guides keep the label on the ServiceAccount only: their pods are never sent to the webhook, get
no \`AZURE_*\` variables and no token, and the Azure SDK falls back to the node's managed identity
("ManagedIdentityCredential ... requested identity has not been assigned").

Fix: add \`azure.workload.identity/use: "true"\` to the pod template's labels of every workload that
runs as that ServiceAccount (the label on the ServiceAccount can stay, it is harmless), then let the
pods be recreated: the webhook only mutates pods when they are created.`,
    messages: {
      saOnly: '{workload} runs as ServiceAccount {sa}, which has the label azure.workload.identity/use, but its pods do not',
    },
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  labels:
    azure.workload.identity/use: "true"   # the webhook selects pods, not ServiceAccounts
  annotations:
    azure.workload.identity/client-id: ${WORLD.clientId}
`,
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
      if (useLabelPlacement(w, ctx.index) !== "service-account") continue;
      const sa = ctx.index.serviceAccount(w.namespace, w.serviceAccountName)!;
      const target = podPath(w, "metadata", "labels", WI.useLabel);
      ctx.report({
        object: w.object,
        path: podPath(w, "metadata", "labels"),
        messageId: "saOnly",
        data: { workload: `${w.kind} ${w.namespace}/${w.name}`, sa: `${w.namespace}/${w.serviceAccountName}` },
        evidence: { expected: `${WI.useLabel}: "true" on the pod template`, actual: `${WI.useLabel} only on ServiceAccount ${w.namespace}/${sa.name}` },
        fixes: [setField(w.object, target, "true", `Label the pods of ${w.kind} ${w.name} with ${WI.useLabel}: "true"`)],
        workload: w,
        related: [kubeRef(sa, ["metadata", "labels", WI.useLabel], true)],
      });
    }
  },
});
