import { defineCheck } from "./types.js";

export const webhookNotReady = defineCheck({
  meta: {
    id: "webhook-not-ready",
    severity: "error",
    data: ["K"],
    title: "The workload identity webhook has no ready endpoints",
    condition: "webhook Deployment has no available replicas / Service has no ready endpoints",
    symptom: "ReplicaSet `FailedCreate: failed calling webhook ... no endpoints available` (failurePolicy Fail blocks every labelled pod)",
    description: `The webhook is registered with \`failurePolicy: Fail\`: when the API server cannot reach it, every pod
labelled \`azure.workload.identity/use: "true"\` is **rejected**, not created unmutated. Deployments stop
rolling out and their ReplicaSets show \`FailedCreate ... Internal error occurred: failed calling webhook
"mutation.azure-workload-identity.io": failed to call webhook: Post
"https://azure-wi-webhook-webhook-service.<namespace>.svc:443/mutate-v1-pod?timeout=10s": no endpoints
available for service "azure-wi-webhook-webhook-service"\`.

It happens when the Deployment \`azure-wi-webhook-controller-manager\` has no available replica (image pull
errors, pending pods on tainted or full nodes, crash loops, a missing \`azure-wi-webhook-server-cert\`
secret) or when its Service has no ready endpoint; a timeout instead points at a network policy or
firewall that blocks the API server from port 9443 of the webhook pods.

Fix: look at \`kubectl -n <namespace> get deploy,pods,endpoints -l azure-workload-identity.io/system=true\`,
the pods' events and logs; on AKS, the add-on's pods are in \`kube-system\`.`,
    messages: {},
    needs: ["cluster"],
    fixable: false,
  },
});
