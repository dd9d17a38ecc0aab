import { defineCheck } from "./types.js";

export const webhookAdmissionErrors = defineCheck({
  meta: {
    id: "webhook-admission-errors",
    severity: "error",
    data: ["R"],
    title: "Pods are failing webhook admission",
    condition: "recent events say `failed calling webhook \"mutation.azure-workload-identity.io\"`, `must be unique`, timeouts on 9443",
    symptom: "pods not created",
    description: `The workload identity webhook is registered with \`failurePolicy: Fail\`: when the API server
cannot reach it, it rejects every pod labelled \`azure.workload.identity/use: "true"\`, and the
ReplicaSet or Job controller records events such as \`Error creating: Internal error occurred: failed
calling webhook "mutation.azure-workload-identity.io": ... no endpoints available for service
"azure-wi-webhook-webhook-service"\` or \`context deadline exceeded\` on port 9443. A webhook that answers
can still reject a pod: a \`service-account-token-expiration\` outside 3600-86400 seconds, a proxy sidecar
on a \`hostNetwork\` pod, or a mount path that collides on reinvocation (\`must be unique\`).

This check needs runtime evidence (the events of the namespaces' controllers), read from a live cluster;
it is not implemented in this version of wid. \`webhook-not-ready\` and the checks of the annotations
catch most causes from the objects themselves.

Fix: make the webhook's Deployment available (\`kubectl -n <namespace> get deploy,pods,endpoints\`), let
the control plane reach port 9443 on the nodes (network policies, firewall rules of private clusters), and
correct the annotation the rejection names.`,
    messages: {},
    needs: ["runtime.events"],
    fixable: false,
  },
});
