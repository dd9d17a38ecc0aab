import { kubeRef } from "../engine/refs.js";
import { listEditFix, shq } from "../fixes/builders/index.js";
import { WI } from "../wi.js";
import { isMutated, workloadIdentityWebhooks } from "./shared/kube-webhook-config.js";
import { toWorkload } from "../engine/workloads.js";
import { defineCheck } from "./types.js";
import { example } from "./shared/example-world.js";

/** The webhook configuration as the azure-workload-identity chart renders it, with a placeholder for the policy. */
const WEBHOOK = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: azure-wi-webhook-mutating-webhook-configuration
  labels:
    azure-workload-identity.io/system: "true"
webhooks:
  - name: mutation.azure-workload-identity.io
    admissionReviewVersions: ["v1", "v1beta1"]
    clientConfig:
      service:
        name: azure-wi-webhook-webhook-service
        namespace: azure-workload-identity-system
        path: /mutate-v1-pod
    failurePolicy: POLICY
    matchPolicy: Equivalent
    objectSelector:
      matchLabels:
        azure.workload.identity/use: "true"
    reinvocationPolicy: IfNeeded
    rules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["pods"]
    sideEffects: None
`;

/** admissionregistration.k8s.io/v1beta1 defaulted `failurePolicy` to Ignore; v1 defaults to Fail. */
const V1BETA1 = "admissionregistration.k8s.io/v1beta1";
const SHOWN_PODS = 5;

export const webhookFailurePolicyIgnore = defineCheck({
  meta: {
    id: "webhook-failure-policy-ignore",
    severity: "warning",
    data: ["M", "K"],
    title: "The webhook lets pods through unmutated when it is down",
    condition: "the workload identity webhook's `failurePolicy` is `Ignore`",
    symptom: "pods created while the webhook is down run unmutated, silently",
    description: `With \`failurePolicy: Ignore\`, the API server admits a pod unchanged when it cannot reach the webhook
(during an upgrade of the webhook, a node drain, a network policy, an expired certificate). The pod then
runs without \`AZURE_CLIENT_ID\`, \`AZURE_TENANT_ID\`, \`AZURE_FEDERATED_TOKEN_FILE\` and the projected token,
and the Azure SDK falls back to the node's identity, or fails, until the pod is recreated. Nothing says
why: there is no admission error and no event. With \`failurePolicy: Fail\` (the default of
azure-workload-identity since v1.0.0, and of \`admissionregistration.k8s.io/v1\`), pod creation fails
visibly instead and the ReplicaSet retries until the webhook is back.

The Helm chart of v0.13 to v0.15 set \`failurePolicy\` from \`mutatingWebhookFailurePolicy\`, whose default
was \`Ignore\`; a configuration written for \`admissionregistration.k8s.io/v1beta1\` without a
\`failurePolicy\` also gets \`Ignore\`. From manifests the check reads the MutatingWebhookConfiguration when
it is among them; with a live cluster it also names the labelled pods that run without the injected
variables or token volume.

Fix: set \`failurePolicy: Fail\` (upgrade the chart, or \`--set mutatingWebhookFailurePolicy=Fail\` on v0.x),
then restart the workloads whose pods were created unmutated.`,
    messages: {
      ignore: "the workload identity webhook ({webhook}) has failurePolicy {policy}: pods created while it is unreachable run without the injected identity, silently",
      ignoreUnmutated:
        "the workload identity webhook ({webhook}) has failurePolicy {policy}, and {count} labelled pods run without the injected identity: {pods}",
    },
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(WEBHOOK.replace("failurePolicy: POLICY", "failurePolicy: Ignore   # a pod created while the webhook is down runs unmutated")),
      good: example(WEBHOOK.replace("failurePolicy: POLICY", "failurePolicy: Fail")),
    },
  },
  detect(ctx) {
    const live = ctx.snapshot.coverage.available.has("cluster");
    for (const entry of workloadIdentityWebhooks(ctx.index)) {
      const written = entry.webhook["failurePolicy"];
      const policy = typeof written === "string" ? written : entry.config.apiVersion === V1BETA1 && written === undefined ? "Ignore (the v1beta1 default)" : undefined;
      if (policy === undefined || !policy.startsWith("Ignore")) continue;
      // the pods of a live cluster that the webhook should have mutated and did not
      // every pod, those of Deployments and Jobs too (they are their controller's, not workloads of their own)
      const pods = live ? ctx.index.byKind("Pod").flatMap((p) => (p.origin ? [] : [toWorkload(p)!])) : [];
      const unmutated = pods.filter((w) => w.labels[WI.useLabel] === "true" && !isMutated(w));
      const names = unmutated.map((w) => `${w.namespace}/${w.name}`);
      const shown = names.slice(0, SHOWN_PODS).join(", ") + (names.length > SHOWN_PODS ? `, and ${names.length - SHOWN_PODS} more` : "");
      const path = [...entry.path, "failurePolicy"];
      const op = written === undefined ? "add" : "replace";
      const common = {
        object: entry.config,
        path: written === undefined ? entry.path : path,
        evidence: { expected: "Fail", actual: policy, webhook: String(entry.webhook["name"] ?? WI.mutatingWebhookName), unmutatedPods: names },
        fixes: [
          listEditFix(entry.config, path, "set", "Fail", `Set failurePolicy of ${entry.config.name} to Fail`, {
            language: "shell" as const,
            text: `kubectl patch mutatingwebhookconfiguration ${entry.config.name} --type json -p ${shq(JSON.stringify([{ op, path: `/webhooks/${entry.index}/failurePolicy`, value: "Fail" }]))}`,
          }),
        ],
      };
      if (unmutated.length > 0) {
        ctx.report({ ...common, messageId: "ignoreUnmutated", data: { webhook: entry.config.name, policy, count: unmutated.length, pods: shown }, related: unmutated.map((w) => kubeRef(w.object)) });
      } else {
        ctx.report({ ...common, messageId: "ignore", data: { webhook: entry.config.name, policy } });
      }
    }
  },
});
