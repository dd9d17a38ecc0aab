import type { Path } from "../model/location.js";
import type { Workload } from "../engine/workloads.js";
import { asArray, asRecord, getIn } from "../util/raw.js";
import { WI } from "../wi.js";
import { listEditFix } from "../fixes/builders/index.js";
import { kubectlName, nsFlag } from "./shared/kube-meta.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const podLabelInSelector = defineCheck({
  meta: {
    id: "pod-label-in-selector",
    severity: "warning",
    data: ["M", "K"],
    title: "The use label was added to an immutable selector",
    condition: "the label was added to `spec.selector.matchLabels` of an existing workload",
    symptom: "`field is immutable` on upgrade",
    description: `The use label belongs in the pod template's labels only. Adding it to \`spec.selector\` as well (a
common result of charts that build the selector from the same label map as the pods) changes the selector,
and the selector of a Deployment, StatefulSet, DaemonSet or Job cannot change after creation: the next
\`kubectl apply\` or \`helm upgrade\` of an existing workload fails with
\`spec.selector: Invalid value: ... field is immutable\`. Even where the selector is new, tying the
workload's identity to the label that finds its pods makes turning workload identity off later a
delete-and-recreate operation.

Fix: remove \`azure.workload.identity/use\` from the selector and keep it in the pod template's labels.
When a live workload was already created with it in its selector, recreate the controller without
deleting its pods: \`kubectl delete deployment NAME --cascade=orphan\`, then apply the corrected manifest.`,
    messages: {
      inSelector: "{workload} has azure.workload.identity/use in its selector, which cannot change once the workload exists",
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
      azure.workload.identity/use: "true"   # the selector is immutable: removing the label later fails
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
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
      if (w.kind === "Pod") continue;
      const selector = [...w.templatePath.slice(0, -1), "selector"];
      const found = inSelector(w, selector);
      if (!found) continue;
      ctx.report({
        object: w.object,
        path: found.report,
        key: found.key,
        messageId: "inSelector",
        data: { workload: `${w.kind} ${w.namespace}/${w.name}` },
        evidence: { expected: `${WI.useLabel} only in ${[...w.templatePath, "metadata", "labels"].join(".")}`, actual: `${WI.useLabel} in ${selector.join(".")}` },
        fixes: [
          listEditFix(w.object, found.remove, "delete", undefined, `Remove ${WI.useLabel} from the selector of ${w.kind} ${w.name}`, {
            language: "shell",
            text: `# after removing the label from the selector in the manifest; the pods keep running\nkubectl delete ${kubectlName(w)}${nsFlag(w)} --cascade=orphan\nkubectl apply -f ${w.object.origin?.file ?? "MANIFEST.yaml"}`,
          }),
        ],
        workload: w,
      });
    }
  },
});

/** Where the selector names the use label: the path to point at and the entry to remove. */
function inSelector(w: Workload, selector: Path): { report: Path; remove: Path; key: boolean } | undefined {
  const matchLabels = asRecord(getIn(w.object.raw, [...selector, "matchLabels"]));
  if (WI.useLabel in matchLabels) {
    const path = [...selector, "matchLabels", WI.useLabel];
    return { report: path, remove: path, key: true };
  }
  const expressions = asArray(getIn(w.object.raw, [...selector, "matchExpressions"]));
  const i = expressions.findIndex((e) => asRecord(e)["key"] === WI.useLabel);
  if (i < 0) return undefined;
  return { report: [...selector, "matchExpressions", i, "key"], remove: [...selector, "matchExpressions", i], key: false };
}
