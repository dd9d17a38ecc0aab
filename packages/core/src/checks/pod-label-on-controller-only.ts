import { podPath } from "../engine/workloads.js";
import { setField } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { controllerUseLabel, useLabelPlacement } from "./shared/kube-use-label.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const podLabelOnControllerOnly = defineCheck({
  meta: {
    id: "pod-label-on-controller-only",
    severity: "error",
    data: ["M", "K"],
    title: "The use label is on the controller, not its pod template",
    condition: "label on the Deployment/Job/CronJob metadata, not on the pod template",
    symptom: "no injection",
    description: `The webhook admits **pods**, and selects them by their own labels. Labels on a Deployment,
StatefulSet, DaemonSet, Job or CronJob's own \`metadata\` (or on a CronJob's \`spec.jobTemplate.metadata\`,
which labels the Jobs) are not copied to the pods it creates, so a workload labelled there still creates
unlabelled pods that the webhook never sees: no \`AZURE_*\` variables, no token, and a fallback to the
node's identity.

Fix: put \`azure.workload.identity/use: "true"\` in the pod template's labels
(\`spec.template.metadata.labels\`, for a CronJob \`spec.jobTemplate.spec.template.metadata.labels\`). The
label on the controller can stay; it does no harm.`,
    messages: {
      controllerOnly: '{workload} has the label azure.workload.identity/use on {where}, but not on its pod template',
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
  labels:
    azure.workload.identity/use: "true"   # on the Deployment, not on its pods
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
      if (useLabelPlacement(w, ctx.index) !== "controller") continue;
      const label = controllerUseLabel(w)!;
      const target = podPath(w, "metadata", "labels", WI.useLabel);
      ctx.report({
        object: w.object,
        path: label.path,
        key: true,
        messageId: "controllerOnly",
        data: { workload: `${w.kind} ${w.namespace}/${w.name}`, where: label.path.length > 3 ? "its job template" : "its own metadata" },
        evidence: { expected: `${WI.useLabel}: "true" in ${target.slice(0, -1).join(".")}`, actual: `${WI.useLabel}: "${label.value}" in ${label.path.slice(0, -1).join(".")}` },
        fixes: [setField(w.object, target, "true", `Label the pod template of ${w.kind} ${w.name}`)],
        workload: w,
      });
    }
  },
});
