import { defineCheck } from "./types.js";

export const podNotMutated = defineCheck({
  meta: {
    id: "pod-not-mutated",
    severity: "error",
    data: ["K"],
    title: "A labelled pod was not mutated by the webhook",
    condition: "a running labelled pod lacks the injected env or token volume (created before label/annotation/webhook)",
    symptom: "needs a restart",
    description: `The webhook mutates a pod once, when it is **created**. A pod that was already running when the label was
added to the template's pods, when the ServiceAccount got its \`client-id\`, or when the webhook was
installed, keeps running without \`AZURE_CLIENT_ID\`, \`AZURE_FEDERATED_TOKEN_FILE\` and the token volume. Its
Azure SDK then falls back to the node's identity ("ManagedIdentityCredential ... the requested identity
has not been assigned"). A pod created while the webhook was down cannot be in this state (the webhook's
\`failurePolicy: Fail\` rejects it) unless the policy was changed.

Fix: recreate the pods: \`kubectl rollout restart deployment/NAME -n NS\` (or statefulset, daemonset);
delete bare pods and create them again; a CronJob picks the change up with its next run, a running Job must be recreated.`,
    messages: {},
    needs: ["cluster"],
    fixable: false,
  },
});
