import { stringify } from "yaml";
import { stringMap, asRecord } from "../util/raw.js";
import { WI } from "../wi.js";
import { kubeRef } from "../engine/refs.js";
import { mutatedContainers, setsEnvItself } from "./shared/kube-containers.js";
import { clientIdWrittenElsewhere } from "./shared/kube-misplaced.js";
import { labelledWorkloads } from "./shared/workload-identity.js";
import { DEPLOYMENT, example, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

const ANNOTATIONS = ["metadata", "annotations"] as const;

export const saClientIdMissing = defineCheck({
  meta: {
    id: "sa-client-id-missing",
    severity: "error",
    data: ["M", "K"],
    title: "The ServiceAccount has no client-id annotation",
    condition: "SA used by a labelled workload has no (or empty) `client-id` annotation",
    symptom: "no `AZURE_CLIENT_ID`; silent fallback to the node identity",
    description: `The webhook reads the managed identity's client id from the ServiceAccount annotation
\`azure.workload.identity/client-id\` and injects it as \`AZURE_CLIENT_ID\`. Without it (or with an empty
value) the variable is not injected, and the Azure SDK's default credential chain quietly falls back
to the node's managed identity (IMDS), which usually has no access.

The annotation is optional for pods whose containers set \`AZURE_CLIENT_ID\` themselves (a literal value,
\`valueFrom\`, or an \`envFrom\` ConfigMap that has it): the webhook still injects the tenant and the token,
and the check leaves those alone. A client-id written on the wrong object, as a label, or under a
misspelled key is reported by sa-annotation-on-wrong-object or sa-annotation-typo, with the fix that
moves or renames it.

Fix: annotate the ServiceAccount with the **client id** (not the principal id) of the user-assigned
managed identity: \`az identity show -n NAME -g RG --query clientId -o tsv\`.`,
    messages: {
      missing: 'ServiceAccount "{sa}" is used by labelled workload {workload} but has no azure.workload.identity/client-id annotation',
      empty: 'ServiceAccount "{sa}" has an empty azure.workload.identity/client-id annotation',
    },
    needs: ["kube"],
    fixable: false,
    examples: {
      bad: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
`,
          DEPLOYMENT,
        ),
      ),
      good: example(),
    },
  },
  detect(ctx) {
    const seen = new Set<string>();
    for (const w of labelledWorkloads(ctx.index)) {
      const sa = ctx.index.serviceAccount(w.namespace, w.serviceAccountName);
      if (!sa || seen.has(`${sa.namespace}/${sa.name}`)) continue;
      seen.add(`${sa.namespace}/${sa.name}`);
      const annotations = stringMap(asRecord(sa.raw["metadata"])["annotations"]);
      const value = annotations[WI.clientIdAnnotation];
      if (value !== undefined && value.trim() !== "") continue;
      const empty = value !== undefined;
      // a client-id written in the wrong place is reported where it is, with the fix that moves it
      if (!empty && clientIdWrittenElsewhere(ctx.index, sa)) continue;
      const users = ctx.index.workloadsOf(w.namespace, w.serviceAccountName);
      // the annotation is optional: pods whose containers name their identity themselves need none
      const labelled = users.filter((u) => u.labels[WI.useLabel] === "true");
      if (labelled.every((u) => mutatedContainers(u).some((c) => setsEnvItself(ctx.index, u, c, WI.env.clientId)))) continue;
      ctx.report({
        object: sa,
        path: empty ? [...ANNOTATIONS, WI.clientIdAnnotation] : [...ANNOTATIONS],
        messageId: empty ? "empty" : "missing",
        data: { sa: `${sa.namespace}/${sa.name}`, workload: `${w.kind}/${w.name}` },
        evidence: { expected: `${WI.clientIdAnnotation}: <client id of a user-assigned managed identity>`, actual: empty ? "empty value" : "annotation absent" },
        fixes: [
          {
            title: `Annotate ServiceAccount ${sa.name} with the identity's client id`,
            snippet: { language: "yaml", text: stringify({ metadata: { annotations: { [WI.clientIdAnnotation]: "<client id: az identity show -n NAME -g RG --query clientId -o tsv>" } } }).trimEnd() },
            kind: "suggestion",
            plans: [],
            choices: [{ what: "client-id", question: "Which managed identity should the ServiceAccount use (its client id)?" }],
          },
        ],
        workload: w,
        related: users.slice(1).map((u) => kubeRef(u.object)),
      });
    }
  },
});
