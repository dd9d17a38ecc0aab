import type { Fix } from "../model/fix.js";
import type { Path } from "../model/location.js";
import { kubeRef } from "../engine/refs.js";
import { podPath, type Workload } from "../engine/workloads.js";
import { renameKey, renameKeyAndSet, setField } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { secretProviderClassUses, spcParams } from "./shared/azure-spc.js";
import { isUseLabelTypo } from "./shared/kube-wi-keys.js";
import { saClientId, useLabelPlacement } from "./shared/kube-use-label.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const podLabelMissing = defineCheck({
  meta: {
    id: "pod-label-missing",
    severity: "error",
    data: ["M", "K"],
    title: "The pod template lacks the azure.workload.identity/use label",
    condition: 'workload uses an SA with a `client-id` annotation, but its pod template lacks `azure.workload.identity/use: "true"`',
    symptom: '"ManagedIdentityCredential ... requested identity has not been assigned"',
    description: `The webhook only sees pods labelled \`azure.workload.identity/use: "true"\`: that label is its
\`objectSelector\`. Annotating the ServiceAccount with a client id is not enough. An unlabelled pod gets no
\`AZURE_CLIENT_ID\`, \`AZURE_TENANT_ID\`, \`AZURE_FEDERATED_TOKEN_FILE\` and no projected token, so
\`DefaultAzureCredential\` skips the workload identity credential and falls back to the node's managed
identity through IMDS: "ManagedIdentityCredential authentication failed ... the requested identity has
not been assigned to this resource", or a 403 for the wrong identity.

Frequent causes: the label was put in the pod template's **annotations**, its key is misspelled, or it
was simply forgotten when the ServiceAccount was annotated. (A label on the Deployment's own metadata, on
the ServiceAccount, or with a value other than \`"true"\` is reported by pod-label-on-controller-only,
sa-label-only and pod-label-value-invalid.) A pod template labelled \`"false"\` has opted out and is not
reported.

Pods that only read Key Vault through the Secrets Store CSI driver do not need the label: the Azure
provider exchanges the ServiceAccount's token for the SecretProviderClass's \`clientID\` itself. For a
workload that mounts such a SecretProviderClass the finding is information only; add the label when the
application also calls Azure with an Azure Identity SDK.

Fix: add the label to the pod template (\`spec.template.metadata.labels\`, for a CronJob
\`spec.jobTemplate.spec.template.metadata.labels\`). Changing the template rolls the pods; the webhook
mutates pods only when they are created, so a bare Pod must be recreated.`,
    messages: {
      missing: '{workload} runs as ServiceAccount {sa}, which names identity {clientId}, but its pods lack the label azure.workload.identity/use: "true"',
      typo: '{workload} has the pod label "{key}", which the webhook ignores: did you mean azure.workload.identity/use?',
      inAnnotations: "{workload} has azure.workload.identity/use as a pod annotation; the webhook selects pods by label",
      csiOnly:
        '{workload} runs as ServiceAccount {sa} without the pod label azure.workload.identity/use: "true": its Key Vault mount (SecretProviderClass {spc}) works without it, but Azure SDK calls of the application get no workload identity',
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
      annotations:
        azure.workload.identity/use: "true"   # an annotation, not a label
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
      if (useLabelPlacement(w, ctx.index) !== "none") continue;
      const sa = ctx.index.serviceAccount(w.namespace, w.serviceAccountName);
      const clientId = sa ? saClientId(sa) : undefined;
      if (!sa || clientId === undefined) continue;
      const labels = podPath(w, "metadata", "labels");
      const add = setField(w.object, [...labels, WI.useLabel], "true", `Label the pods of ${w.kind} ${w.name} with ${WI.useLabel}: "true"`);
      const typo = Object.keys(w.labelsRaw).find(isUseLabelTypo);
      let path: Path = labels;
      let key = false;
      let message: "missing" | "typo" | "inAnnotations" | "csiOnly" = "missing";
      let fix: Fix = add;
      if (typo !== undefined) {
        [path, key, message] = [[...labels, typo], true, "typo"];
        const title = `Rename pod label "${typo}" to ${WI.useLabel}`;
        // a rename keeps the value as written: make it the exact "true" as well
        fix = w.labelsRaw[typo] === "true" ? renameKey(w.object, labels, typo, WI.useLabel, "true", title) : renameKeyAndSet(w.object, labels, typo, WI.useLabel, "true", title);
      } else if (WI.useLabel in w.annotationsRaw) {
        [path, key, message] = [podPath(w, "metadata", "annotations", WI.useLabel), true, "inAnnotations"];
      }
      // the Key Vault provider of the CSI driver exchanges the pod's token itself: such a mount works unlabelled
      const csi = message === "missing" ? secretProviderClassUses(ctx.index).find((u) => u.workload === w && u.spc && spcParams(u.spc).provider === "azure" && spcParams(u.spc).workloadIdentity) : undefined;
      if (csi) message = "csiOnly";
      ctx.report({
        object: w.object,
        path,
        key,
        messageId: message,
        ...(csi ? { severity: "info" as const } : {}),
        data: { workload: `${w.kind} ${w.namespace}/${w.name}`, sa: `${w.namespace}/${sa.name}`, clientId, key: typo ?? "", spc: csi?.spcName ?? "" },
        evidence: {
          expected: `${WI.useLabel}: "true" in ${labels.join(".")}`,
          actual: message === "typo" ? `label ${typo}` : message === "inAnnotations" ? "an annotation, not a label" : "label absent",
          ...recreateNote(w),
          ...(csi ? { secretProviderClass: `${w.namespace}/${csi.spcName}`, csiMount: "the SecretProviderClass mount works without the label; only Azure SDK calls of the application need it" } : {}),
        },
        fixes: [fix],
        workload: w,
        related: [kubeRef(sa, ["metadata", "annotations", WI.clientIdAnnotation])],
      });
    }
  },
});

function recreateNote(w: Workload): Record<string, string> {
  return w.kind === "Pod" ? { note: "the webhook mutates pods only when they are created: recreate the pod after labelling it" } : {};
}
